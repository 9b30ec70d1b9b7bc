"""Amazon's own sites and Amazon-run hosting are never detoured or flagged by their address; a fake Amazon page
on customer hosting (S3) is still judged by its content."""
GENUINE = ["www.amazon.co.jp", "pay.amazon.co.jp", "www.amazon.com", "www.audible.co.jp", "www.primevideo.com"]


def test_genuine_amazon_is_not_detoured_or_flagged(browser, site):
    page = browser.page
    tab = browser.tab_id()
    for host in GENUINE:
        # The page served is a sign-in form naming Amazon: on Amazon's own host that is what it should be.
        browser.goto(site.https_url(host, "/ap/signin"))
        assert page.url.startswith(f"https://{host}:"), page.url
        page.locator("#fake").wait_for()
        assert site.count_path(host, "/ap/signin") == 1
        page.wait_for_timeout(1000)                  # the page check (debounced) has had its time
        assert page.url.startswith(f"https://{host}:"), (host, page.url)
        assert browser.badge(tab) == ""
        state = browser.sw_eval(f"chrome.storage.session.get('tab:{tab}').then(r => r['tab:{tab}'])")
        assert state["status"] == "allow" and state["url"].startswith(f"https://{host}:"), state


def test_fake_amazon_page_on_s3_is_still_judged_by_its_content(browser, site):
    host = "amazon-jp-verify.s3.amazonaws.com"
    page = browser.page
    browser.goto(site.https_url(host, "/signin.html"))
    assert site.count_path(host, "/signin.html") == 1            # hosting is never detoured by name
    codes = browser.blocked_codes(page)
    assert "PAGE_BRAND_CREDENTIAL_FORM" in codes, codes

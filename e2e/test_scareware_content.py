"""Scareware recognised from its content alone (helper/page_meaning.py), in real Chromium with the real extension
and helper: a fake Windows scan whose number only an inline script writes is stopped without any click, and a
consumer centre's warning that quotes the same screen and number stays open."""
from e2e.support import poll


def test_fake_scan_with_a_script_written_number_is_stopped_without_a_click(browser, site):
    host = "kq7-centre.example"
    page = browser.page
    browser.goto(site.url(host, "/fake-scan-ja.html"))
    found = browser.blocked_codes(page)
    assert {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_FAKE_SCAN", "PAGE_TSS_CALL_NUMBER"} <= set(found), found
    # The number the script wrote is named as the one not to call.
    assert "(0101) 23-4567-8910" in page.locator(".reasons li[data-code=PAGE_TSS_CALL_NUMBER] .evidence").inner_text()


def test_a_warning_article_quoting_the_screen_stays_open(browser, site):
    host = "shohi-center.example"
    page = browser.page
    browser.goto(site.url(host, "/warning-article-ja.html"))
    tab = browser.tab_id()
    browser.wait_page_checked(tab, timeout=8)
    page.wait_for_timeout(1000)
    assert page.url.startswith(f"http://{host}"), page.url
    poll(page, "document.querySelector('h1').textContent.includes('サポート詐欺')")
    assert browser.badge(tab) == ""


def test_a_scan_page_that_draws_inline_svg_icons_is_checked_and_stopped(browser, site):
    """An inline <svg> (not an HTMLElement) once made the collector throw before it asked for any check: the
    real kit page this is modelled on was never judged in the browser, though the static check blocks it."""
    page = browser.page
    browser.goto(site.url("mx4-portal.example", "/scan-with-svg-icons-en.html"))
    browser.wait_url(page, r"^chrome-extension://[a-z]+/blocked\.html", timeout=12)
    page.locator(".reasons li[data-code=PAGE_TSS_CALL_NUMBER]").wait_for()
    assert "888-555-0177" in page.locator(".reasons li[data-code=PAGE_TSS_CALL_NUMBER] .evidence").inner_text()

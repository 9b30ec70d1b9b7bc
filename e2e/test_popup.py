"""The toolbar button: a real click (CDP Extensions.triggerAction) opens the popup with the current page's
verdict, its reasons and the official help route; "check this page now" runs the full page check."""
from e2e.support import SCREENSHOTS, Popup


def test_toolbar_popup_shows_verdict_and_reasons(browser, site):
    page = browser.page
    browser.goto(site.url("amazon.co.jp.secure-login.xyz", "/ap/signin"))
    browser.wait_url(page, r"blocked\.html")
    browser.badge_becomes(browser.tab_id(), "!")
    for lang in ("en", "ja"):
        browser.sw_eval(f"chrome.storage.local.set({{lang: '{lang}'}})")
        popup = Popup(browser, page)
        try:
            popup.wait("document.body.dataset.ready === 'true'")
            status = popup.eval("document.getElementById('status').dataset.status")
            assert status == "block"
            codes = popup.eval("[...document.querySelectorAll('.reasons li[data-code]')].map(e => e.dataset.code)")
            assert "DOMAIN_TARGET_EMBEDDING" in codes
            assert popup.eval("document.getElementById('help').href") == \
                "https://www.amazon.co.jp/gp/help/customer/contact-us"
            assert popup.eval("document.getElementById('host').textContent") == "amazon.co.jp.secure-login.xyz"
            text = popup.eval("document.body.innerText")
            assert ("Danger" in text) if lang == "en" else ("危険" in text)
            popup.screenshot(SCREENSHOTS / f"popup-{lang}.png")
        finally:
            popup.close()


def test_popup_check_now_on_a_benign_page_never_claims_more_than_it_checked(browser, site):
    page = browser.page
    browser.goto(site.url("benign-shop.example", "/benign.html"))
    popup = Popup(browser, page)
    try:
        popup.wait("document.body.dataset.ready === 'true'")
        popup.eval("document.getElementById('check-now').click()")
        popup.wait("document.body.dataset.ready === 'true' && document.getElementById('status').dataset.status === 'allow'")
        text = popup.eval("document.getElementById('status').textContent")
        assert "not a guarantee" in text
    finally:
        popup.close()

"""Options: the helper address accepts loopback only (page data never leaves the machine), the language can
be chosen, and the setting reaches the service worker."""
from e2e.support import poll


def test_helper_address_is_loopback_only_and_language_switches(browser, helper):
    page = browser.page
    page.goto(browser.ext_url("options.html"))
    poll(page, "document.body.dataset.ready === 'true'")
    assert page.locator("#helper-url").input_value() == helper.url
    for bad in ("http://203.0.113.9:8731", "https://127.0.0.1:8731", "http://user@127.0.0.1:8731",
                "javascript:alert(1)", "http://127.0.0.1.example.com:8731"):
        page.locator("#helper-url").fill(bad)
        page.locator("#helper-form button[type=submit]").click()
        poll(page, "document.getElementById('helper-status').textContent.includes('127.0.0.1')")
        assert browser.sw_eval("chrome.storage.local.get('helperUrl').then(r => r.helperUrl)") == helper.url
    page.locator("#helper-url").fill(f"http://localhost:{helper.port}/")
    page.locator("#helper-form button[type=submit]").click()
    poll(page, f"document.getElementById('helper-url').value === 'http://localhost:{helper.port}'")
    assert browser.sw_eval("chrome.storage.local.get('helperUrl').then(r => r.helperUrl)") == f"http://localhost:{helper.port}"
    page.locator("#lang").select_option("ja")
    poll(page, "document.documentElement.lang === 'ja'")
    assert page.locator("h1").inner_text() == "ScamGuard の設定"
    page.locator("#lang").select_option("en")
    poll(page, "document.documentElement.lang === 'en'")
    assert page.locator("h1").inner_text() == "ScamGuard settings"

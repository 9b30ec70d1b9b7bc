"""The user stays in charge: "proceed once" opens the page in this tab only, "always trust" opens it
everywhere until the trust is removed in the options page; pages cannot take these decisions themselves."""
from conftest import poll

HOST = "amazon-support.jp"


def blocked(browser, page, host, path="/"):
    browser.goto(browser.site.url(host, path), page=page)
    browser.wait_url(page, r"^chrome-extension://[a-z]+/blocked\.html")
    page.locator(".reasons li").first.wait_for()


def test_proceed_once_then_always_trust_then_remove_trust(browser, site):
    browser.site = site
    page = browser.page
    blocked(browser, page, HOST, "/once")
    assert site.count(HOST) == 0
    page.locator("details.proceed summary").click()
    assert page.locator("#trust-always").is_disabled()          # trusting needs a deliberate second step
    page.locator("#proceed-once").click()
    browser.wait_url(page, rf"^http://{HOST}:\d+/once")
    page.locator("#fake").wait_for()
    page.wait_for_timeout(300)                                   # the favicon request, if any
    loaded = site.count(HOST)
    assert loaded >= 1
    # Once means this tab: another tab is stopped again, without a request.
    other = browser.ctx.new_page()
    blocked(browser, other, HOST, "/again")
    assert site.count(HOST) == loaded
    # Always trust: a deliberate checkbox, then the site opens in any tab and is listed in the options.
    other.locator("details.proceed summary").click()
    other.locator("#trust-confirm").check()
    other.locator("#trust-always").click()
    browser.wait_url(other, rf"^http://{HOST}:\d+/again")
    third = browser.ctx.new_page()
    browser.goto(site.url(HOST, "/trusted"), page=third)
    third.locator("#fake").wait_for()
    assert third.url.startswith(f"http://{HOST}:")
    assert browser.sw_eval("chrome.storage.local.get('trusted').then(r => r.trusted)") == [HOST]
    options = browser.ctx.new_page()
    options.goto(browser.ext_url("options.html"))
    options.locator(f"#trusted button[data-host='{HOST}']").click()
    poll(options, "document.querySelectorAll('#trusted li').length === 0")
    assert browser.sw_eval("chrome.storage.local.get('trusted').then(r => r.trusted)") == []
    fourth = browser.ctx.new_page()
    before = site.count(HOST)
    blocked(browser, fourth, HOST, "/untrusted")
    assert site.count(HOST) == before


def test_pages_cannot_send_privileged_messages(browser, site):
    """The service worker's sender rule: content scripts may only ask for a page check; proceed, trust and
    settings come only from the extension's own pages."""
    page = browser.page
    page.goto(browser.ext_url("options.html"))
    verdicts = page.evaluate("""async () => {
        const {senderAllowed} = await import('/js/messages.js');
        const origin = location.origin + '/';
        const content = {tab: {id: 7}, url: 'http://amazon-support.jp/', id: 'x', origin: 'http://amazon-support.jp'};
        const ours = {tab: {id: 7}, url: origin + 'blocked.html?u=x', id: 'x', origin: location.origin};
        return {
          contentProceed: senderAllowed({what: 'proceed', url: 'http://x/'}, content, origin),
          contentTrust: senderAllowed({what: 'setSettings', helperUrl: 'http://evil/'}, content, origin),
          contentUntrust: senderAllowed({what: 'untrust', host: 'x'}, content, origin),
          contentPageCheck: senderAllowed({what: 'pageCheck', page: {}}, content, origin),
          contentUnknown: senderAllowed({what: 'selfDestruct'}, content, origin),
          oursProceed: senderAllowed({what: 'proceed'}, ours, origin),
          oursUnknown: senderAllowed({what: 'selfDestruct'}, ours, origin),
        };
    }""")
    assert verdicts == {"contentProceed": False, "contentTrust": False, "contentUntrust": False,
                        "contentPageCheck": True, "contentUnknown": False, "oursProceed": True, "oursUnknown": False}
    # And for real: proceeding to an address this tab was not blocked on is refused by the worker.
    browser.site = site
    blocked(browser, page, HOST, "/x")
    answer = page.evaluate("chrome.runtime.sendMessage({what: 'proceed', url: 'http://elsewhere.example/', mode: 'always'})")
    assert answer == {"ok": False}
    answer = page.evaluate("chrome.runtime.sendMessage({what: 'setSettings', helperUrl: 'http://203.0.113.5:8731'})")
    assert answer["ok"] is False
    assert browser.sw_eval("chrome.storage.local.get('trusted').then(r => r.trusted ?? [])") == []

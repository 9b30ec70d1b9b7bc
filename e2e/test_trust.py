"""The user stays in charge: "proceed once" opens the page in this tab only, "always trust" opens it
everywhere until the trust is removed in the options page; pages cannot take these decisions themselves."""
from e2e.support import poll

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


def content_script_eval(browser, page, expression):
    """Evaluate inside ScamGuard's own content-script world of `page` (the most a page could ever reach)."""
    cdp = browser.ctx.new_cdp_session(page)
    contexts = []
    cdp.on("Runtime.executionContextCreated", lambda e: contexts.append(e["context"]))
    cdp.send("Runtime.enable")
    page.wait_for_timeout(100)
    ours = [c for c in contexts if c.get("origin", "").startswith(f"chrome-extension://{browser.ext_id}")
            or c.get("auxData", {}).get("type") == "isolated" and c.get("name") in ("ScamGuard", "ScamGuard（詐欺サイトガード）")]
    assert ours, contexts
    result = cdp.send("Runtime.evaluate", {"contextId": ours[0]["id"], "expression": expression,
                                           "awaitPromise": True, "returnByValue": True})
    cdp.detach()
    return result["result"].get("value")


def test_a_content_script_world_cannot_proceed_or_trust(browser, site):
    browser.site = site
    page = browser.page
    blocked(browser, page, HOST, "/x")
    page.locator("details.proceed summary").click()
    page.locator("#proceed-once").click()
    page.locator("#fake").wait_for()
    for message in ("{what: 'proceed', url: location.href, mode: 'always'}",
                    "{what: 'setSettings', helperUrl: 'http://127.0.0.1:1'}",
                    "{what: 'untrust', host: 'x'}", "{what: 'tabState', tabId: 1}", "{what: 'bogus'}"):
        answer = content_script_eval(browser, page, f"chrome.runtime.sendMessage({message})")
        assert answer == {"error": "refused"}, (message, answer)
    assert browser.sw_eval("chrome.storage.local.get('trusted').then(r => r.trusted ?? [])") == []
    # What the collector would send for this page: the shape the helper's page check reads.
    tab = browser.tab_id(page)
    shape = browser.sw_eval(f"chrome.tabs.sendMessage({tab}, {{what: 'collect'}}).then(r => r.page)")
    assert shape["title"].startswith("Amazon.co.jp")
    assert {"account", "password"} <= set(shape["forms"][0]["fields"])
    assert shape["forms"][0]["action"].endswith("/collect")


def test_collector_classifies_the_fake_sign_in_form(browser, site):
    """Japanese labels only (no autocomplete, no type hints except password): カード番号, 有効期限, セキュリティコード."""
    host = "qx7k2v-jp.top"
    browser.sw_eval(f"chrome.storage.local.set({{trusted: ['{host}']}})")   # trusted: loads, not judged
    page = browser.page
    browser.goto(site.url(host, "/signin.html"))
    page.locator("form").wait_for()
    shape = browser.sw_eval(f"chrome.tabs.sendMessage({browser.tab_id()}, {{what: 'collect'}}).then(r => r.page)")
    assert shape["lang"] == "ja"
    assert "amazon.co.jp" in shape["image_alts"]
    assert sorted(shape["forms"][0]["fields"]) == sorted(["account", "password", "card_number", "card_expiry", "card_cvc"])
    assert "会員資格" in shape["text"]

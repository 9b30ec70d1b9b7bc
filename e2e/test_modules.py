"""The extension's pure modules, imported in one of its own pages: no browser API involved."""
import json

from e2e.support import FAMILIES


def run(browser, module: str, body: str):
    page = browser.page
    if not page.url.startswith(browser.ext_url("")):
        page.goto(browser.ext_url("options.html"))
    return page.evaluate(f"async () => {{ const m = await import('{module}'); {body} }}")


def test_helper_address_must_be_loopback(browser):
    cases = {"http://127.0.0.1:8731": "http://127.0.0.1:8731", "http://localhost:9000/": "http://localhost:9000",
             " http://127.0.0.1:8731 ": "http://127.0.0.1:8731", "http://[::1]:8731": "http://[::1]:8731",
             "https://127.0.0.1:8731": None, "http://10.0.0.2:8731": None, "http://127.0.0.1.nip.io:8731": None,
             "http://u:p@127.0.0.1:8731": None, "http://127.0.0.1:8731/v1": None, "javascript:1": None, "": None}
    got = run(browser, "/js/helper-client.js", f"return Object.fromEntries(Object.keys({json.dumps(cases)})"
                                               ".map(k => [k, m.normaliseHelperUrl(k)]));")
    assert got == cases


def test_js_matcher_agrees_with_the_detour_rules(browser, site):
    """guard.js leaves detoured URLs to the check page by matching the same patterns in JavaScript."""
    lookalikes = [site.url(h, "/x") for hosts in FAMILIES.values() for h in hosts]
    not_detoured = [site.url(h, "/x") for h in ("benign-shop.example", "www.amazon.co.jp", "pay.amazon.co.jp",
                                                 "bucket.s3.amazonaws.com", "www.primevideo.com", "qx7k2v-jp.top")]
    got = run(browser, "/js/rules.js", f"""
        const nav = await (await fetch('/rules/navigation-rules.json')).json();
        const matches = m.compileMatchers(nav);
        const rules = m.detourRules(nav, 'chrome-extension://x/check.html');
        return {{yes: {json.dumps(lookalikes)}.map(matches), no: {json.dumps(not_detoured)}.map(matches),
                 rules: rules.length, ids: new Set(rules.map(r => r.id)).size,
                 excludesAmazon: rules.every(r => r.condition.excludedRequestDomains.includes('amazon.co.jp')),
                 mainFrameOnly: rules.every(r => r.condition.resourceTypes.join() === 'main_frame')}};""")
    assert all(got["yes"]) and not any(got["no"]), got
    assert got["rules"] == got["ids"] and 0 < got["rules"] <= 999
    assert got["excludesAmazon"] and got["mainFrameOnly"]


def test_page_data_is_reshaped_before_it_reaches_the_helper(browser):
    got = run(browser, "/js/guard.js", """
        return m.sanitisePage({title: 'x'.repeat(5000), text: 'y'.repeat(1_000_010), lang: 'ja',
          image_alts: ['amazon', 42], forms: [{action: 'https://evil.example/p', fields: ['password', 'password',
          'card_cvc', 'ssn', '<b>']}], signals: {fullscreen_requests: 3, dialogs: -1, beforeunload: NaN,
          made_up: 9, speech: 2.7}, extra: 'dropped'});""")
    assert len(got["title"]) == 1000 and len(got["text"]) == 1_000_000
    assert got["image_alts"] == ["amazon", "42"]
    assert got["forms"] == [{"action": "https://evil.example/p", "fields": ["password", "card_cvc"]}]
    assert got["signals"] == {"fullscreen_requests": 3, "speech": 2}
    assert "extra" not in got
    assert run(browser, "/js/guard.js", "return m.sanitisePage('nope');") is None


def test_language_choice(browser):
    got = run(browser, "/js/i18n.js", """return [m.pickLang('auto', 'ja-JP'), m.pickLang('auto', 'en-GB'),
        m.pickLang('en', 'ja'), m.pickLang('ja', 'en-US'), m.pickLang(undefined, 'fr'), m.pickLang('xx', 'ja')];""")
    assert got == ["ja", "en", "en", "ja", "en", "ja"]

"""Hostile web pages against the real helper in real Chromium: a page that calls 127.0.0.1 directly (fetch with
and without no-cors, a form post, a DNS-rebinding host name) gets nothing useful and changes nothing; a page
cannot message the extension."""
import json

import requests

PAGE = "/benign.html"


def _fetch(page, url: str, init: dict) -> dict:
    return page.evaluate("""async ([url, init]) => {
        try {
            const r = await fetch(url, init);
            let body = null;
            try { body = await r.text(); } catch (e) { body = 'unreadable: ' + e; }
            return {ok: true, type: r.type, status: r.status, body};
        } catch (e) { return {ok: false, error: String(e)}; }
    }""", [url, init])


def test_a_web_page_fetching_the_helper_gets_nothing_useful(browser, helper, site):
    browser.goto(site.url("benign-shop.example", PAGE))
    page = browser.page
    body = json.dumps({"url": "https://amazon.co.jp.secure-login.xyz/"})
    verdict_url = helper.url + "/v1/verdict"
    before = requests.get(helper.url + "/v1/navigation-rules", timeout=5).json()
    results = {
        "cors json": _fetch(page, verdict_url, {"method": "POST", "body": body,
                                                "headers": {"Content-Type": "application/json"}}),
        "cors get": _fetch(page, helper.url + "/v1/navigation-rules", {}),
        "no-cors text/plain": _fetch(page, verdict_url, {"method": "POST", "mode": "no-cors", "body": body,
                                                         "headers": {"Content-Type": "text/plain"}}),
        "no-cors get": _fetch(page, helper.url + "/v1/health", {"mode": "no-cors"}),
    }
    for name, r in results.items():
        # Either the browser refuses (no CORS grant) or the answer is opaque: status 0, empty body.
        assert (not r["ok"]) or (r["type"] == "opaque" and r["status"] == 0 and not r["body"]), (name, r)
    # The helper keeps no state a page could change: the same rules afterwards.
    assert requests.get(helper.url + "/v1/navigation-rules", timeout=5).json() == before


def test_a_form_post_to_the_helper_is_refused(browser, helper, site):
    browser.goto(site.url("benign-shop.example", PAGE))
    page = browser.page
    page.evaluate("""(action) => {
        const f = document.createElement('form');
        f.method = 'POST'; f.action = action; f.enctype = 'text/plain';
        const i = document.createElement('input');
        i.name = '{"url": "https://amazon.co.jp/", "x": "'; i.value = '"}';
        f.appendChild(i); document.body.appendChild(f); f.submit();
    }""", helper.url + "/v1/verdict")
    browser.wait_url(page, r"/v1/verdict")
    page.wait_for_load_state()
    text = page.evaluate("document.body ? document.body.innerText : ''")
    assert text, (page.url, page.content()[:500])
    answer = json.loads(text)
    # A top-level form post carries the page's Origin: refused before the body is read; never a verdict.
    assert "verdict" not in answer and answer["error"]["code"] in ("forbidden_origin", "unsupported_media_type")


def test_dns_rebinding_host_name_is_refused(browser, helper):
    # --host-resolver-rules maps every name to 127.0.0.1, as a rebinding DNS server would: the page's own
    # origin is then rebind.example:<port>, so it could read the answer; the helper must refuse the Host.
    port = helper.url.rsplit(":", 1)[1]
    for path in ("/v1/health", "/v1/navigation-rules"):
        browser.goto(f"http://rebind-attack.example:{port}{path}")
        text = browser.page.evaluate("document.body ? document.body.innerText : ''")
        assert json.loads(text)["error"]["code"] == "forbidden_host"
    r = _fetch(browser.page, f"http://rebind-attack.example:{port}/v1/verdict",
               {"method": "POST", "body": json.dumps({"url": "https://amazon.co.jp/"}),
                "headers": {"Content-Type": "application/json"}})
    assert r["ok"] and r["status"] == 403 and "verdict" not in json.loads(r["body"])


def test_a_web_page_cannot_message_the_extension(browser, site):
    browser.goto(site.url("benign-shop.example", PAGE))
    outcome = browser.page.evaluate("""async (extId) => {
        const out = {hasRuntime: !!(window.chrome && chrome.runtime && chrome.runtime.sendMessage)};
        if (out.hasRuntime) {
            for (const msg of [{what: 'trustSite', host: 'amaz0n.co.jp'}, {what: 'proceed', url: 'http://amaz0n.co.jp/'}]) {
                try { out[msg.what] = String(await chrome.runtime.sendMessage(extId, msg)); }
                catch (e) { out[msg.what] = 'refused: ' + e; }
            }
        }
        window.postMessage({what: 'proceed', url: 'http://amaz0n.co.jp/'}, '*');
        return out;
    }""", browser.ext_id)
    for key in ("trustSite", "proceed"):
        assert key not in outcome or outcome[key].startswith("refused"), outcome
    # Nothing was marked trusted.
    stored = browser.sw_eval("chrome.storage.local.get(null)")
    assert "amaz0n.co.jp" not in json.dumps(stored)

"""The interstitial and the popup as plain pages with the browser API faked (no extension, plain Chromium):
whatever a verdict contains is shown as text, never as markup, and odd verdicts do not break the page."""
import json

import pytest

from e2e.support import Browser, poll

HOSTILE = "<img src=x onerror=\"document.title='pwned'\"><b>bold</b>"


def fake_chrome(answer: dict, lang: str = "en") -> str:
    return """
      window.__sent = [];
      window.chrome = {
        runtime: {id: 'fake', getURL: (p = '') => location.origin + '/__ext/' + p,
                  sendMessage: async (m) => { window.__sent.push(m); return ANSWER; }},
        i18n: {getUILanguage: () => 'LANG', getMessage: () => ''},
        tabs: {query: async () => [{id: 1}]},
      };""".replace("ANSWER", json.dumps(answer)).replace("LANG", lang)


def hostile_state(url: str) -> dict:
    verdict = {
        "verdict": "block", "score": 999,
        "reasons": [{"code": "NOT_A_KNOWN_CODE", "weight": 10, "description": HOSTILE,
                     "evidence": {"technique": HOSTILE, "shown": HOSTILE, "phrase": HOSTILE, "asks_for": [HOSTILE]}},
                    {"code": "DOMAIN_EDIT_DISTANCE", "weight": "x", "evidence": None}],
        "brand": {"genuine_domain": HOSTILE, "help_url": "javascript:alert(1)", "scam_help_url": "https://evil.example/"},
        "host": {"unicode": HOSTILE, "ascii": "xn--evil", "registrable_unicode": "bold</b>"},
    }
    return {"state": {"url": url, "status": "block", "verdict": verdict, "via": "detour"}, "lang": "en"}


@pytest.fixture
def plain(pw):
    b = Browser(pw, None, extension=False)
    yield b
    b.close()


def test_interstitial_renders_hostile_verdict_as_text(plain, site):
    target = "http://amaz0n.example/"
    page = plain.page
    page.add_init_script(fake_chrome(hostile_state(target)))
    page.goto(site.url("127.0.0.1", "/__ext/blocked.html?u=" + target))
    poll(page, "document.querySelectorAll('.reasons li').length === 2")
    assert page.title() != "pwned"
    assert page.locator("main img").count() == 0 and page.locator("main b").count() == 0
    assert HOSTILE in page.locator(".reasons").inner_text()
    # A help route that is not Amazon's official https address is replaced by the official one.
    assert page.locator("#help").get_attribute("href") == "https://www.amazon.co.jp/gp/help/customer/contact-us"
    assert page.locator("#scam-help").get_attribute("href").startswith("https://www.amazon.co.jp/")
    assert page.evaluate("document.activeElement.id") == "headline"


def test_interstitial_with_a_javascript_target_never_offers_it(plain, site):
    page = plain.page
    page.add_init_script(fake_chrome({"state": None, "lang": "ja"}, lang="ja"))
    page.goto(site.url("127.0.0.1", "/__ext/blocked.html?u=javascript:document.title='pwned'"))
    poll(page, "document.documentElement.lang === 'ja' && document.getElementById('headline').textContent !== ''")
    page.locator("details.proceed summary").click()
    page.locator("#proceed-once").click()
    page.locator("#proceed-error").wait_for(state="visible")
    sent = page.evaluate("window.__sent")
    assert not [m for m in sent if m.get("what") == "proceed"], sent     # never even asked
    assert page.title() != "pwned"


def test_popup_never_says_safe_without_a_verdict(plain, site):
    page = plain.page
    page.add_init_script(fake_chrome({"tabUrl": "https://shop.example/", "state": None, "helperOnline": True,
                                      "lang": "en", "trusted": []}))
    page.goto(site.url("127.0.0.1", "/__ext/popup.html"))
    poll(page, "document.body.dataset.ready === 'true'")
    assert page.locator("#status").get_attribute("data-status") == "unchecked"
    assert "not been checked" in page.locator("#status").inner_text()

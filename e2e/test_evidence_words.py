"""Every reason code, with a real example, reads correctly on the interstitial in Japanese and English: the
helper's verdict for the example is rendered by the extension's own view (verdict-view.js / message-view.js)
in one of its pages, and the words a person reads have no placeholders, raw codes, "undefined", jargon or
English shorthand in the Japanese text.

One row per code. A new code (from the URL engine, the page checks or the message check) fails
test_every_reason_code_has_a_row until a row with a real example is added to ROWS."""
import json
import re
import time
from pathlib import Path

import pytest
import requests

from helper.engine import load_rules
from helper.html_extract import extract_page
# The message check's own examples: a so-net mailbox signing as Amazon, a Sagawa SMS, an English lookalike sender.
from tests.test_message import EN_MAIL, PRIME_MAIL, SAGAWA_SMS
# A screenshot of a page that draws its warning (issue 15), made the way the unit tests make it.
from tests.test_screen_text import SCAM_LINES as SCREEN_LINES, picture

PAGES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pages"


def url(address, **expect):
    return {"url": address, **expect}


def page(fixture, address, signals=None, **expect):
    return {"url": address, "fixture": fixture, "signals": signals or {}, **expect}


def message(text, **expect):
    return {"message": text, **expect}


LOCKER = {"fullscreen_requests": 14, "fullscreen_changes": 14, "keyboard_lock": 1, "dialogs": 5, "beforeunload": 1,
          "audio_autoplay": 1, "speech": 1, "cursor_hidden": 1}
DEFENDER = {"fullscreen_requests": 3, "fullscreen_changes": 11, "pointer_lock": 1, "history_changes": 500,
            "notification_requests": 2, "audio_autoplay": 1}
# code → a real example, and words each language must show (ja / en), when there is something to check.
ROWS = {
    "DOMAIN_SKELETON_MATCH": url("http://xn--mazon-3ve.com/", ja=["ロシア語の文字", "1文字目"], en=["a Russian letter", "1st letter"]),
    "DOMAIN_EDIT_DISTANCE": url("http://amazom.co.jp/", ja=["「amazon」"], en=["“amazon”"]),
    "DOMAIN_CHAR_SWAP": url("https://amzaon.com/", ja=["入れ替わって"], en=["swapped"]),
    "DOMAIN_HYPHEN_INSERTED": url("https://ama-zon.com/", ja=["「-」"], en=["“-”"]),
    "DOMAIN_TLD_SWAP": url("https://amazon.xyz/", ja=["amazon.xyz"], en=["amazon.xyz"]),
    "DOMAIN_TARGET_EMBEDDING": url("http://amazon.co.jp.secure-login.xyz/", ja=["secure-login.xyz"], en=["secure-login.xyz"]),
    "DOMAIN_TAIL_EMBEDDING": url("https://shop-amazon.com/", ja=["amazon.com"], en=["amazon.com"]),
    "DOMAIN_COMBOSQUAT": url("http://アマゾン-ログイン.com/", ja=["「ログイン」"], en=["“ログイン”"]),
    "DOMAIN_BRAND_WITH_WORD": url("http://amazon-tokyo.com/", ja=["「amazon」"], en=["“amazon”"]),
    "DOMAIN_BRAND_ABUSED_TLD": url("http://amazonqb.xyz/", ja=["「.xyz」"], en=[".xyz"]),
    "DOMAIN_BRAND_WITH_UNUSED_WORD": url("http://amazon-tokyo.com/", ja=["「amazon」", "「tokyo」"], en=["“amazon”", "“tokyo”"]),
    "DOMAIN_BRAND_FOREIGN_ENDING": url("http://amazon-line.cloud/", ja=["amazon-line.cloud"], en=["amazon-line.cloud"]),
    "HOST_BRAND_LURE_SUBDOMAIN": url("http://amazon.co.jp.secure-login.xyz/ap/signin", ja=["「secure」"], en=["“secure”"]),
    "HOST_BRAND_IN_SUBDOMAIN": url("http://amazon.example-shop.net/", ja=["example-shop.net"], en=["example-shop.net"]),
    "HOST_BRAND_AS_WHOLE_SUBDOMAIN": url("http://amazon.harbourfoods.org/", ja=["harbourfoods.org"], en=["harbourfoods.org"]),
    "HOST_BRAND_ON_MACHINE_NAME": url("http://amazon.1679021.com/", ja=["1679021.com"], en=["1679021.com"]),
    "HOST_DEEP_SUBDOMAINS": url("http://amazon.co.jp.a.b.c.d.e.example-cdn.net/"),
    "HOST_MIXED_SCRIPT": url("http://xn--mazon-3ve.com/", ja=["ロシア語の文字"], en=["a Russian letter"]),
    "HOST_WHOLE_SCRIPT_CONFUSABLE": url("http://xn--80aa0cbo65f.com/", ja=["と読めます"], en=["reads as"]),
    "HOST_FULLWIDTH": url("http://ａｍａｚｏｎ.com.secure-login.xyz/"),
    "HOST_INVISIBLE_CHARACTERS": url("http://ama\u200bzon.co.jp.login-check.xyz/"),
    "HOST_IP_ADDRESS": url("http://45.76.1.1/amazon.co.jp/", ja=["45.76.1.1"], en=["45.76.1.1"]),
    "HOST_OBFUSCATED_IP": url("http://3232235777/"),
    "HOST_USERINFO_TRICK": url("https://amazon.co.jp@evil.example/", ja=["evil.example"], en=["evil.example"]),
    # A short link counts only where nobody sees where it goes: a link in a pasted message (the browser follows it).
    "URL_SHORTENER": url("https://bit.ly/3xYz", pasted=True, ja=["bit.ly"], en=["bit.ly"]),
    "URL_BRAND_IN_PATH": url("http://45.76.1.1/amazon.co.jp/", ja=["/amazon.co.jp/"], en=["/amazon.co.jp/"]),
    "URL_BRAND_PATH_COPIED": url("http://amazon.co.jp.secure-login.xyz/ap/signin", ja=["/ap/signin"], en=["/ap/signin"]),
    "PAGE_TSS_INFECTION_CLAIM": page("tss_locker_ja.html", "https://secure-check-7781.xyz/lock/index.html", LOCKER),
    "PAGE_TSS_CALL_NUMBER": page("tss_locker_ja.html", "https://secure-check-7781.xyz/lock/index.html", LOCKER),
    "PAGE_TSS_VENDOR_IMPERSONATION": page("tss_locker_ja.html", "https://secure-check-7781.xyz/lock/index.html", LOCKER),
    "PAGE_TSS_URGENCY": page("tss_locker_ja.html", "https://secure-check-7781.xyz/lock/index.html", LOCKER),
    "PAGE_FULLSCREEN_LOOP": page("tss_locker_ja.html", "https://secure-check-7781.xyz/lock/index.html", LOCKER,
                                 ja=["全画面表示 14 回"], en=["full screen 14 times"]),
    "PAGE_INPUT_LOCK": page("tss_locker_ja.html", "https://secure-check-7781.xyz/lock/index.html", LOCKER),
    "PAGE_DIALOG_LOOP": page("tss_locker_ja.html", "https://secure-check-7781.xyz/lock/index.html", LOCKER),
    "PAGE_ALARM_AUDIO": page("tss_locker_ja.html", "https://secure-check-7781.xyz/lock/index.html", LOCKER),
    "PAGE_HISTORY_LOOP": page("tss_defender_en.html", "https://defender-alert-x93.web.app/Win/index.html", DEFENDER),
    "PAGE_NOTIFICATION_LOOP": page("tss_defender_en.html", "https://defender-alert-x93.web.app/Win/index.html", DEFENDER),
    "PAGE_BRAND_CREDENTIAL_FORM": page("fake_signin_ja.html", "https://www.kaiin-kakunin-center.com/ap/signin",
                                       ja=["パスワード"], en=["password"]),
    "PAGE_TSS_FAKE_SCAN": page("tss_fake_scan_ja.html", "https://scan-7781.xyz/", ja=["スキャンされたオブジェクト"],
                               en=["スキャンされたオブジェクト"]),
    "PAGE_TSS_CALL_INSTRUCTION": page("tss_apple_blocked_en.html", "https://scan-7781.xyz/", ja=["contact apple"],
                                      en=["contact apple"]),
    "PAGE_BRAND_MARKUP_COPIED": page("kit_signin_markup_en.html", "https://www.kaiin-7781.com/ap/signin"),
    "PAGE_BRAND_LOOKALIKE_LETTERS": page("kit_lookalike_title_ja.html", "https://www.kaiin-7781.com/",
                                         ja=["amаzоn", "ロシア語の文字"], en=["amаzоn", "a Russian letter"]),
    "PAGE_ACCOUNT_LURE": page("prime_lure_ja.html", "https://prime-kaiin-notice.com/m/0e1a"),
    "PAGE_LURE_CALL_TO_ACTION": page("prime_lure_ja.html", "https://prime-kaiin-notice.com/m/0e1a"),
    "PAGE_TEXT_TRUNCATED": {"url": "https://long-page.example/", "text_pad": 60_000, "fixture": "tss_locker_ja.html",
                            "signals": {}},
    "PAGE_WARNS_ABOUT_SCAMS": page("police_warning_ja.html",
                                   "https://www.keishicho.metro.tokyo.lg.jp/kurashi/cyber/support_sagi.html"),
    # A locker that draws its warning into a canvas: the screenshot the extension sends, read by the helper.
    # (Its title says "read from the screen"; e2e/test_screen_reading.py reads it on the interstitial.)
    "PAGE_READ_FROM_SCREEN": {"url": "https://kx7-player-lock.info/", "screen": SCREEN_LINES},
    "MSG_LURE_ACCOUNT": message(PRIME_MAIL),
    "MSG_LURE_POINTS": message(PRIME_MAIL),
    "MSG_LURE_DELIVERY": message(SAGAWA_SMS),
    "MSG_DEADLINE": message(EN_MAIL),
    "MSG_SEND_ONLY": message(PRIME_MAIL),
    "MSG_CALL_TO_ACTION": message(PRIME_MAIL),
    "MSG_ASKS_TO_CALL": message(EN_MAIL),
    "MSG_DISGUISED_LINK": message(PRIME_MAIL),
    "MSG_LINK_NOT_BRAND_DOMAIN": message(PRIME_MAIL),
    "MSG_SENDER_PERSONAL_MAILBOX": message(PRIME_MAIL, ja=["hanimarumeron@pd6.so-net.ne.jp"], en=["hanimarumeron@pd6.so-net.ne.jp"]),
    "MSG_SENDER_LOOKALIKE_DOMAIN": message(EN_MAIL, ja=["alert@amaz0n-support.com"], en=["alert@amaz0n-support.com"]),
    "MSG_REMOTE_TOOL": message("マイクロソフトサポートです。ウイルスを駆除するため、AnyDesk をインストールして、"
                               "表示された9桁の番号を教えてください。"),
}

# Words that must never reach a person: placeholders, unfilled substitutions, raw codes, jargon.
NEVER = re.compile(r"undefined|null|NaN|\[object|\$[1-9]|\(another word\)|\(under \.|[A-Z]{2,}_[A-Z_]{2,}|"
                   r"punycode|Punycode|キリル|Cyrillic|→")

RENDER = """async ([verdict, messageFindings, lang]) => {
  const view = await import('/js/verdict-view.js');
  const messages = await import('/js/message-view.js');
  const tr = await (await import('/js/i18n.js')).loadCatalog(lang);
  const box = messageFindings ? messages.messageAnswer({verdict: 'block', findings: messageFindings}, tr)
                              : view.reasonList(verdict, tr);
  return Object.fromEntries([...box.querySelectorAll('li[data-code]')].map((li) => [li.dataset.code, {
    title: li.querySelector('.reason-text')?.textContent ?? '', evidence: li.querySelector('.evidence')?.textContent ?? ''}]));
}"""


def reasons_for(helper, row):
    if "message" in row:
        answer = requests.post(helper.url + "/v1/message", json={"text": row["message"]}, timeout=10).json()
        return None, answer["findings"]
    if row.get("pasted"):
        answer = requests.post(helper.url + "/v1/message", json={"text": row["url"]}, timeout=10).json()
        return answer["links"][0]["verdict"], None
    if "screen" in row:
        from helper import screen_text
        assert screen_text.engine_status().available, screen_text.engine_status().message   # scripts/setup
        answer = requests.post(helper.url + "/v1/screen", json={"url": row["url"], "screenshot": picture(row["screen"])},
                               timeout=60)
        assert answer.status_code == 200, answer.text
        return answer.json(), None
    body = {"url": row["url"]}
    if "fixture" in row:
        body["page"] = extract_page((PAGES / row["fixture"]).read_bytes(), row["url"])
        body["page"]["signals"] = row["signals"]
        if row.get("text_pad"):
            body["page"]["text"] = body["page"]["text"] + ("。" * row["text_pad"])
    answer = requests.post(helper.url + "/v1/verdict", json=body, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json(), None


def test_every_reason_code_has_a_row():
    rules, _ = load_rules()
    assert sorted(set(rules) - set(ROWS)) == [], "add a row with a real example for each new code"
    assert sorted(set(ROWS) - set(rules)) == []


@pytest.fixture(scope="module")
def rendered(pw, helper):
    """Every row's verdict, rendered once per language by the extension's own view."""
    from e2e.support import ARTIFACTS, Browser
    b = Browser(pw, helper.url)
    try:
        b.page.goto(b.ext_url("options.html"))
        out = {}
        for code, row in ROWS.items():
            verdict, findings = reasons_for(helper, row)
            out[code] = {lang: b.page.evaluate(RENDER, [verdict, findings, lang]) for lang in ("ja", "en")}
            out[code]["raw"] = verdict or {"reasons": findings}
        # What a person reads for each code, for review (test-artifacts/evidence-words.json).
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "evidence-words.json").write_text(json.dumps(
            {code: {lang: got[lang].get(code) for lang in ("ja", "en")} for code, got in out.items()},
            ensure_ascii=False, indent=1), encoding="utf-8")
        yield out
    finally:
        b.close()


@pytest.mark.parametrize("code", sorted(ROWS))
def test_reason_evidence_reads_correctly_in_both_languages(rendered, code):
    row = ROWS[code]
    got = rendered[code]
    assert code in got["ja"] and code in got["en"], f"{code} did not fire for its example: {json.dumps(got['raw'])[:600]}"
    technique = next((r.get("evidence", {}).get("technique", "") for r in got["raw"]["reasons"] if r["code"] == code), "")
    for lang in ("ja", "en"):
        title, evidence = got[lang][code]["title"], got[lang][code]["evidence"]
        assert title.strip() and title != code
        assert not NEVER.search(title + " " + evidence), (lang, title, evidence)
        for word in row.get(lang, []):
            assert word in evidence, (lang, word, evidence)
    # Japanese text carries no English shorthand from the helper.
    if technique:
        assert technique not in got["ja"][code]["evidence"]
    # The Japanese line is Japanese: quoted addresses aside, it has Japanese words whenever it says anything.
    plain = re.sub(r"「[^」]*」|[A-Za-z0-9.:/@_\-]+", "", got["ja"][code]["evidence"])
    if got["ja"][code]["evidence"]:
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", plain), got["ja"][code]["evidence"]


@pytest.mark.parametrize("host, genuine, other", [("xn--mazon-3ve.com", "amazon.com", "amazon.co.jp"),
                                                  ("amazon.co.jp.secure-login.xyz", "amazon.co.jp", "amazon.com")])
def test_checklist_names_the_imitated_site(browser, site, host, genuine, other):
    """An amazon.com fake sends the person to amazon.com (not "type amazon.co.jp"), in both languages, and says
    where to change a password that was given away."""
    page = browser.page
    browser.goto(site.url(host, "/ap/signin"))
    browser.wait_url(page, r"blocked\.html")
    page.locator(".reasons li[data-code]").first.wait_for()
    for lang, where in (("en", "Login & security"), ("ja", "ログインとセキュリティ")):
        page.locator(f"nav.lang button[data-lang={lang}]").click()
        deadline = time.monotonic() + 5
        while page.evaluate("document.documentElement.lang") != lang:
            assert time.monotonic() < deadline
            page.wait_for_timeout(25)
        checklist = page.locator(".checklist").inner_text()
        assert genuine in checklist and other not in checklist, checklist
        assert where in page.locator("#checklist4").inner_text()

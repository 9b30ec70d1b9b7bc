"""Issue 12: the collector reads the text the user sees (extension/content/seen-text.js, helper/page_knowledge
normalise, helper/phone.py), so a locker we block in its plain form cannot hide its words from the page check by
drawing them with CSS, setting them one letter per element, breaking them with <br>, writing its number with
middle dots and fullwidth digits, pushing them behind tens of KB of invisible text, or writing them in the source
of a script or style sheet that CSS displays; and a sign-in whose boxes
are editable divs is still a sign-in. Each fixture is on a neutral made-up host, so only the page check can stop
it; a benign page using the same CSS and layout habits stays open and its text reads as it is drawn."""
import pytest

BLOCKED = r"^chrome-extension://[a-z]+/blocked\.html"

CASES = {
    "seen-css-text.html": {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER"},
    "seen-letters-ja.html": {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER"},
    "seen-letters-en.html": {"PAGE_TSS_INFECTION_CLAIM"},
    "seen-phone.html": {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER"},
    "seen-filler.html": {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER"},
    "seen-drawn-source.html": {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER"},
    "seen-editable.html?field=password": {"PAGE_BRAND_CREDENTIAL_FORM"},
    "seen-editable.html?field=card": {"PAGE_BRAND_CREDENTIAL_FORM"},
    "seen-editable.html?field=otp": {"PAGE_BRAND_CREDENTIAL_FORM"},
}


def _host(fixture: str) -> str:
    return fixture.split(".")[0] + ("-" + fixture.split("=")[1] if "=" in fixture else "") + ".kq7-notice.example"


def _shape(browser, site, host: str, path: str, ready: str) -> dict:
    """The page shape the collector would send, read from a trusted host (it loads, so it can be collected)."""
    browser.sw_eval(f"chrome.storage.local.set({{trusted: ['{host}']}})")
    browser.goto(site.url(host, path))
    browser.page.locator(ready).first.wait_for(state="attached")
    return browser.sw_eval(f"chrome.tabs.sendMessage({browser.tab_id()}, {{what: 'collect'}}).then(r => r.page)")


@pytest.mark.parametrize("fixture", list(CASES))
def test_a_locker_that_hides_its_words_from_the_dom_is_stopped(browser, site, fixture):
    page = browser.page
    browser.goto(site.url(_host(fixture), "/" + fixture))
    browser.wait_url(page, BLOCKED, timeout=15)
    page.locator(".reasons li[data-code]").first.wait_for()
    codes = set(page.locator(".reasons li[data-code]").evaluate_all("els => els.map(e => e.dataset.code)"))
    assert CASES[fixture] <= codes, codes


def test_the_number_written_apart_is_named_as_the_one_not_to_call(browser, site):
    page = browser.page
    browser.goto(site.url("phone-apart.kq7-notice.example", "/seen-phone.html"))
    browser.wait_url(page, BLOCKED, timeout=15)
    evidence = page.locator(".reasons li[data-code=PAGE_TSS_CALL_NUMBER] .evidence")
    evidence.wait_for()
    assert "0120" in evidence.inner_text() and "543" in evidence.inner_text()


def test_letters_read_in_the_order_drawn_with_spaces_where_gaps_show(browser, site):
    shape = _shape(browser, site, "letters-en.kq7-notice.example", "/seen-letters-en.html", "p")
    assert "Your computer is infected." in shape["text"], shape["text"]
    assert "Call Windows support now" in shape["text"], shape["text"]


def test_css_drawn_text_is_read_where_it_is_drawn(browser, site):
    shape = _shape(browser, site, "css-text.kq7-notice.example", "/seen-css-text.html", "strong")
    text = shape["text"]
    assert "Windows セキュリティ警告" in text, text
    assert "今すぐ Microsoft サポートに電話してください: 050-1234-5678" in text, text
    assert text.index("ウイルスに感染しました") < text.index("050-1234-5678")
    assert "\ue001" not in text


def test_the_visible_text_comes_before_the_invisible_filler(browser, site):
    shape = _shape(browser, site, "filler.kq7-notice.example", "/seen-filler.html", "#locker")
    text = shape["text"]
    assert text.index("ウイルスに感染しました") < 500, text[:600]
    assert "今日は晴れのち曇り" in text[2000:]        # the invisible text is still sent, after what is seen


def test_a_benign_page_with_the_same_habits_stays_open_and_reads_as_drawn(browser, site):
    host = "machi-honya.example"
    page = browser.page
    browser.goto(site.url(host, "/seen-benign.html"))
    tab = browser.tab_id()
    page.locator(".pages").wait_for()
    page.wait_for_timeout(1500)
    assert page.url.startswith(f"http://{host}"), page.url
    assert browser.badge(tab) == ""
    shape = browser.sw_eval(f"chrome.tabs.sendMessage({tab}, {{what: 'collect'}}).then(r => r.page)")
    text = shape["text"]
    assert "新着 古本市のお知らせ" in text and "1 2 3 4 5" in text, text
    assert "\ue002" not in text and "サポート" not in text
    assert shape["forms"] == []                    # a comment box is no sign-in field


# ---- blocks the invisible-block search passes by (seen-text.js hiddenBlocks) --------------------------------
# On a page read whole, a block whose text content holds no word the helper reacts to is not looked at: its going
# could not change the verdict. Unless what it draws holds such words another way, or its text decides whether the
# page says little (the worker then reads its screen): those blocks must still be found and taken out.

def test_an_unseen_block_that_draws_scary_words_letter_by_letter_keeps_a_benign_page_open(browser, site):
    host = "drawn-letters.machi-honya.example"
    page = browser.page
    browser.goto(site.url(host, "/seen-hidden-drawn.html?via=letters"))
    tab = browser.tab_id()
    page.locator("#away .row").wait_for(state="attached")
    page.wait_for_timeout(2000)
    assert page.url.startswith(f"http://{host}"), page.url
    assert browser.badge(tab) == ""
    text = browser.sw_eval(f"chrome.tabs.sendMessage({tab}, {{what: 'collect'}}).then(r => r.page.text)")
    assert "ウイルス" not in text and "ルイウ" not in text and "050-1234-5678" not in text, text


def test_plain_filler_off_the_page_does_not_make_a_picture_page_say_more(browser, site):
    shape = _shape(browser, site, "drawn-filler.kq7-notice.example", "/seen-hidden-drawn.html?via=filler", "#away p")
    assert len(" ".join(shape["text"].split())) < 300, shape["text"]
    assert "晴れのち曇り" not in shape["text"]

"""The commonest path of all: a lookalike link in a web page (webmail, a chat, a search result) — a navigation the
page starts, not the address bar. The detour's check page is reachable from such navigations only through its
per-session dynamic address (web_accessible_resources with use_dynamic_url), so it still ends on our interstitial
with the official route and a record, not on Chromium's ERR_BLOCKED_BY_CLIENT page, and no page can probe for
the extension. Also: a pop-up, an auto-posted form, a redirect, and addresses padded past the helper's 8 KB."""
import re
import shutil
import tempfile
import time
from urllib.parse import parse_qs, parse_qsl, quote, urlsplit

import pytest
import requests

from e2e.support import Browser, wait_event

BLOCKED = r"^chrome-extension://[a-z]+/blocked\.html\?u="
MAIL = "hikari-mail.example"
OFFICIAL_HELP = re.compile(r"^https://www\.amazon\.(co\.jp|com)/gp/help/customer/contact-us$")


def lure(site, to: str, how: str = "") -> str:
    return site.url(MAIL, "/webmail-lure.html?to=" + quote(to, safe="") + (f"&how={how}" if how else ""))


def assert_interstitial(page, target: str | None = None):
    page.locator(".reasons li[data-code]").first.wait_for()
    assert OFFICIAL_HELP.match(page.locator("#help").get_attribute("href"))
    if target is not None:
        assert parse_qs(urlsplit(page.url).query)["u"][0] == target


@pytest.mark.parametrize("how", ["link", "short", "send", "post", "script", "meta"])
def test_lookalike_reached_from_a_web_page_ends_on_the_interstitial(browser, site, helper, how):
    """`link`: the user clicks it; `short`: the click goes through a short link that answers 302; `send`: the user
    posts the mail's form (held for its verdict, then into the detour); `post`: the page posts a form to the
    lookalike on load; `script`/`meta`: the page sends itself there on load."""
    host = f"amazon-co-jp.{how}-verify.net"
    target = site.url(host, "/ap/signin")
    page = browser.page
    browser.goto(site.url(MAIL, "/benign.html"))                 # where the user was before the mail
    browser.goto(lure(site, target, how if how in ("post", "script", "meta") else ""))
    if how in ("link", "short", "send"):
        page.locator("#" + how).click()
    browser.wait_url(page, BLOCKED)
    assert_interstitial(page, target)
    assert site.count(host) == 0
    if how == "short":
        assert site.count_path(MAIL, "/go") == 1
    if how == "link":
        # A record for a consultation, like any other block ...
        deadline = time.monotonic() + 5
        while not [r for r in requests.get(helper.url + "/v1/evidence", timeout=5).json()["records"]
                   if r["address"] == target]:
            assert time.monotonic() < deadline, "the clicked lookalike left no record"
            time.sleep(0.1)
        # ... and "back to safety" returns to the mail the link was in.
        page.locator("#back").click()
        browser.wait_url(page, rf"^http://{re.escape(MAIL)}:\d+/webmail-lure\.html")


@pytest.mark.parametrize("how", ["open", "newtab"])
def test_lookalike_opened_in_a_new_tab_by_a_page_ends_on_the_interstitial(browser, site, how):
    """`open`: window.open() from a button; `newtab`: a target=_blank link."""
    host = f"amazon-co-jp.{how}-verify.net"
    target = site.url(host, "/ap/signin")
    browser.goto(lure(site, target))
    with browser.ctx.expect_page() as opened:
        browser.page.locator("#" + how).click()
    popup = opened.value
    browser.wait_url(popup, BLOCKED)
    assert_interstitial(popup, target)
    assert site.count(host) == 0


def test_an_innocent_lookalike_shaped_link_continues_once(browser, site):
    """The patterns are broad (amazing-deals…): a clicked link the helper allows opens with exactly one request
    and leaves no check page in history."""
    host = "amazing-deals-click.com"
    target = site.url(host, "/benign.html")
    page = browser.page
    browser.goto(lure(site, target))
    page.locator("#link").click()
    browser.wait_url(page, "^" + re.escape(target) + "$")
    page.wait_for_load_state("load")
    assert page.title() == "Corner Bookshop"
    assert site.count_path(host, "/benign.html") == 1
    page.go_back()
    browser.wait_url(page, rf"^http://{re.escape(MAIL)}:\d+/webmail-lure\.html")


SHOP = "hikari-shop.example"


def form_fields(request: dict) -> list[tuple[str, str]]:
    """The fields of a posted body, in order, whichever way it was encoded."""
    if request["type"].startswith("multipart/form-data"):
        boundary = request["type"].split("boundary=", 1)[1].encode()
        fields = []
        for part in request["body"].split(b"--" + boundary)[1:-1]:
            head, _, value = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
            fields.append((re.search(rb'name="([^"]*)"', head).group(1).decode(), value.removesuffix(b"\r\n").decode()))
        return fields
    assert request["type"] == "application/x-www-form-urlencoded", request["type"]
    return parse_qsl(request["body"].decode(), keep_blank_values=True)


@pytest.mark.parametrize("button", ["bank", "window", "multi"])
def test_an_allowed_posted_form_goes_as_the_page_sent_it(browser, site, button):
    """A form the user posts to an innocent lookalike-shaped address (held for its verdict): the request that
    reaches the site is the page's own: POST, its encoding, its window, every field as typed and the button that
    was pressed, once, with the page's submit handler run once. `bank`: a urlencoded post form with buttons of one
    name; `window`: its button that posts into a new window; `multi`: a GET form whose button makes it a multipart
    post. Without the hold the detour's check page went on with a GET, the typed fields lost."""
    host, shop = f"amazing-deals-{button}.com", f"{button}.{SHOP}"
    target = site.url(host, "/benign.html")
    page = browser.page
    form_page = site.url(shop, "/order-form.html?to=" + quote(target, safe=""))
    browser.goto(form_page)
    page.fill("#name" if button != "multi" else "#name2", "山田 花子")
    if button != "multi":
        page.fill("#note", "置き配 & 午前中")
    if button == "window":
        with browser.ctx.expect_page() as opened:
            page.locator("#window").click()
        shown = opened.value
    else:
        page.locator("#" + button).click()
        shown = page
    browser.wait_url(shown, "^" + re.escape(target) + "$")
    shown.wait_for_load_state("load")
    assert shown.title() == "Corner Bookshop"
    got = [r for r in site.received_by(host) if r["path"] != "/favicon.ico"]
    assert [(r["method"], r["path"], r["query"]) for r in got] == [("POST", "/benign.html", "")]
    if button == "multi":
        assert got[0]["type"].startswith("multipart/form-data; boundary=")
        assert form_fields(got[0]) == [("method", "ask"), ("name", "山田 花子"), ("via", "multi")]
    else:
        assert got[0]["type"] == "application/x-www-form-urlencoded"
        assert form_fields(got[0]) == [("order", "A-17"), ("action", "confirm"), ("name", "山田 花子"),
                                       ("note", "置き配 & 午前中"), ("pay", button)]
    wait_event(site, shop, "submit")
    assert [e.get("n") for e in site.events_for(shop) if e.get("e") == "submit"] == ["1"]
    if button == "window":
        assert page.url == form_page                 # the form's own tab stays where it was
        shown.close()
        return
    # No check page in history: back is the form.
    page.go_back()
    browser.wait_url(page, rf"^http://{re.escape(shop)}:\d+/order-form\.html")


def test_a_posted_form_the_page_cancels_stays_cancelled(browser, site):
    """A form the page sends itself (it cancels the browser's submission in its handler) is not held and sent
    anyway: the only request that reaches the site is the form the user sends next."""
    host, shop = "amazing-deals-ajax.com", f"ajax.{SHOP}"
    target = site.url(host, "/benign.html")
    page = browser.page
    browser.goto(site.url(shop, "/order-form.html?to=" + quote(target, safe="")))
    page.locator("#ajax-send").click()
    wait_event(site, shop, "ajax")
    page.fill("#name", "山田 花子")
    page.locator("#card").click()
    browser.wait_url(page, "^" + re.escape(target) + "$")
    page.wait_for_load_state("load")
    got = [r for r in site.received_by(host) if r["path"] != "/favicon.ico"]
    assert [(r["method"], form_fields(r)[-1]) for r in got] == [("POST", ("pay", "card"))]


@pytest.mark.parametrize("pad", ["query", "fragment"])
def test_an_address_padded_past_8_kb_is_still_judged(browser, site, pad):
    """The helper takes at most 8 KB of address; the extension judges the host and a bounded part of the rest."""
    filler = "a8f3" * 2600                                          # 10,400 characters
    host = f"amazon-co-jp.long-{pad}.account-verify.net"
    target = site.url(host, "/ap/signin" + ("?session=" if pad == "query" else "#") + filler)
    page = browser.page
    browser.goto(lure(site, target))
    page.locator("#link").click()
    browser.wait_url(page, BLOCKED)
    page.locator(".reasons li[data-code]").first.wait_for()
    assert site.count(host) == 0


def test_a_fake_sign_in_whose_address_is_padded_past_8_kb_is_still_checked(browser, site):
    """No lookalike in the name: the page check judges the page with a bounded address too."""
    host = "long-qx7k2v-jp.top"
    browser.goto(lure(site, site.url(host, "/signin.html?ref=" + "z9" * 5000)))
    browser.page.locator("#link").click()
    codes = browser.blocked_codes()
    assert "PAGE_BRAND_CREDENTIAL_FORM" in codes, codes


def test_the_check_page_cannot_be_probed_by_a_page_and_survives_a_browser_restart(pw, helper, site):
    """The check page is reachable only at a dynamic address: a page asking for it at the extension's fixed id
    learns nothing. That address changes with every browser session while the detour rules persist: after a
    restart a clicked lookalike must still end on the interstitial."""
    profile = tempfile.mkdtemp(prefix="scamguard-e2e-restart-")
    try:
        first = Browser(pw, helper.url, profile=profile)
        ext_id = first.ext_id
        dynamic = first.sw_eval("chrome.runtime.getURL('check.html')")
        assert ext_id not in dynamic
        first.goto(site.url(MAIL, "/benign.html"))
        probe = first.page.evaluate("""async (urls) => {
            const out = [];
            for (const url of urls) out.push(await fetch(url).then(r => 'read ' + r.status, () => 'refused'));
            return out;
        }""", [f"chrome-extension://{ext_id}/check.html", f"chrome-extension://{ext_id}/blocked.html",
               f"chrome-extension://{ext_id}/manifest.json"])
        assert probe == ["refused"] * 3, probe
        first.close()
        second = Browser(pw, helper.url, profile=profile)
        try:
            assert second.ext_id == ext_id
            renewed = second.sw_eval("chrome.runtime.getURL('check.html')") != dynamic
            target = site.url("amazon-co-jp.restart-verify.net", "/ap/signin")
            second.goto(lure(site, target))
            second.page.locator("#link").click()
            second.wait_url(second.page, BLOCKED)
            assert_interstitial(second.page, target)
            assert site.count("amazon-co-jp.restart-verify.net") == 0
            assert renewed, "the check page kept its dynamic address across the restart"
        finally:
            second.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


SCRIPTED_FIELDS = {
    "script-submit": [("order", "A-17"), ("action", "confirm"), ("name", "山田 花子"), ("note", "")],
    "script-request": [("order", "A-17"), ("action", "confirm"), ("name", "山田 花子"), ("note", ""), ("pay", "bank")],
    "script-built": [("order", "B-9"), ("token", "x&y=z")],
    # submit() / requestSubmit() taken from a fresh same-origin frame and called on the page's form
    "frame-submit": [("order", "A-17"), ("action", "confirm"), ("name", "山田 花子"), ("note", "")],
    "frame-request": [("order", "A-17"), ("action", "confirm"), ("name", "山田 花子"), ("note", ""), ("pay", "bank")],
}


@pytest.mark.parametrize("how", list(SCRIPTED_FIELDS))
def test_a_form_a_page_script_posts_to_an_allowed_address_stays_a_post(browser, site, how):
    """The page's own script sends the form: `form.submit()` (no submit event fires: the page hook tells the
    extension), `requestSubmit(button)`, or a form it builds, submits and takes out of the page at once, as kits
    do; or the same two functions taken from a fresh same-origin frame (the frame's hook tells the page's hold). Held for its verdict like a user's submission, the allowed one reaches the site as a POST with its fields.
    Without the hook's part, `submit()` went through the check page and continued as a GET, the fields lost."""
    host, shop = f"amazing-deals-{how}.com", f"{how}.{SHOP}"
    target = site.url(host, "/benign.html")
    page = browser.page
    browser.goto(site.url(shop, "/order-form.html?to=" + quote(target, safe="")))
    page.fill("#name", "山田 花子")
    page.locator("#" + how).click()
    browser.wait_url(page, "^" + re.escape(target) + "$")
    page.wait_for_load_state("load")
    assert page.title() == "Corner Bookshop"
    got = [r for r in site.received_by(host) if r["path"] != "/favicon.ico"]
    assert [(r["method"], r["path"], r["query"]) for r in got] == [("POST", "/benign.html", "")]
    assert form_fields(got[0]) == SCRIPTED_FIELDS[how]


@pytest.mark.parametrize("how", ["script-submit", "script-request", "frame-submit"])
def test_a_form_a_page_script_posts_to_a_lookalike_ends_on_the_interstitial(browser, site, how):
    """The same scripted submissions to a lookalike the helper blocks: our interstitial, nothing sent."""
    host = f"amazon-co-jp.{how}-verify.net"
    target = site.url(host, "/ap/signin")
    page = browser.page
    browser.goto(site.url(f"{how}.{SHOP}", "/order-form.html?to=" + quote(target, safe="")))
    page.locator("#" + how).click()
    browser.wait_url(page, BLOCKED)
    assert_interstitial(page, target)
    assert site.count(host) == 0


def test_an_image_button_sends_where_it_was_clicked(browser, site):
    """An <input type=image> sends the point the user clicked (map.x, map.y). The held submission goes again
    without a click: without the extension writing the real point back, the site got 0,0."""
    host, shop = "amazing-deals-map.com", f"map.{SHOP}"
    target = site.url(host, "/benign.html")
    page = browser.page
    browser.goto(site.url(shop, "/order-form.html?to=" + quote(target, safe="")))
    page.fill("#name", "山田 花子")
    page.locator("#map").click(position={"x": 37, "y": 21})
    browser.wait_url(page, "^" + re.escape(target) + "$")
    page.wait_for_load_state("load")
    got = [r for r in site.received_by(host) if r["path"] != "/favicon.ico"]
    assert [r["method"] for r in got] == ["POST"]
    assert form_fields(got[0]) == [("order", "A-17"), ("action", "confirm"), ("name", "山田 花子"), ("note", ""),
                                   ("map.x", "37"), ("map.y", "21")]


def test_a_form_in_a_document_written_over_the_page_is_still_held(browser, site):
    """document.open() erases every listener of the window, the extension's submit listener among them: a page
    that writes its order form anew over itself would have its posted form go through the check page as a GET
    (the fields lost) unless the listener is added again for the new document."""
    host, shop = "amazing-deals-written.com", f"written.{SHOP}"
    target = site.url(host, "/benign.html")
    page = browser.page
    browser.goto(site.url(shop, "/order-form.html?written=1&to=" + quote(target, safe="")))
    page.wait_for_function("window.rewritten === true && document.readyState === 'complete'")
    page.fill("#name", "山田 花子")
    page.locator("#bank").click()
    browser.wait_url(page, "^" + re.escape(target) + "$")
    page.wait_for_load_state("load")
    got = [r for r in site.received_by(host) if r["path"] != "/favicon.ico"]
    assert [(r["method"], r["path"], r["query"]) for r in got] == [("POST", "/benign.html", "")]
    assert form_fields(got[0])[-1] == ("pay", "bank")

"""Scams drawn inside a frame: the content scripts run in every frame big enough to show something, a frame reports
its own page shape, the worker judges it by the frame's own address, and a block stops the whole tab: the
interstitial replaces the top page, names the address the user sees and the framed one, and control is given
back in the frame that misbehaved too. Ordinary frames (a video player going full screen, an ad, a 1×1 tracking
frame, Amazon's own sign-in frame) stop nothing, and the tiny frame costs no check."""
import re
import time
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests

from e2e.support import METRICS, Browser, poll, shown_codes
from e2e.test_scareware_loops import Dialogs, tabs, wait_interstitial

BLOCKED = r"^chrome-extension://[a-z]+/blocked\.html"


def checks(browser, tab: int) -> int:
    """Page checks the tab asked the helper for (every frame's count in the same tab's counter)."""
    return browser.sw_eval(f"chrome.storage.session.get('checks:{tab}').then(r => r['checks:{tab}'] ?? 0)")


def shown_address(page) -> str:
    return parse_qs(urlsplit(page.url).query)["u"][0]


def wait_events(site, host: str, *names: str, timeout: float = 10) -> list[str]:
    deadline = time.monotonic() + timeout
    while True:
        seen = [e["e"] for e in site.events_for(host)]
        if all(n in seen for n in names):
            return seen
        assert time.monotonic() < deadline, (names, seen)
        time.sleep(0.05)


@pytest.mark.parametrize("how", ["src", "srcdoc"])
def test_same_origin_framed_locker_is_stopped_and_gives_control_back(browser, site, how):
    """An empty shell whose whole view is `<iframe src="/scareware-ja.html">` on the same host (or the same page as
    the frame's `srcdoc`, with no address of its own): one click on the lure inside the frame and the locker goes
    full screen, beeps, speaks and loops history."""
    host = f"framed-{how}.kx3-video-player.info"
    top = site.url(host, f"/frame-shell.html?{how}=/scareware-ja.html")
    page = browser.page
    browser.goto(top)
    page.frame_locator("iframe").locator("#play").click()
    t0 = time.monotonic()
    browser.wait_url(page, BLOCKED, timeout=12)
    page.locator(".reasons li[data-code]").first.wait_for()
    METRICS[f"framed locker (same origin, {how}): click → interstitial (s)"] = round(time.monotonic() - t0, 2)
    page.wait_for_timeout(300)                       # the frame's last beacons
    # The whole tab was stopped: the interstitial is the top document and names the address the user saw ...
    assert shown_address(page) == top
    assert host in page.locator("[data-role=fake-unicode]").inner_text()
    # ... and the framed page in which the locker was drawn (a srcdoc frame by the origin that made it).
    framed = site.url(host, "/scareware-ja.html" if how == "src" else "/")
    assert page.locator("[data-role=framed-url]").inner_text().startswith(framed)
    assert "050-1234-5678" in page.locator(".reasons li[data-code=PAGE_TSS_CALL_NUMBER] .evidence").inner_text()
    page.locator("nav.lang button[data-lang=ja]").click()
    poll(page, "document.documentElement.lang === 'ja'")
    assert "埋め込まれていたページ" in page.locator("#addresses").inner_text()
    # Control given back inside the frame while it was still alive: full screen left, the alarm paused.
    names = [e["e"] for e in site.events_for(host)]
    assert "fullscreen-on" in names, names
    hide = [e for e in site.events_for(host) if e["e"] == "pagehide"]
    assert hide and hide[-1]["fullscreen"] == "0" and hide[-1]["paused"] == "1", site.events_for(host)
    assert "fullscreen-exit" in names and names.index("fullscreen-exit") < names.index("pagehide"), names
    # It beeped, then was paused; or (about one run in six) the check was quicker than the sound's start and the
    # release's pause() cut its play() short.
    assert "audio-playing" in names or "audio-refused" in names, names
    assert "audio-paused" in names and names.index("audio-paused") < names.index("pagehide"), names
    page.locator("#back").click()
    browser.wait_url(page, r"^chrome-extension://[a-z]+/safe\.html$")


def test_cross_origin_framed_fake_amazon_sign_in_is_stopped_then_proceed_and_trust_cover_the_frame(browser, site,
                                                                                                   helper):
    """An empty shell on one host framing a fake Amazon sign-in (ja, card form) from another host."""
    shell = "coupon-matome.example"
    inner = "frame-qx7k2v-jp.top"   # its own host: the request counter is shared by the whole run
    framed = site.url(inner, "/signin.html")
    top = site.url(shell, "/frame-shell.html?src=" + quote(framed, safe=""))
    page = browser.page
    t0 = time.monotonic()
    browser.goto(top)
    browser.wait_url(page, BLOCKED, timeout=12)
    page.locator(".reasons li[data-code]").first.wait_for()
    METRICS["framed fake sign-in (cross origin): navigation → interstitial (s)"] = round(time.monotonic() - t0, 2)
    assert site.count_path(inner, "/signin.html") == 1
    assert shown_address(page) == top
    assert shell in page.locator("[data-role=fake-unicode]").inner_text()
    assert inner not in page.locator("[data-role=fake-unicode]").inner_text()
    assert inner in page.locator("[data-role=framed-host]").inner_text()
    assert page.locator("[data-role=framed-url]").inner_text() == framed
    # The evidence record names both: the address the user saw, and the framed page where the scam was.
    deadline = time.monotonic() + 5
    while not (kept := [r for r in requests.get(helper.url + "/v1/evidence", timeout=5).json()["records"]
                        if r["address"] == top]):
        assert time.monotonic() < deadline, "no evidence record of the framed block"
        time.sleep(0.1)
    assert kept[0]["framed_address"] == framed
    options = browser.ctx.new_page()
    options.goto(browser.ext_url("options.html#records"))
    poll(options, "document.getElementById('records').dataset.ready === 'true'")
    item = options.locator(f"#record-list li[data-id='{kept[0]['id']}']")
    assert item.locator("[data-role=address]").inner_text() == top
    assert framed in item.locator("[data-role=framed-address]").inner_text()
    options.close()
    page.locator("nav.lang button[data-lang=ja]").click()
    poll(page, "document.documentElement.lang === 'ja'")
    asks = page.locator(".reasons li[data-code=PAGE_BRAND_CREDENTIAL_FORM] .evidence").inner_text()
    assert "カード番号" in asks and "パスワード" in asks
    # "Open this once" is for the address the user sees; it covers what that page frames, in this tab only.
    page.locator("details.proceed summary").click()
    page.locator("#proceed-once").click()
    browser.wait_url(page, "^" + re.escape(top) + "$")
    deadline = time.monotonic() + 5
    while site.count_path(inner, "/signin.html") < 2:
        assert time.monotonic() < deadline, "the framed page was not loaded again"
        page.wait_for_timeout(50)
    page.wait_for_timeout(1500)                      # the frame's check (debounced) has had its time
    assert page.url == top
    # Another tab is stopped again.
    other = browser.ctx.new_page()
    browser.goto(top, other)
    browser.wait_url(other, BLOCKED, timeout=12)
    # "Always trust this site" trusts the site the user opened (the shell), with what it frames.
    other.locator("details.proceed summary").click()
    other.locator("#trust-confirm").check()
    other.locator("#trust-always").click()
    browser.wait_url(other, "^" + re.escape(top) + "$")
    assert browser.sw_eval("chrome.storage.local.get('trusted').then(r => r.trusted)") == [shell]
    loads = site.count_path(inner, "/signin.html")
    other.wait_for_timeout(1500)
    assert other.url == top and loads >= 3


def test_benign_page_with_video_ad_and_tracking_frames_costs_at_most_one_check(browser, site):
    """A blog post with a cross-origin video player that goes full screen with sound and back, a 300×250 ad and a
    1×1 tracking frame holding a password field."""
    host = "tabi-blog.example"
    player = "player.douga-cdn.example"
    page = browser.page
    browser.goto(site.url(host, "/framed-benign.html"))
    tab = browser.tab_id()
    wait_events(site, "ads.koukoku-net.example", "ad-loaded")
    wait_events(site, "stats.pixel-count.example", "pixel-loaded")
    page.frame_locator("#player").locator("#full").click()
    wait_events(site, player, "fullscreen-on", "audio-playing")
    page.wait_for_timeout(1000)
    frame = next(f for f in page.frames if player in f.url)
    frame.evaluate("document.exitFullscreen()")
    wait_events(site, player, "fullscreen-exit")
    page.wait_for_timeout(1500)                      # every frame's debounced check has had its time
    assert page.url.startswith(f"http://{host}:"), page.url
    assert browser.badge(tab) == ""
    used = checks(browser, tab)
    METRICS["benign page with video (full screen and back), ad and 1×1 frames: helper page checks"] = used
    assert used <= 1, used


def test_genuine_amazon_page_framing_its_sign_in_is_not_stopped(browser, site):
    # A path of its own: the fixture server's counters are shared with test_genuine.py in one session.
    top = site.https_url("www.amazon.co.jp", "/frame-shell.html?src="
                         + quote(site.https_url("pay.amazon.co.jp", "/ap/signin-frame"), safe=""))
    page = browser.page
    browser.goto(top)
    tab = browser.tab_id()
    deadline = time.monotonic() + 5
    while checks(browser, tab) < 1:                  # the framed sign-in form was looked at ...
        assert time.monotonic() < deadline, "the framed sign-in was never checked"
        page.wait_for_timeout(50)
    page.wait_for_timeout(1000)
    assert page.url == top                           # ... and allowed
    assert browser.badge(tab) == ""


def test_alert_loop_from_a_fresh_frame_with_no_click_at_all_is_stopped(pw, helper, site):
    """The locker shows its warning on load and, in the next task, loops alert() taken from a fresh about:blank
    frame: no gesture (so no check on a click), and the hook of the page's own window never sees the alert. The
    hook in the fresh frame does, and counts it in the parent too. Dialogs are left unanswered."""
    host = "auto.kx3-video-player.info"
    url = site.url(host, "/loop-ja.html?tricks=clean-dialog#auto")
    browser = Browser(pw, helper.url, user_protections=True)
    try:
        dialogs = Dialogs(browser)
        blocked = browser.ext_url("blocked.html") + "?u=" + quote(url, safe="")
        t0 = dialogs.start = time.monotonic()
        try:
            browser.page.goto(url, wait_until="commit")
        except Exception as error:         # the page may be dropped before Playwright hears back
            assert "ERR_ABORTED" in str(error) or "detached" in str(error) or "closed" in str(error), error
        window = next(t for t in tabs(browser) if t["index"] == 0)["windowId"]
        _tab, shown, elapsed = wait_interstitial(browser, window, blocked, t0)
        METRICS["alert loop from a fresh frame, no click: navigation → interstitial (s)"] = round(elapsed, 2)
        assert "PAGE_TSS_CALL_NUMBER" in shown_codes(shown)
        assert [d["type"] for d in dialogs.seen] == ["alert"], dialogs.seen
    finally:
        try:
            browser.close()
        except Exception:                  # a dropped page makes the first close fail; the second closes
            browser.close()

"""A scam kit reads ScamGuard's public source and writes around its page hook (issue 12: no page can hide from it,
silence it or fake it). Each page below is one way around it, in real Chromium with the real extension and
helper, with the protections every user's Chromium has (support.USER_PROTECTIONS):

- hook-detect.html looks for the hook (globals, toString of the wrapped functions in this realm and a fresh
  frame's, property descriptors, whether it answers a "release") and plays a harmless bookshop if it finds it:
  it finds nothing, shows its fake Defender alert, and is stopped;
- frame-apis.html takes alert() or pushState from a fresh same-origin frame (about:srcdoc, a framed same-origin
  page, an about:blank frame removed before use): the alert loop is still stopped before it holds the page,
  the history flood is still counted;
- hash-flood.html floods the history with location.hash instead of pushState: counted as the history loop;
- forged-signals.html is an ordinary login page with a script that forges the hook's signals every way the
  source suggests: it stays allowed, and none of its forged counts reaches the check;
- forged-reset.html tries to silence or reset the counts (stops the signal events, sends "release", patches
  dispatchEvent, stops navigation events) and floods the history: still stopped as a history loop."""
from urllib.parse import quote

import pytest

from e2e.support import BLOCKED_PAGE as BLOCKED, poll, shown_codes
from e2e.test_scareware_loops import Dialogs, tabs, wait_interstitial

import time


def open_page(browser, site, host: str, path: str):
    url = site.url(host, path)
    blocked = browser.ext_url("blocked.html") + "?u=" + quote(url, safe="")
    window_id = browser.sw_eval("chrome.windows.getLastFocused().then(w => w.id)")
    dialogs = Dialogs(browser)      # dialogs stay open, as for a user who has not answered yet
    browser.goto(url)
    return url, blocked, window_id, dialogs


def reasons(page) -> list[str]:
    return page.locator(".reasons li[data-code]").evaluate_all("els => els.map(e => e.dataset.code)")


def stopped(browser, window_id, blocked):
    _tab, shown, _elapsed = wait_interstitial(browser, window_id, blocked, time.monotonic())
    return shown


def test_a_page_looking_for_the_hook_finds_nothing_and_is_stopped(guarded, site):
    host = "kx3-detect.info"
    _url, blocked, window_id, _ = open_page(guarded, site, host, "/hook-detect.html")
    shown = stopped(guarded, window_id, blocked)
    found = next(e for e in site.events_for(host) if e["e"] == "found")
    assert found["n"] == "0", f"the page found the hook: {found.get('what')}"
    assert "PAGE_TSS_CALL_NUMBER" in reasons(shown) and "PAGE_HISTORY_LOOP" in reasons(shown)


@pytest.mark.parametrize("via", ["srcdoc", "page"])
def test_an_alert_loop_with_alert_from_a_fresh_frame_is_stopped(guarded, site, via):
    host = f"kx3-frame-{via}.info"
    url, blocked, window_id, dialogs = open_page(guarded, site, host, f"/frame-apis.html?via={via}")
    shown = stopped(guarded, window_id, blocked)
    assert "PAGE_TSS_CALL_NUMBER" in reasons(shown)
    # Looked at before the first alert held the page: the user saw at most that one.
    assert [d["type"] for d in dialogs.seen] in ([], ["alert"]), dialogs.seen
    assert [e for e in site.events_for(host) if e["e"] == "dialog"], "the page never reached its alert loop"


def test_a_history_flood_with_pushstate_from_a_removed_frame_is_counted(guarded, site):
    host = "kx3-frame-removed.info"
    _url, blocked, window_id, _ = open_page(guarded, site, host, "/frame-apis.html?via=removed")
    shown = stopped(guarded, window_id, blocked)
    assert "PAGE_HISTORY_LOOP" in reasons(shown)
    assert int(next(e for e in site.events_for(host) if e["e"] == "flooded")["entries"]) >= 50   # Chromium caps history.length at 50


def test_a_location_hash_flood_is_counted_as_a_history_loop(guarded, site):
    host = "kx3-hash-flood.info"
    _url, blocked, window_id, _ = open_page(guarded, site, host, "/hash-flood.html")
    shown = stopped(guarded, window_id, blocked)
    assert "PAGE_HISTORY_LOOP" in reasons(shown)
    # The page's text alone is a warning, not a block: the loop is what stopped it.
    assert "PAGE_TSS_CALL_NUMBER" not in reasons(shown)


def test_forged_signals_cannot_get_an_ordinary_page_blocked(guarded, site):
    host = "corner-books-forged.example"
    url, _blocked, _window_id, _ = open_page(guarded, site, host, "/forged-signals.html")
    page = guarded.page
    tab = guarded.tab_id()
    assert any(e["e"] == "forged" for e in site.events_for(host))
    # The login form makes the page worth a check: it is checked, with none of the forged counts, and allowed.
    guarded.wait_page_checked(tab)
    deadline = time.monotonic() + 10
    while (state := guarded.sw_eval(f"chrome.storage.session.get('tab:{tab}').then(r => r['tab:{tab}'])") or {}) \
            .get("pageChecked") is not True:
        assert time.monotonic() < deadline, state
        page.wait_for_timeout(50)
    assert state["status"] == "allow", state
    shape = guarded.sw_eval(f"chrome.tabs.sendMessage({tab}, {{what: 'collect'}}).then(r => r.page)")
    assert shape["signals"] == {}, shape["signals"]
    assert page.url == url and [t for t in tabs(guarded) if "blocked.html" in t["url"]] == []


def test_a_scam_that_silences_or_resets_the_counts_is_still_stopped(guarded, site):
    host = "kx3-forged-reset.info"
    _url, blocked, window_id, _ = open_page(guarded, site, host, "/forged-reset.html")
    shown = stopped(guarded, window_id, blocked)
    assert "PAGE_HISTORY_LOOP" in reasons(shown)


def test_a_pop_up_of_the_page_tells_nothing_either(browser, site):
    """The same toString checks from an about:blank pop-up the page opens (Playwright's pop-up blocker is off
    here; on a user's browser this needs a click): both realms call each other's wrappers native."""
    browser.goto(site.url("kx3-popup-detect.info", "/benign.html"))
    seen = browser.page.evaluate("""() => {
        const w = window.open('about:blank', '_blank', 'popup');
        const r = [w.Function.prototype.toString.call(alert), Function.prototype.toString.call(w.alert),
                   w.Function.prototype.toString.call(w.History.prototype.pushState)];
        w.close();
        return r; }""")
    assert seen == ["function alert() { [native code] }", "function alert() { [native code] }",
                    "function pushState() { [native code] }"]


def test_a_locker_written_with_document_open_is_silenced_when_stopped(browser, site):
    """A lure writes a locker over itself (document.open() + document.write()), whose alarm starts by the
    autoplay attribute (no play() for the hook to see) and is then moved into a closed shadow root, where no
    document-wide search finds it. document.open() erases the window's listeners, the hook's "play" listener
    among them: unless the hook adds it again, the alarm it did not hear start goes on under the interstitial's
    release, until the page is torn down."""
    host = "written.kx3-video-player.info"
    page = browser.page
    browser.goto(site.url(host, "/written-locker.html"))
    page.locator("#play").click()
    browser.wait_url(page, r"^chrome-extension://[a-z]+/blocked\.html", timeout=12)
    page.locator(".reasons li[data-code]").first.wait_for()
    page.wait_for_timeout(300)                       # the page's last beacons
    names = [e["e"] for e in site.events_for(host)]
    assert "audio-playing" in names, names            # it really beeped
    assert "pagehide" in names, names
    # Released by the extension while the page was still alive (a page being torn down fires no pause event).
    assert "audio-paused" in names and names.index("audio-paused") < names.index("pagehide"), names


@pytest.mark.parametrize("how", ["attr", "written", "shadow", "detached", "declarative"])
def test_an_alarm_started_by_the_autoplay_attribute_counts_as_one(browser, site, how):
    """A locker whose only behaviour is an alarm the autoplay attribute starts (no play() call for the hook to
    see): in the page, written over it by document.open() + document.write() after load, inside a closed
    shadow root ("play" does not leave a shadow tree), an Audio never put in the page (its "play" reaches only
    itself), or inside a root the parser made (<template shadowrootmode>: no attachShadow call). Its text (a claim and "call a technician", the number
    drawn on a canvas) is a warning on its own; the alarm it plays by itself is what makes it a block, listed on
    the interstitial. Not counting it left the page open under a warning."""
    host = f"{how}.kx4-alarm.info"
    page = browser.page
    browser.goto(site.url(host, f"/alarm-locker.html?how={how}"))
    browser.wait_url(page, BLOCKED, timeout=15)
    assert "PAGE_ALARM_AUDIO" in shown_codes(page)
    assert "audio-playing" in [e["e"] for e in site.events_for(host)]     # it really played


def test_an_alarm_played_in_a_small_frame_of_another_host_counts_for_the_page(browser, site):
    """The same locker, its alarm played by the autoplay attribute in a 1×1 frame of another host: the user hears
    it as the page's. A frame that small never asks for a check of its own, and a cross-origin frame's counts
    stayed its own: the alarm counted nowhere and the page stayed open under a warning."""
    inner = site.url("media.kx4-cdn.example", "/alarm-only.html")
    page = browser.page
    browser.goto(site.url("framed.kx4-alarm.info", "/alarm-frame.html?src=" + quote(inner, safe="")))
    browser.wait_url(page, BLOCKED, timeout=15)
    assert "PAGE_ALARM_AUDIO" in shown_codes(page)
    assert "audio-playing" in [e["e"] for e in site.events_for("media.kx4-cdn.example")]

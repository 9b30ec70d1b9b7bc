"""Where the scam lives (issue 12): a bare password form in a frame of another host that is small (190×140) or
drawn small and scaled up by CSS, or of an ordinary size, under a top page that shows the brand (judged together,
by the top page's address, also when the brand comes later); a fake sign-in written into an about:blank pop-up by its opener, opened as a blob:
page, or opened with window.open on another host. Each ends on the interstitial."""
import re
import time
from urllib.parse import quote

import pytest

from e2e.support import BLOCKED_PAGE as BLOCKED, METRICS, wait_event


def codes(page) -> list[str]:
    page.locator(".reasons li[data-code]").first.wait_for()
    return page.locator(".reasons li[data-code]").evaluate_all("els => els.map(e => e.dataset.code)")


@pytest.mark.parametrize("size", ["small", "scaled", "full"])
def test_brand_on_the_top_page_and_the_password_form_in_a_frame_of_another_host_is_stopped(browser, site, size):
    shell = f"{size}.signin-portal-jp.example"
    inner = f"{size}.pw-frame-cdn.example"
    top = site.url(shell, "/brand-shell.html?size=" + size + "&src="
                   + quote(site.url(inner, "/bare-password.html"), safe=""))
    page = browser.page
    t0 = time.monotonic()
    browser.goto(top)
    browser.wait_url(page, BLOCKED, timeout=12)
    METRICS[f"brand on top, password form in a {size} frame of another host: load → interstitial (s)"] = \
        round(time.monotonic() - t0, 2)
    assert "PAGE_BRAND_CREDENTIAL_FORM" in codes(page)
    # The interstitial names the address the user saw, and the framed page the form was in.
    assert shell in page.locator("[data-role=fake-unicode]").inner_text()
    assert inner in page.locator("[data-role=framed-host]").inner_text()


def test_the_brand_shown_on_the_top_page_after_its_framed_password_form_was_checked_is_stopped(browser, site):
    """The frame's form is checked (and judged with the top page, which shows no brand yet) and allowed; the top
    page shows the brand 2.5 s later: the top page, told that a frame of it holds a sign-in form, looks again."""
    shell = "later.signin-portal-jp.example"
    inner = "later.pw-frame-cdn.example"
    top = site.url(shell, "/brand-shell.html?later=1&src=" + quote(site.url(inner, "/bare-password.html"), safe=""))
    page = browser.page
    browser.goto(top)
    tab = browser.tab_id()
    browser.wait_page_checked(tab)
    assert "changed" not in [e["e"] for e in site.events_for(shell)], "the brand came before the first check"
    assert page.url == top
    wait_event(site, shell, "changed")
    browser.wait_url(page, BLOCKED, timeout=15)
    assert "PAGE_BRAND_CREDENTIAL_FORM" in codes(page)
    assert inner in page.locator("[data-role=framed-host]").inner_text()


def test_a_bare_password_form_in_a_frame_under_a_page_without_the_brand_is_not_stopped(browser, site):
    """The same frame under an ordinary page (a shop's own members' area framing its login): allowed."""
    inner = "login.honya-cdn.example"
    top = site.url("honya-members.example", "/frame-shell.html?src=" + quote(site.url(inner, "/bare-password.html"), safe=""))
    page = browser.page
    browser.goto(top)
    tab = browser.tab_id()
    browser.wait_page_checked(tab)
    page.wait_for_timeout(1500)
    assert page.url == top
    assert browser.badge(tab) == ""


@pytest.mark.parametrize("how", ["blank", "blob", "open", "blank-later", "blank-frame"])
def test_a_fake_sign_in_opened_by_a_page_is_stopped(browser, site, how):
    """`blank`: window.open('') and document.write into the about:blank pop-up; `blob`: the tab goes to the fake
    as a blob: page; `open`: window.open of the fake on another host."""
    host = f"{how}.matome-sokuho.example"
    target = site.url(f"{how}.qx7k2v-jp.top", "/signin.html")
    page = browser.page
    browser.goto(site.url(host, f"/opener.html?how={how}&to=" + quote(target, safe="")))
    wait_event(site, host, "ready")
    if how == "blob":
        page.locator("#more").click()
        shown = page
    else:
        with browser.ctx.expect_page() as opened:
            page.locator("#more").click()
        shown = opened.value
    t0 = time.monotonic()
    browser.wait_url(shown, BLOCKED, timeout=12)
    METRICS[f"fake sign-in opened by a page ({how}): click → interstitial (s)"] = round(time.monotonic() - t0, 2)
    assert "PAGE_BRAND_CREDENTIAL_FORM" in codes(shown)
    # The address named is the page that made it (an about:blank or blob: page has none of its own).
    named = page.locator("[data-role=fake-unicode]") if how == "blob" else shown.locator("[data-role=fake-unicode]")
    assert (f"{how}.qx7k2v-jp.top" if how == "open" else host) in named.inner_text()

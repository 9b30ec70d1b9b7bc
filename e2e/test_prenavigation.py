"""Lookalike addresses never reach their server: the declarativeNetRequest detour sends them to the check
page before any request leaves, and the helper's verdict shows the interstitial. Benign pages load as usual."""
import re
import statistics
import time

import pytest

from e2e.support import FAMILIES, METRICS, SCREENSHOTS, Browser, alternating_medians, poll

NAVIGATIONS = 20
OFFICIAL_HELP = re.compile(r"^https://www\.amazon\.(co\.jp|com)/gp/help/customer/contact-us$")


@pytest.mark.parametrize("family", FAMILIES)
def test_lookalike_family_is_stopped_before_any_request(browser, site, family):
    hosts = FAMILIES[family]
    before = sum(site.count(h) for h in hosts)
    times = []
    for i in range(NAVIGATIONS):
        host = hosts[i % len(hosts)]
        start = time.perf_counter()
        browser.goto(site.url(host, f"/signin?n={i}"))
        browser.wait_url(browser.page, r"^chrome-extension://[a-z]+/blocked\.html\?u=")
        times.append((time.perf_counter() - start) * 1000)
        assert browser.page.locator("#fake").count() == 0
    reached = sum(site.count(h) for h in hosts) - before
    METRICS[f"requests reaching the server, {family}, {NAVIGATIONS} navigations"] = reached
    METRICS[f"median time from navigation to interstitial, {family} (ms)"] = round(statistics.median(times), 1)
    page = browser.page
    page.locator("#help[href^='https://']").wait_for()
    assert OFFICIAL_HELP.match(page.locator("#help").get_attribute("href"))
    assert page.locator(".reasons li[data-code]").count() >= 1
    assert page.evaluate("document.activeElement && document.activeElement.id") == "headline"
    assert reached == 0, f"{reached} requests reached the {family} server"


def test_detoured_but_allowed_or_warned_address_continues_once_without_a_loop(browser, site):
    """The detour patterns are broad on purpose (amazing-deals.com looks like "amazon" to a regex); the helper
    allows it, and the navigation continues with exactly one request and no check page left in history."""
    page = browser.page
    browser.goto(site.url("benign-shop.example", "/benign.html?start"))
    browser.goto(site.url("amazing-deals.com", "/benign.html"))
    browser.wait_url(page, r"^http://amazing-deals\.com:\d+/benign\.html$")
    assert page.title() == "Corner Bookshop"
    assert site.count_path("amazing-deals.com", "/benign.html") == 1
    tab = browser.tab_id()
    assert browser.badge(tab) == ""
    page.reload()                                         # same tab, same host: no second detour
    assert page.url.startswith("http://amazing-deals.com")
    assert site.count_path("amazing-deals.com", "/benign.html") == 2
    page.go_back()
    browser.wait_url(page, r"^http://benign-shop\.example:\d+/benign\.html\?start$")
    # What the broad patterns cost an innocent name: the detour and the helper's answer, then the page.
    detour_ms = [navigation_ms_to(browser, site, f"amazing-deals{i}.com") for i in range(12)]
    plain_ms = [navigation_ms_to(browser, site, f"corner-books{i}.example") for i in range(12)]
    METRICS["median navigation to an allowed lookalike-shaped name, with the detour (ms)"] = \
        round(statistics.median(detour_ms[2:]), 1)
    METRICS["median navigation to a plain name in the same browser (ms)"] = round(statistics.median(plain_ms[2:]), 1)
    # A warning (a whole-script Cyrillic name) also continues, and the badge says "?".
    browser.goto(site.url("xn--80aa0cbo65f.com", "/benign.html"))
    browser.wait_url(page, r"^http://xn--80aa0cbo65f\.com:\d+/benign\.html$")
    deadline = time.monotonic() + 5
    while browser.badge(tab) != "?":
        assert time.monotonic() < deadline, browser.badge(tab)
        page.wait_for_timeout(50)


def test_short_link_redirecting_to_a_lookalike_is_stopped_before_the_lookalike(browser, site):
    """SMS lures go through short links: the redirect target is detoured like a typed address."""
    target = site.url("amazon-co-jp.account-verify.net", "/verify")
    browser.goto(site.url("sho.rt-link.example", "/go?to=" + target))
    browser.wait_url(browser.page, r"blocked\.html")
    assert site.count("sho.rt-link.example") == 1
    assert site.count("amazon-co-jp.account-verify.net") == 0


def test_back_to_safety_returns_to_the_page_before_the_lure(browser, site):
    page = browser.page
    browser.goto(site.url("benign-shop.example", "/benign.html?from"))
    browser.goto(site.url("amzaon.com", "/deal"))
    browser.wait_url(page, r"blocked\.html")
    page.locator("#back").click()
    browser.wait_url(page, r"^http://benign-shop\.example:\d+/benign\.html\?from$")
    assert site.count("amzaon.com") == 0


def test_interstitial_explains_the_address_in_both_languages(browser, site):
    page = browser.page
    browser.goto(site.url("xn--mazon-3ve.com", "/ap/signin"))
    codes = browser.blocked_codes(page, timeout=10)
    assert "DOMAIN_SKELETON_MATCH" in codes
    # The fake address decomposed: Unicode and punycode side by side, the registrable part in bold.
    assert page.locator("[data-role=fake-unicode] .host-registrable").inner_text() == "аmazon.com"
    assert page.locator("[data-role=fake-punycode] .host-registrable").inner_text() == "xn--mazon-3ve.com"
    assert page.locator("[data-role=genuine]").inner_text() == "amazon.com"
    assert page.locator("[data-role=fake-unicode] mark.foreign").inner_text() == "а"      # the Cyrillic letter
    assert page.locator("[data-role=fake-unicode] mark.foreign").get_attribute("title") == "U+0430"
    # The fake imitates amazon.com, so the help route is the US one whatever the language.
    assert page.locator("#help").get_attribute("href") == "https://www.amazon.com/gp/help/customer/contact-us"
    # Keyboard alone: focus starts on the headline, Tab reaches "back to safety" before "proceed anyway".
    assert page.evaluate("document.activeElement.id") == "headline"
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert order.index("back") < order.index("SUMMARY")
    # No remote resource, no framing, textContent only: the CSP says so and the page obeys it.
    assert page.evaluate("[...document.querySelectorAll('[src],[href]')].every(e => !/^https?:/.test(e.getAttribute('src') || '') )")
    for lang, headline in (("en", "This page is not Amazon"), ("ja", "このページは Amazon ではありません")):
        page.locator(f"nav.lang button[data-lang={lang}]").click()
        # Focus returns to the headline once the page is re-rendered in the chosen language.
        poll(page, f"document.documentElement.lang === '{lang}' && document.activeElement.id === 'headline'")
        assert headline in page.locator("#headline").inner_text()
        page.screenshot(path=str(SCREENSHOTS / f"interstitial-{lang}.png"), full_page=True)
    ja_reason = page.locator(".reasons li[data-code=DOMAIN_SKELETON_MATCH] .reason-text").inner_text()
    assert "そっくり" in ja_reason


def test_interstitial_cannot_be_framed_or_opened_by_a_page(browser, site):
    page = browser.page
    browser.goto(site.url("benign-shop.example", "/benign.html"))
    blocked = browser.ext_url("blocked.html?u=" + "javascript:alert(1)")
    # A web page can neither frame nor open the extension's pages (no web_accessible_resources), so it cannot
    # dress up or click our "proceed" button.
    page.evaluate("""url => { const f = document.createElement('iframe'); f.src = url; document.body.append(f);
                              window.open(url); }""", blocked)
    page.wait_for_timeout(800)
    assert [f.url for f in page.frames[1:]] == ["chrome-error://chromewebdata/"]
    assert not [p.url for p in browser.ctx.pages if p.url.startswith("chrome-extension://")]
    # Opened directly with a javascript: target, "proceed" is refused and nothing runs.
    browser.goto(blocked)
    page.locator("details.proceed summary").click()
    page.locator("#proceed-once").click()
    page.locator("#proceed-error").wait_for(state="visible")
    assert page.url.startswith("chrome-extension://")


def navigation_ms_to(b: Browser, site, host: str) -> float:
    """From goto to the benign page loaded, whatever detour happens in between."""
    start = time.perf_counter()
    b.goto(site.url(host, "/benign.html"))
    b.wait_url(b.page, rf"^http://{re.escape(host)}:\d+/benign\.html$")
    b.page.wait_for_load_state("load")
    elapsed = (time.perf_counter() - start) * 1000
    assert b.page.title() == "Corner Bookshop"
    return elapsed


def test_benign_site_loads_without_interstitial_and_timing(pw, helper, site):
    """Both browsers open at once and take turns, so load from anything else on the machine hits both alike."""
    with_ext = Browser(pw, helper.url)
    without = Browser(pw, None, extension=False)
    try:
        with_ext.goto(site.url("benign-shop.example", "/benign.html"))
        with_ext.page.wait_for_timeout(300)
        assert with_ext.page.url.startswith("http://benign-shop.example")
        assert with_ext.badge(with_ext.tab_id()) == ""
        medians = alternating_medians({"with": with_ext, "without": without}, site)
        assert "chrome-extension" not in with_ext.page.url
    finally:
        with_ext.close()
        without.close()
    with_ms, without_ms = medians["with"], medians["without"]
    METRICS["median navigation to a benign local page, with the extension (ms)"] = round(with_ms, 1)
    METRICS["median navigation to a benign local page, without the extension (ms)"] = round(without_ms, 1)
    METRICS["ratio with/without"] = round(with_ms / without_ms, 2)

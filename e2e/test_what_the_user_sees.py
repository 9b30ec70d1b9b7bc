"""Issue 12: the collector reads what the user sees, not only the light DOM's text and <input type=password>: a
sign-in step that asks only for the e-mail address or phone number (Amazon's own first step), a password box
that is type=text masked by CSS, and a whole fake sign-in drawn inside an open or a closed shadow root. Each page
is on a plain host (no lookalike name) and has no warning words, so only the collector can stop it."""
import time

import pytest

BLOCKED = r"^chrome-extension://[a-z]+/blocked\.html"


def checks(browser, tab: int) -> int:
    return browser.sw_eval(f"chrome.storage.session.get('checks:{tab}').then(r => r['checks:{tab}'] ?? 0)")


@pytest.mark.parametrize("fixture", ["signin-email-step.html", "signin-masked.html",
                                     "signin-shadow.html?mode=open", "signin-shadow.html?mode=closed",
                                     "signin-css-labels.html"])
def test_a_fake_sign_in_the_light_dom_hides_is_stopped(browser, site, fixture):
    host = "seen-" + fixture.split(".")[0] + ("-" + fixture.split("=")[1] if "=" in fixture else "") + ".qx7k2v.top"
    page = browser.page
    browser.goto(site.url(host, "/" + fixture))
    codes = browser.blocked_codes(page)
    assert "PAGE_BRAND_CREDENTIAL_FORM" in codes, codes


def test_the_shadow_roots_text_and_fields_reach_the_helper(browser, site):
    host = "trusted-shadow.qx7k2v.top"
    browser.sw_eval(f"chrome.storage.local.set({{trusted: ['{host}']}})")      # loads, so it can be collected
    browser.goto(site.url(host, "/signin-shadow.html?mode=closed"))
    browser.page.locator("sign-in-card").wait_for()
    shape = browser.sw_eval(f"chrome.tabs.sendMessage({browser.tab_id()}, {{what: 'collect'}}).then(r => r.page)")
    assert "プライム会員資格の停止" in shape["text"]
    assert "amazon.co.jp" in shape["image_alts"]
    assert sorted(shape["forms"][0]["fields"]) == ["account", "card_number", "password"]


def test_a_newsletter_box_on_a_page_without_the_brand_costs_no_check(browser, site):
    page = browser.page
    browser.goto(site.url("camp-dayori.example", "/newsletter.html"))
    tab = browser.tab_id()
    page.locator("form").wait_for()
    page.wait_for_timeout(1500)
    assert checks(browser, tab) == 0
    assert page.url.startswith("http://camp-dayori.example")

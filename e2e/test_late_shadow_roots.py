"""Closed shadow roots made after the collector's first look (issue 12). The collector no longer asks every element
for a closed root on every look: it keeps the roots it knows, asks the elements added since (in the document and
in every root), the hosts the page hook reports (attachShadow, from any same-origin realm), and every element
while the page's parser is still writing. Each way a root can come late is a fake Amazon sign-in drawn inside a
closed root on a plain host, after a look that saw only an ordinary shop page: it must still be stopped.

- shadow-late.html?how=later: attachShadow on an element on the page from the start (no DOM change outside);
- ?how=nested: attachShadow on an element inside a closed root the collector already knows;
- ?how=frame: with attachShadow taken from a fresh same-origin frame, removed again before use;
- ?how=clone: a copy (cloneNode) of an element off the page whose closed root is clonable, put on the page;
- ?how=write: a new document written in two parts, a declarative closed root in the second; ?how=rewrite: at once;
- shadow-streamed.html: the page's own parser gets the declarative closed root two seconds after the host."""
import pytest

from e2e.support import wait_event


def _collected(browser) -> dict:
    return browser.sw_eval(f"chrome.tabs.sendMessage({browser.tab_id()}, {{what: 'collect'}}).then(r => r.page)")


@pytest.mark.parametrize("how", ["later", "nested", "frame", "clone", "write", "rewrite"])
def test_a_closed_root_made_after_the_first_look_is_still_read(browser, site, how):
    host = f"late-shadow-{how}.qx7k2v.top"
    page = browser.page
    browser.goto(site.url(host, f"/shadow-late.html?how={how}"))
    first = _collected(browser)             # a look at the page as it is: an ordinary shop page
    assert "会員センター" in first["text"] and "会員資格の停止" not in first["text"], first["text"]
    if how not in ("write", "rewrite"):      # its closed root from the start is read
        assert "本日の入荷" in first["text"], first["text"]
    assert first["forms"] == []
    page.locator("#go").click()
    wait_event(site, host, "changed")
    codes = browser.blocked_codes(page)
    assert "PAGE_BRAND_CREDENTIAL_FORM" in codes, codes


def test_a_declarative_closed_root_streamed_after_its_host_is_still_read(browser, site):
    host = "late-shadow-streamed.qx7k2v.top"
    page = browser.page
    browser.goto(site.url(host, "/shadow-streamed.html"))
    codes = browser.blocked_codes(page)
    assert "PAGE_BRAND_CREDENTIAL_FORM" in codes, codes

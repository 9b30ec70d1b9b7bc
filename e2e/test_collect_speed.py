"""Benchmark, not a test (skipped unless SCAMGUARD_BENCH=1): the content script's own time per check on a ~100 KB
page, in real Chromium with the real extension. The collector's 'recheck' message runs one whole check
synchronously (the page shape, then, when it is worth a check, the page collected as the user sees it:
content/seen-text.js) and answers with the time it took. Prints p50 / p90 / max and records them in the e2e
measurements (docs/PERFORMANCE.md); no timed assertion. The collector keeps what it knows of the page's shadow
roots from one look to the next (it asks only elements added since), so each case is also run with the page
changing between checks, as a live page does (a line added to its footer): that is the figure to quote.

    SCAMGUARD_BENCH=1 python -m pytest e2e/test_collect_speed.py -s
"""
import os
import statistics

import pytest

from e2e.support import METRICS

pytestmark = pytest.mark.skipif(os.environ.get("SCAMGUARD_BENCH") != "1", reason="a benchmark: SCAMGUARD_BENCH=1")
RUNS = int(os.environ.get("SCAMGUARD_BENCH_RUNS", "60"))


CHANGE = """(i) => { const p = document.createElement('p'); p.textContent = `更新 ${i}: 新しいお知らせ`;
  document.getElementById('end').append(p); }"""


@pytest.mark.parametrize("changing", [True, False], ids=["page changing between checks", "page unchanged"])
@pytest.mark.parametrize("scam", ["0", "1"], ids=["benign, shape only", "warning words, shape and collection"])
def test_content_script_time_per_check_on_a_100_kb_page(browser, site, scam, changing):
    host = f"bench-{scam}.kq7-notice.example"
    browser.sw_eval(f"chrome.storage.local.set({{trusted: ['{host}']}})")     # stays open, is still collected
    browser.goto(site.url(host, f"/bench-page.html?kb=100&scam={scam}"))
    page = browser.page
    page.locator("#end").wait_for(state="attached")
    size = page.evaluate("document.documentElement.outerHTML.length")
    tab = browser.tab_id()
    ask = f"chrome.tabs.sendMessage({tab}, {{what: 'recheck'}}).then(r => r.ms)"
    for _ in range(5):
        browser.sw_eval(ask)
    times = []
    for i in range(RUNS):
        if changing:
            page.evaluate(CHANGE, i)
        times.append(browser.sw_eval(ask))
        page.wait_for_timeout(30)     # a new task: the per-look cache is gone, as between two real checks
    times.sort()
    p50, p90 = statistics.median(times), times[int(0.9 * (len(times) - 1))]
    shape = browser.sw_eval(f"chrome.tabs.sendMessage({tab}, {{what: 'collect'}}).then(r => r.page.text.length)")
    key = "content script per check, 100 KB page, " + ("warning words (shape + collection)" if scam == "1" else "benign (shape only)") \
        + (", page changing between checks" if changing else ", page unchanged")
    load = os.getloadavg()[0]
    METRICS[f"{key}: min / p50 / p90 / max ms ({RUNS} runs, {size} chars of markup, {shape} chars of text, load {load:.1f})"] = (
        f"{times[0]:.2f} / {p50:.2f} / {p90:.2f} / {times[-1]:.2f}")
    print(f"\n{key}: min {times[0]:.2f} ms, p50 {p50:.2f} ms, p90 {p90:.2f} ms, max {times[-1]:.2f} ms, load {load:.1f}")

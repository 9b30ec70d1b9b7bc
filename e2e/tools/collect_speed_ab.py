"""The content script's time per check (e2e/test_collect_speed.py's measure) of this checkout's extension against
another git revision's, in alternating checks on the same load: two browsers, one check in each in turn (the order
flips every round), so that whatever else runs on the machine slows both alike. Prints min / p50 / p90 of each and
the ratio of the p50s, for the benign page (shape only) and the page with a locker's words (shape + collection),
with the page changing between checks (a line added to its footer, as a live page does) and unchanged.

    python e2e/tools/collect_speed_ab.py main            # this checkout against main
    RUNS=100 python e2e/tools/collect_speed_ab.py 07a135a
"""
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import e2e.support as support  # noqa: E402
from e2e.test_collect_speed import CHANGE  # noqa: E402

RUNS = int(os.environ.get("RUNS", "60"))
WARMUP = 5


def extension_at(ref: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "extension"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "extension"


def summary(times: list[float]) -> str:
    t = sorted(times)
    return f"min {t[0]:.2f}  p50 {statistics.median(t):.2f}  p90 {t[int(0.9 * (len(t) - 1))]:.2f} ms"


def main(ref: str) -> None:
    helper = support.Helper().start()
    site = support.Site()
    with tempfile.TemporaryDirectory(prefix="scamguard-ab-") as tmp, sync_playwright() as pw:
        builds = {ref: extension_at(ref, Path(tmp)), "this checkout": ROOT / "extension"}
        browsers = {}
        for name, folder in builds.items():
            support.EXTENSION = folder          # read when a Browser starts
            browsers[name] = support.Browser(pw, helper.url)
        try:
            for scam in ("0", "1"):
                for changing in (True, False):
                    tabs = {}
                    host = f"bench-{scam}.kq7-notice.example"
                    for name, b in browsers.items():
                        b.sw_eval(f"chrome.storage.local.set({{trusted: ['{host}']}})")
                        b.goto(site.url(host, f"/bench-page.html?kb=100&scam={scam}&r={int(changing)}"))
                        b.page.locator("#end").wait_for(state="attached")
                        tabs[name] = b.tab_id()
                    times = {name: [] for name in browsers}
                    names = list(browsers)
                    for i in range(WARMUP + RUNS):
                        for name in names if i % 2 else names[::-1]:
                            b = browsers[name]
                            if changing:
                                b.page.evaluate(CHANGE, i)
                            ms = b.sw_eval(f"chrome.tabs.sendMessage({tabs[name]}, {{what: 'recheck'}}).then(r => r.ms)")
                            if i >= WARMUP:
                                times[name].append(ms)
                            b.page.wait_for_timeout(30)
                    case = ("warning words, shape + collection" if scam == "1" else "benign, shape only") + \
                        (", page changing" if changing else ", page unchanged")
                    ratio = statistics.median(times["this checkout"]) / statistics.median(times[ref])
                    print(f"{case} (load {os.getloadavg()[0]:.1f}):")
                    for name in names:
                        print(f"  {name:>14}: {summary(times[name])}")
                    print(f"  p50 ratio this checkout / {ref}: {ratio:.2f}", flush=True)
        finally:
            for b in browsers.values():
                b.close()
            helper.stop()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "main")

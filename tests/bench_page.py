"""Page-check benchmark (not a test): time to score a page in-process, as the API does after JSON parsing.

    python3 tests/bench_page.py [--runs N]

Prints p50/p99 for ~100 KB and ~1 MB pages: a scam page (Japanese text with a scare screen, a form and signals:
every detector fires) and a benign Japanese article (nothing matches, so every phrase list is read in full);
nothing is cached between runs), the time for 10 MB adversarial texts
(the API keeps the first 1,000,000 characters; the detectors read at most the first 32,000 and last 8,000),
and, for information, how long extract_page takes on the fixture pages and on 1 MB / 5 MB of HTML.
Sizes are UTF-8 bytes of the text.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helper.context import parse_page  # noqa: E402
from helper.engine import Engine  # noqa: E402
from helper.html_extract import extract_page  # noqa: E402

URL = "https://secure-check-7781.xyz/lock/index.html"
PARAGRAPH = ("Amazonプライムの特典を最大限に活用する方法をご紹介します。お急ぎ便や日時指定便、プライムビデオ、"
             "Prime Readingなど、日常のあらゆるシーンを豊かにしてくれる機能がたくさん詰まっています。"
             "Customer reviews, delivery options and 0120-999-373 are listed below.\n")
SCARE = "お使いのPCはウイルスに感染しています。今すぐサポートに電話してください ０５０－５８１２－３９７４\n"


def page_of(size_bytes: int) -> dict:
    body, n = [], 0
    while n < size_bytes:
        body.append(PARAGRAPH)
        n += len(PARAGRAPH.encode())
    text = SCARE + "".join(body)
    return {"title": "Windows Defender セキュリティ警告", "text": text, "lang": "ja",
            "image_alts": ["Windows Defender", "Amazon.co.jp"] * 10,
            "forms": [{"action": URL, "fields": ["account", "password"]}],
            "signals": {"fullscreen_changes": 12, "audio_autoplay": 1, "keyboard_lock": 1}}


def article_of(size_bytes: int) -> dict:
    """A benign Japanese article of about `size_bytes`: nothing matches, so every phrase list is read in full."""
    seed = ROOT.parent / "shared" / "seeds" / "001_ec406ca319c723ed.txt"
    base = seed.read_text(encoding="utf-8") if seed.exists() else PARAGRAPH.replace("0120-999-373", "")
    text = base
    while len(text.encode()) < size_bytes:
        text += base
    cut = text.encode()[:size_bytes].decode("utf-8", "ignore")
    return {"title": "Amazon問い合わせガイド", "text": cut, "lang": "ja", "signals": {"fullscreen_changes": 1}}


def percentiles(samples: list[float]) -> tuple[float, float]:
    s = sorted(samples)
    return statistics.median(s) * 1000, s[min(len(s) - 1, int(len(s) * 0.99))] * 1000


def time_verdict(engine: Engine, page: dict, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this thread's CPU time per verdict (CPU time leaves out waiting for a busy machine)."""
    wall, cpu = [], []
    engine.verdict(URL, page)                      # warm the URL cache and the data, as a running helper is
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        engine.verdict(URL, page)                  # parse_page + every detector; page results are never cached
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return wall, cpu


ADVERSARIAL = {
    "dashes after a call phrase": "今すぐお電話ください" + "0-" * 5_000_000,
    "long digit runs by call phrases": ("お電話ください 0" + "1" * 40 + " ") * 200_000,
    "brand name repeated": "amazon" * 1_700_000,
    "plus/paren number shapes": ("call now " + "+1 (8" * 30) * 60_000,
    "claims and counter phrases interleaved": ("ウイルスに感染しました 詐欺 " * 1) * 600_000,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=300)
    args = ap.parse_args()
    engine = Engine()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"page scoring in-process, {args.runs} runs each (load average {load:.1f} on {os.cpu_count()} CPUs)")
    for label, size, make in (("100 KB scam", 100_000, page_of), ("1 MB scam", 1_000_000, page_of),
                              ("100 KB article", 100_000, article_of), ("1 MB article", 1_000_000, article_of)):
        page = make(size)
        v = engine.verdict(URL, page)
        wall, cpu = time_verdict(engine, page, args.runs)
        (p50, p99), (c50, c99) = percentiles(wall), percentiles(cpu)
        print(f"  {label:>14} page ({len(page['text']):>7} chars): p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  "
              f"(cpu p50 {c50:5.2f} p99 {c99:5.2f})  [{v['verdict']}, {len(v['reasons'])} reasons]")
    print("10 MB adversarial texts (one run each, whole verdict)")
    for label, pattern in ADVERSARIAL.items():
        text = (pattern * (10_000_000 // len(pattern) + 1))[:10_000_000]
        page = {"title": text[:2000], "text": text, "image_alts": [text[:500]] * 200}
        start = time.perf_counter()
        engine.verdict(URL, page)
        print(f"  {label:<40} {(time.perf_counter() - start) * 1000:7.1f} ms")
    print("extract_page (information: saved HTML for `scamguard check --html`)")
    fixtures = sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.html"))
    start = time.perf_counter()
    for f in fixtures:
        extract_page(f.read_bytes(), URL)
    print(f"  {len(fixtures)} fixture pages: {(time.perf_counter() - start) * 1000 / len(fixtures):.2f} ms each")
    for label, n in (("1 MB", 1_000_000), ("5 MB", 5_000_000)):
        html = ("<div><p class='x'>" + PARAGRAPH + "</p><img alt='a'><input name=q></div>") * (n // 300)
        start = time.perf_counter()
        parse_page(extract_page(html[:n], URL))
        print(f"  {label} of HTML: {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

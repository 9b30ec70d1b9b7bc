"""Real pages from the wild (the corpus of helper/page_corpus.py, kept outside the repository) in real Chromium with
the real extension and helper, each under a made-up neutral host and a random path (or its own Amazon host), the
user clicking once: a scam page is stopped within 12 s of the click, a genuine Amazon page on Amazon's host and a
scam-warning article are not. A fixed sample per family (SCAMGUARD_REAL_PAGES_SAMPLE pages, default 2; "all" for
every page: the full table is `python -m e2e.real_pages`). Skipped when the corpus is absent (CI has none)."""
import hashlib
import os

import pytest

from e2e import real_pages
from e2e.support import METRICS

pytestmark = pytest.mark.skipif(not real_pages.corpus_present(), reason=f"no real-page corpus at {real_pages.CORPUS}")


def sample() -> list:
    entries = real_pages.html_entries()
    want = os.environ.get("SCAMGUARD_REAL_PAGES_SAMPLE", "2")
    if want == "all":
        return entries
    by_family: dict[str, list] = {}
    for e in sorted(entries, key=lambda e: hashlib.sha256(f"{e.folder}/{e.file}".encode()).hexdigest()):
        by_family.setdefault(e.family, []).append(e)
    return [e for family in by_family.values() for e in family[: int(want)]]


def test_real_pages_are_stopped_or_left_alone_in_the_browser(pw, helper):
    runs = real_pages.measure(pw, helper.url, sample(), log=lambda line: None)
    METRICS["real pages in the browser (sample)"] = "\n" + real_pages.table(runs) + "\n" + real_pages.agreement(runs)
    missed = [f"{r.folder}/{r.file} ({r.family}): {r.click} {r.error}" for r in runs
              if r.malicious and "stopped" not in (r.click, r.no_click)]
    wrongly = [f"{r.folder}/{r.file} ({r.family}): {r.codes}" for r in runs if not r.malicious and r.click == "stopped"]
    assert not missed and not wrongly, {"scam pages not stopped": missed, "benign pages stopped": wrongly}

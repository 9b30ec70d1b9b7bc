"""Measure detection on labelled corpora. Tuning and reporting halves are kept apart (see SPLITS).

The corpora are strings to score; nothing here fetches a URL.
"""
from __future__ import annotations

import csv
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .context import InputError

# Which half of each shared corpus rules were tuned on; numbers are reported on the other half.
SPLITS = {
    "phish": "tuned on 2019-2020 rows, reported on 2021-2022 rows",
    "benign": "tuned on Tranco ranks 50,001-74,999, reported on ranks 75,000-100,000",
}
BRAND_WORDS = ("amazon", "amzn", "amason", "アマゾン")


@dataclass
class Tally:
    name: str
    data: str
    malicious: bool
    counts: dict[str, int] = field(default_factory=lambda: {"block": 0, "warn": 0, "allow": 0, "error": 0})
    missed: list[str] = field(default_factory=list)
    flagged_benign: list[str] = field(default_factory=list)
    scores: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rate(self, *verdicts: str) -> float:
        return sum(self.counts[v] for v in verdicts) / self.total if self.total else 0.0


def _levenshtein_at_most_one(a: str, b: str) -> bool:
    """Independent of the detectors on purpose: the subset must not be chosen by the thing being measured."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) <= 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def looks_like_amazon_by_name(hostname: str) -> bool:
    """The selection rule for "brand-looking" phishing hosts: a brand word anywhere in the host, or a host token
    (split on dots and hyphens) one edit (or one adjacent swap) from "amazon". Punycode is decoded first."""
    host = hostname.lower()
    try:
        shown = host.encode("ascii").decode("idna") if "xn--" in host else host
    except UnicodeError:
        shown = host
    if any(w in shown for w in BRAND_WORDS):
        return True
    tokens = shown.replace("-", ".").split(".")
    return any(_levenshtein_at_most_one(t, "amazon") for t in tokens)


def phishing_rows(path: Path):
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t")


def run(engine, items, tally: Tally, progress: bool = False) -> Tally:
    items = list(items)
    started = time.monotonic()
    for n, url in enumerate(items, 1):
        try:
            v = engine.verdict(url)
        except InputError:
            tally.counts["error"] += 1
            continue
        tally.counts[v["verdict"]] += 1
        tally.scores.append(v["score"])
        if tally.malicious and v["verdict"] == "allow":
            tally.missed.append(url)
        if not tally.malicious and v["verdict"] != "allow":
            tally.flagged_benign.append(url)
        if progress and n % 5000 == 0:
            print(f"  {tally.name}: {n}/{len(items)} ({time.monotonic() - started:.1f} s)", file=sys.stderr)
    return tally


def dnstwist_sets(domains):
    """{fuzzer: [domain, …]} of dnstwist permutations, minus Amazon's own domains (tld-swaps to TLDs it owns)."""
    import dnstwist

    per: dict[str, set[str]] = {}
    for domain in domains:
        f = dnstwist.Fuzzer(domain)
        f.generate()
        for d in f.domains:
            if d["fuzzer"] != "*original":
                per.setdefault(d["fuzzer"], set()).add(d["domain"])
    return {k: sorted(v) for k, v in sorted(per.items())}


def url_corpora(engine, data_dir: Path, split: str = "report", progress: bool = False) -> list[Tally]:
    """The issue-2 measurements: phishing (brand-looking / not), benign top list, dnstwist, Amazon's own."""
    phish = list(phishing_rows(data_dir / "phish_amazon_urls_2019-2022.tsv"))
    years = ("2021", "2022") if split == "report" else ("2019", "2020")
    rows = [r for r in phish if r["date"][:4] in years]
    hosted = [r for r in rows if r["host_under_amazon_owned_domain"] == "yes"]
    rest = [r for r in rows if r["host_under_amazon_owned_domain"] != "yes"]
    named = [r["url"] for r in rest if looks_like_amazon_by_name(r["hostname"])]
    unnamed = [r["url"] for r in rest if not looks_like_amazon_by_name(r["hostname"])]
    phish_src = f"phish_amazon_urls_2019-2022.tsv, {', '.join(years)} rows"
    out = [
        run(engine, named, Tally("phishing, looks like Amazon by name", phish_src, True), progress),
        run(engine, unnamed, Tally("phishing, does not look like Amazon by name", phish_src, True), progress),
        run(engine, [r["url"] for r in hosted], Tally("phishing on Amazon-run hosting (S3, CloudFront)", phish_src,
                                                       True), progress),
    ]
    benign = []
    with open(data_dir / "benign_domains_tranco_50001-100000.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            rank = int(r["rank"])
            if (rank >= 75000) == (split == "report"):
                benign.append("https://" + r["domain"] + "/")
    out.append(run(engine, benign, Tally("benign popular domains (Tranco)", "benign_domains_tranco_50001-100000.tsv, "
                                         + ("ranks 75,000-100,000" if split == "report" else "ranks 50,001-74,999"),
                                         False), progress))
    owned = [l.split("\t")[0] for l in (data_dir / "amazon_owned_domains.tsv").read_text(encoding="utf-8").splitlines()
             if l and not l.startswith("#")]
    owned = ["https://" + (d[2:] if d.startswith("*.") else d) + "/" if not d.startswith("*.")
             else "https://www" + d[1:] + "/" for d in owned]
    out.append(run(engine, owned + ["https://www." + u[8:] for u in owned],
                   Tally("Amazon's own domains (and www.)", "amazon_owned_domains.tsv", False), progress))
    return out


def dnstwist_corpora(engine, domains=("amazon.co.jp", "amazon.com"), progress: bool = False) -> list[Tally]:
    owner = engine.knowledge.owner
    out = []
    for fuzzer, doms in dnstwist_sets(domains).items():
        targets = [d for d in doms if owner(d)[1] != "genuine"]
        out.append(run(engine, ["http://" + d + "/" for d in targets],
                       Tally(f"dnstwist {fuzzer}", f"dnstwist permutations of {', '.join(domains)} "
                             f"({len(doms) - len(targets)} owned by Amazon left out)", True), progress))
    return out


def markdown_table(tallies: list[Tally]) -> str:
    lines = ["| family | data | n | block | warn | allow | error | flagged (block+warn): recall, or false-positive rate for benign | block rate |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for t in tallies:
        lines.append(f"| {t.name} | {t.data} | {t.total} | {t.counts['block']} | {t.counts['warn']} | "
                     f"{t.counts['allow']} | {t.counts['error']} | {t.rate('block', 'warn'):.2%} | "
                     f"{t.rate('block'):.2%} |")
    return "\n".join(lines)


def labelled_file(path: Path, default_label: str | None = None) -> dict[str, list[str]]:
    """A user's own data: one URL per line, optionally followed by a tab and a label (malicious/benign, or
    phish/1 and benign/0). Lines starting with # are skipped. Returns {label: [urls]}."""
    aliases = {"malicious": "malicious", "phish": "malicious", "phishing": "malicious", "1": "malicious",
               "bad": "malicious", "benign": "benign", "0": "benign", "good": "benign", "legit": "benign"}
    out: dict[str, list[str]] = {"malicious": [], "benign": []}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        url, _, label = line.partition("\t")
        label = aliases.get(label.strip().lower(), None) if label.strip() else default_label
        if label is None:
            raise ValueError(f"{path}:{n}: no label (add a tab and malicious/benign, or pass --label)")
        out[label].append(url.strip())
    return out

"""A corpus of real saved pages and quoted texts, scored by the page check: `scamguard eval --pages DIR`.

The corpus lives outside the repository (third-party, partly criminal pages): DIR/<folder>/manifest.tsv, one per
folder, tab-separated with a header row and these columns (more are allowed and ignored):

  file        the page (.html) or a quoted text (.txt, judged as page text alone: no title, no forms)
  label       scam | benign
  family      scareware | fake_amazon | scam_quote | amazon_clone | genuine_amazon | warning_article | benign_page
  lang        ja | en | mixed
  source      the unit for leave-source-out: a repository (owner/name) or a site
  served_on   the host the page is judged as served from; empty: a neutral made-up host
  origin      owner/name@commit:path, or the page's URL
  description one line
  split       optional: tune | report, overriding the stable hash of the source

A genuine_amazon page is judged twice: on its own Amazon host (served_on; it must be allowed) and on a neutral
host, where it is a perfect clone and counts in the amazon_clone family (it must be stopped).

Leave-source-out: every source falls into the tune or the report half by a stable hash of its name (SHA-256,
first byte even: tune), so pages of one kit never sit on both sides. Every figure is shown for both halves.
Nothing here fetches a URL or runs a page's script.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

FAMILIES = ("fake_amazon", "amazon_clone", "scareware", "scam_quote", "genuine_amazon", "warning_article",
            "benign_page")
LABELS = ("scam", "benign")
LANGS = ("ja", "en", "mixed")
HALVES = ("tune", "report")
COLUMNS = ("file", "label", "family", "lang", "source", "served_on", "origin", "description")
VERDICTS = ("block", "warn", "allow", "error")


class CorpusError(ValueError):
    """A manifest that cannot be read as the format above (the message names the file and row)."""


@dataclass
class Entry:
    folder: str
    file: str
    label: str
    family: str
    lang: str
    source: str
    served_on: str
    origin: str
    description: str
    half: str
    path: Path

    @property
    def malicious(self) -> bool:
        return self.label == "scam"


@dataclass
class Judged:
    entry: Entry
    family: str            # the family it is counted in (a genuine page on a neutral host: amazon_clone)
    malicious: bool
    url: str
    verdict: str
    score: int
    codes: list[str] = field(default_factory=list)


def split_of(source: str) -> str:
    """The half a source belongs to: stable across runs and machines (not Python's salted hash)."""
    return HALVES[hashlib.sha256(source.strip().lower().encode("utf-8")).digest()[0] % 2]


def neutral_url(entry: Entry) -> str:
    """A made-up host with no brand word and an ordinary ending, the same for a file on every run."""
    h = hashlib.sha256(f"{entry.folder}/{entry.file}".encode("utf-8")).hexdigest()
    return f"https://www.{h[:8]}-{h[8:12]}.com/p/{h[12:18]}.html"


def served_url(host: str) -> str:
    return host if "://" in host else f"https://{host}/"


def is_corpus(pages_dir: Path) -> bool:
    """A corpus folder (folders holding manifest.tsv with a family column), not the old fixtures index."""
    pages_dir = Path(pages_dir)
    return not (pages_dir / "index.toml").exists() and any(manifests(pages_dir))


def manifests(pages_dir: Path) -> list[Path]:
    pages_dir = Path(pages_dir)
    found = sorted(pages_dir.glob("*/manifest.tsv"))
    if (pages_dir / "manifest.tsv").exists():
        found.insert(0, pages_dir / "manifest.tsv")
    return [m for m in found if "family" in _header(m)]


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh, delimiter="\t"), [])


def read_corpus(pages_dir: Path) -> list[Entry]:
    out = []
    for m in manifests(pages_dir):
        with open(m, encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), 2):
                out.append(_entry(m, n, row))
    return out


def _entry(manifest: Path, n: int, row: dict) -> Entry:
    where = f"{manifest}:{n}"
    missing = [c for c in ("file", "label", "family", "lang", "source") if not (row.get(c) or "").strip()]
    if missing:
        raise CorpusError(f"{where}: empty {', '.join(missing)}")
    vals = {c: (row.get(c) or "").strip() for c in COLUMNS}
    for col, allowed in (("label", LABELS), ("family", FAMILIES), ("lang", LANGS)):
        if vals[col] not in allowed:
            raise CorpusError(f"{where}: {col} {vals[col]!r} is not one of {', '.join(allowed)}")
    if vals["family"] == "genuine_amazon" and not vals["served_on"]:
        raise CorpusError(f"{where}: a genuine_amazon page needs served_on (its Amazon host)")
    half = (row.get("split") or "").strip() or split_of(vals["source"])
    if half not in HALVES:
        raise CorpusError(f"{where}: split {half!r} is not tune or report")
    path = manifest.parent / vals["file"]
    if not path.is_file():
        raise CorpusError(f"{where}: {vals['file']} is not in {manifest.parent}")
    return Entry(folder=manifest.parent.name, half=half, path=path, **vals)


def page_of(entry: Entry, url: str) -> dict:
    """The page object the extension would send, from the saved file (a .txt is the visible text alone)."""
    data = entry.path.read_bytes()
    if entry.path.suffix.lower() == ".txt":
        return {"title": "", "text": data.decode("utf-8", errors="replace"), "lang": entry.lang}
    from .html_extract import extract_page
    return extract_page(data, url)


def judge(engine, entries: list[Entry]) -> list[Judged]:
    from .context import InputError

    out = []
    for e in entries:
        runs = []
        if e.family == "genuine_amazon":
            runs = [(served_url(e.served_on), "genuine_amazon", False), (neutral_url(e), "amazon_clone", True)]
        else:
            runs = [(served_url(e.served_on) if e.served_on else neutral_url(e), e.family, e.malicious)]
        for url, fam, mal in runs:
            try:
                v = engine.verdict(url, page_of(e, url))
            except InputError:
                out.append(Judged(e, fam, mal, url, "error", 0))
                continue
            out.append(Judged(e, fam, mal, url, v["verdict"], v["score"], [r["code"] for r in v["reasons"]]))
    return out


def tally(judged: list[Judged]) -> list[dict]:
    """Rows of counts: per family, per family and language, each for all / tune / report."""
    rows: dict[tuple, dict] = {}
    for j in judged:
        for lang in ("all", j.entry.lang):
            for half in ("all", j.entry.half):
                key = (j.family, lang, half)
                r = rows.setdefault(key, {"family": j.family, "lang": lang, "half": half, "malicious": j.malicious,
                                          "n": 0, "sources": set(), **dict.fromkeys(VERDICTS, 0)})
                r["n"] += 1
                r[j.verdict] += 1
                r["sources"].add(j.entry.source)
    order = {f: i for i, f in enumerate(FAMILIES)}
    out = []
    for key in sorted(rows, key=lambda k: (order.get(k[0], 99), k[1] != "all", k[1], HALVES.index(k[2]) + 1
                                           if k[2] in HALVES else 0)):
        r = rows[key]
        r["sources"] = len(r["sources"])
        out.append(r)
    return out


def _pct(k: int, n: int) -> str:
    return f"{k / n:.1%}" if n else "-"


def table(rows: list[dict]) -> str:
    """Markdown: one line per family × language, all / tune / report side by side. 'stopped' = blocked (the
    interstitial) for scam families; for benign ones the blocked and warned rates are the false positives."""
    by = {}
    for r in rows:
        by.setdefault((r["family"], r["lang"]), {})[r["half"]] = r
    lines = ["| family | lang | label | n (sources) | blocked | warned | allowed | tune half: n, blocked, warned "
             "| report half: n, blocked, warned |", "|---|---|---|---:|---:|---:|---:|---:|---:|"]
    for (fam, lang), halves in by.items():
        a = halves["all"]
        cells = []
        for h in HALVES:
            r = halves.get(h)
            cells.append(f"{r['n']}: {r['block']} ({_pct(r['block'], r['n'])}), {r['warn']} "
                         f"({_pct(r['warn'], r['n'])})" if r else "-")
        lines.append(f"| {fam} | {lang} | {'scam' if a['malicious'] else 'benign'} | {a['n']} ({a['sources']}) | "
                     f"{a['block']} ({_pct(a['block'], a['n'])}) | {a['warn']} ({_pct(a['warn'], a['n'])}) | "
                     f"{a['allow']} ({_pct(a['allow'], a['n'])}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def sources_line(entries: list[Entry]) -> str:
    halves = {h: sorted({e.source for e in entries if e.half == h}) for h in HALVES}
    return "; ".join(f"{h} half: {len(s)} sources" for h, s in halves.items())


def mistakes(judged: list[Judged]) -> list[Judged]:
    """Scam pages allowed or only warned, benign pages warned or blocked."""
    return [j for j in judged if (j.malicious and j.verdict != "block") or (not j.malicious and j.verdict != "allow")]


def as_json(entries: list[Entry], judged: list[Judged]) -> dict:
    return {"splits": {e.source: e.half for e in entries},
            "rows": tally(judged),
            "pages": [{"folder": j.entry.folder, "file": j.entry.file, "family": j.family, "lang": j.entry.lang,
                       "source": j.entry.source, "half": j.entry.half, "malicious": j.malicious, "url": j.url,
                       "verdict": j.verdict, "score": j.score, "codes": j.codes} for j in judged]}

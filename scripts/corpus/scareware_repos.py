"""Rebuild the scareware family of the real-page corpus (/work/corpus/pages/scareware/) from public repositories.

Run it on a machine with the search tool's snapshots under /work/.mirror (the tool's `fetch` puts them there):

    .venv/bin/python scripts/corpus/scareware_repos.py [--mirror /work/.mirror] [--out /work/corpus/pages/scareware]

It never runs anything from a snapshot: it reads blobs with `git show`, keeps HTML/PHP pages that have visible
text, blanks PHP blocks (server code, sometimes with credentials) and writes manifest.tsv (the corpus format of
docs/EVALUATION.md "Real pages"). The list of repositories is in scareware_repos.tsv beside this script, each
with the language its pages are written in; `holdout-guard` must be run on the result and what it names removed
(the script runs it when it finds it). The pages are third-party and criminal: they stay outside the repository.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))
from helper.html_extract import extract_page  # noqa: E402

GUARD = Path("/work/shared/tools/holdout-guard")
_PHP = re.compile(r"<\?(?:php|=)?.*?(?:\?>|\Z)", re.S)
_KANA = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")
MIN_TEXT = 40              # script-written numbers leave little text: "サポートに電話する: (日本フリーダイヤル)"


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True).stdout


def pages(repo: Path):
    head = git(repo, "rev-parse", "HEAD").decode().strip()
    for line in git(repo, "ls-tree", "-r", "-l", "HEAD").decode("utf-8", "replace").splitlines():
        meta, path = line.split("\t", 1)
        size = meta.split()[3]
        if not re.search(r"\.(html?|php)$", path, re.I) or size == "-" or int(size) < 600:
            continue
        if re.search(r"(^|/)(fonts?|vendor|node_modules|glyphicons)[^/]*(/|$)|glyphicons", path, re.I):
            continue
        yield head, path, git(repo, "show", f"HEAD:{path}")


def lang_of(text: str) -> str:
    cjk = len(_KANA.findall(text))
    latin = len(re.findall(r"[A-Za-z]{3,}", text))
    if cjk >= 30 and latin >= 40:
        return "mixed" if latin * 4 > cjk else "ja"
    return "ja" if cjk >= 30 else "en"


def dev_half(source: str) -> str:
    """The leave-source-out half this part of the corpus was developed with (before `eval --pages` existed)."""
    return "tune" if int(hashlib.sha1(source.encode()).hexdigest(), 16) % 2 == 0 else "report"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=Path("/work/corpus/pages/scareware"))
    ap.add_argument("--list", type=Path, default=HERE / "scareware_repos.tsv")
    ap.add_argument("--split", choices=("tune", "report"),
                    help="the half every page goes to (default: the half it was developed in, by the parity of "
                         "the SHA-1 of its source)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    skip = [(re.compile(r["file_pattern"]), r["reason"])
            for r in csv.DictReader((HERE / "scareware_skip.tsv").open(encoding="utf-8"), delimiter="\t")]
    rows, seen = [], set()
    for rec in csv.DictReader(args.list.open(encoding="utf-8"), delimiter="\t"):
        repo = args.mirror / rec["repo"].replace("/", "+") / "repo"
        if not repo.exists():
            print(f"missing snapshot: {rec['repo']} (fetch github:{rec['repo']})", file=sys.stderr)
            continue
        for head, path, data in pages(repo):
            html = _PHP.sub("<!--php-removed-->", data.decode("utf-8", "replace"))
            page = extract_page(html, "https://example.invalid/")
            text = page["title"] + "\n" + page["text"]
            if len(page["text"]) < MIN_TEXT:
                continue
            digest = hashlib.sha256(re.sub(r"\s+", " ", text).encode()).hexdigest()
            if digest in seen:            # byte-identical visible text inside the family: keep one
                continue
            seen.add(digest)
            name = f"{rec['repo'].replace('/', '__')}__{re.sub(r'[^A-Za-z0-9._-]+', '_', path)}"
            name = re.sub(r"\.(php|htm)$", ".html", name, flags=re.I)
            if any(pat.search(name) for pat, _reason in skip):    # read by hand: not a scare screen, or not ja/en
                continue
            (args.out / name).write_text(html, encoding="utf-8")
            rows.append({"file": name, "label": "scam", "family": "scareware", "lang": lang_of(text),
                         "source": rec["repo"], "served_on": "", "origin": f"{rec['repo']}@{head}:{path}",
                         "split": args.split or dev_half(rec["repo"]),
                         "description": (rec.get("note") or "tech-support scareware page") +
                         f"; title: {page['title'][:80]}"})
    if GUARD.exists():
        out = subprocess.run([str(GUARD), str(args.out)], capture_output=True, text=True).stdout
        kept_apart = {Path(m).name for m in re.findall(r"(/\S+\.(?:html?|php|txt))", out)}
        for name in kept_apart:
            (args.out / name).unlink(missing_ok=True)
        rows = [r for r in rows if r["file"] not in kept_apart]
        print(f"holdout-guard named {len(kept_apart)} page(s); removed", file=sys.stderr)
    with (args.out / "manifest.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "label", "family", "lang", "source", "served_on", "origin",
                                           "description", "split"], delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} pages from {len({r['source'] for r in rows})} repositories -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Fresh Amazon phishing hosts from public feed mirrors (PhishTank, OpenPhish, Phishing Army), for issue 13's figures.

The mirrors are git snapshots brought in with the search tool's `fetch` (feed_mirrors.tsv names each with the
commit read); this reads git objects only (git log -p / git show), never visits a URL from the data, and writes
outside the repository. Selection: `evaluation.looks_like_amazon_by_name` (the eval's own rule), or a feed target
that names Amazon. Not run by CI or the tests.

    .venv/bin/python scripts/corpus/feed_mirrors_amazon.py [--mirror /work/.mirror] [--out /work/corpus/url13]

Then run /work/shared/tools/holdout-guard on OUT/fresh and drop what it names; see README.md here.
"""
from __future__ import annotations

import argparse
import bz2
import csv
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from helper.evaluation import looks_like_amazon_by_name  # noqa: E402  the eval's own selection rule
from helper.knowledge import Knowledge  # noqa: E402

SHARED = Path("/work/shared/data")
CUT = "2024-06-01"
HOST_RE = re.compile(r"^[a-z0-9_.\-]+$")


def git(repo: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(["git", "-C", str(repo), *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def added_lines(repo: Path, path: str):
    """(line, commit, iso date) for every line a commit added to `path`, oldest commit first."""
    p = git(repo, "log", "--reverse", "--format=@@C %H %cI", "-p", "--unified=0", "--no-renames", "--", path)
    commit = date = ""
    for raw in p.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\n")
        if line.startswith("@@C "):
            _, commit, date = line.split(" ", 2)
        elif line.startswith("+") and not line.startswith("+++"):
            yield line[1:], commit, date
    p.wait()


def host_of(url_or_host: str) -> str:
    s = url_or_host.strip().lower()
    if not s or s.startswith(("#", "!")):
        return ""
    s = re.sub(r"^[a-z][a-z0-9+.\-]*://", "", s)
    s = s.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    s = s.rsplit("@", 1)[-1]
    if s.startswith("["):
        return ""
    s = s.split(":", 1)[0].strip(".")
    if s.startswith("www.") and s.count(".") >= 2:
        pass  # keep www. as the feed wrote it; dedup handles www/non-www
    return s if HOST_RE.match(s) and "." in s else ""


class Collector:
    def __init__(self):
        self.rows: dict[str, dict] = {}   # host -> row (earliest)

    def add(self, host: str, url: str, date: str, repo: str, commit: str, path: str, feed: str, target: str = ""):
        if not host:
            return
        target = target or ""
        brand = looks_like_amazon_by_name(host)
        amazon_target = target.lower().startswith("amazon")
        if not (brand or amazon_target):
            return
        row = {"host": host, "url": url, "first_seen": date, "source_repo": repo, "commit": commit, "path": path,
               "feed": feed, "target": target, "brand_looking": "yes" if brand else "no"}
        old = self.rows.get(host)
        if old is None:
            row["also_in"] = ""
            self.rows[host] = row
            return
        sources = set(filter(None, old["also_in"].split(";"))) | {old["source_repo"], repo}
        if date[:19] < old["first_seen"][:19]:
            row["also_in"] = ""
            self.rows[host] = row
            old = row
        if target and not old["target"]:
            old["target"] = target
        if url.count("/") > 3 and old["url"].endswith(old["host"] + "/"):
            old["url"] = url   # a real feed URL beats a host-only one
        old["also_in"] = ";".join(sorted(sources - {old["source_repo"]}))


def host_list_source(c: Collector, mirror: Path, repo: str, path: str, feed: str):
    d = mirror / repo.replace("/", "+") / "repo"
    n = 0
    for line, commit, date in added_lines(d, path):
        line = line.split("#", 1)[0].strip()
        if line.startswith(("0.0.0.0 ", "127.0.0.1 ")):
            line = line.split()[1]
        h = host_of(line)
        if h:
            n += 1
            c.add(h, f"http://{h}/" if "/" not in line else line, date, repo, commit, path, feed)
    print(f"{repo}:{path}: {n:,} added host lines", file=sys.stderr)


def adblock_source(c: Collector, mirror: Path, repo: str):
    """stephenhawk8054/openphish-adblock: feeds.json / archive/*.json map feed URL -> time first seen (earliest
    value wins); blobs of 4 MiB and more are absent from the snapshot, so every present version is read."""
    d = mirror / repo.replace("/", "+") / "repo"
    commits = subprocess.run(["git", "-C", str(d), "log", "--reverse", "--format=%H %cI"], capture_output=True,
                             text=True).stdout.split("\n")
    seen_blobs = set()
    for ln in filter(None, commits):
        commit, cdate = ln.split()
        tree = subprocess.run(["git", "-C", str(d), "ls-tree", "-r", commit], capture_output=True, text=True).stdout
        for t in tree.splitlines():
            meta, path = t.split("\t", 1)
            blob = meta.split()[2]
            if not (path == "feeds.json" or path.startswith("archive/")) or blob in seen_blobs:
                continue
            seen_blobs.add(blob)
            r = subprocess.run(["git", "-C", str(d), "cat-file", "blob", blob], capture_output=True)
            if r.returncode:
                continue
            try:
                data = json.loads(r.stdout)
            except ValueError:
                continue
            for url, when in (data.items() if isinstance(data, dict) else []):
                when = when if isinstance(when, str) and when[:2] == "20" else cdate
                c.add(host_of(url), url, when, repo, commit, path, "OpenPhish")
    print(f"{repo}: {len(seen_blobs)} json versions read", file=sys.stderr)


def jaym_source(c: Collector, mirror: Path, repo: str):
    d = mirror / repo.replace("/", "+") / "repo"
    commits = subprocess.run(["git", "-C", str(d), "log", "--reverse", "--format=%H %cI", "--", "phishfeed_all.json"],
                             capture_output=True, text=True).stdout.split("\n")
    seen = set()
    for ln in filter(None, commits):
        commit, cdate = ln.split()
        r = subprocess.run(["git", "-C", str(d), "show", f"{commit}:phishfeed_all.json"], capture_output=True)
        if r.returncode:
            continue
        for h in json.loads(r.stdout).get("hosts", []):
            key = h.get("host", "")
            if key in seen:
                continue
            seen.add(key)
            when = (h.get("first_seen") or cdate).replace(" ", "T")
            c.add(host_of(key), h.get("evidence_url") or f"http://{key}/", when, repo, commit, "phishfeed_all.json",
                  f"jaym2026 pipeline (via {h.get('source_feed', '?')})", (h.get("brand") or "") if h.get("brand") != "Other" else "")
    print(f"{repo}: {len(seen):,} hosts", file=sys.stderr)


def phishtank_csv_source(c: Collector, mirror: Path, repo: str):
    """astaruch/master-thesis-phishtank-data: daily PhishTank online-valid.csv dumps (with target), 2018-10..2019-10."""
    d = mirror / repo.replace("/", "+") / "repo"
    names = subprocess.run(["git", "-C", str(d), "ls-tree", "--name-only", "HEAD", "data/"], capture_output=True,
                           text=True).stdout.split()
    head = subprocess.run(["git", "-C", str(d), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    n = 0
    for name in sorted(names):
        r = subprocess.run(["git", "-C", str(d), "show", f"HEAD:{name}"], capture_output=True)
        if r.returncode:
            continue
        try:
            text = bz2.decompress(r.stdout).decode("utf-8", "replace")
        except OSError:
            continue
        for row in csv.DictReader(text.splitlines()):
            n += 1
            url = row.get("url") or ""
            c.add(host_of(url), url, row.get("submission_time") or name[5:15], repo, head, name, "PhishTank",
                  row.get("target") or "")
    print(f"{repo}: {n:,} rows", file=sys.stderr)


def collect(mirror: Path, out: Path):
    c = Collector()
    host_list_source(c, mirror, "Zaczero/pihole-phishtank", "hosts.txt", "PhishTank")
    host_list_source(c, mirror, "invisiblethreat/openphish-pihole", "openphish.txt", "OpenPhish")
    host_list_source(c, mirror, "anhdowastaken/phishing-army-last-3-hours", "phishing_army_cache.txt",
                     "Phishing Army (aggregate)")
    host_list_source(c, mirror, "tg12/pihole-phishtank-list", "list/phish_domains.txt", "PhishTank")
    adblock_source(c, mirror, "stephenhawk8054/openphish-adblock")
    jaym_source(c, mirror, "jaym2026/phish-feed")
    phishtank_csv_source(c, mirror, "astaruch/master-thesis-phishtank-data")
    raw = out / "raw_candidates.tsv"
    cols = ["host", "url", "first_seen", "brand_looking", "target", "feed", "source_repo", "commit", "path", "also_in"]
    with open(raw, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, cols, delimiter="\t", lineterminator="\n")
        w.writeheader()
        for h in sorted(c.rows):
            w.writerow({k: c.rows[h][k] for k in cols})
    print(f"{len(c.rows):,} candidate hosts -> {raw}", file=sys.stderr)



def read_tsv(path: Path):
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t")


def bare(h: str) -> str:
    return h[4:] if h.startswith("www.") else h


def build(out: Path):
    OUT = out / "fresh"
    k = Knowledge()
    owned = {l.split("\t")[0].lstrip("*.").lower() for l in (SHARED / "amazon_owned_domains.tsv").read_text().splitlines()
             if l and not l.startswith("#")}
    umbrella_amazon = {r["host"].lower() for r in read_tsv(SHARED / "amazon_hosts_umbrella_dev.tsv")}
    umbrella_benign = {r["host"].lower() for r in read_tsv(SHARED / "benign_hosts_umbrella_dev.tsv")}
    known = set()
    for p in sorted(SHARED.glob("phish_amazon_urls_*.tsv")):
        known |= {bare(r["hostname"].lower()) for r in read_tsv(p)}
    dropped = Counter()
    examples: dict[str, list[str]] = {}
    keep, hosting, target_only, aws_any = [], [], [], []
    for r in read_tsv(out / "raw_candidates.tsv"):
        h = r["host"].lower()
        labels = h.split(".")
        suffixes = {".".join(labels[i:]) for i in range(len(labels))}
        brand, kind = k.owner(h)
        why = ""
        if kind == "genuine" or suffixes & owned and kind != "hosting":
            why = "Amazon's own domain (owned lists)"
        elif h in umbrella_amazon or bare(h) in umbrella_amazon:
            why = "Amazon's own host (shared Umbrella Amazon hosts)"
        elif kind == "cdn_edge":
            why = "CDN edge name (helper/data/cdn_edge_domains.txt)"
        elif bare(h) in known:
            why = "already in shared JPCERT files"
        elif h in umbrella_benign or bare(h) in umbrella_benign:
            why = "in the shared Umbrella benign host list (conflict)"
        if why:
            dropped[why] += 1
            examples.setdefault(why, []).append(h)
            continue
        url = r["url"].replace("\t", "%09").strip() or f"http://{h}/"
        r = {**r, "url": url, "period": "before_2024-06" if r["first_seen"][:10] < CUT else "from_2024-06"}
        if kind == "hosting":
            # selected only because "amazonaws" contains "amazon" unless the customer's own part names the brand
            suffix = max((x for x in brand.hosting if h == x or h.endswith("." + x)), key=len)
            customer = h[: -len(suffix)].rstrip(".")
            (hosting if customer and looks_like_amazon_by_name(customer) else aws_any).append(r)
        elif r["brand_looking"] == "yes":
            keep.append(r)
        else:
            target_only.append(r)
    OUT.mkdir(exist_ok=True)
    side_cols = ["url", "host", "first_seen", "period", "brand_looking", "target", "feed", "source_repo", "commit",
                 "path", "also_in"]

    def write(name: str, rows: list[dict]):
        rows = sorted(rows, key=lambda r: (r["first_seen"], r["host"]))
        (OUT / name).write_text("".join(f"{r['url']}\tmalicious\n" for r in rows), encoding="utf-8")
        with open(OUT / name.replace(".tsv", "_sources.tsv"), "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, side_cols, delimiter="\t", lineterminator="\n", extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
        print(f"{name}: {len(rows):,}", file=sys.stderr)

    write("phish_amazon_fresh.tsv", keep)
    write("phish_amazon_fresh_before_2024-06.tsv", [r for r in keep if r["period"] == "before_2024-06"])
    write("phish_amazon_fresh_from_2024-06.tsv", [r for r in keep if r["period"] == "from_2024-06"])
    write("phish_amazon_fresh_on_amazon_hosting.tsv", hosting)
    write("phish_amazon_fresh_target_not_brand_looking.tsv", target_only)
    write("phish_any_target_on_amazonaws_fresh.tsv", aws_any)
    with open(OUT / "dropped.tsv", "w", encoding="utf-8") as fh:
        fh.write("reason\thost\n")
        for why, hs in examples.items():
            for h in sorted(hs):
                fh.write(f"{why}\t{h}\n")
    for why, n in dropped.most_common():
        print(f"dropped {n:,}: {why}", file=sys.stderr)



def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirror", default="/work/.mirror", type=Path)
    ap.add_argument("--out", default="/work/corpus/url13", type=Path)
    ap.add_argument("--build-only", action="store_true", help="reuse OUT/raw_candidates.tsv")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    if not a.build_only:
        collect(a.mirror, a.out)
    build(a.out)


if __name__ == "__main__":
    main()

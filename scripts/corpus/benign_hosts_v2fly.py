#!/usr/bin/env python3
"""Benign hostnames WITH subdomains (issue 13; not run by CI) from v2fly/domain-list-community (git snapshot; files only): every `full:` or
`domain:` rule whose host is longer than its registrable domain. Drops Amazon's own (engine owner() genuine/hosting,
shared owned list, shared Umbrella Amazon hosts), hosts in the shared Umbrella benign list, and brand TLD hosts."""
import csv, subprocess, sys
from collections import Counter
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from helper.knowledge import Knowledge
from helper.context import parse_url
from helper.evaluation import looks_like_amazon_by_name

REPO = Path("/work/.mirror/v2fly+domain-list-community/repo")
SHARED = Path("/work/shared/data")
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/corpus/url13/fresh")
commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
date = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%cI"], capture_output=True, text=True).stdout.strip()
k = Knowledge()
rd = lambda p: csv.DictReader(open(p, encoding="utf-8"), delimiter="\t")
umb = {r["host"].lower() for r in rd(SHARED / "benign_hosts_umbrella_dev.tsv")}
umb_amz = {r["host"].lower() for r in rd(SHARED / "amazon_hosts_umbrella_dev.tsv")}
owned = {l.split("\t")[0].lstrip("*.").lower() for l in (SHARED / "amazon_owned_domains.tsv").read_text().splitlines()
         if l and not l.startswith("#")}
names = subprocess.run(["git", "-C", str(REPO), "ls-tree", "--name-only", "HEAD", "data/"], capture_output=True,
                       text=True).stdout.split()
rows, drop = {}, Counter()
for name in names:
    text = subprocess.run(["git", "-C", str(REPO), "show", f"HEAD:{name}"], capture_output=True, text=True).stdout
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith(("include:", "keyword:", "regexp:")):
            continue
        rule, *attrs = line.split()
        kind, _, host = rule.rpartition(":")
        host = host.lower().strip(".")
        if kind not in ("", "domain", "full") or "." not in host or name == "data/private" or host.endswith(".arpa"):
            continue
        try:
            c = parse_url(f"https://{host}/")
        except Exception:
            drop["unparsable"] += 1
            continue
        if not c.registrable or c.host_ascii == c.registrable or c.host_ascii == "www." + c.registrable:
            continue   # registrable domains (and their www.) are Tranco's job
        h = c.host_ascii
        labels = h.split(".")
        sfx = {".".join(labels[i:]) for i in range(len(labels))}
        brand, own = k.owner(h)
        if own in ("genuine", "hosting") or sfx & owned or h in umb_amz:
            drop["Amazon's own or Amazon-run hosting"] += 1
            continue
        if h in umb:
            drop["already in shared Umbrella benign hosts"] += 1
            continue
        if h not in rows:
            rows[h] = {"host": h, "registrable": c.registrable, "list": name[5:], "rule": kind or "domain",
                       "attrs": " ".join(attrs), "brand_looking": "yes" if looks_like_amazon_by_name(h) else "no",
                       "source_repo": "v2fly/domain-list-community", "commit": commit, "date": date}
hosts = sorted(rows)
(OUT / "benign_hosts_fresh.tsv").write_text("".join(f"https://{h}/\tbenign\n" for h in hosts), encoding="utf-8")
with open(OUT / "benign_hosts_fresh_sources.tsv", "w", encoding="utf-8", newline="") as fh:
    w = csv.DictWriter(fh, list(rows[hosts[0]]), delimiter="\t", lineterminator="\n")
    w.writeheader()
    w.writerows(rows[h] for h in hosts)
print(len(hosts), "benign hosts;", dict(drop), "; brand-looking:", sum(r["brand_looking"] == "yes" for r in rows.values()),
      "; @ads:", sum("@ads" in r["attrs"] for r in rows.values()), file=sys.stderr)

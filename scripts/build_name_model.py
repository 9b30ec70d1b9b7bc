#!/usr/bin/env python3
"""Rebuild helper/data/name_model.tsv: a character 4-gram model of the names people give their domains, which
helper/detectors/random_name.py reads to tell a chosen name (zendesk, hentaiwonderland) from a pronounceable but
made-up one (buifoef, zokhferr) that the letter clusters let through.

Trained on the letter pieces of benign registrable labels (the Tranco list's tune part, ranks 50,001-74,999 of
benign_domains_tranco_50001-100000.tsv; the report part is never read) plus an English word list (Debian's wamerican,
SCOWL). Those tune labels are split in two by a hash of the domain: the model is counted on one half plus the words,
and the threshold is the CALIBRATION_SHARE quantile of the other half's pieces (MIN_LETTERS letters or more), so it
says how often a benign name of that length falls under it. Usage:
    scripts/build_name_model.py [TRANCO_TSV] [WORDLIST] > helper/data/name_model.tsv"""
import csv
import hashlib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helper.detectors.random_name import MIN_LETTERS, NameModel  # noqa: E402  (the scoring the engine uses)

ORDER = 4
TUNE_RANKS = range(50001, 75000)
CALIBRATION_SHARE = 0.04     # one benign name piece in 25 falls under the threshold; used only beside the brand
_PIECES = re.compile(r"[a-z]+")


def _half(domain: str) -> int:
    return hashlib.sha256(domain.encode("utf-8")).digest()[0] % 2


def main(tranco: str = "/work/shared/data/benign_domains_tranco_50001-100000.tsv",
         wordlist: str = "/usr/share/dict/american-english") -> None:
    with open(tranco, encoding="utf-8") as fh:
        domains = [r["domain"] for r in csv.DictReader(fh, delimiter="\t") if int(r["rank"]) in TUNE_RANKS]
    labels = [[p for p in _PIECES.findall(d.split(".", 1)[0].lower())] for d in domains]
    with open(wordlist, encoding="utf-8") as fh:
        words = [w.strip().lower() for w in fh if re.fullmatch(r"[a-z]{3,}", w.strip())]
    train = [p for d, ps in zip(domains, labels) if _half(d) == 0 for p in ps] + words
    counts: dict[str, int] = {}
    for piece in train:
        padded = "^" * (ORDER - 1) + piece + "$"
        for i in range(ORDER - 1, len(padded)):
            for k in range(1, ORDER + 1):
                gram = padded[i - k + 1:i + 1]
                counts[gram] = counts.get(gram, 0) + 1
    model = NameModel(ORDER, 0.0, counts)
    held = sorted(model.score(p) for d, ps in zip(domains, labels) if _half(d) == 1 for p in ps
                  if len(p) >= MIN_LETTERS)
    threshold = held[int(CALIBRATION_SHARE * len(held))]
    print(f"# Made by scripts/build_name_model.py: character {ORDER}-grams of {len(train):,} letter pieces (half of the"
          f" tune part of the Tranco list, by hash, and {len(words):,} words of {Path(wordlist).name}, Debian wamerican,"
          f" SCOWL). threshold: {CALIBRATION_SHARE:.0%} of the other half's {len(held):,} pieces of {MIN_LETTERS}+"
          f" letters score under it (mean log probability per letter). ^ starts a piece, $ ends it. Do not edit by hand.")
    print(f"!order\t{ORDER}")
    print(f"!threshold\t{threshold:.4f}")
    for gram in sorted(counts):
        print(f"{gram}\t{counts[gram]}")


if __name__ == "__main__":
    main(*sys.argv[1:])

#!/usr/bin/env python3
"""Rebuild helper/data/letter_clusters.toml from an English word list (default /usr/share/dict/american-english, Debian's
wamerican package: SCOWL, Kevin Atkinson, a permissive licence). It keeps the consonant clusters that begin and end
words and the vowel groups that occur in at least MIN_WORDS words: what helper/detectors/random_name.py reads to tell a name a person could say (zendesk, atlassian) from letters in an order
no English word has (huerkrf, hleps). Usage: scripts/build_letter_clusters.py [WORDLIST] > helper/data/letter_clusters.toml"""
import collections
import re
import sys

MIN_WORDS = 2          # a cluster seen in one word only is a loanword or a name, not English's
VOWELS = "aeiouy"
_GROUPS = re.compile(rf"[{VOWELS}]+|[^{VOWELS}]+")


def main(path: str = "/usr/share/dict/american-english") -> None:
    with open(path, encoding="utf-8") as fh:
        words = {w.strip().lower() for w in fh if re.fullmatch(r"[A-Za-z]{3,}", w.strip())}
    words = {w for w in words if re.search(f"[{VOWELS}]", w)}
    onsets, codas, vowels = collections.Counter(), collections.Counter(), collections.Counter()
    for w in words:
        groups = _GROUPS.findall(w)
        if groups[0][0] not in VOWELS:
            onsets[groups[0]] += 1
        if groups[-1][0] not in VOWELS:
            codas[groups[-1]] += 1
        vowels.update(g for g in groups if g[0] in VOWELS)

    def keep(counter):
        return sorted(k for k, c in counter.items() if c >= MIN_WORDS)

    print(f"# Made by scripts/build_letter_clusters.py from {path.rsplit('/', 1)[-1]} (Debian wamerican, SCOWL):"
          f" {len(words):,} words of three letters or more; clusters seen in {MIN_WORDS}+ words. Do not edit by hand.")
    for key, values in (("onsets", keep(onsets)), ("codas", keep(codas)), ("vowel_groups", keep(vowels))):
        print(f"{key} = [{', '.join(repr(v).replace(chr(39), chr(34)) for v in values)}]")


if __name__ == "__main__":
    main(*sys.argv[1:])

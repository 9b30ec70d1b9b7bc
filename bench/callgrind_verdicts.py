"""Instructions per URL verdict, for docs/PERFORMANCE.md (deterministic where seconds are not):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python bench/callgrind_verdicts.py DATA 3000
    valgrind --tool=callgrind --callgrind-out-file=/dev/null python bench/callgrind_verdicts.py DATA 0

(instructions of the first minus the second) / 3000. The URLs: the first 1,500 phishing rows and the first 1,500
Tranco rows of DATA (../shared/data), each given a ?sg=N query so that no verdict comes from a cache. With 0 the
same files are read and no verdict is asked: imports and data loading only. Run it with PYTHONPATH set to the tree
whose engine you measure.
"""
import csv
import sys
from pathlib import Path


def main(data: Path, n: int) -> None:
    from helper.engine import Engine
    engine = Engine()
    with open(data / "phish_amazon_urls_2019-2022.tsv", encoding="utf-8") as fh:
        urls = [r["url"] for _, r in zip(range(1500), csv.DictReader(fh, delimiter="\t"))]
    with open(data / "benign_domains_tranco_50001-100000.tsv", encoding="utf-8") as fh:
        urls += ["https://" + r["domain"] + "/" for _, r in zip(range(1500), csv.DictReader(fh, delimiter="\t"))]
    for i, url in enumerate(urls[:n]):
        try:
            engine.verdict(url + ("&" if "?" in url else "?") + f"sg={i}")
        except ValueError:   # the list's defanged schemes (hhttps://) are refused, as in the API
            pass


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))

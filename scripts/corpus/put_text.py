"""Write one re-collected text of the corpus and its manifest row: the text on stdin, copied from the search
tool's `pages` corpus (the page at the address its texts_<folder>.tsv row names; for scam_quote only the wording
the page quotes from the scam screen, one line per quoted piece).

    .venv/bin/python scripts/corpus/put_text.py scam_quote ja_tokushima_q1.txt < quote.txt

The folder's manifest.tsv is rewritten from texts_<folder>.tsv with the rows whose file is present, so a partial
re-collection is a smaller corpus, never a wrong one. Run /work/shared/tools/holdout-guard on the folder after.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).parent
LISTS = {"scam_quote": "texts_scam_quote.tsv", "warning_article": "texts_warning_article.tsv",
         "benign_security_help": "texts_benign_security_help.tsv",
         "benign_support_report": "texts_benign_support_report.tsv", "benign_texts_fresh": "texts_benign_fresh.tsv"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", choices=sorted(LISTS))
    ap.add_argument("file")
    ap.add_argument("--pages", type=Path, default=Path("/work/corpus/pages"))
    a = ap.parse_args(argv)
    rows = list(csv.DictReader((HERE / LISTS[a.folder]).open(encoding="utf-8"), delimiter="\t"))
    if not any(r["file"] == a.file for r in rows):
        print(f"{a.file} is not listed in {LISTS[a.folder]}", file=sys.stderr)
        return 2
    out = a.pages / a.folder
    out.mkdir(parents=True, exist_ok=True)
    (out / a.file).write_text(sys.stdin.read().strip() + "\n", encoding="utf-8")
    with (out / "manifest.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(r for r in rows if (out / r["file"]).exists())
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Rebuild extension/content/page-words.js from the helper's page knowledge (helper/data/page_*.toml): the words
whose presence in a stretch of text can change what the page detectors find (helper/page_knowledge.py
words_that_count) and the look-alike letters the helper folds before it looks for the brand. The collector
(content/seen-text.js) reads them to skip invisible blocks whose taking out cannot matter; the knowledge stays in
the data files, this is a copy made from them. tests/test_page_words_agree.py fails when it is out of date.
Usage: scripts/build_page_words.py   (writes the file)"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from helper import page_knowledge  # noqa: E402

TARGET = ROOT / "extension" / "content" / "page-words.js"


def render() -> str:
    pk = page_knowledge.load()
    words = page_knowledge.words_that_count(pk)
    lookalike = {chr(k): v for k, v in sorted((pk.lookalike_letters or {}).items())}
    return ("// Made by scripts/build_page_words.py from helper/data/page_*.toml: do not edit by hand (tests/"
            "test_page_words_agree.py).\n"
            "// The words whose presence in a stretch of a page's text can change what the helper's page detectors "
            "find\n// (helper/page_knowledge.py words_that_count, whitespace taken out), and the look-alike letters "
            "it folds.\n"
            "globalThis.scamguardPageWords ??= Object.freeze({\n"
            f"  \"words\": Object.freeze({json.dumps(list(words), ensure_ascii=False)}),\n"
            f"  \"lookalike\": Object.freeze({json.dumps(lookalike, ensure_ascii=False)})\n"
            "});\n")


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")

"""The collector passes by the invisible blocks whose text holds no word the helper reacts to
(extension/content/seen-text.js hiddenBlocks). Those words are the helper's (helper/data/page_*.toml, chosen by
helper/page_knowledge.py words_that_count); the extension gets a copy made from them, content/page-words.js.
This keeps the copy equal to its source, loaded before its reader, and the reader's bounds in agreement."""
import json
import re
import sys
from pathlib import Path

from helper import page_knowledge

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
sys.path.insert(0, str(ROOT / "scripts"))
import build_page_words  # noqa: E402


def test_the_extension_copy_of_the_words_is_made_from_the_helper_data():
    assert (EXTENSION / "content" / "page-words.js").read_text(encoding="utf-8") == build_page_words.render(), \
        "run scripts/build_page_words.py"


def test_the_words_read_every_page_phrase_the_detectors_read():
    pk = page_knowledge.load()
    words = page_knowledge.words_that_count(pk)
    assert all(len(w) >= 2 and not re.search(r"\s", w) for w in words)      # the collector starts on two letters
    # Every whole phrase that counts wherever it stands holds a listed word.
    for phrases in (pk.claims, pk.call_instructions, pk.vendors, pk.urgency, pk.brand_names, pk.signin_phrases,
                    pk.calls_to_action, pk.scare.threats, pk.scare.scan, pk.scare.dressing,
                    *(p for _k, p in pk.lures), *(p for _f, p in pk.counter_families)):
        for phrase in phrases:
            assert any(w in re.sub(r"\s+", "", phrase) for w in words), phrase


def test_the_words_are_loaded_before_the_collector_reads_them():
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    group = next(g["js"] for g in manifest["content_scripts"] if "content/seen-text.js" in g["js"])
    assert group.index("content/page-words.js") < group.index("content/seen-text.js")
    assert "globalThis.scamguardPageWords" in (EXTENSION / "content" / "seen-text.js").read_text(encoding="utf-8")


def test_blocks_are_passed_by_only_when_enough_text_is_left_to_tell_a_page_that_says_little():
    seen = (EXTENSION / "content" / "seen-text.js").read_text(encoding="utf-8")
    screen = (EXTENSION / "js" / "screen-check.js").read_text(encoding="utf-8")
    leave = int(re.search(r"const SKIPPED_LEAVE_MIN = (\d+);", seen).group(1))
    little = int(re.search(r"const LITTLE_TEXT = (\d+);", screen).group(1))
    assert leave >= 4 * little

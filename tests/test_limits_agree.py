"""The bounds on a page's markup stand on both sides of the page data: the extension collects and reshapes it
(extension/js/limits.js, read by content/collect.js and js/guard.js), the helper takes it (helper/context.py).
They cannot import each other, so this reads both: they must agree, and the extension's readers take the bounds
from limits.js rather than from a copy."""
import json
import re
from pathlib import Path

from helper import context

EXTENSION = Path(__file__).resolve().parent.parent / "extension"


def extension_limits() -> dict:
    source = (EXTENSION / "js" / "limits.js").read_text(encoding="utf-8")
    literal = re.search(r"scamguardLimits \?\?= Object\.freeze\((\{.*\})\);", source, re.S).group(1)
    return json.loads(re.sub(r"Object\.freeze\((\{[^{}]*\})\)", r"\1", literal))


def test_the_extension_and_the_helper_bound_page_markup_alike():
    limits = extension_limits()
    assert limits["markup"] == context.MARKUP_KEYS
    assert limits["markupItemChars"] == context.MARKUP_ITEM_CHARS


def test_the_extension_reads_its_bounds_from_one_file():
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    group = next(g["js"] for g in manifest["content_scripts"] if "content/collect.js" in g["js"])
    assert group.index("js/limits.js") < group.index("content/collect.js")
    for reader in ("content/collect.js", "js/guard.js"):
        source = (EXTENSION / reader).read_text(encoding="utf-8")
        assert "globalThis.scamguardLimits" in source, reader
        assert not re.search(r"classes:\s*\d", source), f"{reader} holds a copy of the markup bounds"

"""How the Japanese strings are written: full-width brackets around Japanese text (a half-width "(" inside a
Japanese sentence reads as a typo and breaks the line oddly)."""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_japanese_strings_use_full_width_brackets():
    messages = json.loads((ROOT / "extension" / "_locales" / "ja" / "messages.json").read_text(encoding="utf-8"))
    half_width = {key: m["message"] for key, m in messages.items() if "(" in m["message"] or ")" in m["message"]}
    assert not half_width

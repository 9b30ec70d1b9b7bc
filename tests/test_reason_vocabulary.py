"""Reason codes are a public vocabulary: every code a detector can emit has a rule with a description and a
translation in both extension locales, and every rule is emitted by some detector."""
import ast
import json
import re
from pathlib import Path

import pytest

from helper.engine import load_rules

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")


def emitted_codes() -> set[str]:
    """Every string constant in helper/ shaped like a reason code (PREFIX_WORDS): detectors pick codes in
    conditional expressions and small tables, so reading Finding(...) calls alone would miss some."""
    prefixes = ("DOMAIN_", "HOST_", "URL_", "PAGE_", "MSG_", "MESSAGE_")
    codes = set()
    for path in (ROOT / "helper").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value) \
                    and node.value.startswith(prefixes):
                codes.add(node.value)
    return codes


def test_every_emitted_code_has_a_rule_with_a_description():
    rules, groups = load_rules()
    missing = emitted_codes() - rules.keys()
    assert not missing
    assert all(r.description.strip() and r.group in groups for r in rules.values())


def test_every_rule_is_emitted_by_some_detector():
    rules, _ = load_rules()
    assert not (rules.keys() - emitted_codes())


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_code_is_translated_in_the_extension(locale):
    path = ROOT / "extension" / "_locales" / locale / "messages.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: the interstitial cannot explain reasons in {locale}")
    messages = json.loads(path.read_text(encoding="utf-8"))
    rules, _ = load_rules()
    assert not [c for c in rules if f"reason_{c}" not in messages]

"""Patterns that route a navigation to the extension's check page before any request leaves the browser.

Compiled from the brand data: every brand token, its one-edit typos, its common homoglyph spellings and any
punycode label. They only decide *where to ask*; the helper's verdict decides what happens. So they may be
broad (amazing.com takes a short detour and is allowed) but must never miss a family the URL engine blocks.
"""
from __future__ import annotations

import hashlib
import json
import re

from .detectors.lookalike import MIN_BLOCK_LENGTH, MIN_EDIT_LENGTH

# Letters with their usual stand-ins (digits, rn for m): spelled out so the browser's RE2 can match them.
_STAND_INS = {"a": "[a4@]", "o": "[o0]", "i": "[i1l]", "l": "[l1i]", "e": "[e3]", "s": "[s5]", "z": "[z2s]",
              "m": "(?:m|rn|nn|n|r)", "n": "(?:n|m|r)", "u": "[uv]", "v": "[vu]"}
_HOST_CHAR = "[a-z0-9.-]"   # a dot too: amaz.on.com is one insertion away
_URL_PREFIX = r"^https?://(?:[^/@]*@)?[^/@:?#]*"


def _stand_ins(knowledge) -> dict[str, str]:
    """_STAND_INS plus what the engine reads as half an edit (skeleton_extra.toml [similar]): the letters easy to
    misread for each other (c/e, b/d) and the two letters read as one (cl for d, lc for k, uu for w)."""
    alts: dict[str, set[str]] = {}
    for pair in knowledge.similar_pairs:
        for a in pair:
            alts.setdefault(a, set()).update(pair - {a})
    for seq, letter in knowledge.similar_readings:
        alts.setdefault(letter, set()).add(seq)
    table = dict(_STAND_INS)
    for letter, others in alts.items():
        if letter.isalnum() and len(letter) == 1:
            extra = sorted(o for o in others if not re.fullmatch(table.get(letter, re.escape(letter)), o))
            if extra:
                table[letter] = "(?:" + "|".join([table.get(letter, re.escape(letter))] + extra) + ")"
    return table


def _stand_in_pattern(token: str, table: dict[str, str] = _STAND_INS) -> str:
    return "".join(table.get(c, re.escape(c)) for c in token)


def _typo_alternatives(token: str) -> list[str]:
    """Regex pieces matching every string one edit away from `token` (substitution or deletion, insertion, swap),
    with the untouched letters also matching their stand-ins: one typo on top of homoglyphs (anaz0m)."""
    sp, any_char = _stand_in_pattern, _HOST_CHAR

    alts = [sp(token[:i]) + any_char + "?" + sp(token[i + 1:]) for i in range(len(token))]
    # inside a long name, two letters added together count as one edit (amaz·es·on): lookalike.inner_insertion
    block = "{1,2}" if len(token) >= MIN_BLOCK_LENGTH else ""
    alts += [sp(token[:i]) + any_char + (block if 0 < i < len(token) else "") + sp(token[i:])
             for i in range(len(token) + 1)]
    alts += [sp(token[:i] + token[i + 1] + token[i] + token[i + 2:]) for i in range(len(token) - 1)]
    return alts


def host_patterns(knowledge) -> list[str]:
    """Small regexes over a host name; each is one declarativeNetRequest rule (Chrome limits a rule's regex size)."""
    patterns = []
    misread = _stand_ins(knowledge)
    protected = {l for b in knowledge.brands for l in b.protected_labels}
    names = {t for b in knowledge.brands for t in b.tokens} | protected
    for name in sorted(names):
        patterns.append(_stand_in_pattern(name))
        if len(name) >= MIN_EDIT_LENGTH:
            patterns += _typo_alternatives(name)
        if name in protected:
            # typosquat.visual_edit: two misreadings and no other change (primcvibeo). Not on top of a typo: with
            # a/o, h/n … and one free letter, "orizon" would be amazon and one benign host in a hundred detoured.
            patterns.append(_stand_in_pattern(name, misread))
    patterns.append(r"xn--")
    return patterns


def navigation_rules(knowledge) -> dict:
    hosts = host_patterns(knowledge)
    excluded = sorted({d for b in knowledge.brands for d in b.genuine | b.hosting})
    body = {
        "host_regex": "(?:" + "|".join(hosts) + ")",
        "url_regex": _URL_PREFIX + "(?:" + "|".join(hosts) + ")",
        "url_regexes": [_URL_PREFIX + h for h in hosts],
        "excluded_domains": excluded,
        "excluded_tlds": sorted({t for b in knowledge.brands for t in b.genuine_tlds}),
    }
    body["version"] = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
    return body

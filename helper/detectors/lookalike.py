"""Shared matching: how one string imitates a protected name. Used by several detectors, so it lives once here."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MIN_EDIT_LENGTH = 5   # Chromium's kMinLengthForEditDistance: shorter names give too many false alarms

# QWERTY neighbours (rows and the keys above/below), for naming the technique in the evidence.
_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, set[str]] = {}
for r, row in enumerate(_ROWS):
    for i, ch in enumerate(row):
        near = {row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)}
        for rr in (r - 1, r + 1):
            if 0 <= rr < len(_ROWS):
                near |= {_ROWS[rr][j] for j in (i - 1, i, i + 1) if 0 <= j < len(_ROWS[rr])}
        _NEIGHBOURS[ch] = near
_DIGIT_LETTERS = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "2": "z"}


@dataclass(frozen=True)
class Edit:
    kind: str        # substitution | insertion | deletion | swap
    technique: str   # words for the interstitial
    position: int


def one_edit(candidate: str, target: str) -> Edit | None:
    """The single edit that turns `target` into `candidate`, or None when they differ by more (or not at all)."""
    lc, lt = len(candidate), len(target)
    if candidate == target or abs(lc - lt) > 1:
        return None
    i = 0
    while i < min(lc, lt) and candidate[i] == target[i]:
        i += 1
    if lc == lt:
        if candidate[i + 1:] == target[i + 1:]:
            c, t = candidate[i], target[i]
            if c in _DIGIT_LETTERS and t in _DIGIT_LETTERS[c]:
                return Edit("substitution", f"digit for letter ({c} for {t})", i)
            if c in _NEIGHBOURS.get(t, ()):
                return Edit("substitution", f"keyboard neighbour ({c} for {t})", i)
            return Edit("substitution", f"one letter changed ({c} for {t})", i)
        if (i + 1 < lc and candidate[i] == target[i + 1] and candidate[i + 1] == target[i]
                and candidate[i + 2:] == target[i + 2:]):
            return Edit("swap", f"two letters swapped ({target[i:i + 2]} → {candidate[i:i + 2]})", i)
        return None
    if lc == lt + 1:
        if candidate[i + 1:] != target[i:]:
            return None
        c = candidate[i]
        if c == "-":
            return Edit("insertion", "hyphen inserted", i)
        if (i > 0 and candidate[i - 1] == c) or (i + 1 < lc and candidate[i + 1] == c):
            return Edit("insertion", f"doubled letter ({c}{c})", i)
        return Edit("insertion", f"one letter added ({c})", i)
    if candidate[i:] != target[i + 1:]:
        return None
    return Edit("deletion", f"one letter dropped ({target[i]})", i)


MIN_BLOCK_LENGTH = 6   # two letters inside a shorter name change a third of it


def inner_insertion(candidate: str, target: str) -> Edit | None:
    """Two letters added together inside `target`, neither at its start nor at its end: amaz·es·on (dnstwist's
    plural). At the ends the added letters are a word of their own (amazonas, amazonen, teleamazon): combosquat's
    business, also when they could be read as inside (amazo·ne·n is amazon·en)."""
    if (len(candidate) != len(target) + 2 or len(target) < MIN_BLOCK_LENGTH
            or candidate.startswith(target) or candidate.endswith(target)):
        return None
    i = 0
    while i < len(target) and candidate[i] == target[i]:
        i += 1
    # i is the first difference; the block may also start up to two letters earlier (amazzzon: which two?)
    for start in range(max(1, i - 2), min(i, len(target) - 1) + 1):
        if candidate[:start] == target[:start] and candidate[start + 2:] == target[start:]:
            return Edit("insertion", f"two letters added inside the name ({candidate[start:start + 2]})", start)
    return None


@dataclass(frozen=True)
class TokenMatch:
    protected: str     # the genuine name imitated (amazon)
    technique: str     # exact | homoglyph | typo words
    brand: object


@lru_cache(maxsize=8)
def _name_index(knowledge) -> tuple[dict, dict]:
    """brand name -> brand, and skeleton -> (the first name with it, "homoglyph", brand): one lookup, not a loop."""
    exact, by_skeleton = {}, {}
    for name, name_skel, brand in knowledge.brand_tokens:
        exact.setdefault(name, brand)
        by_skeleton.setdefault(name_skel, (name, "homoglyph", brand))
    return exact, by_skeleton


@lru_cache(maxsize=1 << 16)
def match_token(token: str, knowledge, *, allow_typos: bool = True) -> TokenMatch | None:
    """Does this whole token (a label or a piece between hyphens) name a brand or imitate one?"""
    if not token:
        return None
    skel = knowledge.skeleton(token)
    exact, by_skeleton = _name_index(knowledge)
    if token in exact:
        return TokenMatch(token, "exact", exact[token])
    if skel in by_skeleton:
        return TokenMatch(*by_skeleton[skel])
    if allow_typos and len(token) >= MIN_EDIT_LENGTH:
        lt, ls = len(token), len(skel)
        for name, name_skel, brand in knowledge.brand_tokens:
            d, ds = lt - len(name), ls - len(name_skel)
            if not (-1 <= d <= 2 or -1 <= ds <= 1) or len(name) < MIN_EDIT_LENGTH or name in brand.misspellings:
                continue   # too long or short for any edit below; one edit from a misspelling is two from the brand
            edit = ((one_edit(token, name) if d <= 1 else inner_insertion(token, name))
                    or (one_edit(skel, name_skel) if -1 <= ds <= 1 else None))
            if edit is not None:
                return TokenMatch(name, edit.technique, brand)
    return None


@lru_cache(maxsize=64)
def _letters(name: str) -> frozenset[str]:
    return frozenset(name)


@lru_cache(maxsize=4)
def _readings_pattern(readings) -> re.Pattern:
    return re.compile("|".join(sorted(re.escape(q) for q, _ in readings)) or "(?!)")


def _two_readings(text: str, readings) -> bool:
    return len(_readings_pattern(readings).findall(text)) >= 2


def visual_edit(candidate: str, target: str, similar_pairs, readings=frozenset()) -> bool:
    """True when `candidate` is at most one edit from `target`, counting a swap between easily misread letters
    (m/n, r/n …) as half an edit, and two letters read as one (nn for m, cl for d: `readings`) as half an edit too.
    Catches "anazom" (two half-edits) and "pr1mevicleo" (1 for i, cl for d) but not "amazing" (two full edits)."""
    lc, lt = len(candidate), len(target)
    if abs(lc - lt) > 1 and (abs(lc - lt) > 2 or not _two_readings(candidate if lc > lt else target, readings)):
        return False   # two letters more or fewer only as two two-for-one readings (prinnevicleo)
    if candidate == target:
        return False
    # Cheap bounds before the table: a half-edit brings in one letter the name lacks and takes away one it has, or,
    # when two letters read as one, two of one side for one of the other (cl for d): so more than two only then.
    sc = set(candidate)
    missing = len(_letters(target) - sc)
    if missing > 2 and (missing > 4 or not any(q in target for q, _ in readings)):
        return False
    extra = len(sc - _letters(target))
    if extra > 2 and (extra > 4 or not any(q in candidate for q, _ in readings)):
        return False
    seqs = {q for q, _ in readings}
    letters = {l for _, l in readings}
    rows = [[float(j) for j in range(lt + 1)]]
    for i in range(1, lc + 1):
        prev, cur = rows[-1], [float(i)] + [0.0] * lt
        ci = candidate[i - 1]
        pair_c = candidate[i - 2:i] if i >= 2 else ""
        forward, backward = pair_c in seqs, ci in letters
        for j in range(1, lt + 1):
            tj = target[j - 1]
            sub = 0.0 if ci == tj else 0.5 if frozenset((ci, tj)) in similar_pairs else 1.0
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub)
            if forward and (pair_c, tj) in readings:              # two shown letters read as one of the name
                best = min(best, rows[-2][j - 1] + 0.5)
            if backward and j >= 2 and (target[j - 2:j], ci) in readings:   # one shown letter read as two
                best = min(best, prev[j - 2] + 0.5)
            cur[j] = best
        if min(cur) > 1 and min(prev) > 1:
            return False
        rows.append(cur)
        if len(rows) > 2:
            rows.pop(0)
    return rows[-1][lt] <= 1

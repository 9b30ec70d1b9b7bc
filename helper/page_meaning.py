"""What a scare screen says, judged from its parts rather than from whole phrases (data: page_scareware.toml
[meaning]).

Scareware says the same few things in endless words and mixed languages: a threat was found on this device, the
device or access is blocked, call this support line, look at this scan. Each is matched as a pair of pieces
within a short window of the normalised text (a threat word and a "found" word; a device word and a "blocked"
word; a support-line word and a phone number), so "特定された脅威 1,200", "トロイの木馬型スパイウェアに感染したPC" and
"your system is infected with Trojan-type spyware" are all one claim. Pages that *warn* about scareware quote the
same words, but as reported speech: "ウイルスに感染したかのような嘘の画面", "「ウイルスに感染しました」と表示",
"a fake 'your computer is infected' pop-up". A claim followed or preceded by such a hedge does not count.

Bounded work: at most MAX_SITES occurrences of each anchor word are examined, each with a window of a few dozen
characters, so a 40,000-character page costs a few hundred substring searches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from . import phone

MAX_SITES = 40
_QUOTES = {"「": "」", "『": "』", "“": "”", "\"": "\""}
_COUNT_OR_COLON = re.compile(r"\s?[:：]|\s?\(?\d")
# A claim's pieces stand in one sentence: "…脅威をスキャンします。 お使いのデバイスで見つかった…" is two.
_SENTENCE_END = re.compile(r"[。！？!?]|\.\s")


@dataclass(frozen=True)
class ScareKnowledge:
    window: int
    threats: tuple[str, ...]
    found: tuple[str, ...]
    found_weak: tuple[str, ...]
    devices: tuple[str, ...]
    device_states: tuple[str, ...]
    hedges_after: tuple[str, ...]
    hedges_before: tuple[str, ...]
    support_lines: tuple[str, ...]
    scan: tuple[str, ...]
    scan_min: int
    dressing: tuple[str, ...]
    alerts: tuple[str, ...]


@dataclass(frozen=True)
class Claim:
    phrase: str        # the normalised words that make the claim, as evidence
    strong: bool       # a statement on its own; a weak one needs another sign of a scare screen


def knowledge(raw: dict, phrases) -> ScareKnowledge:
    """Build from the [meaning] table; `phrases` normalises and validates a list (page_knowledge._phrases)."""
    return ScareKnowledge(
        window=int(raw["window"]),
        **{k: phrases(raw[k], f"page_scareware.toml meaning.{k}")
           for k in ("threats", "found", "found_weak", "devices", "device_states", "hedges_after", "hedges_before",
                     "support_lines", "scan", "dressing", "alerts")},
        scan_min=int(raw["scan_min"]))


def _edges_ok(text: str, start: int, end: int) -> bool:
    """An ASCII word stands at word edges ("pc" is not in "pcr", "virus" is not in "coronavirus")."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalpha())


def _occurrences(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of the words in text, in order, at most MAX_SITES; str.find per word (a regex alternation of
    literals scans a long page many times slower)."""
    found = []
    for word in words:
        at, n = text.find(word), 0
        while at >= 0 and n < MAX_SITES:
            n += 1
            if not word.isascii() or _edges_ok(text, at, at + len(word)):
                found.append((at, at + len(word)))
            at = text.find(word, at + len(word))
    found.sort()
    return found[:MAX_SITES]


def _hedged(text: str, start: int, end: int, sk: ScareKnowledge) -> bool:
    """The words at text[start:end] are reported, not asserted: a hedge right after or before, or an open quote."""
    after, before = text[end:end + 14], text[max(0, start - 48):start]
    stop = _SENTENCE_END.search(after)
    after = after[:stop.start()] if stop else after
    if any(h in after for h in sk.hedges_after) or any(h in before for h in sk.hedges_before):
        return True
    head = text[max(0, start - 80):start]
    for opening, closing in _QUOTES.items():
        if opening == closing:
            if head.count(opening) % 2:
                return True
            continue
        at = head.rfind(opening)
        if at >= 0 and closing not in head[at + 1:]:
            return True
    return False


def _pairs(text: str, anchors: tuple[str, ...], partners: tuple[str, ...], window: int, both_sides: bool):
    """(start, end, partner) for each anchor with a partner within `window` characters (after it, or either side),
    in the same sentence."""
    for a_start, a_end in _occurrences(text, anchors):
        lo = max(0, a_start - window) if both_sides else a_start
        hi = a_end + window
        ends = [e.end() for e in _SENTENCE_END.finditer(text, lo, a_start)]
        lo = ends[-1] if ends else lo
        after = _SENTENCE_END.search(text, a_end, hi)
        hi = after.start() if after else hi
        hay = text[lo:hi]
        for p in partners:
            at = hay.find(p)
            if at >= 0:
                s, e = lo + at, lo + at + len(p)
                yield min(s, a_start), max(e, a_end), p
                break


def asserted(text: str, phrase: str, sk: ScareKnowledge) -> bool:
    """Some occurrence of a whole claim phrase (page_scareware.toml claims) stands as a statement."""
    at, tries = text.find(phrase), 0
    while at >= 0 and tries < MAX_SITES:
        tries += 1
        if not _hedged(text, at, at + len(phrase), sk):
            return True
        at = text.find(phrase, at + len(phrase))
    return False


def about_a_device(text: str, sk: ScareKnowledge) -> bool:
    """The text names a device or access it could be about, or frames itself as an alert."""
    return bool(_occurrences(text, sk.devices)) or any(a in text for a in sk.alerts)


def claim(text: str, sk: ScareKnowledge) -> Claim | None:
    """The first asserted claim that this device is infected, blocked or hacked; strong ones first."""
    weak = None
    for found, strong in ((sk.found, True), (sk.found_weak, False)):
        for start, end, _p in _pairs(text, sk.threats, found, sk.window, both_sides=True):
            if _hedged(text, start, end, sk):
                continue
            is_strong = strong or bool(_COUNT_OR_COLON.match(text, end))
            if is_strong:
                return Claim(text[start:end], True)
            weak = weak or Claim(text[start:end], False)
    for start, end, _p in _pairs(text, sk.devices, sk.device_states, sk.window, both_sides=False):
        if not _hedged(text, start, end, sk):
            return Claim(text[start:end], True)
    return weak


def support_windows(text: str, sk: ScareKnowledge, reach: int = 60):
    """Windows of text around support-line words that hold enough digits to be a phone number."""
    sites = 0
    for word in sk.support_lines:
        at = text.find(word)
        while at >= 0 and sites < MAX_SITES:
            sites += 1
            window = text[max(0, at - reach // 2): at + len(word) + reach]
            if phone.digits_in(window) >= 7:
                yield word, window
            at = text.find(word, at + len(word))


def scan_phrases(text: str, sk: ScareKnowledge) -> tuple[str, ...]:
    """The fake virus scan's words, when there are at least scan_min distinct ones."""
    found = tuple(p for p in sk.scan if p in text)
    return found if len(found) >= sk.scan_min else ()

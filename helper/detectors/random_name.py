"""Does a domain label look machine-made (llwzbxtdo, 342880, a9md3c) rather than chosen by a person (sharepoint,
service-now, webex)? Used only as evidence beside the brand's name on the left of that domain, never alone: many
real sites have odd names, but few carry a brand in front of one."""
from __future__ import annotations

import math
import re

VOWELS = frozenset("aeiou")          # y counts as a consonant: "cybsbb", "pkeysgvz"
MIN_LETTERS = 5                      # shorter labels (ntp, sjv, mcas) are abbreviations as often as noise
MIN_DIGITS = 6                       # a number of six digits or more (342880); shorter ones are names in China (163, 10086)
CONSONANT_RUN = 5                    # five consonants in a row: llwzb·xtd·o, vsrmvfc·mp (four: allstate, highspot)
MIN_VOWEL_SHARE = 0.2                # fewer than one letter in five a vowel, over six letters or more
MIXED_RUNS = 4                       # letters and digits alternating four times: a·9·md·3·c
SHORT_CODE = 8                       # a label this short of letters and digits both (dah179, hmc-123, 10mau): a code
_RUNS = re.compile(r"[a-z]+|[0-9]+")


def _longest_consonant_run(letters: str) -> int:
    best = cur = 0
    for ch in letters:
        cur = 0 if ch in VOWELS else cur + 1
        best = max(best, cur)
    return best


_GROUPS = re.compile(r"[aeiouy]+|[^aeiouy]+")   # here y is a vowel: a cluster is what sits between vowel sounds
MIN_SAYABLE = 5                                  # pieces shorter than this are abbreviations (cdn, ntp) as often


def _unsayable(piece: str, clusters) -> str | None:
    """The letter group of `piece` that no English word has where it stands (hl at the start of hleps, vg at the end of
    leakevg, rkrf, ui…), or None. A group inside the name may be the end of one word and the start of the next (zendesk:
    n + d, blackwolves: ck + w). `clusters`: (onsets, codas, vowel groups) from data/letter_clusters.toml."""
    onsets, codas, vowels = clusters
    groups = _GROUPS.findall(piece)
    last = len(groups) - 1
    for i, g in enumerate(groups):
        if g[0] in "aeiouy":
            if g not in vowels:
                return g
        elif i == 0 and last > 0:
            if g not in onsets:
                return g
        elif i == last and last > 0:
            if g not in codas:
                return g
        elif 0 < i < last and not any((not g[:k] or g[:k] in codas) and (not g[k:] or g[k:] in onsets)
                                      for k in range(len(g) + 1)):
            return g
    return None


class NameModel:
    """A character n-gram model of the names people choose (data/name_model.tsv, made by scripts/build_name_model.py
    from benign domain names and English words): how likely each next letter is after the ones before, the orders
    mixed by how often the context was seen. A made-up name that can be said (buifoef, zokhferr) passes the letter
    clusters but strings letters in orders that names and words rarely have."""
    ALPHABET = 27   # a-z and the end of the piece

    def __init__(self, order: int, threshold: float, counts: dict[str, int]):
        self.order, self.threshold, self.counts = order, threshold, counts
        self.contexts: dict[str, int] = {}
        for gram, n in counts.items():
            self.contexts[gram[:-1]] = self.contexts.get(gram[:-1], 0) + n

    def score(self, piece: str) -> float:
        """Mean log probability per letter (and the end) of `piece`, a-z only: lower is less like a chosen name."""
        padded = "^" * (self.order - 1) + piece + "$"
        total = 0.0
        for i in range(self.order - 1, len(padded)):
            prob = 1.0 / self.ALPHABET
            for k in range(1, self.order + 1):
                gram = padded[i - k + 1:i + 1]
                seen = self.contexts.get(gram[:-1], 0)
                if seen:
                    weight = seen / (seen + 1)
                    prob = weight * self.counts.get(gram, 0) / seen + (1 - weight) * prob
            total += math.log(prob)
        return total / (len(padded) - self.order + 1)

    def made_up(self, piece: str) -> bool:
        return self.score(piece) < self.threshold


def machine_made(label: str, clusters=None, model: NameModel | None = None) -> str | None:
    """Words for the interstitial saying why `label` (ascii, lower case) looks machine-made, or None. With `clusters`
    (Knowledge.letter_clusters) also a name no one could say: letters in an order no English word has; with `model`
    (Knowledge.name_model) a name made up of letters in orders that chosen names rarely have."""
    if not label.isascii():
        return None
    bare = label.replace("-", "")
    if len(bare) >= MIN_DIGITS and bare.isdigit():
        return f"a number ({label})"
    if len(_RUNS.findall(bare)) >= MIXED_RUNS:
        return f"letters and digits mixed ({label})"
    letters = re.sub(r"[^a-z]", "", label)
    if len(letters) < MIN_LETTERS:
        return None
    if _longest_consonant_run(letters) >= CONSONANT_RUN:
        return f"letters no one pronounces ({label})"
    if len(letters) >= 6 and sum(c in VOWELS for c in letters) / len(letters) < MIN_VOWEL_SHARE:
        return f"almost no vowels ({label})"
    if clusters is not None:
        for piece in re.findall(r"[a-z]+", label):
            group = _unsayable(piece, clusters) if len(piece) >= MIN_SAYABLE else None
            if group:
                return f"letters in an order no word has (“{group}” in {label})"
    if model is not None:
        piece = next((p for p in re.findall(r"[a-z]+", label) if len(p) >= MIN_LETTERS and model.made_up(p)), None)
        if piece:
            return f"a made-up name (letters in orders that names rarely have: {piece})"
    return None


def short_code(label: str) -> str | None:
    """Words saying why `label` reads as a code (dah179, kaka720, 5-sky, bdas9), or None: a short label with letters
    and digits both. Evidence only behind the brand's name as a whole label (amazon.dah179.com): a tenant of a real
    service sits in front of a chosen name, a fake in front of whatever batch of cheap names it bought."""
    bare = label.replace("-", "")
    if bare.isascii() and bare.isalnum() and len(bare) <= SHORT_CODE and not bare.isdigit() and not bare.isalpha():
        return f"a short code of letters and digits ({label})"
    return None


SHORT_TAIL = 3   # amazonzmc, amazonl1, usamazon, amazon-jb: a few letters or digits beside the brand, no word


def code_tail(tail: str) -> bool:
    """What is left beside the brand's name is a code, not a word: 1-3 letters or digits (zmc, l1, us), or letters and
    digits however long (tfyg1, phil2023, 8868). Amazon's own names beside the brand are words and carry no digits."""
    return tail.isascii() and tail.isalnum() and (0 < len(tail) <= SHORT_TAIL or any(c.isdigit() for c in tail))

"""Does a domain label look machine-made (llwzbxtdo, 342880, a9md3c) rather than chosen by a person (sharepoint,
service-now, webex)? Used only as evidence beside the brand's name on the left of that domain, never alone: many
real sites have odd names, but few carry a brand in front of one."""
from __future__ import annotations

import re

VOWELS = frozenset("aeiou")          # y counts as a consonant: "cybsbb", "pkeysgvz"
MIN_LETTERS = 5                      # shorter labels (ntp, sjv, mcas) are abbreviations as often as noise
MIN_DIGITS = 6                       # a number of six digits or more (342880); shorter ones are names in China (163, 10086)
CONSONANT_RUN = 5                    # five consonants in a row: llwzb·xtd·o, vsrmvfc·mp (four: allstate, highspot)
MIN_VOWEL_SHARE = 0.2                # fewer than one letter in five a vowel, over six letters or more
MIXED_RUNS = 4                       # letters and digits alternating four times: a·9·md·3·c
_RUNS = re.compile(r"[a-z]+|[0-9]+")


def _longest_consonant_run(letters: str) -> int:
    best = cur = 0
    for ch in letters:
        cur = 0 if ch in VOWELS else cur + 1
        best = max(best, cur)
    return best


def machine_made(label: str) -> str | None:
    """Words for the interstitial saying why `label` (ascii, lower case) looks machine-made, or None."""
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
    return None

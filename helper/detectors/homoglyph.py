"""Homoglyphs and IDN tricks: a label whose UTS-39 skeleton equals a protected name, mixed or whole-script labels."""
from __future__ import annotations

import unicodedata

from ..findings import Finding
from .lookalike import match_token

# Scripts whose lower-case letters include Latin lookalikes (Chromium's whole-script confusable sets).
_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN")


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN" if ch.isalpha() else ""
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "HIRAGANA", "KATAKANA", "CJK", "HANGUL"):
        if name.startswith(script):
            return script
    return "OTHER" if ch.isalpha() else ""


def detect(ctx, knowledge) -> list[Finding]:
    url = ctx.url
    if url.is_ip or url.host_ascii == url.host_unicode and "fullwidth" not in url.notes:
        return []   # a plain ASCII host: typosquat.py judges ASCII lookalikes
    out: list[Finding] = []
    label_u = url.label_unicode
    match = match_token(label_u, knowledge, allow_typos=False)
    if match and match.technique == "homoglyph" and url.label != match.protected:
        foreign = {s for s in map(_script, label_u) if s} - {"LATIN"}
        out.append(Finding("DOMAIN_SKELETON_MATCH", {
            "technique": ("letters from another alphabet that look the same" if foreign
                          else "letters with marks or odd shapes that look like plain ones"),
            "shown": label_u, "punycode": url.label, "imitates_label": match.protected}, brand=match.brand.id))
    lookalike = set(_LOOKALIKE_SCRIPTS)
    for shown, puny in zip(url.host_unicode.split("."), url.host_ascii.split(".")):
        if shown == puny:
            continue
        scripts = {s for s in map(_script, shown) if s}
        if "LATIN" in scripts and scripts & lookalike:
            out.append(Finding("HOST_MIXED_SCRIPT", {
                "technique": "Latin letters mixed with " + "/".join(sorted(scripts & lookalike)).lower(),
                "shown": shown, "punycode": puny}))
            break
        if len(scripts) == 1 and scripts <= lookalike:
            skel = knowledge.skeleton(shown)
            if skel.isascii() and skel.isalnum() and url.suffix.rsplit(".", 1)[-1] not in knowledge.own_script_suffixes:
                out.append(Finding("HOST_WHOLE_SCRIPT_CONFUSABLE", {
                    "technique": "every letter is a " + next(iter(scripts)).lower() + " letter that looks Latin",
                    "shown": shown, "reads_as": skel, "punycode": puny}))
                break
    if "fullwidth" in url.notes:
        out.append(Finding("HOST_FULLWIDTH", {"technique": "full-width letters in the address",
                                              "shown": url.host_unicode}))
    return out

"""Typosquats of the registrable label: one edit away from a protected name (also after the homoglyph skeleton)."""
from __future__ import annotations

from ..findings import Finding
from .lookalike import MIN_EDIT_LENGTH, inner_insertion, one_edit, visual_edit

_CODES = {"swap": "DOMAIN_CHAR_SWAP"}


def detect(ctx, knowledge) -> list[Finding]:
    url = ctx.url
    label = url.label
    if url.is_ip or len(label) < MIN_EDIT_LENGTH:
        return []
    skel = knowledge.skeleton(url.label_unicode)
    is_idn = label != url.label_unicode
    for name, name_skel, brand in knowledge.protected:
        if label == name:
            return []   # the name itself under another suffix: tld_swap's business
        if skel == name_skel:
            if is_idn:
                return []   # homoglyph.py reports Unicode lookalikes
            return [Finding("DOMAIN_SKELETON_MATCH", {
                "technique": "characters that look alike (" + _diff(label, name) + ")",
                "shown": label, "imitates_label": name}, brand=brand.id)]
        if len(name) < MIN_EDIT_LENGTH:
            continue
        if is_idn:
            edit = one_edit(skel, name_skel) or (
                inner_insertion(skel, name_skel) if len(skel) == len(name_skel) + 2 else None)
        else:
            edit = one_edit(label, name) or one_edit(skel, name_skel) or (
                inner_insertion(label, name) if len(label) == len(name) + 2 else None)
        if edit is None and visual_edit(label if not is_idn else skel, name, knowledge.similar_pairs,
                                     knowledge.similar_readings):
            return [Finding("DOMAIN_SKELETON_MATCH", {
                "technique": "letters that are easy to misread (" + _diff(url.label_unicode, name) + ")",
                "shown": url.label_unicode, "imitates_label": name}, brand=brand.id)]
        if edit is None:
            continue
        code = "DOMAIN_HYPHEN_INSERTED" if edit.technique == "hyphen inserted" else _CODES.get(edit.kind, "DOMAIN_EDIT_DISTANCE")
        return [Finding(code, {"technique": edit.technique, "shown": url.label_unicode, "imitates_label": name},
                        brand=brand.id)]
    return []


def _diff(shown: str, name: str) -> str:
    pairs = [f"{a} for {b}" for a, b in zip(shown, name) if a != b]
    return ", ".join(pairs) if pairs and len(shown) == len(name) else f"{shown} → {name}"

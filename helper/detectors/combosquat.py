"""Brand (or a lookalike of it) plus a lure word in one label: amazon-support.jp, info-amazon-membership.net."""
from __future__ import annotations

import re

from ..findings import Finding
from .lookalike import match_token

_PIECES = re.compile(r"[-0-9_]+")


def _brand_in_label(label_u: str, knowledge):
    """(brand, the brand name, what is left of the label) when the label carries a brand or a lookalike of it."""
    for token in knowledge.brand_unicode_tokens:
        name, brand = token
        if name in label_u:
            return brand, name, label_u.replace(name, " ")
    skel = knowledge.skeleton(label_u)
    for name, name_skel, brand in knowledge.brand_tokens:
        if name_skel in skel:
            return brand, name, skel.replace(name_skel, " ")
    for piece in _PIECES.split(label_u):
        match = match_token(piece, knowledge)
        if match:
            return match.brand, match.protected, knowledge.skeleton(label_u.replace(piece, " "))
    return None


def lure_in(rest: str, knowledge) -> str | None:
    for word, word_skel in knowledge.lure_skeletons:
        if word_skel in rest:
            return word
    return None


def detect(ctx, knowledge) -> list[Finding]:
    url = ctx.url
    if url.is_ip:
        return []
    found = []
    labels = [("registrable", url.label_unicode)] + [("subdomain", l) for l in ctx.url.host_unicode.split(".")[:len(url.subdomain_labels)]]
    for where, label in labels:
        hit = _brand_in_label(label, knowledge)
        if hit is None:
            continue
        brand, name, rest = hit
        if not rest.strip(" -0123456789"):
            continue   # the brand alone: other detectors judge that
        if where == "registrable" and not label.isascii():
            word = lure_in(rest, knowledge) or "(brand name in Japanese or Chinese)"
        else:
            word = lure_in(rest, knowledge)
        if word is None:
            continue
        found.append(Finding("DOMAIN_COMBOSQUAT" if where == "registrable" else "HOST_BRAND_LURE_SUBDOMAIN", {
            "technique": f"the brand name with the word “{word}”", "shown": label, "brand_word": name,
            "lure_word": word}, brand=brand.id))
        break
    return found

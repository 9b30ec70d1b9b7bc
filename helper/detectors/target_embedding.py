"""A genuine domain spelled inside another one: amazon.co.jp.secure-login.xyz, www-amazon-co-jp.info, amazon-co-jp.com."""
from __future__ import annotations

import re
from functools import lru_cache

from ..findings import Finding
from .lookalike import match_token

_SPLIT = re.compile(r"[.\-]+")
# Tokens also break where Latin meets another script: amaz0nアカウント.co.jp-perif.com
_SCRIPT_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])(?=[a-z0-9])")


def _tokens(host: str, knowledge) -> list[str]:
    """Dot/hyphen pieces, each broken where scripts meet, unless the whole piece already imitates a brand:
    "аmazon" with a Cyrillic а is one lookalike of amazon, not "а" followed by a misspelt "mazon"."""
    tokens = []
    for piece in _SPLIT.split(host):
        parts = _SCRIPT_BOUNDARY.split(piece)
        tokens.extend([piece] if len(parts) > 1 and match_token(piece, knowledge) else parts)
    return tokens


@lru_cache(maxsize=8)
def _genuine_tails(brand) -> dict[str, tuple[tuple[str, ...], ...]]:
    """protected label -> the suffix token sequences it has among the brand's genuine domains, longest first."""
    tails: dict[str, set[tuple[str, ...]]] = {}
    for domain in brand.genuine:
        label, _, suffix = domain.partition(".")
        tails.setdefault(label, set()).add(tuple(suffix.split(".")))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in tails.items()}


@lru_cache(maxsize=8)
def _joined(brand) -> frozenset[str]:
    """Genuine domains named by the brand (amazon.co.jp, primevideo.tv, sagawa-exp.co.jp) with their dots and
    hyphens dropped (amazoncojp, primevideotv, sagawaexpcojp): a token spelling one is an embedding too."""
    names = set(brand.ascii_names)
    return frozenset(_SPLIT.sub("", d) for d in brand.genuine if d.partition(".")[0] in names)


def detect(ctx, knowledge) -> list[Finding]:
    url = ctx.url
    if url.is_ip:
        return []
    squeezed = _SPLIT.sub("", url.host_unicode)
    for brand in knowledge.brands:
        if squeezed in _joined(brand):
            # amazonco.jp, amaz.on.co.jp: the real name and suffix with dots dropped or moved
            return [Finding("DOMAIN_TARGET_EMBEDDING", {
                "technique": "the real address with its dots moved or dropped", "shown": url.host_unicode,
                "embedded": squeezed, "real_owner": url.registrable_unicode}, brand=brand.id)]
    tokens = _tokens(url.host_unicode, knowledge)
    # Where the registrable label starts among the tokens: a match that *is* the registrable label is a TLD swap.
    reg_tokens = len(_tokens(url.registrable_unicode, knowledge)) if url.registrable else 0
    reg_start = len(tokens) - reg_tokens
    for i, token in enumerate(tokens):
        for brand in knowledge.brands:
            if token in _joined(brand):
                return [Finding("DOMAIN_TARGET_EMBEDDING", {
                    "technique": "the real address written without its dots", "shown": url.host_unicode,
                    "embedded": token, "real_owner": url.registrable_unicode}, brand=brand.id)]
        match = match_token(token, knowledge)
        if match is None or (i == reg_start and url.label_unicode == token):
            continue
        for tail in _genuine_tails(match.brand).get(match.protected, ()):
            end = i + 1 + len(tail)
            if tuple(tokens[i + 1:end]) != tail:
                continue
            embedded = ".".join((match.protected,) + tail)
            at_tail = end == len(tokens)
            site = next((s.key for s in match.brand.sites.values() if s.domain == embedded), None)
            return [Finding("DOMAIN_TAIL_EMBEDDING" if at_tail else "DOMAIN_TARGET_EMBEDDING", {
                "technique": ("the real address written inside another one" if not at_tail
                              else "the real address at the end of another name"),
                "shown": url.host_unicode, "embedded": embedded, "real_owner": url.registrable_unicode,
                "spelled_as": token if match.technique != "exact" else embedded,
            }, brand=match.brand.id, site=site)]
    return []

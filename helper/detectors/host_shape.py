"""Host shapes the sources warn about: raw IPs, disguised IPs, userinfo tricks, shorteners, brands in subdomains."""
from __future__ import annotations

import ipaddress
import re

from ..findings import Finding
from .lookalike import match_token
from .random_name import code_tail, machine_made, short_code

DEEP_SUBDOMAINS = 4


_SHAPES_WITH_PATH = ("HOST_IP_ADDRESS", "URL_SHORTENER")


def _brand_id(name: str | None, knowledge) -> str | None:
    if not name:
        return None
    return next((b.id for t, _s, b in knowledge.brand_tokens if t == name),
                next((b.id for t, b in knowledge.brand_unicode_tokens if t == name), None))


def _brand_named_in(text: str, knowledge) -> str | None:
    low = text.lower()
    for name, _skel, _brand in knowledge.brand_tokens:
        if name in low:
            return name
    for name, _brand in knowledge.brand_unicode_tokens:
        if name in text:
            return name
    return None


def _copied_page_path(url, knowledge) -> tuple[str, str] | None:
    """(brand id, the path's beginning) when the path begins like the brand's own pages (/ap/signin, /gp/cart) and
    the host names that brand. A phishing kit copies the genuine paths; nobody else needs them under the brand's name."""
    path = "/" + url.path.lstrip("/").lower()   # //gp/… is read as /gp/… by the server, and so by the reader
    if not any(path.startswith(p) for b in knowledge.brands for p in b.page_paths):
        return None   # most paths: no need to look for a brand in the host
    brand_id = _brand_id(_brand_named_in(knowledge.without_ordinary_words(url.host_unicode), knowledge), knowledge)
    brand = next((b for b in knowledge.brands if b.id == brand_id), None)
    shape = next((p for p in brand.page_paths if path.startswith(p)), None) if brand else None
    return (brand_id, shape) if shape else None


_PIECE = re.compile(r"[-0-9_]+")


def _starts_with_brand(label: str, knowledge) -> bool:
    """The label is the brand's name, or begins with it (amazon71, amazon-co, amazonses; not amazonas, an ordinary word)."""
    if label in knowledge.brand_token_names:
        return True
    first = _PIECE.split(knowledge.without_ordinary_words(label), 1)[0]
    return any(first.startswith(name) for name in knowledge.brand_token_names)


def _names_a_service(label: str, url, knowledge) -> bool:
    """The label spells one of the brand's own service domains as a compound (amazon-adsystem-stage, cdn.media-amazon)
    and nothing else that names the brand or lures, on a domain with a chosen name under an ordinary ending: a
    vendor's host that talks to that service (a device maker's ad-system staging host), not a page posing as the store.
    The brand's bare name, or a service name beside a lure word, still counts."""
    if not label.isascii() or "-" not in label:
        return False
    pieces = label.split("-")
    for service in knowledge.service_labels.values():
        n = len(service)
        at = next((i for i in range(len(pieces) - n + 1) if tuple(pieces[i:i + n]) == service), None)
        if at is None:
            continue
        rest = pieces[:at] + pieces[at + n:]
        if any(match_token(p, knowledge) for p in rest) or any(w in p for p in rest for w in knowledge.lure_words):
            return False
        return (url.suffix not in knowledge.abused_suffixes and not machine_made(url.label)
                and not any(w in url.label for w in knowledge.lure_words))
    return False


def _without_address_pieces(text: str, knowledge, at_start: bool) -> str:
    """`text` without the pieces of the brand's address glued to the brand's side of it (amazon|comz → z, www|amazon)."""
    pieces = sorted(knowledge.address_pieces, key=len, reverse=True)
    while True:
        piece = next((p for p in pieces if (text.startswith(p) if at_start else text.endswith(p)) and len(p) < len(text)),
                     None)
        if piece is None:
            return text
        text = text[len(piece):] if at_start else text[:-len(piece)]


def _brand_and_code(label: str, knowledge) -> bool:
    """The label is the brand's name with, glued on either side, nothing but a code or pieces of the brand's address
    (amazon2, amazonkka, oamazon, zamazon6ou, amazoncomz)."""
    for name in knowledge.brand_token_names:
        at = label.find(name)
        if at >= 0:
            before = _without_address_pieces(label[:at], knowledge, at_start=False)
            after = _without_address_pieces(label[at + len(name):], knowledge, at_start=True)
            if (before or after) and all(not p or p in knowledge.address_pieces or code_tail(p) for p in (before, after)):
                return True
    return False


def _bare_brand_left(sub_labels: list[str], knowledge) -> bool:
    """The left part of the host is the brand's bare name, perhaps with pieces of its own address (www-amazon,
    amazon.co, www.amazon, amazoncomz) or a code glued to it (amazon2, amazonkka, amazon-9hty, oamazon): nothing a
    tenant would choose."""
    labels = []
    for label in knowledge.without_ordinary_words(".".join(sub_labels)).split("."):
        pieces = [p for p in label.split("-") if p and p not in knowledge.address_pieces]
        if pieces:
            labels.append("".join(pieces))
    return len(labels) == 1 and (labels[0] in knowledge.brand_token_names or _brand_and_code(labels[0], knowledge))


def detect(ctx, knowledge) -> list[Finding]:
    url = ctx.url
    out: list[Finding] = []
    if url.is_ip:
        # Loopback and LAN addresses (the router at 192.168.0.1, a local dev server) are nobody's phishing page.
        if ipaddress.ip_address(url.ip).is_global:
            out.append(Finding("HOST_IP_ADDRESS", {"technique": "a bare IP address instead of a name", "shown": url.ip}))
        if "obfuscated_ip" in url.notes:
            out.append(Finding("HOST_OBFUSCATED_IP", {"technique": "an IP address written as a number or in hex/octal",
                                                      "shown": url.ip}))
    if url.userinfo:
        named = _brand_named_in(url.userinfo, knowledge)
        out.append(Finding("HOST_USERINFO_TRICK", {
            "technique": "text before @ that looks like the address but is not", "shown_before_at": url.userinfo[:80],
            "real_host": url.host_unicode}, brand=_brand_id(named, knowledge)))
    if url.registrable in knowledge.shorteners or url.host_ascii in knowledge.shorteners:
        out.append(Finding("URL_SHORTENER", {"technique": "a short link hides where it goes", "shown": url.host_ascii}))
    if not url.is_ip:
        sub_unicode = [l for l in url.host_unicode.split(".")[:len(url.subdomain_labels)]
                       if not _names_a_service(l, url, knowledge)]
        named = next((m for m in (match_token(l, knowledge) for l in sub_unicode) if m), None)
        named_text = None if named else _brand_named_in(knowledge.without_ordinary_words(".".join(sub_unicode)),
                                                        knowledge)
        if named is not None or named_text:
            out.append(Finding("HOST_BRAND_IN_SUBDOMAIN", {
                "technique": "the brand name on the left of someone else's domain",
                "shown": url.host_unicode, "real_owner": url.registrable_unicode or url.host_unicode},
                brand=named.brand.id if named else None))
            # The brand as a whole label in front of a machine-made name (amazon.llwzbxtdo.com, amazon.342880.com):
            # a tenant of a real service sits in front of a chosen name (amazon.service-now.com), a fake in front
            # of whatever was cheap and free. The name as the label, as a piece of it or at its start (amazon71,
            # amazon-co, amazonses), not inside it: amazon-bidout.adsrvr.org is an ad system's.
            shape = ((machine_made(url.label, knowledge.letter_clusters, knowledge.name_model) or short_code(url.label))
                     if any(_starts_with_brand(l, knowledge) for l in sub_unicode) else None)
            if shape:
                out.append(Finding("HOST_BRAND_ON_MACHINE_NAME", {
                    "technique": f"the brand name in front of a name that looks machine-made: {shape}",
                    "shown": url.host_unicode, "real_owner": url.registrable_unicode},
                    brand=named.brand.id if named else None))
            # The brand's bare name as the whole left part of an ordinary site's name (amazon.jerrynetwork.com,
            # www.amazon.stevensonillustration.com): a hacked or rented site's subdomain. Of 48,325 popular
            # hostnames with subdomains (Cisco Umbrella, both halves) the only one is a CDN edge name, which never
            # gets here; tenants of a service sit under a piece of a longer name (0.amazon.pool.ntp.org).
            if not shape and _bare_brand_left(sub_unicode, knowledge):
                out.append(Finding("HOST_BRAND_AS_WHOLE_SUBDOMAIN", {
                    "technique": "the brand's bare name as the whole left part of someone else's address",
                    "shown": url.host_unicode, "real_owner": url.registrable_unicode},
                    brand=named.brand.id if named else None))
            if len(url.subdomain_labels) >= DEEP_SUBDOMAINS:
                out.append(Finding("HOST_DEEP_SUBDOMAINS", {"technique": "a long chain of subdomains",
                                                            "shown": url.host_unicode}))
    beside = [f.code for f in out if f.code in _SHAPES_WITH_PATH]
    path_brand = _brand_named_in(url.path, knowledge) if beside else None
    if path_brand:
        out.append(Finding("URL_BRAND_IN_PATH", {"technique": "the brand name in the path of an address that is not the brand's",
                                                 "shown": url.path[:120], "beside": beside},
                           brand=_brand_id(path_brand, knowledge)))
    copied = None if url.is_ip else _copied_page_path(url, knowledge)
    if copied:
        out.append(Finding("URL_BRAND_PATH_COPIED", {"technique": f"the path of the brand's own pages ({copied[1]}…)",
                                                     "shown": url.path[:120]}, brand=copied[0]))
    if "invisible_characters" in url.notes:
        out.append(Finding("HOST_INVISIBLE_CHARACTERS", {"technique": "invisible characters hidden in the address",
                                                         "shown": url.host_unicode}))
    return out

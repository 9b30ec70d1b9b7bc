"""The protected name itself under a suffix the brand does not own (amazon.xyz, amazon.co), and so the brand's other
names (amzn.top, アマゾン.top): every ending the brand does use is in its genuine list, so reaching here means it is not."""
from __future__ import annotations

from ..findings import Finding


def detect(ctx, knowledge) -> list[Finding]:
    url = ctx.url
    for name, _skel, brand in knowledge.protected:
        if url.label == name:
            return [_finding(url, name, brand)]
    for brand in knowledge.brands:
        # A token that is already a misspelling (amason) is the typo checks' business, not a name of the brand.
        names = [t for t in brand.tokens if t not in brand.misspellings] + list(brand.unicode_tokens)
        if url.label_unicode in names:
            return [_finding(url, url.label_unicode, brand)]
        # One of the brand's own names (amazonbusiness, amazonpay) under an ending it never registers its names under
        # (amazonbusiness.cloud); under one it does use (amazonses.co.uk) the name may well be the brand's own.
        if (url.label in knowledge.owned_labels and any(n in url.label for n in brand.tokens)
                and url.suffix not in knowledge.own_name_endings.get(brand.id, ())):
            return [_finding(url, url.label, brand)]
    return []


def _finding(url, name: str, brand) -> Finding:
    return Finding("DOMAIN_TLD_SWAP", {"technique": f"the real name under .{url.suffix}, which {brand.name} does not use",
                                       "shown": url.registrable_unicode, "imitates_label": name}, brand=brand.id)

"""The protected name itself under a suffix the brand does not own (amazon.xyz, amazon.co)."""
from __future__ import annotations

from ..findings import Finding


def detect(ctx, knowledge) -> list[Finding]:
    url = ctx.url
    for name, _skel, brand in knowledge.protected:
        if url.label == name:
            return [Finding("DOMAIN_TLD_SWAP", {"technique": f"the real name under .{url.suffix}, which Amazon does not use",
                                                "shown": url.registrable_unicode, "imitates_label": name},
                            brand=brand.id)]
    return []

"""Account lures (seed 003's fake Prime mail): membership suspended, points expiring, payment not confirmed,
unusual sign-in, "this mail is send-only", a deadline — on a page that names the brand, off the brand's domains;
and the call to action that cashes the lure in ("お支払い方法を更新する", "verify your account").

The brand must be named (anywhere: lure pages say "Amazonプライム" in the text) because other services' genuine
account pages use the same words about their own billing. Lure and call to action each weigh less than a block;
together they block, and the call to action counts only when the brand is shown as the page's identity (title,
logo, sign-in heading) or the page piles up two kinds of lure (seed 003 has four). A page that warns about
scams quotes exactly these mails (news, consumer advice, the seed article itself), so nothing is reported there
unless it also locks the browser or asks for secrets (page_knowledge `warns_about_scams`).
"""
from __future__ import annotations

from .. import page_knowledge
from ..findings import Finding


def detect(ctx, knowledge) -> list[Finding]:
    if ctx.page is None or ctx.ownership == "genuine":
        return []
    v = page_knowledge.view(ctx, knowledge)
    lures = v.lures
    if not lures or v.warns_about_scams:
        return []
    pk = v.pk
    out = [Finding("PAGE_ACCOUNT_LURE", {
        "technique": "says your account has a problem to make you act",
        "lures": [kind for kind, _ in lures], "phrase": lures[0][1], "brand_shown": v.brand.name},
        brand=pk.brand_id, site=v.brand.site)]
    # A help or FAQ page that names the brand in passing may mention one problem and "sign in"; a lure names
    # the brand as itself (title, logo, heading) or piles up problems.
    action = v.first(pk.calls_to_action) if v.brand.strong or len(lures) >= 2 else None
    if action:
        out.append(Finding("PAGE_LURE_CALL_TO_ACTION", {
            "technique": "asks you to update payment or sign in from the message", "phrase": action},
            brand=pk.brand_id, site=v.brand.site))
    return out

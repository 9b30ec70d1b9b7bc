"""The brand as a page SHOWS it, not only as it writes it: a copy of the brand's own page markup on a host that is
not the brand's, and the brand's name written with look-alike letters of another script.

A phishing kit saves Amazon's sign-in, billing or card page and serves it from its own host: the title says only
"Sign-In" or "サインイン" and the logo is a CSS sprite, but the markup is Amazon's (its page framework's class
names, the sign-in page's ids and form names, stylesheets from Amazon's content servers; data in
data/page_brand_markup.toml). Nobody but Amazon serves that markup, so on any other host (Amazon-run customer
hosting included) the page is a clone. Kits also title their pages "Amаzоn ログイン" with Cyrillic а and о to get
past filters (and build the rest of the page by script); a page that warns about scams may quote such a name, so
that finding is left out there.
"""
from __future__ import annotations

from .. import page_knowledge
from ..findings import Finding


def detect(ctx, knowledge) -> list[Finding]:
    if ctx.page is None or ctx.ownership == "genuine":
        return []
    v = page_knowledge.view(ctx, knowledge)
    out = []
    if v.markup_copied:
        out.append(Finding("PAGE_BRAND_MARKUP_COPIED", {
            "technique": "a copy of the brand's own page, served from a site that is not the brand's",
            "copied": [fam.name for fam, _ in v.markup_copied],
            "looks_like": [fam.says for fam, _ in v.markup_copied],
            "seen": [t for _, seen in v.markup_copied for t in seen[:3]][:12],
            "host": ctx.url.host_unicode}, brand=v.pk.brand_id, site=v.brand.site if v.brand else None))
    shown = v.brand
    # Where the page names itself (title, logo alt text, sign-in heading): nobody writes their own page's name in
    # a foreign alphabet by accident, while a text may quote a lookalike to explain it. In the text it counts on a
    # page that asks for a password, card or code (a 3-D Secure step: "加盟店名：Amаzоn.co.jp … パスワード"): an
    # article explaining look-alike names asks for none.
    if shown is not None and shown.written and (shown.strong or v.asks_for_secrets) and not v.warns_about_scams:
        out.append(Finding("PAGE_BRAND_LOOKALIKE_LETTERS", {
            "technique": "the brand's name written with look-alike letters of another alphabet",
            "phrase": shown.written, "brand_shown": shown.name, "shown_in": shown.where},
            brand=v.pk.brand_id, site=shown.site))
    return out

"""Fake Amazon sign-in and payment pages (PhishIntention's two intentions): the page presents itself as the brand
AND asks for secrets, on a host that is not the brand's tier A.

"Presents itself" means the brand is in the title, an image's alt text (the logo) or a sign-in heading
("Amazon.co.jpにサインイン"); a brand name only somewhere in the text (a shop saying "also on Amazon") is not
enough. "Secrets" are a card number, expiry, security code or one-time code; a password or an e-mail/phone field counts
when the page presents itself as the brand's sign-in page (a brand sign-in heading, or the brand and a sign-in
word in the title): Amazon's own first sign-in step asks only for the e-mail.
Amazon-run customer hosting (S3, CloudFront: ownership "hosting") is not Amazon speaking and is judged like any
other host. Warning-page phrases never discount this finding: a page that asks for a card number is not a
warning page, whatever else it says.
"""
from __future__ import annotations

from .. import page_knowledge
from ..context import UrlError, parse_url
from ..findings import Finding

# Card data and one-time codes are never asked for by a page that merely mentions the brand; passwords and
# e-mail addresses are (a forum about Prime Video with a login box), so those need the page to present itself as
# the brand's sign-in page (page_knowledge.PageView.presents_signin).
PAYMENT_KINDS = frozenset({"card_number", "card_cvc", "card_expiry", "otp"})
SIGNIN_KINDS = frozenset({"password", "account", "phone"})


def detect(ctx, knowledge) -> list[Finding]:
    if ctx.page is None or ctx.ownership == "genuine" or not ctx.page.forms:
        return []
    v = page_knowledge.view(ctx, knowledge)
    shown = v.brand
    if shown is None or not shown.strong:
        return []
    kinds = v.field_kinds
    asks = sorted(kinds & PAYMENT_KINDS)
    if not asks and v.presents_signin:
        asks = sorted(kinds & SIGNIN_KINDS)
    if not asks:
        return []
    asks = sorted(kinds & (PAYMENT_KINDS | SIGNIN_KINDS))
    url = ctx.url
    evidence = {
        "technique": "shows the brand and asks for secrets on a site that is not the brand's",
        "brand_shown": shown.name, "shown_in": shown.where, "asks_for": asks, "host": url.host_unicode,
        "host_kind": "Amazon-run customer hosting, not Amazon itself" if v.hosting else "not Amazon"}
    sends_to = _elsewhere(ctx, set(asks))
    if sends_to:
        evidence["sends_to"] = sends_to
    return [Finding("PAGE_BRAND_CREDENTIAL_FORM", evidence, brand=v.pk.brand_id, site=shown.site)]


def _elsewhere(ctx, asks: set[str]) -> str | None:
    """The host a form asking for these secrets posts to, when it is not the page's own host."""
    for form in ctx.page.forms:
        if form.fields & asks and form.action:
            try:
                target = parse_url(form.action)
            except UrlError:
                continue
            if target.host_ascii != ctx.url.host_ascii:
                return target.host_unicode
    return None

"""Tech-support scareware (サポート詐欺): a claim about this computer, an instruction to call a number, and the
vendor and urgency words that dress them up.

No single signal blocks (weights in rules.toml): a claim alone or a call instruction with a number alone is a
note, the two together block. A number counts only within page_knowledge.NUMBER_WINDOW characters of an
*imperative* call instruction ("今すぐお電話ください", "call Microsoft support"): directories and warning pages write
"電話番号: 0120-…" and never trigger it. Vendor and urgency words are reported only next to a claim, because on
their own they are every software shop's vocabulary. A page that warns about scams (page_knowledge
`warns_about_scams`: enough police/consumer-centre/advice phrases, no browser locking, no form asking for
secrets) quotes claims and numbers on purpose, so this detector says nothing there; page_notes explains why.
"""
from __future__ import annotations

from .. import page_knowledge
from ..findings import Finding


def detect(ctx, knowledge) -> list[Finding]:
    if ctx.page is None or ctx.ownership == "genuine":
        return []
    v = page_knowledge.view(ctx, knowledge)
    if not (v.claim or v.call_numbers) or v.warns_about_scams:
        return []
    pk = v.pk
    out: list[Finding] = []
    vendor = v.first(pk.vendors) if v.claim else None
    brand = pk.brand_id if vendor in pk.brand_vendors else None
    if v.claim:
        out.append(Finding("PAGE_TSS_INFECTION_CLAIM", {
            "technique": "claims this computer or account is infected, hacked or locked", "phrase": v.claim},
            brand=brand))
    if v.call_numbers:
        call = v.call_numbers[0]
        out.append(Finding("PAGE_TSS_CALL_NUMBER", {
            "technique": "tells you to call a phone number", "phrase": call.instruction, "number": call.number,
            "numbers": [c.e164 for c in v.call_numbers[:5]]}, brand=brand))
    confirmed = v.claim and (v.call_numbers or v.locking)
    if confirmed and vendor:
        out.append(Finding("PAGE_TSS_VENDOR_IMPERSONATION", {
            "technique": "names a well-known company to look like its warning", "vendor": vendor}, brand=brand))
    urgent = v.first(pk.urgency) if confirmed else None
    if urgent:
        out.append(Finding("PAGE_TSS_URGENCY", {"technique": "rushes or frightens you (countdown, error code)",
                                                "phrase": urgent}, brand=brand))
    return out

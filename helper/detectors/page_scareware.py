"""Tech-support scareware (サポート詐欺): a claim about this computer, a support line to call, and the fake scan,
vendor and urgency words that dress them up.

No single signal blocks (weights in rules.toml). A claim (helper/page_meaning.py: a threat found, a device
blocked or hacked, in any wording, not as reported speech) is a warning on its own: a page that says so to you is
a scare screen, whatever else it holds. A number counts when it is within page_knowledge.NUMBER_WINDOW characters
of an *imperative* call instruction ("今すぐお電話ください", "call Microsoft support"), or, beside a claim, when a
support-line word stands next to it ("Windows サポート (0101) 81896-28190"): directories and warning pages write
"電話番号: 0120-…" and never trigger the first, and do not claim anything for the second. When a script or an
image writes the number, the instruction to call still counts beside a claim. Vendor, fake-scan and urgency
words are reported only next to a claim, because on their own they are every software shop's vocabulary. A page
that warns about scams (page_knowledge `warns_about_scams`: enough police/consumer-centre/advice phrases, no
browser locking, no form asking for secrets) quotes claims and numbers on purpose, so this detector says nothing
there; page_notes explains why.
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
    calls, technique = v.call_numbers, "tells you to call a phone number"
    if not calls and v.claim and v.support_numbers:
        calls, technique = v.support_numbers, "shows a support phone number beside the warning"
    if v.claim:
        out.append(Finding("PAGE_TSS_INFECTION_CLAIM", {
            "technique": "claims this computer or account is infected, hacked or locked", "phrase": v.claim},
            brand=brand))
    if calls:
        call = calls[0]
        out.append(Finding("PAGE_TSS_CALL_NUMBER", {
            "technique": technique, "phrase": call.instruction, "number": call.number,
            "numbers": [c.e164 for c in calls[:5]]}, brand=brand))
    elif v.claim and v.call_instruction:
        out.append(Finding("PAGE_TSS_CALL_INSTRUCTION", {
            "technique": "tells you to call support (the number is drawn by a script or an image)",
            "phrase": v.call_instruction}, brand=brand))
    if v.claim and v.fake_scan:
        out.append(Finding("PAGE_TSS_FAKE_SCAN", {
            "technique": "shows a virus scan that a web page cannot run", "phrases": list(v.fake_scan[:4])},
            brand=brand))
    confirmed = v.claim and (calls or v.call_instruction or v.locking or v.fake_scan)
    if confirmed and vendor:
        out.append(Finding("PAGE_TSS_VENDOR_IMPERSONATION", {
            "technique": "names a well-known company to look like its warning", "vendor": vendor}, brand=brand))
    urgent = (v.first(pk.urgency) or v.dressing) if confirmed else None
    if urgent:
        out.append(Finding("PAGE_TSS_URGENCY", {"technique": "rushes or frightens you (countdown, error code)",
                                                "phrase": urgent}, brand=brand))
    return out

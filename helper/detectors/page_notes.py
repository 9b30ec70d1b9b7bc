"""Notes that explain a page verdict without moving it (rules group "info", cap 0): the text was read only in
part, or the page reads as a warning about scams, so the scam words it quotes were not counted."""
from __future__ import annotations

from .. import page_knowledge
from ..findings import Finding


def detect(ctx, knowledge) -> list[Finding]:
    if ctx.page is None:
        return []
    v = page_knowledge.view(ctx, knowledge)
    out: list[Finding] = []
    if v.scanned_chars < v.received_chars:
        out.append(Finding("PAGE_TEXT_TRUNCATED", {
            "technique": "only part of a long page was read", "received_chars": v.received_chars,
            "read_chars": v.scanned_chars,
            "read": f"the first {page_knowledge.SCAN_HEAD} and the last {page_knowledge.SCAN_TAIL} characters"}))
    quoted = v.claim or v.call_numbers or v.lures      # only say so when there were scam words to discount
    if ctx.ownership != "genuine" and quoted and v.warns_about_scams:
        out.append(Finding("PAGE_WARNS_ABOUT_SCAMS", {
            "technique": "the page warns about scams, so scam words it quotes were not counted",
            "phrases": list(v.counter_evidence[:5])}))
    return out

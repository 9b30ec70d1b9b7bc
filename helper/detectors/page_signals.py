"""Browser-locking behaviour counted by the extension: full-screen loops, keyboard/pointer lock, dialog and print
loops, history floods, notification prompts, alarm audio.

Thresholds are data (page_scareware.toml [behaviour], after Malwarebytes Browser Guard's loops). Video and
games go full screen once and may lock the pointer, so each behaviour weighs less than a block on its own;
autoplaying audio or speech counts only next to a locking behaviour or a scare claim (a video autoplays too).
Unlike the text detectors, behaviour is never discounted by warning-page phrases: warning pages do not lock.
"""
from __future__ import annotations

from .. import page_knowledge
from ..findings import Finding


def detect(ctx, knowledge) -> list[Finding]:
    if ctx.page is None or ctx.ownership == "genuine":
        return []
    v = page_knowledge.view(ctx, knowledge)
    out = [Finding(code, evidence) for code, evidence in v.behaviours]
    audio, speech = v.signals.get("audio_autoplay", 0), v.signals.get("speech", 0)
    if (audio or speech) and (v.locking or (v.claim and not v.warns_about_scams)):
        out.append(Finding("PAGE_ALARM_AUDIO", {"technique": "plays alarm sounds or a voice by itself",
                                                "audio_autoplay": audio, "speech": speech}))
    return out

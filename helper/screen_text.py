"""Read what a page draws (issue 15): the text of a screenshot of the visible tab, for a page that locks the browser
or asks for secrets while its own text says little (a warning and a phone number drawn into a <canvas> or an
image). The extension sends the picture only on such a trigger; the text read here is judged by the same page
check as the page's own text (api.screen_verdict).

The engine is Tesseract (Debian's tesseract-ocr with its Japanese data, through pytesseract): measured against
RapidOCR in bench/screen_ocr.py and docs/PERFORMANCE.md. Everything stays on this machine: the picture is
decoded in memory, handed to the tesseract process through a temporary file that pytesseract deletes right
after, and dropped when the answer is sent.

One picture at a time: a single worker thread runs the engine (itself limited to one thread), so the helper's
other verdicts keep the second core; a picture sent while one is being read is refused at once ("ocr_busy")
rather than queued behind it. Without the engine the helper runs as before and says why reading is off.
"""
from __future__ import annotations

import base64
import binascii
import io
import os
import re
import shutil
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from functools import lru_cache

from .context import InputError, parse_page  # noqa: F401  (api reads both from here)

# A 1280×800 PNG screenshot is 0.1-1.5 MB; a 2560×1600 one (a HiDPI screen) up to ~4 MB. Decoded size counts.
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4096
MAX_PIXELS = 4096 * 2304
# Wider pictures are scaled down before reading: HiDPI screenshots take 4x as long and read no better.
READ_WIDTH = 1600
LANGUAGES = ("jpn", "eng")
ENGINE_TIMEOUT_S = 20          # a stuck engine process is ended; the request gets ocr_failed
ENGINE_NICE = 10               # the engine yields the CPU to the helper's other verdicts
PREFIXES = {"data:image/png;base64,": b"\x89PNG\r\n\x1a\n", "data:image/jpeg;base64,": b"\xff\xd8\xff"}
MAX_TEXT_CHARS = 20_000

_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
# Tesseract's Japanese model writes a space between most characters: "ウ イ ル ス に 感 染". Spaces between two
# Japanese characters are dropped, so the page check's phrases match; spaces in Latin text stay.
_SPACED_CJK = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")
# A short Latin word or number inside Japanese loses its spaces too: "お使いの PC は" -> "お使いのPCは", as
# pages write it; longer ones keep them ("Windows セキュリティ").
_SPACED_SHORT = re.compile(f"(?<=[{_CJK}]) +([A-Za-z0-9]{{1,3}}) +(?=[{_CJK}])")
_CJK_END = re.compile(f"[{_CJK}]$")
_CJK_START = re.compile(f"[{_CJK}]")


class OcrBusy(Exception):
    """A picture is being read already."""


class OcrFailed(Exception):
    """The engine ran and failed (crashed, timed out)."""


@dataclass(frozen=True)
class EngineStatus:
    available: bool
    engine: str            # "tesseract 5.3.0"; "" when missing
    why: str               # a stable code when not available: ocr_module_missing, ocr_engine_missing, ocr_language_missing
    message: str           # for people

    def as_json(self) -> dict:
        out = {"available": self.available, "engine": self.engine}
        if not self.available:
            out.update(why=self.why, message=self.message)
        return out


def _pytesseract():
    import pytesseract   # optional at import time: the helper runs without it
    return pytesseract


@lru_cache(maxsize=1)
def engine_status() -> EngineStatus:
    """Whether screen reading works here, and if not, why. Read once per process (setup installs the engine)."""
    try:
        pt = _pytesseract()
        from PIL import Image  # noqa: F401  (pytesseract needs Pillow too)
    except ImportError as exc:
        return EngineStatus(False, "", "ocr_module_missing",
                            f"screen reading is off: the Python module {exc.name or 'pytesseract'} is not installed "
                            "(run scripts/setup)")
    # The same override scripts/setup reads: another tesseract program (or none, for a test).
    if os.environ.get("SCAMGUARD_TESSERACT"):
        pt.pytesseract.tesseract_cmd = os.environ["SCAMGUARD_TESSERACT"]
    if shutil.which(pt.pytesseract.tesseract_cmd) is None:
        return EngineStatus(False, "", "ocr_engine_missing",
                            "screen reading is off: the tesseract program is not installed (run scripts/setup, "
                            "or: apt-get install tesseract-ocr tesseract-ocr-jpn)")
    try:
        version = str(pt.get_tesseract_version()).split()[0]
        languages = set(pt.get_languages(config=""))
    except Exception as exc:   # a broken install: the program is there but does not run
        return EngineStatus(False, "", "ocr_engine_missing", f"screen reading is off: tesseract does not run ({exc})")
    missing = [lang for lang in LANGUAGES if lang not in languages]
    if missing:
        return EngineStatus(False, f"tesseract {version}", "ocr_language_missing",
                            f"screen reading is off: tesseract has no {'+'.join(missing)} data "
                            "(run scripts/setup, or: apt-get install tesseract-ocr-jpn)")
    return EngineStatus(True, f"tesseract {version}", "", "")


def decode_screenshot(value: object):
    """A data URL (PNG or JPEG, base64) -> a Pillow image in memory, after the limits above. InputError otherwise."""
    if not isinstance(value, str):
        raise InputError("bad_screenshot", "screenshot must be a data:image/png;base64,… or data:image/jpeg;base64,… string")
    prefix = next((p for p in PREFIXES if value.startswith(p)), None)
    if prefix is None:
        raise InputError("bad_screenshot", "screenshot must be a PNG or JPEG data URL (data:image/png;base64,…)")
    encoded = value[len(prefix):]
    if len(encoded) > (MAX_IMAGE_BYTES * 4) // 3 + 4:
        raise InputError("screenshot_too_large", f"the screenshot is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise InputError("bad_screenshot", "the screenshot is not valid base64") from None
    if not data.startswith(PREFIXES[prefix]):
        raise InputError("bad_screenshot", "the screenshot's bytes are not the image type its data URL names")
    from PIL import Image, UnidentifiedImageError
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size          # from the header: nothing decoded yet
        if width < 1 or height < 1 or width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
            raise InputError("screenshot_too_large", f"the screenshot must be at most {MAX_SIDE}×{MAX_SIDE} pixels "
                             f"and {MAX_PIXELS:,} pixels in all, not {width}×{height}")
        image.load()
    except InputError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise InputError("bad_screenshot", f"the screenshot cannot be read as an image: {exc.__class__.__name__}") from None
    return image


def prepare(image):
    """Grey, at most READ_WIDTH wide: what the engine reads best and fastest."""
    from PIL import Image
    image = image.convert("L")
    if image.width > READ_WIDTH:
        image = image.resize((READ_WIDTH, max(1, round(image.height * READ_WIDTH / image.width))), Image.LANCZOS)
    return image


def tidy(text: str) -> str:
    """The engine's text as the page check reads page text: NFKC, no spaces inside Japanese runs, no empty lines."""
    text = unicodedata.normalize("NFKC", text)
    # Japanese wraps between any two characters: within a paragraph (the engine ends one with an empty line), a
    # line that ends and a line that starts in Japanese are one run of text cut by the screen's width, as the
    # page's own text (innerText) has it.
    out: list[str] = []
    joinable = False
    for raw in text.splitlines():
        line = _SPACED_CJK.sub("", _SPACED_SHORT.sub(r"\1", raw)).strip()
        if not line:
            joinable = False
            continue
        if joinable and _CJK_END.search(out[-1]) and _CJK_START.match(line):
            out[-1] += line
        else:
            out.append(line)
        joinable = True
    return "\n".join(out)[:MAX_TEXT_CHARS]


def read_image(image) -> str:
    """The text of one picture (blocking; runs on the worker). OcrFailed when the engine fails."""
    pt = _pytesseract()
    try:
        raw = pt.image_to_string(prepare(image), lang="+".join(LANGUAGES), config="--psm 3",
                                 timeout=ENGINE_TIMEOUT_S, nice=ENGINE_NICE)
    except RuntimeError as exc:          # pytesseract's timeout
        raise OcrFailed(f"the engine took longer than {ENGINE_TIMEOUT_S} s: {exc}") from None
    except pt.TesseractError as exc:
        raise OcrFailed(f"the engine failed: {exc.message}") from None
    return tidy(raw)


# Tesseract may use OpenMP threads; one is enough for a screenshot and leaves the other core to the verdicts.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class ScreenReader:
    """The single worker: read() runs the engine on its own thread, one picture at a time."""

    def __init__(self, reader=read_image, wait_s: float = ENGINE_TIMEOUT_S + 5):
        self._reader = reader
        self._wait_s = wait_s
        self._slot = threading.Semaphore(1)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scamguard-ocr")

    @property
    def busy(self) -> bool:
        if self._slot.acquire(blocking=False):
            self._slot.release()
            return False
        return True

    def read(self, image) -> tuple[str, int]:
        """(text, milliseconds). OcrBusy at once when a picture is being read; OcrFailed when the engine fails."""
        if not self._slot.acquire(blocking=False):
            raise OcrBusy()
        start = time.perf_counter()
        try:
            future = self._pool.submit(self._reader, image)
        except BaseException:
            self._slot.release()
            raise
        future.add_done_callback(lambda _f: self._slot.release())
        try:
            text = future.result(timeout=self._wait_s)
        except FutureTimeout:
            raise OcrFailed("the engine did not answer in time") from None
        finally:
            del image
        return text, round((time.perf_counter() - start) * 1000)


# ---- judging what was read ------------------------------------------------------------------------------------

SCREEN_NOTE = "PAGE_READ_FROM_SCREEN"


def judge(engine, url: str, page: dict | None, text: str, engine_label: str) -> dict:
    """The page check of the page with the text read from its screenshot added to its own text. The reasons that
    only the read text gave are marked (evidence "seen": "screen") and a PAGE_READ_FROM_SCREEN note says so, in
    the words the interstitial shows."""
    dom = parse_page(page if page is not None else {})
    before = engine.verdict(url, dom)
    combined = dict(page or {})
    combined["text"] = ((dom.text + "\n") if dom.text else "") + text
    after = engine.verdict(url, combined)
    if after["score"] < before["score"]:
        # Read text never clears a page: words on the screen that sound like a scam warning (which the page check
        # holds against a page's own quotes) must not cancel what the page's text and behaviour showed.
        before["screen"] = {"read": True, "engine": engine_label, "chars": len(text), "changed_verdict": False}
        return before
    known = {r["code"] for r in before["reasons"]}
    added = [r for r in after["reasons"] if r["code"] not in known]
    for r in added:
        r["evidence"] = {**r["evidence"], "seen": "screen"}
    if added:
        rule = engine.rules[SCREEN_NOTE]
        phrase = next((r["evidence"].get("phrase") for r in added if r["evidence"].get("phrase")), "")
        after["reasons"].append({"code": SCREEN_NOTE, "weight": rule.weight, "description": rule.description,
                                 "evidence": {"technique": "the warning is drawn as a picture, not written as text",
                                              "phrase": phrase, "engine": engine_label}})
    after["screen"] = {"read": True, "engine": engine_label, "chars": len(text),
                       "changed_verdict": after["verdict"] != before["verdict"]}
    return after

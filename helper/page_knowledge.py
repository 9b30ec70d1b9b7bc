"""What the page detectors know (helper/data/page_*.toml) and the one normalised view of a page they all read.

Normalise once: the view lower-cases the page and maps fullwidth ASCII, halfwidth kana and the ideographic space
with NFKC (only those runs: NFKC over a whole Japanese page costs ~100 ns a character), drops line breaks between
two Japanese characters and the spaces between single Japanese letters set one per element (a Japanese reader
reads no gap there: "今すぐ<br>お電話ください", "サ ポ ー ト"), then collapses whitespace.
Every phrase in the data files is normalised the same way when loaded, so matching is plain substring search.

Bounded work, whatever the page: the view reads the title, the image alt texts and at most SCAN_HEAD characters
from the start of the visible text plus SCAN_TAIL from its end (a scam screen is short; a page that hides its
scam text after 32,000 characters of visible filler is out of scope and the PAGE_TEXT_TRUNCATED note says the
text was read in part; the extension sends the text it finds drawn invisible after the visible text, so invisible
filler cannot do this). Phone numbers are looked for only within NUMBER_WINDOW characters of an imperative call
instruction, at most MAX_CALL_SITES places, so `phonenumbers` never reads more than a few kilobytes
(helper/phone.py find_numbers reads them: middle dots, every dash, fullwidth digits, spaced or split groups).
"""
from __future__ import annotations

import fnmatch
import re
import threading
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from . import page_meaning, phone
from .knowledge import DataError

DATA_DIR = Path(__file__).parent / "data"
SCAN_HEAD = 32_000
SCAN_TAIL = 8_000
NUMBER_WINDOW = 120
MAX_CALL_SITES = 12
CREDENTIAL_KINDS = frozenset({"password", "card_number", "card_cvc", "card_expiry", "otp"})

# Runs that NFKC changes in practice on Japanese and English pages: ideographic space, fullwidth ASCII,
# halfwidth katakana and symbols. One character class, no nesting: linear.
_WIDE_RUN = re.compile("[\u3000\uff01-\uffef]+")
_SPACES = re.compile(r"\s+")
# Characters with no width that split a phrase for us but not for the reader ("お電\u200b話ください").
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]+")


# Japanese is written without spaces, so a line break between two Japanese characters is where the page broke a
# line (<br>, a flex row of one letter per element), not a gap the reader reads: "今すぐ<br>お電話ください" is one
# phrase. Likewise single kana/kanji set apart by spaces, one per element ("サ ポ ー ト"), read as a word.
_CJK = "\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[^\\S\\n]*\\n\\s*(?=[{_CJK}])")
_CJK_SPACED = re.compile(f"(?<![{_CJK}])[{_CJK}](?:\\s[{_CJK}](?![{_CJK}])){{2,}}")


def normalise(text: str) -> str:
    """Fullwidth -> ASCII and halfwidth -> fullwidth kana (NFKC on those runs only), typographic apostrophes ->
    "'" ("don’t call"), line breaks and letter spacing inside Japanese dropped, lower case, one space."""
    text = _WIDE_RUN.sub(lambda m: unicodedata.normalize("NFKC", m.group()), _INVISIBLE.sub("", text))
    if "\n" in text:
        text = _CJK_BREAK.sub("", text)
    text = _CJK_SPACED.sub(lambda m: _SPACES.sub("", m.group()), text)
    if "\u2019" in text or "\u2018" in text or "\u02bc" in text:     # str.translate is slow on long CJK text
        text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return _SPACES.sub(" ", text.lower())


def _phrases(raw: object, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(p, str) and p.strip() for p in raw):
        raise DataError(f"{where} must be a list of non-empty strings")
    # Longest first, so evidence quotes the most specific phrase.
    return tuple(sorted({normalise(p).strip() for p in raw}, key=len, reverse=True))


@dataclass(frozen=True)
class PageKnowledge:
    claims: tuple[str, ...]
    device_words: tuple[str, ...]
    call_instructions: tuple[str, ...]
    vendors: tuple[str, ...]
    brand_vendors: frozenset[str]
    urgency: tuple[str, ...]
    behaviour: dict[str, int]
    brand_id: str
    brand_names: tuple[str, ...]
    site_names: dict[str, str]
    signin_phrases: tuple[str, ...]
    signin_words: tuple[str, ...]
    not_brand: tuple[str, ...]
    lures: tuple[tuple[str, tuple[str, ...]], ...]
    calls_to_action: tuple[str, ...]
    counter_families: tuple[tuple[str, tuple[str, ...]], ...]
    counter_min_phrases: int
    counter_min_families: int
    field_autocomplete: dict[str, str]
    field_types: dict[str, str]
    field_keywords: tuple[tuple[str, tuple[str, ...]], ...]
    scare: page_meaning.ScareKnowledge | None = None   # page_scareware.toml [meaning]
    markup_families: tuple[MarkupFamily, ...] = ()
    markup_min_families: int = 2
    lookalike_letters: dict[int, str] | None = None


@dataclass(frozen=True)
class MarkupFamily:
    """One kind of evidence that a page is a copy of the brand's own page (data/page_brand_markup.toml)."""
    name: str
    says: str
    min: int
    classes: re.Pattern | None
    ids: re.Pattern | None
    form_names: re.Pattern | None
    resources: tuple[str, ...]

    def seen(self, markup) -> list[str]:
        """The page's tokens that belong to this family, as 'class x' / 'id y' / 'form z' / the address."""
        out = []
        for kind, pattern, tokens in (("class", self.classes, markup.classes), ("id", self.ids, markup.ids),
                                      ("form", self.form_names, markup.form_names)):
            if pattern is not None:
                out += sorted(f"{kind} {t}" for t in tokens if pattern.fullmatch(t))
        out += [r for r in markup.resources if any(p in r for p in self.resources)]
        return out


def _token_pattern(raw: object, where: str) -> re.Pattern | None:
    """Lower-case tokens, '*' a wildcard, as one compiled alternation (one match per page token)."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(t, str) and t.strip() for t in raw):
        raise DataError(f"{where} must be a list of non-empty strings")
    return re.compile("|".join(fnmatch.translate(t.strip().lower()).removesuffix(r"\Z").removeprefix("(?s:")
                               .removesuffix(")") for t in raw))


def _markup_families(raw: dict) -> tuple[MarkupFamily, ...]:
    out = []
    for name, fam in raw.items():
        where = f"page_brand_markup.toml families.{name}"
        out.append(MarkupFamily(name, str(fam["says"]), int(fam.get("min", 1)),
                                _token_pattern(fam.get("classes"), where + ".classes"),
                                _token_pattern(fam.get("ids"), where + ".ids"),
                                _token_pattern(fam.get("form_names"), where + ".form_names"),
                                tuple(r.lower() for r in fam.get("resources", []))))
    return tuple(out)


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"cannot read data file {path}: {exc}") from None


@lru_cache(maxsize=4)
def load(data_dir: Path = DATA_DIR) -> PageKnowledge:
    """Read the page_*.toml files of `data_dir` once per process."""
    data_dir = Path(data_dir)
    tss, acc = _toml(data_dir / "page_scareware.toml"), _toml(data_dir / "page_account.toml")
    counter, fields = _toml(data_dir / "page_counter.toml"), _toml(data_dir / "page_fields.toml")
    markup_path = data_dir / "page_brand_markup.toml"
    markup = _toml(markup_path if markup_path.exists() else DATA_DIR / "page_brand_markup.toml")
    try:
        kw = fields["keywords"]
        return PageKnowledge(
            claims=_phrases(tss["claims"], "page_scareware.toml claims"),
            device_words=_phrases(tss["device_words"], "page_scareware.toml device_words"),
            call_instructions=_phrases(tss["call_instructions"], "page_scareware.toml call_instructions"),
            vendors=_phrases(tss["vendors"], "page_scareware.toml vendors"),
            brand_vendors=frozenset(_phrases(tss["brand_vendors"], "page_scareware.toml brand_vendors")),
            urgency=_phrases(tss["urgency"], "page_scareware.toml urgency"),
            behaviour={k: int(v) for k, v in tss["behaviour"].items()},
            brand_id=str(acc["brand"]["id"]),
            brand_names=_phrases(acc["brand"]["names"], "page_account.toml brand.names"),
            site_names={normalise(k): str(v) for k, v in acc["brand"]["site_names"].items()},
            signin_phrases=_phrases(acc["brand"]["signin_phrases"], "page_account.toml brand.signin_phrases"),
            signin_words=_phrases(acc["brand"]["signin_words"], "page_account.toml brand.signin_words"),
            not_brand=_phrases(acc["brand"].get("not_brand", []), "page_account.toml brand.not_brand")
            if acc["brand"].get("not_brand") else (),
            lures=tuple((k, _phrases(v, f"page_account.toml lures.{k}")) for k, v in acc["lures"].items()),
            calls_to_action=_phrases(acc["calls_to_action"]["phrases"], "page_account.toml calls_to_action"),
            counter_families=tuple((k, _phrases(v, f"page_counter.toml families.{k}"))
                                   for k, v in counter["families"].items()),
            counter_min_phrases=int(counter["min_phrases"]),
            counter_min_families=int(counter["min_families"]),
            field_autocomplete={str(k).lower(): str(v) for k, v in fields["autocomplete"].items()},
            field_types={str(k).lower(): str(v) for k, v in fields["types"].items()},
            field_keywords=tuple((kind, _phrases(kw[kind], f"page_fields.toml keywords.{kind}"))
                                 for kind in kw["order"]),
            scare=page_meaning.knowledge(tss["meaning"], _phrases),
            markup_families=_markup_families(markup["families"]),
            markup_min_families=int(markup["min_families"]),
            lookalike_letters={ord(k): str(v) for k, v in markup["lookalike_letters"].items() if len(k) == 1},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataError(f"page data in {data_dir} is missing or has a malformed entry: {exc}") from None


def for_knowledge(knowledge) -> PageKnowledge:
    """The page data beside the Knowledge's data; a data folder without page files (an older copy, a test's
    brand-only folder) gets the shipped ones."""
    data_dir = Path(getattr(knowledge, "data_dir", DATA_DIR))
    return load(data_dir if (data_dir / "page_scareware.toml").exists() else DATA_DIR)


def words_that_count(pk: PageKnowledge) -> tuple[str, ...]:
    """The words a stretch of a page's text must hold for its presence to change what the page detectors find,
    without whitespace (sorted; a word that holds a shorter one left out). Every phrase that counts wherever it
    stands is here: claims, device and alert words, vendors, urgency, dressing, scan words, calls to call, the
    brand, sign-in words, lures, calls to action, warning-about-scams phrases. Of the pieces that count only
    beside another within a few characters, one side is here: threat words (not "found"), device words (not their
    states), support-line words (not the number); hedges count only beside a claim. So a stretch that holds none of
    these holds no whole phrase or pair the detectors read; what it can still change is only across its edges.

    The extension's collector reads them (extension/content/page-words.js, built by scripts/build_page_words.py,
    kept equal by tests/test_page_words_agree.py) to skip the invisible blocks whose taking out cannot matter."""
    s = pk.scare
    lists = [pk.claims, pk.device_words, pk.call_instructions, pk.vendors, pk.urgency, pk.brand_names,
             tuple(pk.site_names), pk.signin_phrases, pk.signin_words, pk.calls_to_action, s.threats, s.devices,
             s.alerts, s.support_lines, s.scan, s.dressing, *(p for _k, p in pk.lures),
             *(p for _f, p in pk.counter_families)]
    words = sorted({_SPACES.sub("", p) for phrases in lists for p in phrases}, key=lambda w: (len(w), w))
    kept: list[str] = []
    for w in words:
        if not any(k in w for k in kept):
            kept.append(w)
    return tuple(sorted(kept))


@dataclass(frozen=True)
class BrandShown:
    name: str          # the phrase that shows the brand, as normalised
    where: str         # title, image_alt, signin_heading or text
    strong: bool       # title, alt text or a sign-in heading: the page presents itself as the brand
    site: str | None   # jp / us when the page names a site
    written: str = ""  # the brand as written with look-alike letters of another script ("Amаzоn"), else ""


@dataclass(frozen=True)
class CallNumber:
    instruction: str
    number: str        # as written on the page
    e164: str


class PageView:
    """A page as the page detectors read it: normalised once, bounded, with the shared judgements cached."""

    def __init__(self, ctx, pk: PageKnowledge):
        page = ctx.page
        self.pk = pk
        self.genuine = ctx.ownership == "genuine"
        self.hosting = ctx.ownership == "hosting"
        text = page.text
        self.received_chars = page.text_truncated_from or len(text)
        if len(text) > SCAN_HEAD + SCAN_TAIL:
            text = text[:SCAN_HEAD] + "\n" + text[-SCAN_TAIL:]
            self.scanned_chars = SCAN_HEAD + SCAN_TAIL
        else:
            self.scanned_chars = len(text)
        self.title = normalise(page.title)
        self.alts = normalise(" | ".join(page.image_alts))
        self.body = normalise(text)
        self.blob = f"{self.title}\n{self.alts}\n{self.body}"
        self.signals = page.signals
        self.field_kinds = page.field_kinds
        self.forms = page.forms
        self.markup = page.markup

    def first(self, phrases: tuple[str, ...], where: str | None = None) -> str | None:
        hay = self.blob if where is None else where
        return next((p for p in phrases if p in hay), None)

    def every(self, phrases: tuple[str, ...]) -> list[str]:
        return [p for p in phrases if p in self.blob]

    def _without_not_brand(self, hay: str) -> str:
        for phrase in self.pk.not_brand:
            if phrase in hay:
                hay = hay.replace(phrase, " ")
        return hay

    @cached_property
    def brand(self) -> BrandShown | None:
        """Where the page shows the brand, strongest place first ("Amazon Pay" on a merchant's page is not it):
        as written, then as drawn by the brand's own page markup, then as written with look-alike letters."""
        shown = self._brand_in(self.title, self.alts, self.body)
        if shown is not None and shown.strong:
            return shown
        folded = self._brand_in(*(self._fold(t) for t in (self.title, self.alts, self.body)))
        if folded is not None and folded.strong:
            return self._as_written(folded)
        if self.markup_copied:
            return BrandShown(self.pk.brand_id, "page_markup", True, shown.site if shown else None)
        return shown or (self._as_written(folded) if folded else None)

    def _as_written(self, folded: BrandShown) -> BrandShown:
        hay = {"title": self.title, "image_alt": self.alts}.get(folded.where, self.body)
        written = _lookalike_written(hay, self.pk.lookalike_letters or {}, folded.name)
        return BrandShown(folded.name, folded.where, folded.strong, folded.site, written)

    def _fold(self, text: str) -> str:
        return text.translate(self.pk.lookalike_letters) if self.pk.lookalike_letters else text

    def _brand_in(self, title: str, alts: str, body: str) -> BrandShown | None:
        pk = self.pk
        blob = f"{title}\n{alts}\n{body}"
        site = next((s for n, s in pk.site_names.items() if n in blob), None)
        for where, hay in (("title", title), ("image_alt", alts)):
            name = _find_name(self._without_not_brand(hay), pk.brand_names)
            if name:
                return BrandShown(name, where, True, site)
        heading = next((p for p in pk.signin_phrases if p in blob), None)
        if heading:
            return BrandShown(heading, "signin_heading", True, site)
        name = _find_name(self._without_not_brand(body), pk.brand_names)
        return BrandShown(name, "text", False, site) if name else None

    @cached_property
    def markup_copied(self) -> tuple[tuple[MarkupFamily, list[str]], ...]:
        """(family, tokens seen) for each kind of the brand's own page markup on this page, when at least
        markup_min_families kinds are seen; else (). One kind alone can be a coincidence."""
        hits = []
        for fam in self.pk.markup_families:
            seen = fam.seen(self.markup)
            if len(seen) >= fam.min:
                hits.append((fam, seen))
        return tuple(hits) if len(hits) >= self.pk.markup_min_families else ()

    @cached_property
    def signin_heading(self) -> str | None:
        return self.first(self.pk.signin_phrases)

    @cached_property
    def presents_signin(self) -> bool:
        """The page is the brand's sign-in page: a brand sign-in heading, the markup of the brand's sign-in page,
        or the brand and a sign-in word in the title, or a title that is only the brand's name with a sign-in
        word at the top of the text."""
        if self.signin_heading or any(fam.name == "auth_markup" for fam, _ in self.markup_copied):
            return True
        title = self._without_not_brand(self._fold(self.title))
        if not _find_name(title, self.pk.brand_names):
            return False
        return bool(self.first(self.pk.signin_words, title)) or (
            title.strip() in self.pk.brand_names and bool(self.first(self.pk.signin_words, self.body[:300])))

    @cached_property
    def counter_evidence(self) -> tuple[str, ...]:
        """The warning-about-scams phrases when there are enough of them from enough families, else ()."""
        found, families = [], 0
        for _family, phrases in self.pk.counter_families:
            hits = self.every(phrases)
            families += bool(hits)
            found += hits
        if len(found) >= self.pk.counter_min_phrases and families >= self.pk.counter_min_families:
            return tuple(found)
        return ()

    @cached_property
    def behaviours(self) -> tuple[tuple[str, dict], ...]:
        """(code, evidence) for each browser-locking behaviour the signal counts show."""
        s, b, out = self.signals, self.pk.behaviour, []
        if s.get("fullscreen_changes", 0) >= b["fullscreen_loop_changes"] or \
                s.get("fullscreen_requests", 0) >= b["fullscreen_loop_requests"]:
            out.append(("PAGE_FULLSCREEN_LOOP", {
                "technique": "keeps forcing the page to full screen",
                "fullscreen_requests": s.get("fullscreen_requests", 0),
                "fullscreen_changes": s.get("fullscreen_changes", 0), "cursor_hidden": s.get("cursor_hidden", 0)}))
        if s.get("keyboard_lock", 0) or s.get("pointer_lock", 0):
            out.append(("PAGE_INPUT_LOCK", {
                "technique": "captures the keyboard or the mouse pointer",
                "keyboard_lock": s.get("keyboard_lock", 0), "pointer_lock": s.get("pointer_lock", 0)}))
        if s.get("dialogs", 0) >= b["dialog_loop"] or s.get("print_calls", 0) >= b["print_loop"]:
            out.append(("PAGE_DIALOG_LOOP", {
                "technique": "opens dialog or print boxes again and again",
                "dialogs": s.get("dialogs", 0), "print_calls": s.get("print_calls", 0),
                "beforeunload": s.get("beforeunload", 0)}))
        if s.get("history_changes", 0) >= b["history_loop"]:
            out.append(("PAGE_HISTORY_LOOP", {"technique": "floods the history so the back button cannot leave",
                                              "history_changes": s["history_changes"]}))
        if s.get("notification_requests", 0) >= b["notification_loop"]:
            out.append(("PAGE_NOTIFICATION_LOOP", {"technique": "asks again and again to show notifications",
                                                   "notification_requests": s["notification_requests"]}))
        return tuple(out)

    @cached_property
    def locking(self) -> bool:
        return any(code != "PAGE_NOTIFICATION_LOOP" for code, _ in self.behaviours)

    @cached_property
    def asks_for_secrets(self) -> bool:
        return bool(self.field_kinds & CREDENTIAL_KINDS)

    @cached_property
    def warns_about_scams(self) -> bool:
        """Counter-evidence counts only on a page that neither locks the browser nor asks for secrets, and whose
        title is not itself the scare (a claim or a call instruction with no warning word beside it): a warning
        page does none of these, so a scam page gains little by copying warning phrases into its text."""
        if not self.counter_evidence or self.locking or self.asks_for_secrets:
            return False
        pk = self.pk
        scare_title = self.first(pk.claims, self.title) or self.first(pk.call_instructions, self.title)
        warning_title = any(self.first(phrases, self.title) for _f, phrases in pk.counter_families)
        return not scare_title or warning_title

    @cached_property
    def lures(self) -> tuple[tuple[str, str], ...]:
        """(kind, phrase) for each account-lure kind on a page that names the brand; () without the brand."""
        if self.brand is None:
            return ()
        return tuple((kind, phrase) for kind, phrases in self.pk.lures if (phrase := self.first(phrases)))

    @cached_property
    def claim(self) -> str | None:
        """The first infection/lock claim, on a page that talks about a device or an account at all: a whole
        phrase of the data, or one put together from its parts (page_meaning); a claim written only with a
        participle ("検出された", "infected") counts beside a support number or a locking behaviour."""
        if not (_find_name(self.blob, self.pk.device_words) or page_meaning.about_a_device(self.blob, self.pk.scare)):
            return None
        sk = self.pk.scare
        phrase = next((p for p in self.pk.claims if p in self.blob and page_meaning.asserted(self.blob, p, sk)), None)
        if phrase:
            return phrase
        found = page_meaning.claim(self.blob, sk)
        if found and (found.strong or self.support_numbers or self.locking):
            return found.phrase
        return None

    @cached_property
    def support_numbers(self) -> tuple[CallNumber, ...]:
        """Phone numbers next to a support-line word ("Windows サポート (0101) 81896-28190"): every contact page
        has them, so they count only beside a claim (helper/detectors/page_scareware.py)."""
        found: dict[str, CallNumber] = {}
        for word, window in page_meaning.support_windows(self.blob, self.pk.scare):
            for number in phone.find_numbers(window):
                found.setdefault(number[1], CallNumber(word, *number))
            if len(found) >= 5:
                break
        return tuple(found.values())

    @cached_property
    def call_instruction(self) -> str | None:
        """An instruction to call, with or without a number (scripts and images write the number)."""
        return self.first(self.pk.call_instructions)

    @cached_property
    def fake_scan(self) -> tuple[str, ...]:
        return page_meaning.scan_phrases(self.blob, self.pk.scare)

    @cached_property
    def dressing(self) -> str | None:
        return self.first(self.pk.scare.dressing)

    @cached_property
    def call_numbers(self) -> tuple[CallNumber, ...]:
        """Phone numbers written within NUMBER_WINDOW characters of an imperative call instruction."""
        found: dict[str, CallNumber] = {}
        sites = 0
        for phrase in self.pk.call_instructions:
            start = self.blob.find(phrase)
            while start >= 0 and sites < MAX_CALL_SITES:
                sites += 1
                window = self.blob[max(0, start - NUMBER_WINDOW): start + len(phrase) + NUMBER_WINDOW]
                if phone.digits_in(window) >= 7:
                    for number in phone.find_numbers(window):
                        found.setdefault(number[1], CallNumber(phrase, *number))
                start = self.blob.find(phrase, start + len(phrase))
            if sites >= MAX_CALL_SITES:
                break
        return tuple(found.values())


def _lookalike_written(hay: str, letters: dict[int, str], name: str) -> str:
    """The stretch of `hay` that folds to `name` and has at least one look-alike letter in it ("amаzоn")."""
    folded = hay.translate(letters)
    start = folded.find(name)
    while start >= 0:
        piece = hay[start:start + len(name)]
        if piece != name:
            return piece
        start = folded.find(name, start + 1)
    return ""


def _find_name(hay: str, names: tuple[str, ...]) -> str | None:
    """The first brand name in `hay`; an ASCII name must stand at a word edge (amazon, not amazonas)."""
    for name in names:
        start = hay.find(name)
        tries = 0
        while start >= 0 and tries < 50:
            tries += 1
            end = start + len(name)
            before = hay[start - 1] if start else " "
            after = hay[end] if end < len(hay) else " "
            if not name.isascii() or (not (before.isascii() and before.isalnum())
                                      and not (after.isascii() and after.isalpha())):
                return name
            start = hay.find(name, end)
    return None


_local = threading.local()


def view(ctx, knowledge) -> PageView:
    """The view of ctx.page, built once per context (the engine passes one context to every page detector)."""
    last = getattr(_local, "last", None)
    if last is not None and last[0] is ctx:
        return last[1]
    v = PageView(ctx, for_knowledge(knowledge))
    _local.last = (ctx, v)
    return v

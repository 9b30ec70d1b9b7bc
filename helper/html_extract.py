"""Saved HTML -> the page object the API accepts (README "The page object"), without a browser.

`extract_page(html, base_url)` returns title, visible text, lang, image_alts, forms (action resolved against
base_url, field kinds classified from autocomplete/type/name/id/placeholder/aria-label/title/label text in
Japanese and English: rules in data/page_fields.toml) and the one behaviour signal markup shows without running
anything: `audio_autoplay`, the number of <audio>/<video autoplay> elements that are not muted. It uses the
standard library's html.parser, runs no script and fetches nothing. It never raises on bad HTML: truncated, mis-nested or garbage markup gives whatever
text and forms can be read, and bytes in an unknown or wrong encoding are decoded with replacement characters.

Text an inline script writes with a literal is read where the script stands, as a browser shows it:
`document.write('…')`, and `document.write(name)` after `var name = '…'` in an earlier inline script (scare
screens write their phone number so: `var bcda = '0101-3026005568 無料通話'` … `document.write(bcda)`). Nothing
is run: only string literals are read, from the first SCRIPT_READ characters of each inline script. Markup an
inline script puts into an element as a concatenation of string literals (`el.innerHTML = "<td>パスワード：</td>" +
"<td><input …>"`: kits build their whole page so, after a 0 ms timer, to pass filters that read the saved
markup) is read as part of the page, after the rest, with its fields.

What it cannot see, by design: other text and fields that scripts add later, CSS classes that hide things (only the
`hidden` attribute and inline display:none / visibility:hidden count as hidden), images' pixels. Fields inside a
hidden block are still reported (phishing kits reveal the password step after the e-mail step), but their text
is not. Input larger than MAX_HTML_CHARS is cut there (a scam page is small; this bounds the parse time).
"""
from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

from . import page_knowledge
from .context import FIELD_KINDS, MARKUP_ITEM_CHARS, MARKUP_KEYS, MAX_TEXT_CHARS, usv

MAX_HTML_CHARS = 5_000_000
MAX_ITEMS = 200
DEFUSE_KEEP = 4096
_COLLECT_LIMIT = MAX_TEXT_CHARS * 2          # keep enough to tell the API the text was longer than it reads

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr", "keygen"})
# Elements whose content is never shown as text (script/style are raw text to the parser).
NO_TEXT = frozenset({"script", "style", "noscript", "template", "iframe", "object", "select", "datalist", "textarea"})
BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                   "table", "section", "article", "header", "footer", "nav", "main", "aside", "form", "label",
                   "button", "dd", "dt", "dl", "blockquote", "pre", "hr", "title", "fieldset", "legend",
                   "figcaption", "option", "body", "html", "center", "dialog"})
SKIP_TYPES = frozenset({"hidden", "submit", "button", "image", "reset", "checkbox", "radio", "file", "range",
                        "color"})
FIELD_TAGS = frozenset({"input", "select", "textarea"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([a-zA-Z0-9_:.\-]{1,40})", re.I)
_KANA = re.compile("[\u3040-\u30ff]")
_PRECEDING = 60                                  # characters of text before a field that may be its label
SCRIPT_READ = 20_000                             # characters of each inline script read for written literals
_LITERAL = r"""(?:'([^'\\\n]{0,300})'|"([^"\\\n]{0,300})")"""
_ASSIGN = re.compile(r"(?:var|let|const)\s+([A-Za-z_$][\w$]{0,40})\s*=\s*" + _LITERAL)
_WRITE = re.compile(r"document\.write(?:ln)?\(([^;()]{0,400})\)")
_WRITE_PART = re.compile(_LITERAL + r"|([A-Za-z_$][\w$]{0,40})")
_TAGS = re.compile(r"<[^>]{0,300}>")
_INNER = re.compile(r"\.(?:innerHTML|outerHTML)\s*\+?=\s*")
_JS_STRING = re.compile(r"'((?:[^'\\\n]|\\.){0,20000})'|\"((?:[^\"\\\n]|\\.){0,20000})\"", re.S)
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.S)
_JS_ESCAPES = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": "", "0": ""}
MAX_SCRIPT_HTML = 100_000                        # characters of script-built markup read per page


def _js_unescape(s: str) -> str:
    def one(m):
        c = m.group(1)
        return chr(int(c[1:], 16)) if len(c) == 5 else _JS_ESCAPES.get(c, c)
    return _JS_ESCAPE.sub(one, s)


def _concatenated_literals(code: str, pos: int) -> str:
    """The string a `"…" + '…' + "…"` expression starting at pos spells, as far as it is only literals."""
    parts = []
    while True:
        while pos < len(code) and code[pos] in " \t\r\n":
            pos += 1
        m = _JS_STRING.match(code, pos)
        if not m:
            break
        parts.append(_js_unescape(m.group(1) if m.group(1) is not None else m.group(2)))
        pos = m.end()
        while pos < len(code) and code[pos] in " \t\r\n":
            pos += 1
        if pos >= len(code) or code[pos] != "+":
            break
        pos += 1
    return "".join(parts)


def _decode(data: bytes) -> str:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        name = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
                "windows-31j": "cp932"}.get(name, name)
        try:
            return data.decode(codecs.lookup(name).name, errors="replace")
        except LookupError:
            pass
    for enc in ("utf-8", "cp932", "euc_jp"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


class _Field:
    __slots__ = ("attrs", "form", "label", "preceding")

    def __init__(self, attrs: dict, form: int | None, preceding: str):
        self.attrs, self.form, self.label, self.preceding = attrs, form, [], preceding


class _Extractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []   # (tag, hidden, no_text)
        self.hidden = 0
        self.no_text = 0
        self.text: list[str] = []
        self.text_len = 0
        self.title: list[str] = []
        self.in_title = False
        self.seen_title = False
        self.lang = ""
        self.meta_lang = ""
        self.base_href = ""
        self.alts: list[str] = []
        self.forms: list[dict] = []          # {"action": str, "id": str}
        self.open_form: int | None = None
        self.fields: list[_Field] = []
        self.labels_for: dict[str, list[str]] = {}
        self.label_stack: list[tuple[str, list[str], list[_Field]]] = []
        self.autoplay = 0
        self.script_inline = False
        self.script_vars: dict[str, str] = {}
        self.script_html: list[str] = []     # markup inline scripts assign to an element (read after the page)
        self.script_html_len = 0
        self.markup: dict[str, dict[str, None]] = {k: {} for k in MARKUP_KEYS}

    def _markup(self, tag: str, attrs: dict) -> None:
        """Class names, ids, form names and stylesheet/script/icon addresses (page.markup), hidden ones too: a
        kit's markup is what it copied, whether or not that step is on screen yet."""
        m = self.markup
        if attrs.get("class") and len(m["classes"]) < MARKUP_KEYS["classes"]:
            for c in attrs["class"].lower().split():
                m["classes"].setdefault(c[:MARKUP_ITEM_CHARS], None)
        if attrs.get("id") and len(m["ids"]) < MARKUP_KEYS["ids"]:
            m["ids"].setdefault(attrs["id"].strip().lower()[:MARKUP_ITEM_CHARS], None)
        if tag == "form" and attrs.get("name") and len(m["form_names"]) < MARKUP_KEYS["form_names"]:
            m["form_names"].setdefault(attrs["name"].strip().lower()[:MARKUP_ITEM_CHARS], None)
        url = attrs.get("src") if tag == "script" else attrs.get("href") if tag == "link" and \
            any(r in ("stylesheet", "icon") for r in attrs.get("rel", "").lower().split()) else None
        if url and len(m["resources"]) < MARKUP_KEYS["resources"]:
            m["resources"].setdefault(url.strip().lower()[:MARKUP_ITEM_CHARS], None)

    # -- text ---------------------------------------------------------------------------------------------------
    def _emit(self, s: str) -> None:
        if self.text_len < _COLLECT_LIMIT:
            self.text.append(s)
            self.text_len += len(s)

    def _tail(self) -> str:
        out, n = [], 0
        for piece in reversed(self.text):
            out.append(piece)
            n += len(piece)
            if n >= _PRECEDING:
                break
        # The nearest line of text only: a label two cells back belongs to another field.
        return "".join(reversed(out))[-_PRECEDING:].rstrip().rpartition("\n")[2]

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.script_inline and self.stack and self.stack[-1][0] == "script":
            self._script(data[:SCRIPT_READ])
            return
        if self.no_text or self.hidden:
            return
        self._emit(data)
        for _for, parts, _fields in self.label_stack:
            parts.append(data)

    def _script(self, code: str) -> None:
        """The literal text an inline script writes into the page (see the module docstring); nothing runs."""
        for m in _ASSIGN.finditer(code):
            if len(self.script_vars) < MAX_ITEMS:
                self.script_vars[m.group(1)] = m.group(2) if m.group(2) is not None else m.group(3)
        if self.hidden:
            return
        for m in _WRITE.finditer(code):
            parts = []
            for p in _WRITE_PART.finditer(m.group(1)):
                single, double, name = p.groups()
                parts.append(single if single is not None else double if double is not None
                             else self.script_vars.get(name, ""))
            written = _TAGS.sub(" ", "".join(parts))
            if written.strip():
                self._emit(f" {written} ")
        for m in _INNER.finditer(code):
            built = _concatenated_literals(code, m.end())
            if built.strip() and self.script_html_len < MAX_SCRIPT_HTML:
                self.script_html.append(built[:MAX_SCRIPT_HTML - self.script_html_len])
                self.script_html_len += len(self.script_html[-1])

    # What a parse has read of the page so far: a parser for more of the same page starts from these; everything
    # else (html.parser's own state, the open tags, hidden blocks, form and label) starts afresh with it.
    READ = ("text", "text_len", "title", "seen_title", "lang", "meta_lang", "base_href", "alts", "forms", "fields",
            "labels_for", "autoplay", "script_vars", "markup")

    def read_script_html(self) -> None:
        """Parse the markup scripts assign (see the module docstring) as more of the page, outside any hidden
        block or form of the saved markup (the script puts it where it likes; its own forms come with it): each
        with a fresh parser that reads on from what this one read."""
        snippets, self.script_html = self.script_html, []
        for html in snippets:
            self._emit("\n")
            more = _Extractor()
            more.__dict__.update({name: getattr(self, name) for name in self.READ})
            try:
                more.feed(_defuse(html))
                more.close()
            finally:
                self.__dict__.update({name: getattr(more, name) for name in self.READ})

    # -- tags ---------------------------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attr_list) -> None:
        attrs = {k.lower(): (v or "") for k, v in attr_list}
        hidden = "hidden" in attrs or bool(_HIDDEN_STYLE.search(attrs.get("style", "")))
        self._markup(tag, attrs)
        if tag == "html" and attrs.get("lang") and not self.lang:
            self.lang = attrs["lang"].strip()
        elif tag == "meta" and attrs.get("http-equiv", "").lower() == "content-language":
            self.meta_lang = self.meta_lang or attrs.get("content", "").split(",")[0].strip()
        elif tag == "base" and attrs.get("href") and not self.base_href:
            self.base_href = attrs["href"].strip()
        elif tag == "title" and not self.seen_title:
            self.in_title = True
        elif tag in ("img", "area") or attrs.get("role") == "img" or \
                (tag == "input" and attrs.get("type", "").lower() == "image"):
            # Logos drawn with CSS sprites carry their name as role="img" aria-label (Amazon's own pages do).
            alt = " ".join((attrs.get("alt") or attrs.get("aria-label", "")).split())
            if alt and not hidden and not self.hidden and len(self.alts) < MAX_ITEMS:
                self.alts.append(alt[:500])
        elif tag == "script":
            self.script_inline = "src" not in attrs
        elif tag in ("audio", "video") and "autoplay" in attrs and "muted" not in attrs:
            self.autoplay += 1
        elif tag == "form":
            if self.open_form is None:
                self.forms.append({"action": attrs.get("action", "").strip(), "id": attrs.get("id", "")})
                self.open_form = len(self.forms) - 1
        elif tag == "label" and len(self.label_stack) < 4:    # unclosed labels must not make text quadratic
            self.label_stack.append((attrs.get("for", ""), [], []))
        if tag in FIELD_TAGS:
            self._field(tag, attrs)
        if tag in BLOCK:
            self._emit("\n")
        if tag in VOID:
            return
        no_text = tag in NO_TEXT
        self.stack.append((tag, hidden, no_text))
        self.hidden += hidden
        self.no_text += no_text

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.in_title:
            self.in_title = False
            self.seen_title = True
        if tag == "form":
            self.open_form = None
        if tag == "label" and self.label_stack:
            target, parts, inner = self.label_stack.pop()
            text = " ".join("".join(parts).split())[:200]
            if target:
                self.labels_for.setdefault(target, []).append(text)
            for f in inner:
                f.label.append(text)
        if tag in BLOCK:
            self._emit("\n")
        # Close up to the matching open tag; a stray end tag with no opener is ignored (as browsers do).
        for i in range(len(self.stack) - 1, max(-1, len(self.stack) - 64), -1):
            if self.stack[i][0] == tag:
                for _t, hidden, no_text in self.stack[i:]:
                    self.hidden -= hidden
                    self.no_text -= no_text
                del self.stack[i:]
                break

    def _field(self, tag: str, attrs: dict) -> None:
        kind = attrs.get("type", "text").lower() if tag == "input" else tag
        if kind in ("submit", "button") and not self.hidden and attrs.get("value"):
            self._emit(f" {attrs['value']} ")
        if kind in SKIP_TYPES or len(self.fields) >= MAX_ITEMS * 4:
            return
        field = _Field(attrs, self.open_form, self._tail())
        self.fields.append(field)
        for _for, _parts, inner in self.label_stack:
            inner.append(field)


def classify(attrs: dict, label: str = "", preceding: str = "", pk=None) -> str | None:
    """The kind of one form field (context.FIELD_KINDS), or None when it asks for nothing we track."""
    pk = pk or page_knowledge.load()
    for token in attrs.get("autocomplete", "").lower().split():
        if token in pk.field_autocomplete:
            return pk.field_autocomplete[token]
    by_type = pk.field_types.get(attrs.get("type", "").lower())
    if by_type:
        return by_type
    hay = page_knowledge.normalise(" ".join(
        attrs.get(k, "") for k in ("name", "id", "placeholder", "aria-label", "title", "data-placeholder")) +
        " " + label)
    for text in (hay, page_knowledge.normalise(preceding)):
        for kind, words in pk.field_keywords:
            if any(w in text for w in words):
                return kind if kind in FIELD_KINDS else None
    return None


def _defuse(html: str) -> str:
    """Escape the '<' that would make html.parser quadratic, keeping the markup a browser would see.

    html.parser rescans to the next '>' for every '<' it cannot close ("<a<a<a…" or "<<<<…" with no '>'), so a
    stretch between two '>' with many '<' costs (number of '<') x (its length). In a stretch where that product is
    large, every '<' more than DEFUSE_KEEP characters before its end becomes text ("&lt;"): no tag can start
    there that a '>' this far away would close, short of one with kilobytes of junk attributes.
    """
    if html.count("<") * 64 < len(html) and len(html) < 200_000:
        return html
    parts = html.split(">")
    for i, part in enumerate(parts):
        if len(part) > DEFUSE_KEEP and part.count("<") * len(part) > 2_000_000:
            parts[i] = part[:-DEFUSE_KEEP].replace("<", "&lt;") + part[-DEFUSE_KEEP:]
    return ">".join(parts)


def extract_page(html: str | bytes, base_url: str) -> dict:
    """The page dict `POST /v1/verdict` accepts, read from saved HTML served as `base_url`."""
    if isinstance(html, (bytes, bytearray)):
        html = _decode(bytes(html[:MAX_HTML_CHARS * 2]))
    html = _defuse(usv(html[:MAX_HTML_CHARS]))
    parser = _Extractor()
    try:
        parser.feed(html)
        parser.close()
        parser.read_script_html()
    except (AssertionError, ValueError, IndexError):    # old html.parser versions raise on some garbage
        pass
    pk = page_knowledge.load()
    text = "\n".join(" ".join(line.split()) for line in "".join(parser.text).split("\n"))
    text = re.sub(r"\n{2,}", "\n", text).strip()
    base = urljoin(base_url, parser.base_href) if parser.base_href else base_url
    forms = [{"action": urljoin(base, f["action"]), "fields": set()} for f in parser.forms]
    by_id = {f["id"]: i for i, f in enumerate(parser.forms) if f["id"]}
    orphans: set[str] = set()
    for field in parser.fields:
        label = " ".join(parser.labels_for.get(field.attrs.get("id", ""), []) + field.label)
        kind = classify(field.attrs, label, field.preceding, pk)
        if kind is None:
            continue
        owner = by_id.get(field.attrs.get("form", ""), field.form)
        (forms[owner]["fields"] if owner is not None else orphans).add(kind)
    out_forms = [{"action": f["action"], "fields": sorted(f["fields"])} for f in forms if f["fields"]]
    if orphans:   # fields outside any form: scripts send them somewhere; say "this page"
        out_forms.append({"action": base_url, "fields": sorted(orphans)})
    lang = parser.lang or parser.meta_lang
    if not lang and len(_KANA.findall(text[:4000])) >= 10:
        lang = "ja"
    return {"title": " ".join("".join(parser.title).split())[:2000], "text": text, "lang": lang[:35],
            "image_alts": parser.alts[:MAX_ITEMS], "forms": out_forms[:MAX_ITEMS],
            "signals": {"audio_autoplay": parser.autoplay} if parser.autoplay else {},
            "markup": {k: list(v) for k, v in parser.markup.items()}}

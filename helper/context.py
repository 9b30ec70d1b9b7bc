"""Normalise input once, at the edge: every detector reads these frozen dataclasses and never parses URLs."""
from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import idna
import tldextract

WEB_SCHEMES = frozenset({"http", "https"})
MAX_URL_LENGTH = 8192
# Dots that UTS-46 maps to "." (ideographic, fullwidth, halfwidth ideographic); browsers accept them in hosts.
_DOT_LIKE = str.maketrans({"。": ".", "．": ".", "｡": "."})
# Characters with no width that hide inside a host; browsers drop some of them, we refuse none silently.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

# Lone UTF-16 surrogates: JSON ("\\ud800") and JS strings can carry them, UTF-8 cannot; they would break every
# encode downstream (the JSON response, the log), so they become U+FFFD as in a browser's USVString.
_SURROGATE = re.compile("[\ud800-\udfff]")

# Free dynamic-DNS domains the Public Suffix List lacks (ChangeIP's zzux.com …): every name under them has its own
# owner, exactly what the list's private section means, so they split like its entries (amazon-x.zzux.com is a
# registrable domain of its own). One data file, also read by knowledge.py as often-abused endings.
FREE_SUBDOMAIN_FILE = Path(__file__).parent / "data" / "free_subdomain_domains.txt"


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    try:
        text = FREE_SUBDOMAIN_FILE.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""   # Knowledge() reads the same file and stops the helper with a clear message
    extra = [l.strip().lower() for l in text.splitlines() if l.strip() and not l.startswith("#")]
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True,
                                 extra_suffixes=extra)


def usv(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() else text


class InputError(ValueError):
    """Input we cannot judge; `code` is part of the API's stable error vocabulary, `message` is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class UrlError(InputError):
    """Not a web URL we can judge."""


@dataclass(frozen=True)
class UrlContext:
    raw: str
    scheme: str
    host_ascii: str          # punycode, lower case, no trailing dot; IPs in canonical form
    host_unicode: str        # what a person reads
    registrable: str         # eTLD+1 (private PSL entries count as suffixes), ascii; "" for IPs
    registrable_unicode: str
    label: str               # the registrable label without the suffix (amazon for amazon.co.jp), ascii
    label_unicode: str
    suffix: str              # public suffix, ascii
    subdomain_labels: tuple[str, ...]   # ascii labels left of the registrable domain
    port: int | None
    userinfo: str            # decoded userinfo ("" when none): https://amazon.co.jp@evil.example/
    path: str
    ip: str                  # canonical IP when the host is an IP address, else ""
    notes: frozenset[str] = field(default_factory=frozenset)  # what normalisation had to undo: fullwidth, percent, …
    # The suffix is an entry of the Public Suffix List's private section (vercel.app, pages.dev, github.io …): a
    # provider hands out the names under it, each to its own customer, mostly for free.
    private_suffix: bool = False

    @property
    def is_ip(self) -> bool:
        return bool(self.ip)


def _parse_ipv4_number(part: str) -> int | None:
    """One dotted part in the forms browsers accept (WHATWG URL): decimal, 0x hex, 0-prefixed octal."""
    try:
        if part.startswith(("0x", "0X")):
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10)
    except ValueError:
        return None


def _ipv4_from_host(host: str) -> str:
    """The canonical dotted IPv4 when a browser would read `host` as one (3232235777, 0xC0.0xA8.0.1, 0300.0250.0.1)."""
    parts = host.split(".")
    if parts and parts[-1] == "":
        parts.pop()
    if not parts or len(parts) > 4:
        return ""
    # WHATWG: only a host whose last part is numeric is an IPv4 address.
    numbers = [_parse_ipv4_number(p) for p in parts]
    if any(n is None for n in numbers):
        return ""
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return ""
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return str(ipaddress.IPv4Address(value))


def _to_ascii_host(host: str) -> tuple[str, str]:
    """UTS-46 map and punycode a host; returns (ascii, unicode). Raises UrlError for hosts no browser would open."""
    if host.isascii() and "xn--" not in host.lower():
        ascii_host = host.lower()
        if not re.fullmatch(r"[a-z0-9_.-]+", ascii_host):
            raise UrlError("bad_host", f"the host contains characters a web address cannot have: {host!r}")
        return ascii_host, ascii_host
    try:
        ascii_host = idna.encode(host, uts46=True, transitional=False).decode("ascii")
        unicode_host = idna.decode(ascii_host)
    except (idna.IDNAError, UnicodeError, ValueError) as exc:
        raise UrlError("bad_host", f"the host is not a valid international domain name: {exc}") from None
    return ascii_host, unicode_host


def _label_unicode(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return idna.decode(label)
    except (idna.IDNAError, UnicodeError, ValueError):
        return label


@lru_cache(maxsize=4096)
def parse_url(raw: str) -> UrlContext:
    """The one normalisation step. Raises UrlError with a stable code for anything that is not a web URL."""
    if not isinstance(raw, str):
        raise UrlError("bad_url", "the url must be a string")
    raw = usv(raw)
    text = raw.strip()
    if not text:
        raise UrlError("bad_url", "the url is empty")
    if len(text) > MAX_URL_LENGTH:
        raise UrlError("url_too_long", f"the url is longer than {MAX_URL_LENGTH} characters")
    notes: set[str] = set()
    if "://" not in text[:20] and re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text) is None:
        text = "http://" + text   # a bare host, as typed or as written in a message
        notes.add("no_scheme")
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise UrlError("bad_url", f"the url cannot be parsed: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES:
        raise UrlError("unsupported_scheme", f"only http and https addresses can be checked, not {scheme or 'this'}:")
    netloc = parts.netloc
    userinfo = ""
    if "@" in netloc:
        userinfo, _, netloc = netloc.rpartition("@")
        userinfo = unquote(userinfo)
    host, port = _split_host_port(netloc)
    if "%" in host and not host.startswith("["):
        host = unquote(host)
        notes.add("percent_encoded_host")
    if _INVISIBLE.search(host):
        notes.add("invisible_characters")
        host = _INVISIBLE.sub("", host)
    if any(0xFF01 <= ord(c) <= 0xFF5E for c in host):
        notes.add("fullwidth")
    host = unicodedata.normalize("NFKC", host.translate(_DOT_LIKE)) if not host.isascii() else host
    host = host.rstrip(".")
    if not host:
        raise UrlError("bad_host", "the url has no host")
    ip = _ip_from_host(host)
    if ip:
        if not host.startswith("[") and ip != host:
            notes.add("obfuscated_ip")
        return UrlContext(raw=raw, scheme=scheme, host_ascii=ip, host_unicode=ip, registrable="",
                          registrable_unicode="", label="", label_unicode="", suffix="", subdomain_labels=(),
                          port=port, userinfo=userinfo, path=parts.path, ip=ip, notes=frozenset(notes))
    if len(host) > 253 * 4:
        raise UrlError("bad_host", "the host is longer than any real domain name")
    ascii_host, unicode_host = _to_ascii_host(host)
    if len(ascii_host) > 253 or any(len(l) > 63 or not l for l in ascii_host.split(".")):
        raise UrlError("bad_host", "the host is not a valid domain name (empty label or too long)")
    ext = _extractor()(ascii_host)
    domain, suffix = ext.domain, ext.suffix
    if not domain and "." in suffix:
        # The whole host matches a wildcard entry (*.bd, *.my.canva.site, *.elb.amazonaws.com): its leftmost label
        # is the name someone chose there, like a registrable label (arnazon.bd, amazon-login.my.canva.site), not
        # a host with no owner and nothing to judge.
        domain, suffix = suffix.split(".", 1)
    registrable = f"{domain}.{suffix}" if domain and suffix else ""
    sub = tuple(l for l in ext.subdomain.split(".") if l)
    label_u = _label_unicode(domain)
    suffix_u = ".".join(_label_unicode(l) for l in suffix.split("."))
    return UrlContext(
        raw=raw, scheme=scheme, host_ascii=ascii_host, host_unicode=unicode_host,
        registrable=registrable, registrable_unicode=f"{label_u}.{suffix_u}" if registrable else "",
        label=domain, label_unicode=label_u, suffix=suffix, subdomain_labels=sub,
        port=port, userinfo=userinfo, path=parts.path, ip="", notes=frozenset(notes), private_suffix=ext.is_private)


def _split_host_port(netloc: str) -> tuple[str, int | None]:
    if netloc.startswith("["):
        end = netloc.find("]")
        if end < 0:
            raise UrlError("bad_host", "an IPv6 address is missing its closing bracket")
        host, rest = netloc[: end + 1], netloc[end + 1:]
        port_text = rest[1:] if rest.startswith(":") else ""
        if rest and not rest.startswith(":"):
            raise UrlError("bad_host", "unexpected text after the IPv6 address")
    else:
        host, _, port_text = netloc.partition(":")
    if not port_text:
        return host, None
    # ASCII digits only: str.isdigit() also accepts "¹" and "٣", which int() refuses or a browser would not read;
    # length first, since int() refuses more than 4,300 digits.
    digits = port_text.lstrip("0")
    if not (port_text.isascii() and port_text.isdigit()) or len(digits) > 5 or not 0 < int(digits or "0") < 65536:
        raise UrlError("bad_port", f"the port is not a number between 1 and 65535: {port_text[:20]!r}")
    return host, int(port_text)


def _ip_from_host(host: str) -> str:
    if host.startswith("["):
        inner = host[1:-1].split("%", 1)[0]   # drop an IPv6 zone id
        try:
            return str(ipaddress.IPv6Address(inner))
        except ValueError:
            raise UrlError("bad_host", "the IPv6 address is not valid") from None
    if host.isascii() and re.fullmatch(r"[0-9a-fA-Fx.]+", host):
        return _ipv4_from_host(host.lower())
    return ""


# ---------------------------------------------------------------------------------------------------------------
# The page, as the extension (or `scamguard check --html`) describes it. See README "The page object".

MAX_TEXT_CHARS = 1_000_000
FIELD_KINDS = frozenset({"password", "account", "card_number", "card_expiry", "card_cvc", "otp", "phone", "name",
                         "address"})
SIGNALS = ("fullscreen_requests", "fullscreen_changes", "pointer_lock", "keyboard_lock", "dialogs", "beforeunload",
           "print_calls", "history_changes", "notification_requests", "audio_autoplay", "speech", "cursor_hidden",
           "windows_opened")
_MAX_LIST = 200


@dataclass(frozen=True)
class Form:
    action: str
    fields: frozenset[str]


# The page's own markup, as a phishing kit copies it from the brand's pages (README: page.markup). Lower case,
# distinct, bounded: class names, element ids, form names, and the addresses of stylesheets, scripts and icons.
MARKUP_KEYS = {"classes": 600, "ids": 300, "form_names": 50, "resources": 100}
MARKUP_ITEM_CHARS = 300


@dataclass(frozen=True)
class Markup:
    classes: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    form_names: frozenset[str] = frozenset()
    resources: tuple[str, ...] = ()


def parse_markup(raw: object) -> Markup:
    if raw is None:
        return Markup()
    if not isinstance(raw, dict):
        raise InputError("bad_page", "page.markup must be an object of string lists")
    out = {}
    for key, limit in MARKUP_KEYS.items():
        items = raw.get(key) or []
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise InputError("bad_page", f"page.markup.{key} must be a list of strings")
        items = [usv(i[:MARKUP_ITEM_CHARS]).strip().lower() for i in items[:limit]]
        out[key] = tuple(dict.fromkeys(i for i in items if i)) if key == "resources" else frozenset(i for i in items if i)
    return Markup(**out)


@dataclass(frozen=True)
class PageContext:
    title: str = ""
    text: str = ""
    lang: str = ""
    image_alts: tuple[str, ...] = ()
    forms: tuple[Form, ...] = ()
    signals: dict[str, int] = field(default_factory=dict)
    text_truncated_from: int = 0     # original length when the text was cut to MAX_TEXT_CHARS, else 0
    markup: Markup = field(default_factory=Markup)

    @property
    def field_kinds(self) -> frozenset[str]:
        return frozenset().union(*(f.fields for f in self.forms)) if self.forms else frozenset()


def _str_field(page: dict, key: str, limit: int) -> str:
    value = page.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError("bad_page", f"page.{key} must be a string")
    return usv(value[:limit])


def parse_page(page: object) -> PageContext | None:
    """Validate the optional page object. Unknown keys are ignored (newer extensions may send more)."""
    if page is None:
        return None
    if not isinstance(page, dict):
        raise InputError("bad_page", "page must be an object")
    text = page.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise InputError("bad_page", "page.text must be a string")
    truncated = len(text) if len(text) > MAX_TEXT_CHARS else 0
    alts = page.get("image_alts") or []
    if not isinstance(alts, list) or not all(isinstance(a, str) for a in alts):
        raise InputError("bad_page", "page.image_alts must be a list of strings")
    forms_raw = page.get("forms") or []
    if not isinstance(forms_raw, list):
        raise InputError("bad_page", "page.forms must be a list")
    forms = []
    for f in forms_raw[:_MAX_LIST]:
        if not isinstance(f, dict):
            raise InputError("bad_page", "each form must be an object with action and fields")
        action = f.get("action") or ""
        kinds = f.get("fields") or []
        if not isinstance(action, str) or not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            raise InputError("bad_page", "form.action must be a string and form.fields a list of strings")
        forms.append(Form(action=usv(action[:MAX_URL_LENGTH]), fields=frozenset(k for k in kinds if k in FIELD_KINDS)))
    signals_raw = page.get("signals") or {}
    if not isinstance(signals_raw, dict):
        raise InputError("bad_page", "page.signals must be an object of counts")
    signals = {}
    for name in SIGNALS:
        value = signals_raw.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InputError("bad_page", f"page.signals.{name} must be a non-negative whole number")
        signals[name] = min(value, 1_000_000_000)
    return PageContext(title=_str_field(page, "title", 2000), text=usv(text[:MAX_TEXT_CHARS]),
                       lang=_str_field(page, "lang", 35), image_alts=tuple(usv(a[:500]) for a in alts[:_MAX_LIST]),
                       forms=tuple(forms), signals=signals, text_truncated_from=truncated,
                       markup=parse_markup(page.get("markup")))


@dataclass(frozen=True)
class Context:
    """What every detector receives: the URL, the page when there is one, and who runs the host."""
    url: UrlContext
    page: PageContext | None
    owner: object | None = None      # the Brand whose domain this is, if any
    ownership: str = ""              # "genuine" (tier A), "hosting" (tier B, customer content), "cdn_edge" or ""

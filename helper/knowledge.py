"""Loads the data files (brands, lure words, shorteners, skeleton map) once and answers questions about them."""
from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import confusable_homoglyphs

DATA_DIR = Path(__file__).parent / "data"
_SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])$")
_LATIN_NAME = re.compile(r"LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL )?([A-Z])(?: WITH .*)?$")
_PIECE_EDGE = r"-0-9_."   # what separates the words of a host
_GRAM_ROWS = re.compile(r"[a-z^$]{1,8}\t[1-9][0-9]*(?:\n[a-z^$]{1,8}\t[1-9][0-9]*)*")


class DataError(RuntimeError):
    """A data file is missing or malformed: the helper cannot judge anything without it."""


@dataclass(frozen=True)
class Site:
    key: str
    domain: str
    help_url: str
    scam_help_url: str
    suffixes: tuple[str, ...]
    label_hints: tuple[str, ...]
    languages: tuple[str, ...]


@dataclass(frozen=True, eq=False)   # identity hash: one object per brand file
class Brand:
    id: str
    name: str
    tokens: tuple[str, ...]              # ascii tokens (amazon, amzn)
    unicode_tokens: tuple[str, ...]      # アマゾン
    protected_labels: tuple[str, ...]
    genuine: frozenset[str]              # registrable domains (tier A)
    genuine_tlds: frozenset[str]         # brand TLDs: every name under them is the brand's
    hosting: frozenset[str]              # tier B
    sites: dict[str, Site]
    default_site: str
    misspellings: frozenset[str] = frozenset()   # tokens that are already misspelt: never one edit further
    ordinary_words: frozenset[str] = frozenset()  # words that contain a token but are not the brand (amazonas)
    page_paths: tuple[str, ...] = ()             # how the brand's own page paths begin (/ap/, /gp/)

    @property
    def ascii_names(self) -> tuple[str, ...]:
        """The ascii tokens, then the protected labels that are not tokens already: both name the brand."""
        return tuple(dict.fromkeys((*self.tokens, *(l for l in self.protected_labels if l.isascii()))))

    def site_for(self, suffix: str = "", labels: tuple[str, ...] = (), lang: str = "") -> Site:
        """The genuine site a fake most likely imitates: by its suffix, then its words, then the page language."""
        for site in self.sites.values():
            if suffix and any(suffix == s or suffix.endswith("." + s) for s in site.suffixes):
                return site
        for site in self.sites.values():
            if any(h in labels for h in site.label_hints if h not in ("com",)):
                return site
        primary = lang.split("-")[0].lower()
        for site in self.sites.values():
            if primary and primary in site.languages:
                return site
        return self.sites[self.default_site]


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read data file {path}: {exc}") from None
    return [l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")]


def extension_ids(data_dir: Path = DATA_DIR) -> frozenset[str]:
    """The ids of the browser extensions the helper serves (extension_ids.txt)."""
    return frozenset(_read_lines(data_dir / "extension_ids.txt"))


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"cannot read data file {path}: {exc}") from None


def _words(raw: dict, key: str, required: bool = False) -> tuple[str, ...]:
    """A list of non-empty strings from a brand file, lower case. A bare string would be read letter by letter
    ("amazonas" as a, m, z …): refused like any other malformed entry."""
    value = raw[key] if required else raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise TypeError(f"{key!r} must be a list of non-empty strings")
    return tuple(w.strip().lower() for w in value)


def _load_brand(path: Path) -> Brand:
    raw = _read_toml(path)
    try:
        genuine, tlds = set(), set()
        for line in _read_lines(path.parent.parent / raw["genuine_domains_file"]):
            domain = line.split("\t", 1)[0].strip().lower()
            if domain.startswith("*."):
                tlds.add(domain[2:])
            else:
                genuine.add(domain)
        hosting = frozenset(raw.get("hosting_domains", []))
        sites = {key: Site(key=key, domain=s["domain"], help_url=s["help_url"], scam_help_url=s["scam_help_url"],
                           suffixes=tuple(s.get("suffixes", ())), label_hints=tuple(s.get("label_hints", ())),
                           languages=tuple(s.get("languages", ())))
                 for key, s in raw["sites"].items()}
        tokens = _words(raw, "tokens", required=True)
        page_paths = _words(raw, "page_paths")
        if not all(p.startswith("/") and len(p) > 1 for p in page_paths):
            raise ValueError("'page_paths' are path beginnings such as \"/ap/\" (not \"/\" alone)")
        brand = Brand(id=raw["id"], name=raw["name"],
                      tokens=tuple(t for t in tokens if t.isascii()),
                      unicode_tokens=tuple(t for t in tokens if not t.isascii()),
                      protected_labels=_words(raw, "protected_labels"),
                      genuine=frozenset(genuine - hosting), genuine_tlds=frozenset(tlds), hosting=hosting,
                      sites=sites, default_site=raw["default_site"],
                      misspellings=frozenset(_words(raw, "misspellings")),
                      ordinary_words=frozenset(_words(raw, "ordinary_words")),
                      page_paths=page_paths)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise DataError(f"brand file {path} is missing or has a malformed entry: {exc}") from None
    if brand.default_site not in brand.sites:
        raise DataError(f"brand file {path}: default_site {brand.default_site!r} is not one of its sites")
    return brand


def _build_skeleton_table(extra_chars: dict[str, str]) -> dict[int, str]:
    """char -> prototype, from the UTS-39 confusables shipped with confusable-homoglyphs.

    That package stores the table both ways round: a prototype lists every character that looks like it, a
    confusable character lists its prototype. A character maps to the entry that has the longer list.
    """
    path = Path(confusable_homoglyphs.__file__).parent / "confusables.json"
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the Unicode confusables table {path}: {exc}") from None
    mapping: dict[int, str] = {}
    for char, entries in table.items():
        if len(char) != 1 or len(entries) != 1:
            continue
        proto = entries[0]["c"].strip("\u200e")
        if proto and len(table.get(proto, ())) > 1 and proto != char:
            # Some prototypes carry a combining mark (r̵ for ɍ, i̵ for ɨ, c̦ for ç): drop it, as Chromium removes
            # diacritics before the skeleton, or the lookalike never meets the plain name.
            bare = "".join(c for c in proto if not unicodedata.combining(c))
            mapping[ord(char)] = (bare or proto).lower()
    # Latin letters with marks or hooks (ḿ, ź, ɱ, ᴍ, ⱬ) read as their base letter: Chromium strips diacritics
    # before the skeleton; the Unicode name gives the base letter for the ones that do not decompose.
    for cp in (*range(0xC0, 0x250), *range(0x250, 0x2B0), *range(0x1D00, 0x1DC0), *range(0x1E00, 0x1F00),
               *range(0x2C60, 0x2C80), *range(0xA720, 0xA800)):
        ch = chr(cp)
        small_capital = _SMALL_CAPITAL.match(unicodedata.name(ch, ""))
        if small_capital:   # ᴍ is an m; UTS-39 files it under ʍ (turned w), where the m skeleton never meets it
            mapping[cp] = small_capital.group(1).lower()
            continue
        if cp in mapping:
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and base.isascii() and base.isalpha():
            mapping[cp] = base.lower()
            continue
        named = _LATIN_NAME.match(unicodedata.name(ch, ""))
        if named:
            mapping[cp] = named.group(1).lower()
    for char, proto in extra_chars.items():
        mapping[ord(char)] = proto
    # Upper-case ASCII letters are lowered before the skeleton, so they must not map through the table.
    for c in range(ord("A"), ord("Z") + 1):
        mapping.pop(c, None)
    return mapping


class Knowledge:
    """Everything the detectors know, loaded from helper/data once per process (or from another folder)."""

    def __init__(self, data_dir: Path = DATA_DIR):
        self.data_dir = Path(data_dir)
        brand_files = sorted((self.data_dir / "brands").glob("*.toml"))
        if not brand_files:
            raise DataError(f"no brand files in {self.data_dir / 'brands'}")
        self.brands = tuple(_load_brand(p) for p in brand_files)
        self.lure_words = tuple(sorted(set(_read_lines(self.data_dir / "lure_words.txt")), key=len, reverse=True))
        self.shorteners = frozenset(_read_lines(self.data_dir / "shorteners.txt"))
        # Free dynamic-DNS domains are abused endings too: nobody under them is the brand (listed once, with sources).
        self.free_subdomain_domains = frozenset(l.lower() for l in _read_lines(self.data_dir / "free_subdomain_domains.txt"))
        self.abused_suffixes = frozenset(_read_lines(self.data_dir / "abused_suffixes.txt")) | self.free_subdomain_domains
        self.cdn_edge_domains = frozenset(l.split("\t", 1)[0].strip().lower()
                                          for l in _read_lines(self.data_dir / "cdn_edge_domains.txt"))
        self.own_script_suffixes = frozenset(_read_lines(self.data_dir / "own_script_suffixes.txt"))
        extra_path = self.data_dir / "skeleton_extra.toml"
        extra = _read_toml(extra_path)
        try:   # valid TOML of the wrong shape ({ab = "x"}, sequences = 5) must be a DataError, not a traceback
            chars = dict(extra.get("chars", {}))
            sequences = tuple((k, v) for k, v in dict(extra.get("sequences", {})).items() if isinstance(v, str))
            pairs = [tuple(p) for p in extra.get("similar", {}).get("pairs", ())]
            readings = {(seq, letter) for letter, seqs in dict(extra.get("similar", {}).get("readings", {})).items()
                        for seq in seqs}
            if not all(len(k) == 1 and isinstance(v, str) for k, v in chars.items()):
                raise ValueError("[chars] maps one character to a string")
            if not all(isinstance(q, str) and len(q) == 2 and len(l) == 1 for q, l in readings):
                raise ValueError("[similar.readings] maps one letter to a list of two-letter sequences")
        except (AttributeError, TypeError, ValueError) as exc:
            raise DataError(f"data file {extra_path} has a malformed entry: {exc}") from None
        self.skeleton_table = _build_skeleton_table(chars)
        self.skeleton_sequences = sequences
        # Hosts repeat the same few labels (www, com, login): remember skeletons, boundedly.
        self.skeleton = lru_cache(maxsize=1 << 16)(self._skeleton)
        self.similar_pairs = frozenset(frozenset(p) for p in pairs if len(p) == 2)
        self.similar_readings = frozenset(readings)   # (two letters, the one letter they read as): (rn, m), (cl, d)

    def _skeleton(self, text: str) -> str:
        """UTS-39 skeleton, lower case, applied until it stops changing (0 -> O -> o), plus letter sequences."""
        s = text.lower()
        for _ in range(3):
            nxt = s.translate(self.skeleton_table).lower()
            if nxt == s:
                break
            s = nxt
        for seq, rep in self.skeleton_sequences:
            s = s.replace(seq, rep)
        return s

    @cached_property
    def protected(self) -> tuple[tuple[str, str, Brand], ...]:
        """(label, its skeleton, brand) for every protected label of every brand."""
        return tuple((label, self.skeleton(label), b) for b in self.brands for label in b.protected_labels)

    @cached_property
    def brand_tokens(self) -> tuple[tuple[str, str, Brand], ...]:
        """(name, its skeleton, brand) for every ascii brand token, longest first, then every protected label that
        is not a token.

        A protected label (primevideo, amazonpay) is a name of the brand as much as a token is: the token
        matchers (Unicode skeletons, combosquats, embeddings) must know it, or its lookalikes fall between them.
        Tokens come first so that amazonpayed still reads as amazon + "payed" (a lure word), not amazonpay + "ed"."""
        rows = [(t, self.skeleton(t), b) for b in self.brands for t in b.ascii_names]
        return tuple(sorted(rows, key=lambda r: (r[0] not in r[2].tokens, -len(r[0]))))

    @cached_property
    def brand_token_names(self) -> frozenset[str]:
        return frozenset(t for b in self.brands for t in (*b.ascii_names, *b.unicode_tokens))

    @cached_property
    def address_pieces(self) -> frozenset[str]:
        """The pieces of the brands' own addresses after their name (www, co, jp, com): written on the left of someone
        else's domain (www-amazon.x.com, amazon.co.x.com) they copy the brand's address, they add no word of their own."""
        return frozenset({"www"} | {p for b in self.brands for s in b.sites.values()
                                    for p in s.domain.split(".")[1:]})

    @cached_property
    def brand_unicode_tokens(self) -> tuple[tuple[str, Brand], ...]:
        return tuple((t, b) for b in self.brands for t in b.unicode_tokens)

    @cached_property
    def _ordinary_words(self) -> re.Pattern | None:
        """Any brand's ordinary word as a whole piece of a host: between dots, hyphens, underscores and digits."""
        words = sorted({w for b in self.brands for w in b.ordinary_words}, key=len, reverse=True)
        if not words:
            return None
        return re.compile(rf"(?<![^{_PIECE_EDGE}])(?:{'|'.join(map(re.escape, words))})(?![^{_PIECE_EDGE}])")

    def without_ordinary_words(self, text: str) -> str:
        """`text` with each piece (between dots, hyphens, underscores and digits) that is an ordinary word holding a
        brand name (amazonas, amazonite) blanked out: what is left is where the brand could still be named."""
        return self._ordinary_words.sub(" ", text) if self._ordinary_words else text

    @cached_property
    def letter_clusters(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """(onsets, codas, vowel groups) of English words (letter_clusters.toml, made by scripts/build_letter_clusters.py):
        how random_name tells a name someone could say from letters no word has in that order."""
        path = self.data_dir / "letter_clusters.toml"
        raw = _read_toml(path)
        try:
            return tuple(frozenset(_words(raw, key, required=True)) for key in ("onsets", "codas", "vowel_groups"))
        except (KeyError, TypeError) as exc:
            raise DataError(f"data file {path} has a malformed entry: {exc}") from None

    @cached_property
    def name_model(self):
        """The character n-gram model of chosen names (name_model.tsv, made by scripts/build_name_model.py): how
        random_name tells a made-up name that can be said (buifoef) from one people choose."""
        from .detectors.random_name import NameModel
        path = self.data_dir / "name_model.tsv"
        lines = _read_lines(path)
        try:
            params = {l[1:].split("\t")[0]: float(l.split("\t")[1]) for l in lines if l.startswith("!")}
            grams = "\n".join(l for l in lines if not l.startswith("!"))
            # one check of every row at once (62,000 rows: a check per row would slow the helper's start)
            if not _GRAM_ROWS.fullmatch(grams):
                raise ValueError("a row is not a letter group, a tab and a count")
            counts = {g: int(n) for g, _, n in (l.partition("\t") for l in grams.split("\n"))}
            order = int(params["order"])
            if not 1 <= order <= 8:
                raise ValueError("an order outside 1-8")
            return NameModel(order, params["threshold"], counts)
        except (KeyError, ValueError, IndexError) as exc:
            raise DataError(f"data file {path} has a malformed entry: {exc}") from None

    @cached_property
    def owned_labels(self) -> frozenset[str]:
        """The names (first labels) of the brands' own domains: amazonaws, amazonses, amazonpay, amznl …"""
        return frozenset(d.split(".", 1)[0] for b in self.brands for d in b.genuine)

    @cached_property
    def own_name_endings(self) -> dict[str, frozenset[str]]:
        """Per brand, the endings its own names are registered under (amazon.co.jp, amazonaws.org, amazonvideo.cc: co.jp,
        org, cc …), from its owned list: a name carrying the brand under another ending (amazonzbzc.co,
        amazon-line.cloud) is no name the brand chose."""
        return {b.id: frozenset(d.split(".", 1)[1] for d in b.genuine if "." in d and not d.startswith("*")
                                and any(n in d.split(".", 1)[0] for n in b.ascii_names)) for b in self.brands}

    @cached_property
    def own_name_words(self) -> dict[str, frozenset[str]]:
        """Per brand, the words it puts beside its name in its own domains (amazonmusic, amazon-adsystem,
        payments-amazon, amznl: music, adsystem, payments, l …), from its owned list: the brand names its own sites after
        what they are; beside any other word (amazon-future, amazonsnew) the name is someone else's pose."""
        out = {}
        for b in self.brands:
            names = sorted(b.tokens, key=len, reverse=True)
            words = set()
            for domain in b.genuine:
                label = domain.split(".", 1)[0]
                name = next((n for n in names if n in label), None)
                if name and not domain.startswith("*"):
                    words.update(w for w in re.split(r"[-0-9_]+", label.replace(name, "-", 1)) if w)
            out[b.id] = frozenset(words)
        return out

    @cached_property
    def service_labels(self) -> dict[str, tuple[str, ...]]:
        """The brand's own service domains whose name is the brand hyphenated with other words (amazon-adsystem,
        media-amazon, ssl-images-amazon), by name -> its hyphen pieces; none whose other words are lure words
        (payments-amazon: "pay"). A subdomain spelling one names a service it talks to, not the store."""
        out = {}
        for b in self.brands:
            for domain in b.genuine:
                label = domain.split(".", 1)[0]
                pieces = tuple(label.split("-"))
                others = [p for p in pieces if p not in b.tokens]
                if len(pieces) > 1 and len(others) < len(pieces) and not any(
                        w in p for p in others for w in self.lure_words):
                    out[label] = pieces
        return out

    @cached_property
    def lure_skeletons(self) -> tuple[tuple[str, str], ...]:
        return tuple((w, self.skeleton(w)) for w in self.lure_words)

    def abused_ending(self, url) -> bool:
        """Is the URL under an ending scams use often: an abused TLD, a free dynamic-DNS or free site domain
        (free_subdomain_domains.txt), or an entry of the Public Suffix List's private section, where a provider hands
        out names to anyone (amazon-clone-x.vercel.app, amazon48v36.pages.dev). Amazon's own and Amazon-run hosting
        never get here: owner() decides those first."""
        return url.private_suffix or url.suffix in self.abused_suffixes

    def owner(self, host: str) -> tuple[Brand | None, str]:
        """(brand, "genuine"|"hosting") when the host is under a domain a brand runs, (None, "cdn_edge") on a CDN's
        edge name, else (None, ""). Hosting wins over genuine at any depth: Lambda function URLs sit under on.aws,
        itself under the brand TLD .aws, and are customer content all the same."""
        labels = host.split(".")
        suffixes = [".".join(labels[i:]) for i in range(len(labels))]
        for brand in self.brands:
            if any(s in brand.hosting for s in suffixes):
                return brand, "hosting"
        for brand in self.brands:
            if labels[-1] in brand.genuine_tlds or any(s in brand.genuine for s in suffixes[:-1]):
                return brand, "genuine"
        if any(s in self.cdn_edge_domains for s in suffixes[:-1]):
            return None, "cdn_edge"
        return None, ""

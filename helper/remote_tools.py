"""The remote-control tools scammers ask people to install (helper/data/remote_tools.toml): their download and
session-join pages, as the document the extension installs (GET /v1/remote-tools, `scamguard remote-tools`), and
as a matcher for the message check. Nothing here is fetched; the vendors' pages are only named."""
from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .knowledge import DATA_DIR, DataError

FILE = "remote_tools.toml"
KINDS = ("download", "join", "file")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)+")
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")
_PATH = re.compile(r"/[a-z0-9._~/{}-]*")
# An optional language segment: ja/, en/, en-us/, zh_cn/ (vendors put it before their download page)
LANG_SEGMENT = "(?:[a-z]{2}(?:[-_][a-z]{2,4})?/)?"


@dataclass(frozen=True)
class Page:
    host: str
    subdomains: bool
    excluded: tuple[str, ...]
    paths: tuple[str, ...]
    path_regex: str
    url_regex: str
    kind: str

    def covers_host(self, host: str) -> bool:
        if host in self.excluded:
            return False
        return host.endswith("." + self.host) if self.subdomains else host == self.host


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    names: tuple[str, ...]
    sources: tuple[str, ...]
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class RemoteTools:
    tools: tuple[Tool, ...]
    strong_minutes: int
    strong_after_codes: tuple[str, ...]
    install_words: tuple[str, ...]
    code_words: tuple[str, ...]

    def page_for(self, url: str) -> tuple[Tool, Page] | None:
        """The tool whose download or join page `url` is, if any (by host, then path; the query is ignored)."""
        try:
            parts = urlsplit(url.strip())
            host = (parts.hostname or "").rstrip(".")
        except ValueError:
            return None
        if parts.scheme not in ("http", "https") or not host:
            return None
        path = parts.path.lower() or "/"
        for tool in self.tools:
            for page in tool.pages:
                if page.covers_host(host) and re.match(page.path_regex, path):
                    return tool, page
        return None

    def tool(self, tool_id: str) -> Tool | None:
        return next((t for t in self.tools if t.id == tool_id), None)


def _path_alternatives(paths: tuple[str, ...]) -> str | None:
    """The prefixes as one regex group (None: "/" alone, the whole host)."""
    if "/" in paths:
        return None
    alts = []
    for p in paths:
        body = p.rstrip("/")
        if body.startswith("/{lang}/"):
            piece = "/" + LANG_SEGMENT + re.escape(body[len("/{lang}/"):])
        else:
            piece = re.escape(body)
        alts.append(piece)
    return "(?:" + "|".join(alts) + ")"


def path_regex(paths: tuple[str, ...]) -> str:
    """One regex (JavaScript and RE2 alike: no look-arounds) over a lower-case path for a page's prefixes."""
    alts = _path_alternatives(paths)
    return "^/" if alts is None else "^" + alts + "(?:[/.].*)?$"


def url_regex(host: str, subdomains: bool, paths: tuple[str, ...]) -> str:
    """The same page as a regex over the whole address (the extension's redirect rule: RE2, \\0 is the address)."""
    host_re = ("(?:[a-z0-9-]+\\.)+" if subdomains else "") + host.replace(".", "\\.")
    alts = _path_alternatives(paths)
    tail = "/.*" if alts is None else alts + "(?:[/.?#].*)?"
    return "^https?://(?:[^/@]*@)?" + host_re + "(?::[0-9]+)?" + tail + "$"


def _strings(raw: dict, key: str, required: bool = True) -> tuple[str, ...]:
    value = raw.get(key, [] if not required else None)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value) or \
            (required and not value):
        raise ValueError(f"{key!r} must be a non-empty list of non-empty strings")
    return tuple(v.strip() for v in value)


def _page(raw: dict) -> Page:
    host = raw["host"]
    if not isinstance(host, str) or not _HOST.fullmatch(host):
        raise ValueError(f"host {host!r} must be a lower-case host name")
    paths = tuple(p.lower() for p in _strings(raw, "paths"))
    for p in paths:
        if not _PATH.fullmatch(p) or ("{" in p and not p.startswith("/{lang}/")) or p.count("{") > 1:
            raise ValueError(f"path {p!r} must begin with / (optionally /{{lang}}/) and hold no other placeholder")
    kind = raw["kind"]
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} must be one of {', '.join(KINDS)}")
    subdomains = raw.get("subdomains", False)
    if not isinstance(subdomains, bool):
        raise ValueError("'subdomains' must be true or false")
    excluded = tuple(h.lower() for h in _strings(raw, "except", required=False))
    if not all(_HOST.fullmatch(h) and h.endswith("." + host) for h in excluded):
        raise ValueError(f"'except' names must be names under {host}")
    return Page(host=host, subdomains=subdomains, excluded=excluded, paths=paths, path_regex=path_regex(paths),
                url_regex=url_regex(host, subdomains, paths), kind=kind)


def load(data_dir: Path | str = DATA_DIR) -> RemoteTools:
    path = Path(data_dir) / FILE
    if not path.exists():
        path = DATA_DIR / FILE   # a --data-dir with brands only still gets the built-in tool list
    return _load(path)


@lru_cache(maxsize=4)
def _load(path: Path) -> RemoteTools:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"cannot read data file {path}: {exc}") from None
    try:
        tools = []
        for t in raw["tool"]:
            if not isinstance(t.get("id"), str) or not _ID.fullmatch(t["id"]):
                raise ValueError(f"tool id {t.get('id')!r} must be lower-case letters, digits and hyphens")
            if not isinstance(t.get("name"), str) or not t["name"].strip():
                raise ValueError(f"tool {t['id']}: 'name' must be a non-empty string")
            sources = _strings(t, "sources")
            if not all(s.startswith(("https://", "http://")) for s in sources):
                raise ValueError(f"tool {t['id']}: every source must be a web address")
            pages = tuple(_page(p) for p in t["page"])
            if not pages:
                raise ValueError(f"tool {t['id']} lists no page")
            names = tuple(n.lower() for n in _strings(t, "names", required=False))
            tools.append(Tool(id=t["id"], name=t["name"].strip(), names=names, sources=sources, pages=pages))
        ids = [t.id for t in tools]
        if len(set(ids)) != len(ids):
            raise ValueError("tool ids must be unique")
        notice, message = raw["notice"], raw["message"]
        minutes = notice["strong_minutes"]
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 24 * 60:
            raise ValueError("'strong_minutes' must be a whole number of minutes (1 to 1440)")
        return RemoteTools(tools=tuple(tools), strong_minutes=minutes,
                           strong_after_codes=_strings(notice, "strong_after_codes"),
                           install_words=tuple(w.lower() for w in _strings(message, "install_words")),
                           code_words=tuple(w.lower() for w in _strings(message, "code_words")))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise DataError(f"data file {path} is missing or has a malformed entry: {exc}") from None


def document(tools: RemoteTools) -> dict:
    """What the extension installs: per tool its pages (host, path regex, kind) and sources; and when the notice
    is the stronger one. `version` changes whenever anything in it does."""
    body = {
        "strong_minutes": tools.strong_minutes,
        "strong_after_codes": list(tools.strong_after_codes),
        "tools": [{"id": t.id, "name": t.name, "sources": list(t.sources),
                   "pages": [{"host": p.host, "subdomains": p.subdomains, "except": list(p.excluded),
                              "paths": list(p.paths), "path_regex": p.path_regex, "url_regex": p.url_regex,
                              "kind": p.kind}
                             for p in t.pages]}
                  for t in tools.tools],
    }
    body["version"] = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
    return body

"""Check a pasted SMS or e-mail: its links (also defanged or disguised ones), phone numbers and senders, each
judged with the same engine, plus message-level lures; answered with the official route to check instead.

Nothing is fetched: links are judged by their address only."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

from . import page_knowledge
from .context import InputError
from .findings import Finding
from .knowledge import DATA_DIR, DataError
from .phone import display_number, official_route

MAX_TEXT = 50_000
MAX_LINKS = 30
MAX_SENDERS = 10

# Defanging and disguises people and filters-dodging scammers write: hxxp, h t t p s, [.], (.), [dot], [:]
_SPACED_SCHEME = re.compile(r"\bh\s*[tx]\s*[tx]\s*p\s*(s?)\s*(?::|\[:\])\s*/\s*/\s*", re.I)
_SCHEME = re.compile(r"\bh[tx]{2}p(s?)(?::|\[:\])//", re.I)
_DOT = re.compile(r"\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\[\s*\.\s*\])\s*", re.I)
_SPACED_DOT = re.compile(r"(?<=[a-z0-9-])\s+\.\s*(?=[a-z0-9])|(?<=[a-z0-9-])\.\s+(?=(?:com|net|org|jp|co|ne|or|"
                         r"top|xyz|info|shop|cn|ru|icu|cc|me|io|app|site|online|live|buzz|vip|club)\b)", re.I)
# Host labels: ASCII, or letters of other alphabets (IDN lookalikes) but not Japanese text around the link.
_LABEL = r"(?:[a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff](?:[a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff-]{0,62}" \
         r"[a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff])?)"
_HOST = rf"(?:{_LABEL}\.)+[a-z][a-z0-9-]{{1,62}}"
_PATH = r"(?:[/?#][!-~]*)?"
_URL = re.compile(rf"(https?)://((?:[^\s/@]+@)?{_HOST}(?::\d{{1,5}})?){_PATH}", re.I)
_BARE = re.compile(rf"(?<![\w@.\-/])((?:www\.)?{_HOST}){_PATH}", re.I)
_EMAIL = re.compile(r"([a-z0-9._%+\-]{1,64})@((?:[a-z0-9\-]+\.)+[a-z]{2,})", re.I)
_NAMED = re.compile(r"""["“]?([^"“”<>\n]{1,80}?)["”]?\s*[<＜]\s*([a-z0-9._%+\-]{1,64}@(?:[a-z0-9\-]+\.)+[a-z]{2,})\s*[>＞]""",
                    re.I)
_SENDER_LINE = re.compile(r"^\s*(?:from|sender|差出人|送信者|送信元)\s*[:：]\s*(.+)$", re.I | re.M)
_IDEO_DOT = re.compile(r"(?<=[a-z0-9])\s?[。｡]\s?(?=[a-z0-9])")
_SPACES = re.compile(r"\s+")
_SENDER_PREFIX = re.compile(r"^\s*(?:from|sender|差出人|送信者|送信元)\s*[:：]\s*", re.I)
_TRAILING = ".,;:!?)]}>'\"、。"


@lru_cache(maxsize=4)
def _message_data(data_dir: Path) -> dict:
    path = data_dir / "message_lures.toml"
    if not path.exists():
        path = DATA_DIR / "message_lures.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return {
            "delivery": tuple(page_knowledge.normalise(p) for p in raw["lures"]["delivery"]),
            "free_mail": frozenset(raw["senders"]["free_mail"]),
            "isp_personal": frozenset(raw["senders"]["isp_personal"]),
        }
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise DataError(f"cannot read data file {path}: {exc}") from None


@lru_cache(maxsize=4)
def _brand_extras(data_dir: Path) -> dict[str, dict]:
    """Per brand and site: the official tracking page, when the brand file names one (delivery companies)."""
    out: dict[str, dict] = {}
    for path in sorted((data_dir / "brands").glob("*.toml")):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
            out[raw["id"]] = {k: s.get("tracking_url") for k, s in raw.get("sites", {}).items()}
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, AttributeError):
            continue   # Knowledge already refused a broken brand file at start-up
    return out


def unfang(text: str) -> str:
    """The text with fullwidth letters made ASCII and defanged links made whole again."""
    text = page_knowledge.normalise(text)   # NFKC on fullwidth runs, lower case, one space
    text = _SPACED_SCHEME.sub(lambda m: f"http{m.group(1)}://", text)
    text = _SCHEME.sub(lambda m: f"http{m.group(1)}://", text)
    text = _DOT.sub(".", text)
    text = _IDEO_DOT.sub(".", text)   # amazon。co。jp
    return _SPACED_DOT.sub(".", text)


def extract_links(text: str) -> list[dict]:
    """[{"url": the link made whole (what we judge), "disguised": it was not written that way}], in order."""
    plain = _SPACES.sub(" ", text.lower())   # as written: wide letters, brackets and spaces count as disguise
    clean = unfang(text)
    out: list[dict] = []
    seen: set[str] = set()
    taken: list[tuple[int, int]] = []
    for m in _URL.finditer(clean):
        url = m.group(0).rstrip(_TRAILING)
        taken.append(m.span())
        _add(out, seen, url, url not in plain)
    for m in _BARE.finditer(clean):
        if any(a <= m.start() < b for a, b in taken):
            continue
        host = m.group(1).rstrip(_TRAILING)
        if not _is_domain(host) or _EMAIL_AT(clean, m.start()):
            continue
        url = "http://" + m.group(0).rstrip(_TRAILING)
        _add(out, seen, url, m.group(0).rstrip(_TRAILING) not in plain)
    return out[:MAX_LINKS]


def _EMAIL_AT(text: str, start: int) -> bool:   # noqa: N802
    return start > 0 and text[start - 1] == "@"


def _is_domain(host: str) -> bool:
    """A bare name counts as a link only when its ending is a real public suffix (not 'e.g' or 'file.txt')."""
    ext = _tld(host)
    return bool(ext.suffix and ext.domain) and not host.endswith((".txt", ".png", ".jpg", ".pdf", ".html"))


@lru_cache(maxsize=1)
def _extractor():
    import tldextract
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _tld(host: str):
    return _extractor()(host)


def _add(out: list[dict], seen: set[str], url: str, disguised: bool) -> None:
    if url not in seen:
        seen.add(url)
        out.append({"url": url, "disguised": disguised})


def extract_senders(text: str, knowledge, data: dict) -> list[dict]:
    out: list[dict] = []
    seen: set[str] = set()
    named = {m.group(2).lower(): _SENDER_PREFIX.sub("", m.group(1)).strip().strip('"“”')
             for m in _NAMED.finditer(text)}
    lines = [m.group(1) for m in _SENDER_LINE.finditer(text)]
    candidates = []
    for line in lines:
        for m in _EMAIL.finditer(line):
            candidates.append(m.group(0))
            # "差出人: 自動配信メール xxx@pd6.so-net.ne.jp": the words before the address are its display name
            before = line[:m.start()].strip().strip('"“”<＜(（').strip()
            if before and m.group(0).lower() not in named:
                named[m.group(0).lower()] = before[:200]
    candidates += list(named)
    # Bare addresses elsewhere in the text only when there is no From: line (a pasted SMS has none).
    if not candidates:
        candidates = [m.group(0) for m in _EMAIL.finditer(text)]
    for address in candidates:
        address = address.lower()
        if address in seen:
            continue
        seen.add(address)
        domain = address.rsplit("@", 1)[1]
        owner, ownership = knowledge.owner(domain)
        if ownership == "genuine":
            kind = "brand_domain"
        elif _under(domain, data["free_mail"]):
            kind = "free_mail"
        elif _under(domain, data["isp_personal"]):
            kind = "isp_personal"
        else:
            kind = "other"
        display = named.get(address, "")
        out.append({"address": address, "display_name": display[:200], "domain": domain, "kind": kind,
                    "owner": owner.id if owner and ownership == "genuine" else None})
    return out[:MAX_SENDERS]


def _under(domain: str, names: frozenset[str]) -> bool:
    labels = domain.split(".")
    return any(".".join(labels[i:]) in names for i in range(len(labels) - 1))


def brands_named(hay: str, knowledge) -> list[str]:
    """Brand ids the (normalised) text names: its tokens, at a word edge for ASCII ones."""
    pk = page_knowledge.for_knowledge(knowledge)
    found: list[str] = []
    for brand in knowledge.brands:
        names = [t for t in (*brand.tokens, *brand.unicode_tokens)]
        if brand.id == pk.brand_id:
            names += list(pk.brand_names)
        names = sorted({page_knowledge.normalise(n) for n in names}, key=len, reverse=True)
        if page_knowledge._find_name(hay, tuple(names)):
            found.append(brand.id)
    return found


def check_message(text: object, engine, store=None) -> dict:
    if not isinstance(text, str) or not text.strip():
        raise InputError("bad_text", "paste the message as a non-empty string")
    if len(text) > MAX_TEXT:
        raise InputError("text_too_long", f"a message may be at most {MAX_TEXT} characters")
    knowledge = engine.knowledge
    data = _message_data(Path(knowledge.data_dir))
    pk = page_knowledge.for_knowledge(knowledge)
    hay = page_knowledge.normalise(text)
    findings: list[Finding] = []

    # Links, each judged like an address the browser would open.
    links = []
    for link in extract_links(text):
        try:
            v = engine.verdict(link["url"], pasted=True)   # nobody sees where a short link in a message goes
        except InputError as exc:
            links.append({**link, "error": {"code": exc.code, "message": exc.message}})
            continue
        links.append({**link, "verdict": v})
    if any(l["disguised"] for l in links):
        findings.append(Finding("MSG_DISGUISED_LINK", {"links": [l["url"] for l in links if l["disguised"]][:5]}))

    # Which brand the message speaks for: named in the text, or imitated by a link.
    named = brands_named(hay, knowledge)
    for l in links:
        b = (l.get("verdict") or {}).get("brand")
        if b and b["id"] not in named:
            named.append(b["id"])

    # Links of a message naming a brand that all go elsewhere.
    if named and links:
        genuine = [l for l in links if ((l.get("verdict") or {}).get("site_owner") or {}).get("kind") == "genuine"]
        if not genuine:
            findings.append(Finding("MSG_LINK_NOT_BRAND_DOMAIN", {"brand": named[0]}, brand=named[0]))

    # Lures (the page-check engineer's phrases, so a page and a message are judged by the same words).
    lures = dict(pk.lures)
    lure_codes = {"membership_suspended": "MSG_LURE_ACCOUNT", "payment_failed": "MSG_LURE_ACCOUNT",
                  "unusual_signin": "MSG_LURE_ACCOUNT", "points_expire": "MSG_LURE_POINTS",
                  "send_only": "MSG_SEND_ONLY", "deadline": "MSG_DEADLINE"}
    for kind, code in lure_codes.items():
        phrase = next((p for p in lures.get(kind, ()) if p in hay), None)
        if phrase:
            findings.append(Finding(code, {"kind": kind, "phrase": phrase}))
    phrase = next((p for p in data["delivery"] if p in hay), None)
    if phrase:
        findings.append(Finding("MSG_LURE_DELIVERY", {"kind": "delivery", "phrase": phrase}))
    phrase = next((p for p in pk.calls_to_action if p in hay), None)
    if phrase:
        findings.append(Finding("MSG_CALL_TO_ACTION", {"phrase": phrase}))

    # Phone numbers, and whether the message asks to phone one.
    from .evidence import phones_in
    phones = []
    for e164 in phones_in(text)[:10]:
        phones.append({"e164": e164, "display": display_number(e164),
                       "seen_on_blocked_pages": store.seen_phone(e164) if store else []})
    if phones:
        phrase = next((p for p in pk.call_instructions if p in hay), None)
        if phrase:
            findings.append(Finding("MSG_ASKS_TO_CALL", {"phrase": phrase, "numbers": [p["e164"] for p in phones]}))

    # A remote-control tool: a link to its download or join page, or its name next to "install" or a join code.
    remote = remote_tool_finding(hay, links, knowledge)
    if remote:
        findings.append(remote)

    # Senders: a personal mailbox signing as a brand, a lookalike sender domain.
    senders = extract_senders(text, knowledge, data)
    # A friend's Gmail that mentions Amazon is not Amazon speaking; one that says your membership is suspended is.
    lured = any(f.code.startswith("MSG_LURE_") or f.code == "MSG_CALL_TO_ACTION" for f in findings)
    for s in senders:
        claims = brands_named(page_knowledge.normalise(s["display_name"] + " " + s["address"].split("@")[0]),
                              knowledge) or (named if s["kind"] in ("free_mail", "isp_personal") and lured else [])
        s["claims_brand"] = claims[0] if claims else None
        if s["kind"] in ("free_mail", "isp_personal") and claims:
            findings.append(Finding("MSG_SENDER_PERSONAL_MAILBOX", {"address": s["address"], "kind": s["kind"],
                                                                    "display_name": s["display_name"]},
                                    brand=claims[0]))
        if s["kind"] == "other":
            try:
                sv = engine.verdict("http://" + s["domain"] + "/")
            except InputError:
                continue
            if sv["verdict"] != "allow":
                s["domain_verdict"] = sv["verdict"]
                findings.append(Finding("MSG_SENDER_LOOKALIKE_DOMAIN", {"address": s["address"],
                                        "reasons": [r["code"] for r in sv["reasons"]]},
                                        brand=(sv["brand"] or {}).get("id")))

    # Score: message findings through the rules table, the worst link counts as it is.
    seen_codes, unique = set(), []
    for f in findings:
        if f.code not in seen_codes:
            seen_codes.add(f.code)
            unique.append(f)
    message_score = engine.score(unique)
    link_score = max((l["verdict"]["score"] for l in links if "verdict" in l), default=0)
    score = max(message_score, link_score)
    t = engine.thresholds
    verdict = "block" if score >= t["block"] else "warn" if score >= t["warn"] else "allow"

    brand_id = named[0] if named else "amazon"
    if brand_id not in {b.id for b in knowledge.brands}:
        brand_id = knowledge.brands[0].id
    brand = next(b for b in knowledge.brands if b.id == brand_id)
    imitated = {l["verdict"]["brand"]["genuine_domain"] for l in links if "verdict" in l
                and l["verdict"]["brand"] and l["verdict"]["brand"]["id"] == brand_id}
    site_key = next((k for k, site in brand.sites.items() if site.domain in imitated), None)
    tracking = _brand_extras(Path(knowledge.data_dir)).get(brand_id, {})
    route = official_route(engine, brand_id, site_key, tracking.get(site_key or brand.default_site))
    return {
        "verdict": verdict,
        "score": score,
        "message_score": message_score,
        "thresholds": dict(t),
        "findings": [{"code": f.code, "weight": engine.rules[f.code].weight,
                      "description": engine.rules[f.code].description, "evidence": f.evidence}
                     for f in sorted(unique, key=lambda f: -engine.rules[f.code].weight)],
        "links": links,
        "phones": phones,
        "senders": senders,
        "brands_named": named,
        "official_route": route,
        "advice": _advice(verdict),
        "consult": {"police": "#9110", "consumer_hotline": "188"},
    }


_JOIN_CODE = re.compile(r"(?<!\d)\d(?:[ -]?\d){5,11}(?!\d)")


def _names_tool(hay: str, tool) -> str | None:
    for name in (tool.name.lower(), *tool.names):
        if name.isascii():
            if re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", hay):
                return name
        elif name in hay:
            return name
    return None


def remote_tool_finding(hay: str, links: list[dict], knowledge) -> Finding | None:
    """MSG_REMOTE_TOOL: the message links to a remote-control tool's download or join page, or names such a tool
    beside words asking to install or open it or to read out its code (helper/data/remote_tools.toml)."""
    from . import remote_tools
    tools = remote_tools.load(knowledge.data_dir)
    for link in links:
        found = tools.page_for(link["url"])
        if found:
            return Finding("MSG_REMOTE_TOOL", {"tool": found[0].id, "name": found[0].name, "how": "link",
                                               "url": link["url"]})
    for tool in tools.tools:
        name = _names_tool(hay, tool)
        if not name:
            continue
        code_word = next((w for w in tools.code_words if w in hay), None)
        if code_word:
            code = _JOIN_CODE.search(hay)
            return Finding("MSG_REMOTE_TOOL", {"tool": tool.id, "name": tool.name, "how": "join_code",
                                               "phrase": code_word, "code": code.group(0) if code else ""})
        install_word = next((w for w in tools.install_words if w in hay), None)
        if install_word:
            return Finding("MSG_REMOTE_TOOL", {"tool": tool.id, "name": tool.name, "how": "install",
                                               "phrase": install_word.strip()})
    return None


def _advice(verdict: str) -> dict:
    if verdict == "block":
        en = ("This message has the marks of a scam. Do not open its links, do not call its numbers, do not reply. "
              "Check your account or parcel the official way below.")
        ja = ("このメッセージには詐欺の特徴があります。リンクを開かず、電話番号にかけず、返信もしないでください。"
              "下の公式の方法でアカウントや荷物を確認してください。")
    elif verdict == "warn":
        en = "Be careful: parts of this message look suspicious. Check the official way below instead of its links."
        ja = "注意: このメッセージには怪しい点があります。リンクではなく、下の公式の方法で確認してください。"
    else:
        en = ("ScamGuard found nothing suspicious, but a message can still lie. When in doubt, check the official "
              "way below rather than through the message.")
        ja = ("怪しい点は見つかりませんでしたが、メッセージは偽ることができます。迷ったら、メッセージからではなく"
              "下の公式の方法で確認してください。")
    return {"en": en, "ja": ja}

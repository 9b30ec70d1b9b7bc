"""Check a typed phone number, honestly: a number alone proves nothing about who answers it. We say whether
ScamGuard saw it on a page it blocked (when and where), and always give the official way to reach the company
(app or typed address -> Help -> customer service -> chat or call-back). We never suggest calling a number."""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime

import phonenumbers

from .context import InputError

MAX_INPUT = 64
REGIONS = ("JP", "US")
# What people and scam kits write between the digit groups of a number, beyond the "-", "." and spaces
# phonenumbers reads itself: every dash, minus and long mark (0120ー899ー543), and middle dots and bullets
# (0120・899・543). All of them become "-" before phonenumbers reads the text (NFKC has made digits ASCII).
SEPARATORS = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70\u2500"
                            "\u301c\u30fb\uff65\u00b7\u2022\u2027\u2219\u22c5"})
_SPACES = re.compile(r"\s+")     # phonenumbers reads no number across a line break (one group a line)
# A number written in kanji numerals (〇一二〇‐八九九‐五四三): read as digits, but only a run that starts with 〇
# and holds ten or eleven of them (a Japanese number's length), so that 一二三 in a name or a date stays text.
_KANJI_DIGITS = str.maketrans("〇一二三四五六七八九", "0123456789")
_KANJI_NUMBER = re.compile(r"〇(?:[- ]?[〇一二三四五六七八九]){9,10}(?![〇一二三四五六七八九])")
# phonenumbers will not read a number glued to a Latin letter ("TEL0120-899-543", "℡" is "TEL" after NFKC).
_GLUED_LABEL = re.compile(r"(?i)(?<![a-z])(tel|phone|fax|call)[.:]?(?=\d)")
_TYPES = {
    phonenumbers.PhoneNumberType.TOLL_FREE: "toll_free", phonenumbers.PhoneNumberType.MOBILE: "mobile",
    phonenumbers.PhoneNumberType.FIXED_LINE: "fixed_line", phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE:
    "fixed_line_or_mobile", phonenumbers.PhoneNumberType.PREMIUM_RATE: "premium_rate",
    phonenumbers.PhoneNumberType.SHARED_COST: "shared_cost", phonenumbers.PhoneNumberType.VOIP: "voip",
    phonenumbers.PhoneNumberType.UAN: "uan", phonenumbers.PhoneNumberType.PERSONAL_NUMBER: "personal",
}


def official_route(engine, brand_id: str = "amazon", site_key: str | None = None,
                   tracking_url: str | None = None) -> dict:
    """How to reach the brand without any link or number from a message: from the brand data."""
    brand = next((b for b in engine.knowledge.brands if b.id == brand_id), engine.knowledge.brands[0])
    site = brand.sites[site_key] if site_key in brand.sites else brand.sites[brand.default_site]
    if tracking_url:   # a delivery company: the parcel is checked by its tracking number on the official site
        steps = {
            "en": f"Type {site.domain} into the address bar yourself (or use its official app) and enter the "
                  "tracking number from your own order or receipt on its tracking page. Do not use a link or a "
                  "phone number from the message.",
            "ja": f"アドレスバーに {site.domain} と自分で入力するか公式アプリを使い、ご自分の注文や控えにある"
                  "伝票番号(追跡番号)で配達状況を確認してください。メッセージにあるリンクや電話番号は使わないでください。",
        }
    else:
        steps = {
            "en": f"Open the {brand.name} app, or type {site.domain} into the address bar yourself, then go to "
                  "Help → customer service and use the chat or ask them to call you. Do not use a link or a "
                  "phone number from a message, a pop-up or a search ad.",
            "ja": f"{brand.name}の公式アプリを開くか、アドレスバーに {site.domain} と自分で入力し、ヘルプ → "
                  "カスタマーサービスからチャットまたは電話のリクエスト(先方からの折り返し)を使ってください。"
                  "メッセージ・警告画面・検索広告にあるリンクや電話番号は使わないでください。",
        }
    return {"brand": brand.id, "name": brand.name, "genuine_domain": site.domain, "help_url": site.help_url,
            "scam_help_url": site.scam_help_url, "tracking_url": tracking_url, "steps": steps}


def parse_number(raw: object) -> phonenumbers.PhoneNumber:
    if not isinstance(raw, str) or not raw.strip():
        raise InputError("bad_number", "give the phone number as a non-empty string, e.g. 0120-899-543")
    if len(raw) > MAX_INPUT:
        raise InputError("bad_number", f"a phone number is at most {MAX_INPUT} characters")
    text = unicodedata.normalize("NFKC", raw).translate(SEPARATORS).strip()
    # Japanese numbers are written with their leading 0 (or +81); ten digits without it are a US number.
    digits = "".join(c for c in text if c.isdigit())
    region = None if text.startswith("+") else "JP" if digits.startswith("0") else "US"
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InputError("bad_number", "this does not look like a phone number") from None
    if region and not phonenumbers.is_valid_number(number):
        # A US number typed without +1 ((206) 266-1000) is no valid JP number: the US reading, when valid.
        try:
            us = phonenumbers.parse(text, "US")
        except phonenumbers.NumberParseException:
            us = None
        if us is not None and phonenumbers.is_valid_number(us):
            number = us
    if not phonenumbers.is_possible_number(number):
        raise InputError("bad_number", "this does not look like a complete phone number")
    return number


def digits_in(text: str) -> int:
    """How many digits `text` holds, kanji numerals counted: enough of them may be a phone number."""
    return sum(c.isdigit() or c in "〇一二三四五六七八九" for c in text)


def find_numbers(text: str, max_tries: int = 20) -> list[tuple[str, str]]:
    """(as written, E.164) for each Japanese or US phone number in `text`, in the order of REGIONS, each number once:
    fullwidth digits, kanji numerals, every dash and middle dot, spaces or line breaks between the groups or the
    digits, and a number glued to "TEL" are understood. phonenumbers' VALID leniency keeps dates, prices, postal codes and order numbers out.
    The caller bounds `text` (a window around a call instruction, or a record's first characters)."""
    text = _GLUED_LABEL.sub(r"\1 ", _SPACES.sub(" ", unicodedata.normalize("NFKC", text).translate(SEPARATORS)))
    text = _KANJI_NUMBER.sub(lambda m: m.group().translate(_KANJI_DIGITS), text)
    out: dict[str, str] = {}
    for region in REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID,
                                                     max_tries=max_tries):
            out.setdefault(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164),
                           match.raw_string)
    return [(raw, e164) for e164, raw in out.items()]


def _local_time(stored: str) -> str:
    """A record's UTC time as the person at this computer reads a clock: local time, to the minute."""
    try:
        return datetime.fromisoformat(stored).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return str(stored)


def display_number(e164: str) -> str:
    """How the person reads the number: a Japanese one as it is dialled in Japan (0120-899-543), others with their
    country code (+1 206-266-1000)."""
    number = phonenumbers.parse(e164)
    national = phonenumbers.region_code_for_number(number) == "JP"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL if national
                                      else phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def check_number(raw: object, engine, store=None) -> dict:
    number = parse_number(raw)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    region = phonenumbers.region_code_for_number(number) or ""
    valid = phonenumbers.is_valid_number(number)
    kind = _TYPES.get(phonenumbers.number_type(number), "unknown")
    seen = store.seen_phone(e164) if store is not None else []
    route = official_route(engine, "amazon", "us" if region == "US" else "jp")
    if seen:
        when = _local_time(seen[0]["time"])
        en = (f"ScamGuard saw this number on {len(seen)} page(s) it blocked (latest: {when}, "
              f"{seen[0]['address']}). Do not call it.")
        ja = (f"この番号は ScamGuard がブロックしたページ {len(seen)} 件に表示されていました"
              f"(最新: {when}、{seen[0]['address']})。電話しないでください。")
    else:
        en = ("A phone number alone cannot show who answers it: scammers use free-dial, mobile and even "
              "spoofed numbers, and ScamGuard has not seen this one on a page it blocked. That does not make "
              "it safe. Reach the company the official way instead.")
        ja = ("電話番号だけでは、誰が出るのかは分かりません(詐欺でもフリーダイヤルや携帯番号が使われます)。"
              "ScamGuard がブロックしたページでこの番号を見たことはありませんが、安全という意味ではありません。"
              "公式の方法で問い合わせてください。")
    return {
        "input": raw, "e164": e164,
        "display": display_number(e164),
        "region": region, "valid": valid, "type": kind,
        "seen_on_blocked_pages": seen,
        "summary": {"en": en, "ja": ja},
        "official_route": route,
        "consult": {"police": "#9110", "consumer_hotline": "188"},
    }

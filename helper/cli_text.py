"""The words `scamguard check` prints, in Japanese or English: the command's own lines from cli_messages.toml,
reason texts in Japanese from the extension's locale file (the one the interstitial reads), in English from
rules.toml (the API's descriptions)."""
from __future__ import annotations

import json
import os
import tomllib
from functools import cache
from pathlib import Path

LANGS = ("ja", "en")
EXTENSION_LOCALES = Path(__file__).resolve().parent.parent / "extension" / "_locales"


def language_from_environment(environ=os.environ) -> str | None:
    """ja or en as the locale asks (LC_ALL, then LC_MESSAGES, then LANG, as POSIX reads them); None when the locale
    names no language (unset, C, POSIX): then the command goes by what it was given."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            if value.split(".")[0].upper() in ("C", "POSIX"):
                return None
            return "ja" if value.lower().startswith("ja") else "en"
    return None


def looks_japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


@cache
def _phrases() -> dict:
    return tomllib.loads((Path(__file__).parent / "cli_messages.toml").read_text(encoding="utf-8"))


@cache
def _extension_messages(lang: str) -> dict | None:
    try:
        return json.loads((EXTENSION_LOCALES / lang / "messages.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class Words:
    def __init__(self, lang: str):
        self.lang = lang
        self.missing_reason_texts = lang != "en" and _extension_messages(lang) is None

    def __call__(self, key: str, **fields) -> str:
        return _phrases()[self.lang][key].format(**fields)

    def reason(self, code: str, description: str) -> str:
        """A reason in this language; English is the API's description."""
        if self.lang == "en":
            return description
        entry = (_extension_messages(self.lang) or {}).get(f"reason_{code}")
        return entry["message"] if entry else description

    def input_error(self, code: str, message: str) -> str:
        return _phrases()[self.lang].get("input_errors", {}).get(code, message)

"""The shared page view (helper/page_knowledge.py) and the info notes (helper/detectors/page_notes.py): one
normalisation, bounded reading, counter-evidence rules, and the speed limits the issue sets."""
import time

import pytest

from conftest import HANG_GUARD_S, codes
from helper import page_knowledge
from helper.knowledge import DataError

URL = "https://page-test.example/"
SCAM = "お使いのPCはウイルスに感染しました 今すぐサポートに電話してください 050-5812-3974"


@pytest.mark.parametrize("raw,norm", [
    ("ＡＭＡＺＯＮ．ＣＯ．ＪＰ", "amazon.co.jp"), ("ｳｲﾙｽ", "ウイルス"), ("０１２０　９９９", "0120 999"),
    ("Call\n\tNOW", "call now"), ("サインイン", "サインイン"), ("お電\u200b話くだ\u00adさい", "お電話ください"),
    # issue 12: a line break inside Japanese (<br>, one letter per flex item) and spaced single letters are no gap
    ("今すぐお電\n話ください", "今すぐお電話ください"), ("ウ\nイ\nル\nス", "ウイルス"), ("サ ポ ー ト に", "サポートに"),
    ("電話\n 0120", "電話 0120"), ("call\nnow", "call now"), ("お名前 必須", "お名前 必須"), ("A B C", "a b c"),
])
def test_normalise(raw, norm):
    assert page_knowledge.normalise(raw) == norm


def test_data_phrases_are_normalised_like_the_page():
    pk = page_knowledge.load()
    for phrases in (pk.claims, pk.call_instructions, pk.brand_names, pk.calls_to_action):
        assert all(p == page_knowledge.normalise(p).strip() for p in phrases)


def test_missing_data_is_a_data_error(tmp_path):
    with pytest.raises(DataError):
        page_knowledge.load(tmp_path)


def test_long_text_is_read_head_and_tail_and_says_so(engine):
    filler = "普通の記事の本文です。" * 20_000                       # 220,000 characters
    tail = engine.verdict(URL, {"text": filler + SCAM})
    assert {"PAGE_TSS_CALL_NUMBER", "PAGE_TEXT_TRUNCATED"} <= codes(tail)
    middle = engine.verdict(URL, {"text": filler + SCAM + filler})
    assert "PAGE_TSS_CALL_NUMBER" not in codes(middle)            # documented limit: the middle is not read
    note = next(r for r in middle["reasons"] if r["code"] == "PAGE_TEXT_TRUNCATED")
    assert note["weight"] == 0 and note["evidence"]["received_chars"] == len(filler * 2 + SCAM)


def test_text_over_the_api_limit_is_scored_not_refused(engine):
    v = engine.verdict(URL, {"text": SCAM + "\n" + "a" * 1_500_000})
    assert "PAGE_TEXT_TRUNCATED" in codes(v) and v["verdict"] == "block"
    ev = next(r["evidence"] for r in v["reasons"] if r["code"] == "PAGE_TEXT_TRUNCATED")
    assert ev["received_chars"] == 1_500_001 + len(SCAM)


def test_short_text_has_no_truncation_note(engine):
    assert "PAGE_TEXT_TRUNCATED" not in codes(engine.verdict(URL, {"text": SCAM}))


@pytest.mark.parametrize("phrases,warns", [
    ("詐欺", False),                                   # one phrase
    ("詐欺 なりすまし 偽サイト", False),                # three phrases, one family
    ("詐欺 ご注意ください 手口", True),                 # three phrases, two families
    ("scam never ask police", True),
])
def test_counter_evidence_needs_phrases_from_families(engine, phrases, warns):
    v = engine.verdict(URL, {"text": phrases + " " + SCAM})
    assert ("PAGE_WARNS_ABOUT_SCAMS" in codes(v)) is warns
    assert ("PAGE_TSS_CALL_NUMBER" in codes(v)) is not warns


@pytest.mark.parametrize("title,warns", [
    ("Windows Defender セキュリティ警告", False),                 # the title is the scare itself
    ("「ウイルスに感染しました」偽警告に注意", True),              # a headline quoting it, with a warning word
    ("サポート詐欺の手口", True),
])
def test_counter_evidence_and_a_scare_title(engine, title, warns):
    v = engine.verdict(URL, {"title": title, "text": "詐欺 ご注意ください 手口 " + SCAM})
    assert ("PAGE_WARNS_ABOUT_SCAMS" in codes(v)) is warns, codes(v)


def test_counter_evidence_never_excuses_a_secrets_form(engine):
    page = {"title": "Amazon.co.jp", "text": "詐欺にご注意ください 手口 警察 " + SCAM,
            "forms": [{"action": URL, "fields": ["card_number"]}]}
    v = engine.verdict(URL, page)
    assert "PAGE_WARNS_ABOUT_SCAMS" not in codes(v) and v["verdict"] == "block"


def test_counter_evidence_does_not_lower_url_findings(engine):
    plain = engine.verdict("https://amaz0n.co.jp/", None)["score"]
    warned = engine.verdict("https://amaz0n.co.jp/", {"text": "詐欺にご注意ください 手口 警察"})["score"]
    assert warned == plain


ADVERSARIAL = [
    "今すぐお電話ください" + "0-" * 5_000_000,
    ("お電話ください 0" + "1" * 40 + " ") * 200_000,
    "amazon" * 1_700_000,
    "<" * 10_000_000,
    ("call now " + "+1 (8" * 30) * 60_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=["dashes", "long-digits", "brand-repeat", "lt", "paren-plus"])
def test_ten_megabyte_adversarial_text_does_not_hang(engine, text):
    # A hang guard, not a speed claim: the time per 10 MB text is measured by tests/bench_page.py (tens of
    # milliseconds); catastrophic backtracking on 10 MB would take hours, so the guard is generous.
    text = (text * (10_000_000 // len(text) + 1))[:10_000_000]
    start = time.perf_counter()
    verdict = engine.verdict(URL, {"title": text[:2000], "text": text, "image_alts": [text[:500]] * 200})
    assert time.perf_counter() - start < HANG_GUARD_S
    assert verdict["verdict"] in {"allow", "warn", "block"}

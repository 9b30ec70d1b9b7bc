"""Phone check: honest about what a number can show, never suggests calling it."""
from datetime import datetime

import pytest

from helper import create_app
from helper.cli import main
from helper.context import InputError
from helper.evidence import EvidenceStore, validate_record
from helper.phone import check_number, find_numbers


def test_unknown_number_is_not_called_safe(engine, tmp_path):
    r = check_number("０１２０－８９９－５４３", engine, EvidenceStore(tmp_path / "e.sqlite3"))
    assert r["e164"] == "+81120899543" and r["type"] == "toll_free" and r["region"] == "JP"
    assert r["seen_on_blocked_pages"] == []
    assert "cannot show who answers" in r["summary"]["en"] and "安全という意味ではありません" in r["summary"]["ja"]
    assert r["official_route"]["genuine_domain"] == "amazon.co.jp"
    assert "call you" in r["official_route"]["steps"]["en"]
    assert "call back" not in r["summary"]["en"].lower() and "call it" not in r["summary"]["en"].lower()


def test_number_seen_on_a_blocked_page(engine, tmp_path):
    store = EvidenceStore(tmp_path / "e.sqlite3")
    store.add(validate_record({"url": "https://amazon-support.top/", "verdict": {
        "verdict": "block", "score": 100, "reasons": [{"code": "PAGE_SCAREWARE_CALL", "description": "x",
                                                       "evidence": {"number": "0120-899-543"}}]}}))
    r = check_number("0120899543", engine, store)
    assert len(r["seen_on_blocked_pages"]) == 1
    assert r["seen_on_blocked_pages"][0]["address"] == "https://amazon-support.top/"
    assert "Do not call it" in r["summary"]["en"]
    # when, as the person at this computer reads a clock (local time to the minute, not a raw UTC timestamp)
    when = datetime.fromisoformat(r["seen_on_blocked_pages"][0]["time"]).astimezone().strftime("%Y-%m-%d %H:%M")
    assert f"latest: {when}," in r["summary"]["en"] and f"最新: {when}、" in r["summary"]["ja"]
    assert "+00:00" not in r["summary"]["en"]


def test_us_number(engine):
    r = check_number("(206) 266-1000", engine)
    assert r["e164"] == "+12062661000" and r["region"] == "US"
    assert r["official_route"]["genuine_domain"] == "amazon.com"


@pytest.mark.parametrize("bad", [None, "", "abc", "12", "1" * 100, 5])
def test_bad_numbers(engine, bad):
    with pytest.raises(InputError):
        check_number(bad, engine)


def test_api_and_cli(engine, tmp_path, capsys, monkeypatch):
    client = create_app({"ENGINE": engine, "EVIDENCE_PATH": tmp_path / "e.sqlite3"}).test_client()
    r = client.post("/v1/phone", json={"number": "0120-899-543"})
    assert r.status_code == 200 and r.get_json()["e164"] == "+81120899543"
    assert client.post("/v1/phone", json={"number": "x"}).get_json()["error"]["code"] == "bad_number"
    assert client.post("/v1/phone", json=[1]).status_code == 400
    monkeypatch.setenv("SCAMGUARD_EVIDENCE_DB", str(tmp_path / "e.sqlite3"))
    assert main(["check", "--phone", "0120-899-543"]) == 0
    assert "0120-899-543" in capsys.readouterr().out
    assert main(["check", "--phone", "nope"]) == 2


def test_cli_evidence_db_flag_shows_a_sighting(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SCAMGUARD_EVIDENCE_DB", raising=False)
    db = tmp_path / "records.sqlite3"
    EvidenceStore(db).add(validate_record({"url": "https://amazon-support.top/", "phones": ["050-1234-9876"],
                                           "verdict": {"verdict": "block", "score": 90, "reasons": []}}))
    assert main(["--evidence-db", str(db), "check", "--phone", "05012349876"]) == 0
    out = capsys.readouterr().out
    assert "https://amazon-support.top/" in out and "電話しないでください" in out


# ---- finding numbers in page text (helper/phone.py find_numbers, used by the page check and the records) ----

@pytest.mark.parametrize("text, e164", [
    ("今すぐお電話ください 0120-899-543", "+81120899543"),
    ("０１２０－８９９－５４３", "+81120899543"),                  # fullwidth digits and dash
    ("0120・899・543", "+81120899543"),                          # middle dots
    ("０１２０・８９９・５４３", "+81120899543"),
    ("0120･899･543", "+81120899543"),                            # halfwidth middle dot
    ("0120‐899‐543", "+81120899543"),                            # hyphen U+2010
    ("0120−899−543", "+81120899543"),                            # minus sign
    ("0120ー899ー543", "+81120899543"),                          # katakana long mark
    ("0120–899–543", "+81120899543"),                            # en dash
    ("0120 899 543", "+81120899543"),
    ("0120.899.543", "+81120899543"),
    ("0120 - 899 - 543", "+81120899543"),                        # pieces set apart by a layout
    ("0120\n-\n899\n-\n543", "+81120899543"),                    # one piece per line (innerText of a flex row)
    ("0 1 2 0 8 9 9 5 4 3", "+81120899543"),                     # one digit per element
    ("TEL0120-899-543", "+81120899543"),                         # glued to a label
    ("℡0120-899-543", "+81120899543"),
    ("お問い合わせtel:03-1234-5678", "+81312345678"),
    ("050・1234・5678", "+815012345678"),
    ("Call 1-888-555-0199 now", "+18885550199"),
    ("(206) 266-1000", "+12062661000"),
])
def test_numbers_written_to_slip_past_a_pattern_are_found(text, e164):
    assert e164 in [e for _raw, e in find_numbers(text)], find_numbers(text)


@pytest.mark.parametrize("text", [
    "2024-12-01", "2024/12/01", "2024・12・01", "2024年12月1日 12:30〜18:00",   # dates and times
    "¥12,800", "1,234,567円", "価格 3,980円（税込）",                          # prices
    "注文番号 250-1234567-1234567", "注文番号: 503-9876543-2109876",           # Amazon order numbers
    "〒150-0001", "郵便番号 100・0005",                                        # postal codes
    "4111 1111 1111 1111", "伝票番号 1234-5678-9012",                         # card and tracking numbers
    "ID 12345", "バージョン 10.0.19045", "hotel0120",
])
def test_dates_prices_and_order_numbers_are_not_phone_numbers(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize("text, e164", [
    ("技術者に電話してください: 〇五〇‐一二三四‐五六七八", ["+815012345678"]),
    ("〇一二〇ー八九九ー五四三 までお電話を", ["+81120899543"]),
    ("一二三四五六七八九〇 番の棚", []),              # not from 〇: a list, not a number
    ("令和五年十二月 〇一二三 号室", []),             # too short
])
def test_a_number_in_kanji_numerals_is_read(text, e164):
    assert [n[1] for n in find_numbers(text)] == e164

"""Message check: links (also disguised), phone numbers, senders and lures of a pasted SMS or e-mail."""
import json

import pytest

from helper import create_app
from helper.cli import main
from helper.context import InputError
from helper.message import check_message, extract_links, unfang

PRIME_MAIL = """差出人: 自動配信メール <hanimarumeron@pd6.so-net.ne.jp>
件名: お客様の会員資格は一時的に停止されていますg97sRYza
【重要】Amazonプライム会員資格の一時停止とお支払い方法更新のお願い
プライム会費のお支払いが確認できなかったため、現在お客様の Amazonプライム会員資格は一時的に停止されています。
お支払い情報が更新されない場合、現在保有しているポイントが清算され失効いたします。
お支払い方法を更新 hxxps://amazon-co-jp[.]account-update(.)top/login
本メールは送信専用です。ご返信いただいてもお答えできません。
"""
SAGAWA_SMS = "【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。" \
             "ｈｔｔｐｓ：／／ｓａｇａｗａ－ｅｘｐ．ｃｏｍ－ｘｙｚ．ｃｎ／ｔ"
EN_MAIL = """From: "Amazon Security" <alert@amaz0n-support.com>
Your Amazon account has been locked due to suspicious activity. Please call our support at +1 (844) 555-0199
within 24 hours or visit h t t p s : / / www.amazon .com-verify.info/unlock"""
GENUINE = """From: Amazon.co.jp <shipment-tracking@amazon.co.jp>
ご注文の商品を発送しました。 https://www.amazon.co.jp/gp/your-account/order-history
本メールは送信専用です。"""


def codes(result):
    return {f["code"] for f in result["findings"]}


@pytest.mark.parametrize("written, url", [
    ("hxxps://evil[.]example(.)com/a", "https://evil.example.com/a"),
    ("h t t p s : / / amazon-jp [.] top/x", "https://amazon-jp.top/x"),
    ("ｈｔｔｐｓ：／／ａｍａｚｏｎ－ｊｐ．ｔｏｐ", "https://amazon-jp.top"),
    ("hXXp[:]//amazon-co-jp[dot]shop/login", "http://amazon-co-jp.shop/login"),
    ("見てください amazon-security.xyz/login です", "http://amazon-security.xyz/login"),
    ("see https://аmazon.co.jp/x.", "https://аmazon.co.jp/x"),
    ("こちら amazon-co-jp。xyz/a から", "http://amazon-co-jp.xyz/a"),
])
def test_disguised_links_are_made_whole(written, url):
    assert [l["url"] for l in extract_links(written)] == [url]


def test_no_false_links_from_prose():
    assert extract_links("e.g. see notes.txt, ver.2.1 and 3.5.") == []
    assert unfang("plain text") == "plain text"


def test_prime_membership_mail_is_blocked(engine):
    r = check_message(PRIME_MAIL, engine)
    assert r["verdict"] == "block"
    assert {"MSG_SENDER_PERSONAL_MAILBOX", "MSG_LURE_ACCOUNT", "MSG_LURE_POINTS", "MSG_DISGUISED_LINK",
            "MSG_SEND_ONLY", "MSG_LINK_NOT_BRAND_DOMAIN"} <= codes(r)
    sender = r["senders"][0]
    assert sender["kind"] == "isp_personal" and sender["display_name"] == "自動配信メール"
    assert r["links"][0]["verdict"]["verdict"] == "block"
    assert r["official_route"]["genuine_domain"] == "amazon.co.jp"


def test_delivery_sms_gets_the_delivery_company_route(engine):
    r = check_message(SAGAWA_SMS, engine)
    assert r["verdict"] == "block" and "MSG_LURE_DELIVERY" in codes(r)
    assert r["official_route"]["brand"] == "sagawa"
    assert r["official_route"]["genuine_domain"] == "sagawa-exp.co.jp"
    assert r["official_route"]["tracking_url"]


def test_english_mail_with_phone_and_lookalike_sender(engine):
    r = check_message(EN_MAIL, engine)
    assert r["verdict"] == "block"
    assert {"MSG_SENDER_LOOKALIKE_DOMAIN", "MSG_ASKS_TO_CALL", "MSG_DEADLINE"} <= codes(r)
    assert [p["e164"] for p in r["phones"]] == ["+18445550199"]
    assert r["links"][0]["url"] == "https://www.amazon.com-verify.info/unlock"
    assert r["official_route"]["genuine_domain"] == "amazon.com"


def test_genuine_shipping_mail_is_allowed(engine):
    r = check_message(GENUINE, engine)
    assert r["verdict"] == "allow"
    assert r["senders"][0]["kind"] == "brand_domain"
    assert "MSG_LINK_NOT_BRAND_DOMAIN" not in codes(r)


def test_fullwidth_phone_number(engine):
    r = check_message("至急お電話ください ０１２０－８９９－５４３", engine)
    assert [p["e164"] for p in r["phones"]] == ["+81120899543"]
    assert [p["display"] for p in r["phones"]] == ["0120-899-543"]   # as it is dialled in Japan, not +81
    assert "MSG_ASKS_TO_CALL" in codes(r)


@pytest.mark.parametrize("bad", [None, "", "   ", 42, "x" * 60_000])
def test_bad_input(engine, bad):
    with pytest.raises(InputError):
        check_message(bad, engine)


def test_api(engine, tmp_path):
    client = create_app({"ENGINE": engine, "EVIDENCE_PATH": tmp_path / "e.sqlite3"}).test_client()
    r = client.post("/v1/message", json={"text": PRIME_MAIL})
    assert r.status_code == 200 and r.get_json()["verdict"] == "block"
    assert client.post("/v1/message", json={"text": 1}).get_json()["error"]["code"] == "bad_text"
    assert client.post("/v1/message", json={"text": "x" * 60_000}).status_code == 413
    assert client.post("/v1/message", data="x", content_type="text/plain").status_code == 415
    assert client.post("/v1/message", json={"text": "hi"}, headers={"Origin": "https://evil.example"}).status_code == 403
    assert not (tmp_path / "e.sqlite3").exists()   # checking a message keeps nothing


def test_cli(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SCAMGUARD_EVIDENCE_DB", str(tmp_path / "e.sqlite3"))
    f = tmp_path / "m.txt"
    f.write_text(PRIME_MAIL, encoding="utf-8")
    assert main(["check", "--lang", "en", "--message", str(f)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("BLOCK") and "amazon.co.jp" in out and "188" in out
    assert main(["check", "--message", str(f), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "block"
    assert main(["check", "--message", str(tmp_path / "missing.txt")]) == 2


from hypothesis import given, settings, strategies as st


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("hxtps:/.[]() -@0123456789abcmnoz\u3000０１ｈ．アマゾン\n<>\"")) | st.characters(),
               max_size=300))
def test_any_text_gets_an_answer_or_a_clean_error(text):
    from helper.engine import Engine
    engine = _ENGINE[0] if _ENGINE else _ENGINE.append(Engine()) or _ENGINE[0]
    try:
        r = check_message(text, engine)
    except InputError as exc:
        assert exc.code in ("bad_text", "text_too_long")
        return
    assert r["verdict"] in ("allow", "warn", "block") and 0 <= r["score"] <= 100


_ENGINE: list = []


def test_sender_line_without_brackets_and_delivery_wording(engine):
    r = check_message("差出人: 自動配信メール hanimarumeron@pd6.so-net.ne.jp\nAmazonプライム会員資格は一時的に停止", engine)
    assert r["senders"][0]["display_name"] == "自動配信メール"
    assert "MSG_SENDER_PERSONAL_MAILBOX" in codes(r)
    assert "伝票番号" in check_message(SAGAWA_SMS, engine)["official_route"]["steps"]["ja"]
    assert "カスタマーサービス" in r["official_route"]["steps"]["ja"]


def test_friend_mentioning_amazon_from_gmail_is_not_flagged(engine):
    r = check_message("From: Taro <taro.yamada@gmail.com>\nAmazonで買った本、面白かったよ。今度貸すね。", engine)
    assert r["verdict"] == "allow" and "MSG_SENDER_PERSONAL_MAILBOX" not in codes(r)
    r = check_message("From: Amazon <amazon.jp.support@gmail.com>\nご注文ありがとうございます", engine)
    assert "MSG_SENDER_PERSONAL_MAILBOX" in codes(r)   # the mailbox itself signs as Amazon


@pytest.mark.parametrize("text", [
    "Amazonプライム会員の更新ができませんでした。お支払い方法を更新してください。",
    "Your Amazon Prime membership could not be renewed. Update your payment method.",
])
def test_a_renewal_that_failed_is_an_account_lure(engine, text):
    assert "MSG_LURE_ACCOUNT" in codes(check_message(text, engine))

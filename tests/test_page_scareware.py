"""Scareware text (helper/detectors/page_scareware.py): inputs with the codes that must fire and must not."""
import pytest

from conftest import codes

URL = "https://page-test.example/"
TSS = {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER", "PAGE_TSS_VENDOR_IMPERSONATION", "PAGE_TSS_URGENCY"}

CASES = [
    # id, url, page, verdict, must fire, must not fire
    ("claim+call+number ja", URL, {"title": "警告", "text": "お使いのPCはウイルスに感染しています。今すぐサポートに電話して"
                                   "ください 050-5812-3974"}, "block",
     {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER"}, {"PAGE_WARNS_ABOUT_SCAMS"}),
    # A claim made to you is a warning on its own (quoted scam screens carry nothing else); it blocks with more.
    ("claim alone", URL, {"text": "Your computer is infected with a Trojan horse."}, "warn",
     {"PAGE_TSS_INFECTION_CLAIM"}, {"PAGE_TSS_CALL_NUMBER", "PAGE_TSS_URGENCY"}),
    ("call+number alone", URL, {"text": "ご予約は今すぐお電話ください 03-5812-3974"}, "allow",
     {"PAGE_TSS_CALL_NUMBER"}, {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_VENDOR_IMPERSONATION"}),
    ("number listed, not imperative", URL, {"text": "このPCはブロックされました。電話番号: 050-5812-3974"}, "warn",
     {"PAGE_TSS_INFECTION_CLAIM"}, {"PAGE_TSS_CALL_NUMBER"}),
    ("number far from the instruction", URL,
     {"text": "パソコンがウイルスに感染しました。今すぐお電話ください。" + "あ" * 300 + " 050-5812-3974"}, "warn",
     {"PAGE_TSS_INFECTION_CLAIM"}, {"PAGE_TSS_CALL_NUMBER"}),
    ("fullwidth digits and katakana dashes", URL,
     {"text": "ＰＣでウイルスが検出されました　今すぐお電話ください　０１２０ー９３８ー４１７"}, "block",
     {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER"}, set()),
    ("halfwidth katakana claim", URL, {"text": "ﾊﾟｿｺﾝがｳｲﾙｽに感染しました ｻﾎﾟｰﾄに電話してください 050-5812-3974"}, "block",
     {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER"}, set()),
    ("US toll-free, vendor, urgency", URL,
     {"title": "Microsoft Security Alert", "text": "Your PC is infected. Do not close this window. "
      "Call Microsoft Support +1-844-902-1847 (Toll Free)"}, "block", TSS, set()),
    ("number in the title", URL, {"title": "Call Support 1-844-902-1847", "text": "Your computer has been locked"},
     "block", {"PAGE_TSS_CALL_NUMBER", "PAGE_TSS_INFECTION_CLAIM"}, set()),
    ("health page: people, not devices", URL,
     {"text": "ご家族が新型コロナウイルスに感染しました場合は、PCR検査について保健所にお電話ください 03-5320-4509"},
     "allow", {"PAGE_TSS_CALL_NUMBER"}, {"PAGE_TSS_INFECTION_CLAIM"}),
    ("printer support: error code and a number", URL,
     {"title": "エラーコード E-05 が表示される | プリンターサポート",
      "text": "パソコンの画面にエラーコードが表示された場合は、サポートセンターにお電話ください 0120-938-417"},
     "allow", {"PAGE_TSS_CALL_NUMBER"}, {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_URGENCY"}),
    ("antivirus renewal page", URL,
     {"text": "ライセンスの有効期限が切れています。パソコンを守るため、更新は今すぐお電話ください 0120-938-417"},
     "allow", {"PAGE_TSS_CALL_NUMBER"}, {"PAGE_TSS_INFECTION_CLAIM"}),
    ("warning word alone", URL, {"text": "セキュリティ対策ソフトの選び方とおすすめ製品の比較"}, "allow", set(), TSS),
    ("page that warns about the scam", URL,
     {"text": "サポート詐欺にご注意ください。「ウイルスに感染しました。今すぐサポートに電話してください 050-5812-3974」"
              "という偽の警告画面が出ても電話しないでください。警察相談専用電話 #9110"}, "allow",
     {"PAGE_WARNS_ABOUT_SCAMS"}, TSS),
    ("warning phrases do not excuse a locker", URL,
     {"text": "詐欺にご注意ください 警察 PCがウイルスに感染しました 今すぐお電話ください 050-5812-3974",
      "signals": {"fullscreen_changes": 20}}, "block",
     {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER", "PAGE_FULLSCREEN_LOOP"}, {"PAGE_WARNS_ABOUT_SCAMS"}),
    ("genuine Amazon page quoting the scam", "https://www.amazon.co.jp/gp/help/customer/display.html",
     {"text": "ウイルスに感染しました 今すぐお電話ください 050-5812-3974"}, "allow", set(), TSS),
]


@pytest.mark.parametrize("name,url,page,verdict,must,must_not", CASES, ids=[c[0] for c in CASES])
def test_scareware_cases(engine, name, url, page, verdict, must, must_not):
    v = engine.verdict(url, page)
    found = codes(v)
    assert must <= found, (name, found)
    assert not (must_not & found), (name, found)
    assert v["verdict"] == verdict, (name, v["score"], found)


def test_call_number_evidence_quotes_phrase_and_number(engine):
    v = engine.verdict(URL, {"text": "このPCはブロックされました 今すぐお電話ください ０５０－５８１２－３９７４"})
    ev = next(r["evidence"] for r in v["reasons"] if r["code"] == "PAGE_TSS_CALL_NUMBER")
    assert ev["phrase"] == "お電話ください" and ev["numbers"] == ["+815058123974"]
    assert ev["number"].replace("-", "") == "05058123974"


def test_amazon_named_in_a_scare_screen_carries_the_official_route(engine):
    v = engine.verdict(URL, {"lang": "ja", "text": "お客様のAmazonアカウントがハッキングされました。"
                                                   "至急Amazonサポートに電話してください 050-5812-3974"})
    assert v["verdict"] == "block"
    assert v["brand"]["id"] == "amazon" and v["brand"]["genuine_domain"] == "amazon.co.jp"


def test_no_reason_without_a_claim_names_a_brand(engine):
    v = engine.verdict(URL, {"text": "Amazonでも販売中。今すぐお電話ください 0120-451-062"})
    assert v["brand"] is None

"""Fake Amazon sign-in / payment forms (helper/detectors/page_fake_login.py)."""
import pytest

from conftest import codes

CODE = "PAGE_BRAND_CREDENTIAL_FORM"
OTHER = "https://www.kaiin-kakunin-center.com/ap/signin"
PW = [{"action": OTHER, "fields": ["account", "password"]}]
CARD = [{"action": OTHER, "fields": ["name", "card_number", "card_expiry", "card_cvc"]}]
EMAIL = [{"action": OTHER, "fields": ["account"]}]

CASES = [
    # id, url, page, fires
    ("title + password, other host", OTHER, {"title": "Amazonサインイン", "forms": PW}, True),
    ("logo alt + card form", OTHER, {"title": "お支払い", "image_alts": ["amazon"], "forms": CARD}, True),
    ("sign-in heading in text + otp", OTHER, {"text": "Amazon.co.jp にサインイン 確認コードを入力",
                                              "forms": [{"action": OTHER, "fields": ["otp"]}]}, True),
    ("S3 customer hosting", "https://jp-verify.s3.ap-northeast-1.amazonaws.com/i.html",
     {"title": "Amazon.co.jp にサインイン", "forms": PW}, True),
    ("CloudFront customer hosting", "https://d1x2y3z4.cloudfront.net/", {"title": "Amazon", "forms": CARD}, True),
    ("e-mail step of a sign-in", OTHER, {"title": "Amazon.co.jp", "text": "ログイン", "forms": EMAIL}, True),
    ("genuine amazon.co.jp", "https://www.amazon.co.jp/ap/signin", {"title": "Amazonサインイン", "forms": PW}, False),
    ("genuine amazon.com payments", "https://www.amazon.com/cpe/yourpayments", {"title": "Amazon.com", "forms": CARD},
     False),
    ("brand only in the text of a shop login", OTHER,
     {"title": "ふとん工房 会員ログイン", "text": "Amazonにも出店しています", "forms": PW}, False),
    ("newsletter e-mail form", OTHER, {"title": "Amazonセール情報まとめ", "text": "メルマガ登録", "forms": EMAIL},
     False),
    ("amazonas is not amazon", OTHER, {"title": "Amazonas travel club", "forms": PW}, False),
    ("brand without a form", OTHER, {"title": "Amazonサインイン"}, False),
    ("title that is only the brand, sign-in word on top", OTHER,
     {"title": "Amazon", "text": "ログイン Eメール パスワード", "forms": PW}, True),
    ("forum about the brand with a login box", OTHER,
     {"title": "Amazonプライムビデオ おすすめ作品 | 映画フォーラム", "text": "ログイン ユーザー名 パスワード", "forms": PW},
     False),
    ("affiliate banner alt and a comment form", OTHER,
     {"title": "セール情報ブログ", "image_alts": ["Amazon"], "text": "コメントを投稿するにはログインしてください",
      "forms": [{"action": OTHER, "fields": ["account", "name"]}]}, False),
    ("merchant checkout offering Amazon Pay", OTHER,
     {"title": "お支払い方法の選択 | Amazon Pay もご利用いただけます", "forms": CARD}, False),
    ("merchant checkout with Login with Amazon and buy-on-Amazon buttons", OTHER,
     {"title": "ご購入手続き | ふとん工房", "image_alts": ["Login with Amazon", "Amazonで購入"], "forms": CARD}, False),
    ("shop selling gift cards", OTHER, {"title": "Amazonギフトカード 販売 | コンビニ", "forms": CARD}, False),
    ("form with nothing secret", OTHER, {"title": "Amazon", "forms": [{"action": OTHER, "fields": ["name"]}]}, False),
]


@pytest.mark.parametrize("name,url,page,fires", CASES, ids=[c[0] for c in CASES])
def test_brand_credential_form_cases(engine, name, url, page, fires):
    v = engine.verdict(url, page)
    assert (CODE in codes(v)) is fires, (name, codes(v))
    if fires:
        assert v["verdict"] == "block" and v["brand"]["id"] == "amazon"


def test_evidence_says_what_is_asked_and_where_the_brand_is():
    from helper.engine import Engine
    v = Engine().verdict("https://jp-verify.s3.amazonaws.com/x", {"title": "Amazon.co.jp", "forms": CARD})
    ev = next(r["evidence"] for r in v["reasons"] if r["code"] == CODE)
    assert ev["shown_in"] == "title" and ev["brand_shown"] == "amazon.co.jp"
    assert ev["asks_for"] == ["card_cvc", "card_expiry", "card_number"]
    assert "customer hosting" in ev["host_kind"]


@pytest.mark.parametrize("title,lang,domain", [("Amazon.co.jp にサインイン", "", "amazon.co.jp"),
                                               ("Amazon.com Sign-In", "ja", "amazon.com"),
                                               ("Amazon ログイン", "ja", "amazon.co.jp"),
                                               ("Amazon Sign-In", "en", "amazon.com")])
def test_official_route_follows_the_site_shown_then_the_language(engine, title, lang, domain):
    v = engine.verdict(OTHER, {"title": title, "lang": lang, "forms": PW})
    assert v["brand"]["genuine_domain"] == domain


def test_evidence_names_the_host_the_secrets_are_sent_to(engine):
    page = {"title": "Amazon.co.jp にサインイン",
            "forms": [{"action": "https://api.relay.example/collect", "fields": ["account", "password"]}]}
    v = engine.verdict(OTHER, page)
    ev = next(r["evidence"] for r in v["reasons"] if r["code"] == CODE)
    assert ev["sends_to"] == "api.relay.example"
    same = engine.verdict(OTHER, {"title": "Amazonサインイン", "forms": PW})
    assert "sends_to" not in next(r["evidence"] for r in same["reasons"] if r["code"] == CODE)

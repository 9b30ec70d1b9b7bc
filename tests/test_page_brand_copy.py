"""The brand as shown: a copy of Amazon's own page markup off Amazon's hosts, and the brand's name in look-alike
letters (helper/detectors/page_brand_copy.py, data/page_brand_markup.toml)."""
import pytest

from conftest import codes
from helper.context import InputError, parse_page

COPY, LETTERS, FORM = "PAGE_BRAND_MARKUP_COPIED", "PAGE_BRAND_LOOKALIKE_LETTERS", "PAGE_BRAND_CREDENTIAL_FORM"
OTHER = "https://www.k7m2-account-center.com/signin.php"
AUI = ["a-box-inner", "a-button-inner", "a-button-text", "a-spacing-base", "a-form-label"]
AUTH_IDS = ["ap_email", "ap_password", "signinsubmit"]
AUI_CSS = "https://images-na.ssl-images-amazon.com/images/I/61A6IErPNXL._RC|11Fd9tJOdtL.css_.css?AUIClients/AmazonUI"
PW = [{"action": OTHER, "fields": ["account", "password"]}]
CARD = [{"action": OTHER, "fields": ["card_number", "card_expiry", "card_cvc"]}]

CASES = [
    # id, url, page, must fire, must not fire
    ("sign-in kit: AUI classes + auth ids + password", OTHER,
     {"title": "Sign-In", "forms": PW, "markup": {"classes": AUI, "ids": AUTH_IDS}}, {COPY, FORM}, {LETTERS}),
    ("card step: AUI + Amazon style sheet, no brand word", OTHER,
     {"title": "Update your payment", "forms": CARD, "markup": {"classes": AUI, "resources": [AUI_CSS]}},
     {COPY, FORM}, set()),
    ("alert step: no form, sprite logo + AUI", OTHER,
     {"title": "アカウントサービス", "markup": {"classes": AUI + ["a-icon-logo"]}}, {COPY}, {FORM}),
    ("copy on S3 customer hosting", "https://jp-verify.s3.amazonaws.com/index.html",
     {"title": "", "markup": {"classes": AUI, "ids": AUTH_IDS}}, {COPY}, set()),
    ("title with Cyrillic а and о", OTHER, {"title": "Amаzоn ログイン"}, {LETTERS}, {COPY}),
    ("logo alt with Cyrillic о + card form", OTHER,
     {"title": "お支払い", "image_alts": ["Amazоn"], "forms": CARD}, {LETTERS, FORM}, {COPY}),
    ("3-D Secure step: the merchant in Cyrillic letters in the text, a password asked", OTHER,
     {"title": "認証サービス", "text": "加盟店名： Amаzоn.co.jp ご利用金額： JPY 0 パスワード：",
      "forms": [{"action": OTHER, "fields": ["password"]}]}, {LETTERS}, {COPY}),
    # must not
    ("genuine amazon.com sign-in", "https://www.amazon.com/ap/signin",
     {"title": "Amazon Sign-In", "forms": PW, "markup": {"classes": AUI, "ids": AUTH_IDS, "resources": [AUI_CSS]}},
     set(), {COPY, FORM, LETTERS}),
    ("one family only: Amazon's framework class names", OTHER, {"title": "x", "markup": {"classes": AUI}},
     set(), {COPY}),
    ("one family only: an Amazon style sheet", OTHER, {"title": "x", "markup": {"resources": [AUI_CSS]}},
     set(), {COPY}),
    ("generic sign-in names of another site", OTHER,
     {"title": "Sign in · Northwind", "forms": PW,
      "markup": {"classes": ["a-box", "a-row", "a-section", "a-button", "auth-form", "auth-container"],
                 "ids": ["auth-form", "continue", "login"], "form_names": ["signin"]}}, set(), {COPY, FORM}),
    ("product images from Amazon's image server are not its page code", OTHER,
     {"title": "おすすめの椅子", "image_alts": ["オフィスチェア"],
      "markup": {"classes": ["a-box", "product"], "resources": ["https://ws-fe.amazon-adsystem.com/widgets/q"]}},
     set(), {COPY}),
    ("Cyrillic letters only in an article's text", OTHER,
     {"title": "偽サイトの見分け方", "text": "偽物は Amаzоn のようにロシア文字で書かれていることがあります"}, set(), {LETTERS}),
    ("an article quoting a look-alike name beside a newsletter sign-up asks for no secret", OTHER,
     {"title": "偽サイトの見分け方", "text": "偽物は Amаzоn のように書かれています。メールマガジン登録",
      "forms": [{"action": OTHER, "fields": ["account"]}]}, set(), {LETTERS}),
    ("plain Latin brand in the title is not look-alike letters", OTHER, {"title": "Amazon ログイン", "forms": PW},
     {FORM}, {LETTERS}),
    ("another brand in Cyrillic is not Amazon", OTHER, {"title": "Яндекс Почта", "forms": PW}, set(), {LETTERS, FORM}),
]


@pytest.mark.parametrize("name,url,page,must,must_not", CASES, ids=[c[0] for c in CASES])
def test_brand_copy_cases(engine, name, url, page, must, must_not):
    v = engine.verdict(url, page)
    found = codes(v)
    assert must <= found and not (must_not & found), (name, found)
    if must & {COPY, LETTERS}:
        assert v["verdict"] == "block" and v["brand"]["id"] == "amazon"


def test_evidence_names_what_was_copied_and_how_the_name_was_written(engine):
    v = engine.verdict(OTHER, {"title": "Sign-In", "markup": {"classes": AUI, "ids": AUTH_IDS,
                                                              "resources": [AUI_CSS]}})
    ev = next(r["evidence"] for r in v["reasons"] if r["code"] == COPY)
    assert ev["copied"] == ["aui_classes", "auth_markup", "amazon_code"]
    assert "id ap_email" in ev["seen"] and ev["host"] == "www.k7m2-account-center.com"
    v = engine.verdict(OTHER, {"title": "Amаzоn ログイン"})
    ev = next(r["evidence"] for r in v["reasons"] if r["code"] == LETTERS)
    assert ev["phrase"] == "amаzоn" and ev["shown_in"] == "title"


def test_copied_sign_in_markup_makes_the_page_a_sign_in_page(engine):
    """Amazon's first sign-in step asks for the e-mail only; on a copy of its markup that is already a fake."""
    v = engine.verdict(OTHER, {"title": "", "forms": [{"action": OTHER, "fields": ["account"]}],
                               "markup": {"classes": AUI, "ids": ["ap_email"]}})
    assert FORM in codes(v)


@pytest.mark.parametrize("markup, says", [("x", "page.markup must be an object"),
                                          ({"classes": "a-box"}, "page.markup.classes must be a list"),
                                          ({"ids": [1]}, "page.markup.ids must be a list")])
def test_bad_markup_is_refused(markup, says):
    with pytest.raises(InputError) as exc:
        parse_page({"markup": markup})
    assert exc.value.code == "bad_page" and says in exc.value.message


def test_markup_is_bounded_and_lower_case():
    p = parse_page({"markup": {"classes": [f"C{i}" for i in range(5000)], "ids": ["AP_Email"]}})
    assert len(p.markup.classes) == 600 and "c0" in p.markup.classes and p.markup.ids == {"ap_email"}


def test_bad_markup_is_a_400(engine):
    from helper import create_app
    client = create_app({"ENGINE": engine}).test_client()
    r = client.post("/v1/verdict", json={"url": OTHER, "page": {"markup": {"classes": 3}}})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == "bad_page"

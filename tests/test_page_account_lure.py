"""Account lures (helper/detectors/page_account_lure.py): lure + call to action + brand, off Amazon's domains."""
from pathlib import Path

import pytest

from conftest import codes

URL = "https://prime-kaiin-notice.com/m/1"
LURE = {"PAGE_ACCOUNT_LURE", "PAGE_LURE_CALL_TO_ACTION"}
SEED_MAIL = ("【重要】Amazonプライム会員資格の一時停止とお支払い方法更新のお願い お客様、平素よりAmazonをご利用いただき誠に"
             "ありがとうございます。プライム会費のお支払いが確認できなかったため、現在お客様の Amazonプライム会員資格は一時的に"
             "停止されています。お支払い情報が更新されない場合、プライム特典をご利用いただけなくなるだけでなく、現在保有している"
             "ポイントが清算され失効いたします。現在の保有ポイント 12,200ポイント 有効期限 2025年11月14日まで "
             "お支払い方法を更新する 今後ともAmazonをよろしくお願い申し上げます。Amazonカスタマーサービス "
             "本メールは送信専用です。ご返信いただいてもお答えできません。")

CASES = [
    # id, url, page, verdict, must fire, must not fire
    ("seed 003 mail as a page", URL, {"text": SEED_MAIL}, "block", LURE, set()),
    ("lure without a call to action", URL, {"text": "Amazonプライムの会員資格が停止されました。"}, "allow",
     {"PAGE_ACCOUNT_LURE"}, {"PAGE_LURE_CALL_TO_ACTION"}),
    ("lure without the brand", URL, {"text": "会員資格は一時的に停止されています。お支払い方法を更新してください。"},
     "allow", set(), LURE),
    ("unusual sign-in, en", URL, {"title": "Amazon", "text": "We detected unusual sign-in activity. "
                                  "Verify your account within 24 hours."}, "block", LURE, set()),
    ("points expiring, en", URL, {"text": "Your Amazon points will expire today. Sign in to confirm."}, "block",
     LURE, set()),
    ("shop FAQ naming the brand in passing", "https://shop.example.jp/faq",
     {"title": "よくあるご質問 | ふとん工房", "text": "Amazonでも販売しています。お支払い方法に問題がある場合は、"
      "マイページにログインしてください。"}, "allow", {"PAGE_ACCOUNT_LURE"}, {"PAGE_LURE_CALL_TO_ACTION"}),
    ("genuine amazon.co.jp", "https://www.amazon.co.jp/gp/primecentral", {"text": SEED_MAIL}, "allow", set(), LURE),
    ("warning article quoting the mail", "https://blog.example.jp/amazon-sagi",
     {"text": "Amazonを装った詐欺メールにご注意ください。手口の例: " + SEED_MAIL + " リンクはクリックしないで、公式アプリで確認を。"},
     "allow", {"PAGE_WARNS_ABOUT_SCAMS"}, LURE),
]


@pytest.mark.parametrize("name,url,page,verdict,must,must_not", CASES, ids=[c[0] for c in CASES])
def test_lure_cases(engine, name, url, page, verdict, must, must_not):
    v = engine.verdict(url, page)
    found = codes(v)
    assert must <= found, (name, found)
    assert not (must_not & found), (name, found)
    assert v["verdict"] == verdict, (name, v["score"], found)


def test_lure_evidence_lists_the_kinds(engine):
    v = engine.verdict(URL, {"text": SEED_MAIL, "lang": "ja"})
    ev = next(r["evidence"] for r in v["reasons"] if r["code"] == "PAGE_ACCOUNT_LURE")
    assert {"membership_suspended", "points_expire", "payment_failed", "send_only"} <= set(ev["lures"])
    assert v["brand"]["help_url"] == "https://www.amazon.co.jp/gp/help/customer/contact-us"


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the checkout")
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
def test_seed_articles_about_scams_are_allowed(engine, seed):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    v = engine.verdict("https://blog.example.jp/post", {"title": text.split("\n", 1)[0][:200], "text": text,
                                                       "lang": "ja"})
    assert v["verdict"] == "allow", (seed, v["score"], codes(v))

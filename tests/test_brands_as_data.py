"""A new brand is a data change: a brand file (and its domain list) in a data folder, no code."""
import shutil

from helper.engine import Engine
from helper.knowledge import DATA_DIR, Knowledge
from helper.message import check_message

BRAND = """
id = "examplepost"
name = "Example Post"
tokens = ["examplepost", "例郵便"]
protected_labels = ["examplepost"]
genuine_domains_file = "examplepost_domains.tsv"
default_site = "jp"

[sites.jp]
domain = "examplepost.co.jp"
help_url = "https://www.examplepost.co.jp/help"
scam_help_url = "https://www.examplepost.co.jp/scam"
tracking_url = "https://track.examplepost.co.jp/"
suffixes = ["jp", "co.jp"]
label_hints = ["jp"]
languages = ["ja"]
"""


def engine_with_brand(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "brands" / "examplepost.toml").write_text(BRAND, encoding="utf-8")
    (data / "examplepost_domains.tsv").write_text("examplepost.co.jp\tExample Post\n", encoding="utf-8")
    return Engine(Knowledge(data))


def test_new_brand_is_protected_without_code(tmp_path):
    engine = engine_with_brand(tmp_path)
    assert Engine().verdict("https://examp1epost.co.jp/")["verdict"] == "allow"   # unknown to the shipped data
    fake = engine.verdict("https://examp1epost.co.jp/")
    assert fake["verdict"] == "block" and fake["brand"]["id"] == "examplepost"
    assert engine.verdict("https://examplepost-redelivery.top/")["brand"]["genuine_domain"] == "examplepost.co.jp"
    genuine = engine.verdict("https://track.examplepost.co.jp/")
    assert genuine["verdict"] == "allow" and genuine["site_owner"]["brand"] == "examplepost"


def test_new_brand_in_a_message_gets_its_own_route(tmp_path):
    engine = engine_with_brand(tmp_path)
    r = check_message("【例郵便】お荷物のお届けにあがりましたが宛先不明です https://examplepost-jp.top/t", engine)
    assert r["verdict"] == "block"
    assert r["official_route"]["brand"] == "examplepost"
    assert r["official_route"]["tracking_url"] == "https://track.examplepost.co.jp/"


def test_shipped_delivery_brands():
    engine = Engine()
    for url, brand in [("https://japanpost-jp.top/", "japanpost"), ("https://kuronekoyarnato.com/", "yamato"),
                       ("https://sagawa-exp.cc/", "sagawa")]:
        v = engine.verdict(url)
        assert v["verdict"] == "block" and v["brand"]["id"] == brand
    for url in ["https://www.post.japanpost.jp/", "https://toi.kuronekoyamato.co.jp/", "https://www.yamato-hd.co.jp/",
                "https://k2k.sagawa-exp.co.jp/", "https://yamato-shop.com/", "https://post.example.com/"]:
        assert engine.verdict(url)["verdict"] == "allow", url

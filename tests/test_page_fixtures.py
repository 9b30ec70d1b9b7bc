"""One test per fixture page: the verdict a user would see, through extract_page and Engine().verdict."""
import tomllib
from pathlib import Path

import pytest

from conftest import codes
from helper.html_extract import extract_page

PAGES = Path(__file__).parent / "fixtures" / "pages"
INDEX = tomllib.loads((PAGES / "index.toml").read_text(encoding="utf-8"))["page"]


def test_every_fixture_file_is_listed_and_every_listed_file_exists():
    listed = {p["file"] for p in INDEX}
    assert listed == {p.name for p in PAGES.glob("*.html")}


def test_fixtures_cover_block_and_allow_and_every_page_code():
    from helper.engine import load_rules
    rules, _ = load_rules()
    must = {c for p in INDEX for c in p["must"]}
    page_codes = {c for c in rules if c.startswith("PAGE_") and rules[c].group == "page"}
    assert page_codes <= must, sorted(page_codes - must)
    assert {p["verdict"] for p in INDEX} == {"block", "allow"}


@pytest.mark.parametrize("fixture", INDEX, ids=[p["file"] for p in INDEX])
def test_fixture_verdict(engine, fixture):
    page = extract_page((PAGES / fixture["file"]).read_bytes(), fixture["url"])
    page["signals"] = {**page.get("signals", {}), **fixture.get("signals", {})}
    v = engine.verdict(fixture["url"], page)
    found = codes(v)
    assert v["verdict"] == fixture["verdict"], (v["score"], found)
    assert set(fixture["must"]) <= found, found
    assert not set(fixture["must_not"]) & found, found
    if fixture["verdict"] == "block" and any(r["code"] == "PAGE_BRAND_CREDENTIAL_FORM" for r in v["reasons"]):
        assert v["brand"]["id"] == "amazon" and v["brand"]["help_url"].startswith("https://www.amazon.")


@pytest.mark.parametrize("url", ["https://www.kaiin-kakunin-center.com/ap/signin",
                                 "https://d111abcdef8.cloudfront.net/ap/signin"])
def test_genuine_signin_page_copied_to_another_host_blocks(engine, url):
    page = extract_page((PAGES / "amazon_signin_genuine_ja.html").read_bytes(), url)
    assert "Amazon.co.jp" in page["image_alts"]        # the CSS-sprite logo's aria-label
    v = engine.verdict(url, page)
    assert v["verdict"] == "block" and "PAGE_BRAND_CREDENTIAL_FORM" in codes(v)
    assert v["brand"]["genuine_domain"] == "amazon.co.jp"

"""The page check through the HTTP API, as the extension uses it: the page object in, the verdict out."""
from pathlib import Path

import pytest

from helper import create_app
from helper.html_extract import extract_page

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.fixture(scope="module")
def client(engine):
    return create_app({"ENGINE": engine, "TESTING": True}).test_client()


def test_fake_signin_page_blocks_with_the_official_route(client):
    url = "https://www.kaiin-kakunin-center.com/ap/signin"
    page = extract_page((PAGES / "fake_signin_ja.html").read_bytes(), url)
    r = client.post("/v1/verdict", json={"url": url, "page": page})
    assert r.status_code == 200
    body = r.get_json()
    assert body["verdict"] == "block"
    assert body["brand"]["help_url"] == "https://www.amazon.co.jp/gp/help/customer/contact-us"
    reason = next(x for x in body["reasons"] if x["code"] == "PAGE_BRAND_CREDENTIAL_FORM")
    assert reason["evidence"]["asks_for"] == ["account", "password"] and reason["description"]


def test_scareware_signals_through_the_api(client):
    page = {"title": "Windows Defender セキュリティ警告", "text": "お使いのPCはウイルスに感染しています。",
            "signals": {"fullscreen_changes": 15, "keyboard_lock": 1, "audio_autoplay": 1}}
    body = client.post("/v1/verdict", json={"url": "https://secure-check-7781.xyz/", "page": page}).get_json()
    assert body["verdict"] == "block"
    assert {"PAGE_FULLSCREEN_LOOP", "PAGE_TSS_INFECTION_CLAIM"} <= {x["code"] for x in body["reasons"]}


def test_over_long_text_is_scored_with_a_note_not_refused(client):
    page = {"title": "記事", "text": "普通の文章です。" * 130_000}         # 1,040,000 characters
    r = client.post("/v1/verdict", json={"url": "https://blog.example.jp/", "page": page})
    assert r.status_code == 200
    assert "PAGE_TEXT_TRUNCATED" in {x["code"] for x in r.get_json()["reasons"]}

"""Inputs that once crashed the helper (found by probing, hypothesis or atheris): each stays fixed."""
import json

import pytest

from helper import create_app
from helper.context import InputError, parse_page, parse_url
from helper.html_extract import extract_page

LOOPBACK = "http://127.0.0.1:8731"


@pytest.fixture(scope="module")
def client(engine):
    return create_app({"ENGINE": engine}).test_client()


def post(client, data):
    return client.post("/v1/verdict", data=data, content_type="application/json", base_url=LOOPBACK)


def test_json_nested_past_the_recursion_limit_is_bad_json_not_500(client):
    # json.loads raises RecursionError (not ValueError), which get_json(silent=True) does not swallow.
    for body in ("[" * 100_000 + "]" * 100_000, '{"url": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001):
        r = post(client, body)
        assert r.status_code == 400 and r.get_json()["error"]["code"] == "bad_json"


@pytest.mark.parametrize("body", [
    '{"url": "http://\\ud800@amazon-login.com/"}',               # echoed as evidence.shown_before_at
    '{"url": "http://amazon-login.com/\\udfff"}',
    '{"url": "http://x.example/", "page": {"title": "\\ud800", "text": "amazon \\udc00", "lang": "\\ud800",'
    ' "image_alts": ["\\udbff"], "forms": [{"action": "\\ud800", "fields": ["password"]}]}}',
])
def test_lone_surrogates_become_replacement_characters_not_500(client, body):
    # A lone surrogate cannot be encoded as UTF-8: echoing one in the response was a 500.
    r = post(client, body)
    assert r.status_code == 200, r.data
    assert "\ud800" not in r.get_data(as_text=True)


def test_parse_url_and_parse_page_return_encodable_text():
    ctx = parse_url("http://\ud800@amazon-login.com/\udfff")
    assert (ctx.userinfo + ctx.path + ctx.raw).encode("utf-8")
    page = parse_page({"title": "\ud800", "text": "a\udfffb", "lang": "\udc00", "image_alts": ["\ud800"],
                       "forms": [{"action": "\ud800", "fields": []}]})
    assert json.dumps([page.title, page.text, page.lang, page.image_alts, page.forms[0].action],
                      ensure_ascii=False).encode("utf-8")
    with pytest.raises(InputError):
        parse_url("http://\ud800.com/")


@pytest.mark.parametrize("url", [
    "https://x.example:\u00b9\u00b9\u00b93333/x",   # atheris: "¹".isdigit() is True, int("¹") raises
    "http://x.example:\u0663\u0663/",              # Arabic-Indic digits: int() reads them, a browser does not
    "http://x.example:" + "9" * 5000 + "/",      # int() refuses more than 4,300 digits
    "http://x.example:0/", "http://x.example:65536/",
])
def test_ports_that_are_not_ascii_numbers_in_range_are_bad_port(url):
    with pytest.raises(InputError) as exc:
        parse_url(url)
    assert exc.value.code == "bad_port"


def test_leading_zero_ports_still_parse():
    assert parse_url("http://x.example:00080/").port == 80


def test_html_given_as_text_with_lone_surrogates_gives_an_encodable_verdict(engine):
    # atheris (fuzz_html): extract_page passes a str's lone surrogates through; parse_page must clean them.
    from helper.html_extract import extract_page

    html = "<p>\udc82\udca0</p><div>\udcff<table><tr><td><form><input type=password></form><!-- c"
    v = engine.verdict("https://amazon-verify.example/", extract_page(html, "https://amazon-verify.example/"))
    json.dumps(v, ensure_ascii=False).encode("utf-8")


def test_saved_page_text_with_lone_surrogates_extracts_to_valid_utf8():
    # hypothesis: extract_page("\ud800") passed the surrogate through and the JSON answer could not be encoded
    page = extract_page("\ud800<title>\udfff x</title><p>\ud800</p>", "https://x.example/")
    json.dumps(page, ensure_ascii=False).encode("utf-8")
    assert page["title"] == "\ufffd x"

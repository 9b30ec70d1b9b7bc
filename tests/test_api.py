"""The HTTP API through Flask's test client: the happy path and every error path, all JSON, never a 500."""
import json

import pytest

from conftest import SCAMGUARD_ORIGIN
from helper import create_app


@pytest.fixture(scope="module")
def client(engine):
    return create_app({"ENGINE": engine}).test_client()


EXT = {"Origin": SCAMGUARD_ORIGIN}


def post(client, body, headers=None, content_type="application/json"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/v1/verdict", data=data, headers=headers or {}, content_type=content_type,
                       base_url="http://127.0.0.1:8731")


def test_verdict_shape(client):
    r = post(client, {"url": "https://amazon.co.jp.secure-login.xyz/ap/signin"}, EXT)
    assert r.status_code == 200
    v = r.get_json()
    assert v["verdict"] == "block" and v["score"] >= v["thresholds"]["block"]
    assert {"code", "weight", "description", "evidence"} <= set(v["reasons"][0])
    assert v["brand"] == {"id": "amazon", "name": "Amazon", "genuine_domain": "amazon.co.jp",
                          "help_url": "https://www.amazon.co.jp/gp/help/customer/contact-us",
                          "scam_help_url": "https://www.amazon.co.jp/gp/help/customer/display.html?nodeId=G4YFYCCNUSENA23B"}
    assert v["host"] == {"ascii": "amazon.co.jp.secure-login.xyz", "unicode": "amazon.co.jp.secure-login.xyz",
                         "registrable": "secure-login.xyz", "registrable_unicode": "secure-login.xyz"}
    assert v["engine_version"]


def test_genuine_amazon_is_allowed_and_says_so(client):
    v = post(client, {"url": "https://www.amazon.co.jp/gp/css/order-history"}).get_json()
    assert v["verdict"] == "allow" and v["reasons"] == [] and v["site_owner"]["kind"] == "genuine"


def test_health_and_navigation_rules(client):
    assert client.get("/v1/health", base_url="http://localhost:8731").get_json()["status"] == "ok"
    rules = client.get("/v1/navigation-rules", base_url="http://127.0.0.1:8731").get_json()
    assert "amazon.co.jp" in rules["excluded_domains"] and rules["url_regexes"] and rules["version"]


@pytest.mark.parametrize("body, content_type, status, code", [
    ("{not json", "application/json", 400, "bad_json"),
    ("[1, 2]", "application/json", 400, "bad_json"),
    ({"page": {}}, "application/json", 400, "missing_url"),
    ({"url": 42}, "application/json", 400, "bad_url"),
    ({"url": "javascript:alert(1)"}, "application/json", 400, "unsupported_scheme"),
    ({"url": "file:///etc/passwd"}, "application/json", 400, "unsupported_scheme"),
    ({"url": "http://xn--zz/"}, "application/json", 400, "bad_host"),
    ({"url": "https://x.example/", "page": "text"}, "application/json", 400, "bad_page"),
    ({"url": "https://x.example/", "page": {"signals": {"dialogs": -1}}}, "application/json", 400, "bad_page"),
    ('{"url": "https://amazon.co.jp/"}', "text/plain", 415, "unsupported_media_type"),
    ("url=https://amazon.co.jp/", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
])
def test_bad_requests_get_json_4xx(client, body, content_type, status, code):
    r = post(client, body, content_type=content_type)
    assert r.status_code == status
    assert r.get_json()["error"]["code"] == code and r.get_json()["error"]["message"]


def test_body_over_the_limit_is_413(client):
    r = post(client, '{"url": "https://x.example/", "page": {"text": "' + "a" * (9 * 1024 * 1024) + '"}}')
    assert r.status_code == 413 and r.get_json()["error"]["code"] == "body_too_large"


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:8000", "null", "http://localhost"])
def test_web_origins_are_refused(client, origin):
    r = post(client, {"url": "https://amazon.co.jp/"}, {"Origin": origin})
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden_origin"
    r = client.get("/v1/navigation-rules", headers={"Origin": origin}, base_url="http://127.0.0.1:8731")
    assert r.status_code == 403


@pytest.mark.parametrize("host", ["evil.example", "rebind.evil.example:8731", "192.168.1.10:8731", "127.0.0.1.nip.io"])
def test_dns_rebinding_hosts_are_refused(client, host):
    r = client.get("/v1/health", base_url=f"http://{host}")
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden_host"


@pytest.mark.parametrize("host", ["127.0.0.1:8731", "localhost:8731", "[::1]:8731", "localhost"])
def test_loopback_hosts_are_served(client, host):
    assert client.get("/v1/health", base_url=f"http://{host}").status_code == 200


def test_unknown_paths_and_methods_are_json(client):
    r = client.get("/v1/nothing", base_url="http://127.0.0.1:8731")
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
    r = client.get("/v1/verdict", base_url="http://127.0.0.1:8731")
    assert r.status_code == 405 and r.get_json()["error"]["code"] == "method_not_allowed"


def test_long_page_text_is_scored_not_refused(client):
    r = post(client, {"url": "https://x.example/", "page": {"text": "あ" * 1_200_000}})
    assert r.status_code == 200

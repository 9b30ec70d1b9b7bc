"""The API under hostile callers: random JSON and headers never give a 500; web pages get nothing useful; a
verdict never opens a network connection."""
import json
import socket

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SCAMGUARD_ORIGIN
from helper import create_app

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
EXT = SCAMGUARD_ORIGIN


@pytest.fixture(scope="module")
def client(engine):
    return create_app({"ENGINE": engine}).test_client()


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
                           lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids,
                                                                                     max_size=4), max_leaves=25)
bodies = st.one_of(json_values.map(json.dumps),
                   st.fixed_dictionaries({"url": json_values | st.text(max_size=200)},
                                         optional={"page": json_values}).map(json.dumps),
                   st.text(max_size=200), st.binary(max_size=200))
header_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=40)


def assert_json_answer(r, method="POST"):
    assert r.status_code < 500, r.data[:300]
    if method == "OPTIONS" and r.status_code == 200:   # Flask's automatic answer: an Allow header, no body, no CORS
        assert r.data == b"" and "Access-Control-Allow-Origin" not in r.headers
        return
    body = r.get_json(silent=True)
    assert isinstance(body, dict), r.data[:300]
    if r.status_code >= 400:
        assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"]


@FAST
@given(body=bodies, content_type=st.sampled_from(["application/json", "text/plain", "application/json; charset=utf-8",
                                                  "multipart/form-data; boundary=x", ""]),
       origin=st.none() | st.sampled_from([EXT, "null", "https://evil.example"]) | header_text,
       host=st.sampled_from(["127.0.0.1:8731", "localhost", "[::1]:8731", "evil.example", "localhost.", "0.0.0.0",
                             "127.0.0.1.nip.io", "LOCALHOST:8731"]) | header_text,
       path=st.sampled_from(["/v1/verdict", "/v1/health", "/v1/navigation-rules", "/", "/v1/verdict/", "/v1/screen"]),
       method=st.sampled_from(["POST", "GET", "PUT", "OPTIONS", "DELETE"]))
def test_random_requests_get_json_and_never_a_500(client, body, content_type, origin, host, path, method):
    headers = {"Content-Type": content_type, "Host": host}
    if origin is not None:
        headers["Origin"] = origin
    assert_json_answer(client.open(path, method=method, data=body, headers=headers), method)


@FAST
@given(origin=st.sampled_from(["https://evil.example", "http://127.0.0.1:8731", "null", "http://localhost",
                               "file://", "data:"]) | st.builds(lambda s: "https://" + s, header_text))
def test_a_web_page_gets_nothing_useful(client, origin):
    # fetch(…, {mode: "no-cors", method: "POST", body, headers: text/plain}) is the only cross-origin POST a page
    # can send without a preflight; it must not be judged, and a JSON-typed one must be refused by Origin.
    for ctype in ("text/plain", "text/plain;charset=UTF-8", "application/json"):
        r = client.post("/v1/verdict", data=json.dumps({"url": "https://amazon.co.jp/"}), content_type=ctype,
                        headers={"Origin": origin}, base_url="http://127.0.0.1:8731")
        assert r.status_code in (403, 415)
        assert "verdict" not in r.get_json() and "Access-Control-Allow-Origin" not in r.headers
    for path in ("/v1/health", "/v1/navigation-rules"):
        r = client.get(path, headers={"Origin": origin}, base_url="http://127.0.0.1:8731")
        assert r.status_code == 403 and "Access-Control-Allow-Origin" not in r.headers


def test_no_cors_text_plain_without_origin_is_not_judged(client):
    # An HTML form post or an old browser's no-cors request may omit Origin: text/plain still is not JSON.
    for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b"):
        r = client.post("/v1/verdict", data='{"url": "https://amazon.co.jp/"}', content_type=ctype,
                        base_url="http://127.0.0.1:8731")
        assert r.status_code == 415 and r.get_json()["error"]["code"] == "unsupported_media_type"


def test_a_cors_preflight_is_not_granted(client):
    r = client.options("/v1/verdict", headers={"Origin": "https://evil.example", "Access-Control-Request-Method":
                                               "POST", "Access-Control-Request-Headers": "content-type"},
                       base_url="http://127.0.0.1:8731")
    assert r.status_code >= 400 and "Access-Control-Allow-Origin" not in r.headers


@pytest.fixture
def no_network(monkeypatch):
    attempts = []
    real_connect = socket.socket.connect

    def guarded(self, address, *a, **kw):
        attempts.append(address)
        raise AssertionError(f"the helper tried to connect to {address!r} while judging")

    def refuse(*a, **kw):
        attempts.append(a)
        raise AssertionError(f"the helper tried to resolve {a!r} while judging")

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    yield attempts
    assert real_connect is not None


URLS_THAT_INVITE_A_LOOKUP = ["https://amazon.co.jp.secure-login.xyz/", "http://bit.ly/abc", "http://xn--80ak6aa92e.com/",
                             "http://3232235777/", "https://amzn.to/x", "http://new-unknown-suffix.zzzz/",
                             "https://s3.amazonaws.com/fake-amazon/login.html"]


@pytest.mark.parametrize("url", URLS_THAT_INVITE_A_LOOKUP)
def test_a_verdict_opens_no_socket_and_resolves_no_name(no_network, url):
    from helper.engine import Engine   # a fresh engine: tldextract and the data load under the guard too
    from helper.html_extract import extract_page

    engine = Engine()
    html = '<img src="https://evil.example/a.png"><link rel=stylesheet href="//evil.example/x.css"><form ' \
           'action="https://evil.example/post"><input type=password></form><iframe src="http://10.0.0.1/">'
    engine.verdict(url, extract_page(html, url))
    client = create_app({"ENGINE": engine}).test_client()
    assert client.post("/v1/verdict", json={"url": url}, base_url="http://127.0.0.1:8731").status_code == 200
    assert no_network == []

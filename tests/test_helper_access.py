"""Only ScamGuard may use the helper: its extension id is pinned (another extension gets a JSON 403), and the real
served process answers every request it refuses itself, also before reading a body, in JSON."""
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SCAMGUARD_ORIGIN
from helper import MAX_BODY_BYTES, create_app
from helper.cli import build_parser
from helper.knowledge import extension_ids

ROOT = Path(__file__).resolve().parent.parent
OTHER_EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
DEV_BUILD = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"


def test_the_served_id_is_the_one_the_manifest_key_gives():
    assert SCAMGUARD_ORIGIN.split("://")[1] in extension_ids()


@pytest.fixture
def client(engine, tmp_path):
    return create_app({"ENGINE": engine, "EVIDENCE_PATH": tmp_path / "e.sqlite3"}).test_client()


@pytest.mark.parametrize("method, path", [("GET", "/v1/evidence"), ("DELETE", "/v1/evidence"),
                                          ("GET", "/v1/evidence/export"), ("GET", "/v1/health")])
def test_another_extension_cannot_read_or_delete_the_records(client, method, path):
    r = client.open(path, method=method, headers={"Origin": OTHER_EXTENSION}, base_url="http://127.0.0.1:8731")
    assert r.status_code == 403 and r.is_json
    assert r.get_json()["error"]["code"] == "forbidden_extension"
    assert "--allow-extension" in r.get_json()["error"]["message"]


def test_another_extension_gets_no_verdict(client):
    r = client.post("/v1/verdict", json={"url": "https://amazon-support.jp/"}, headers={"Origin": OTHER_EXTENSION},
                    base_url="http://127.0.0.1:8731")
    assert r.status_code == 403 and "verdict" not in r.get_json()


def test_scamguard_itself_is_served(client):
    r = client.get("/v1/evidence", headers={"Origin": SCAMGUARD_ORIGIN}, base_url="http://127.0.0.1:8731")
    assert r.status_code == 200 and r.get_json()["records"] == []


BROWSER_GET = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "cors"}   # what Chromium sends, and no Origin


@pytest.mark.parametrize("path", ["/v1/evidence", "/v1/evidence/1", "/v1/evidence/export", "/v1/evidence/settings"])
def test_a_browser_get_without_origin_cannot_read_the_records(client, path):
    # Chromium sends no Origin with any extension's GET to a host it may access: ours and another look the same.
    r = client.get(path, headers=BROWSER_GET, base_url="http://127.0.0.1:8731")
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "forbidden_extension"


def test_a_browser_get_without_origin_still_gets_the_public_answers(client):
    for path in ("/v1/health", "/v1/navigation-rules"):
        assert client.get(path, headers=BROWSER_GET, base_url="http://127.0.0.1:8731").status_code == 200


def test_the_extension_reads_records_with_post(client):
    ours = {**BROWSER_GET, "Origin": SCAMGUARD_ORIGIN}
    assert client.post("/v1/evidence/list", headers=ours).get_json()["records"] == []
    assert client.post("/v1/evidence/export", headers=ours).mimetype == "text/html"
    assert client.post("/v1/evidence/list", headers={**BROWSER_GET, "Origin": OTHER_EXTENSION}).status_code == 403
    assert client.get("/v1/evidence").status_code == 200          # a local tool (curl, no fetch metadata)


def test_a_development_build_is_served_only_when_allowed(engine, tmp_path):
    origin = {"Origin": f"chrome-extension://{DEV_BUILD}"}
    plain = create_app({"ENGINE": engine, "EVIDENCE_PATH": tmp_path / "a.sqlite3"}).test_client()
    assert plain.get("/v1/evidence", headers=origin).status_code == 403
    args = build_parser().parse_args(["serve", "--allow-extension", DEV_BUILD.upper()])
    allowed = create_app({"ENGINE": engine, "EVIDENCE_PATH": tmp_path / "b.sqlite3",
                          "ALLOW_EXTENSIONS": args.allow_extension}).test_client()
    assert allowed.get("/v1/evidence", headers=origin).status_code == 200
    assert allowed.get("/v1/evidence", headers={"Origin": OTHER_EXTENSION}).status_code == 403


def test_allow_extension_refuses_what_is_not_an_id(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--allow-extension", "https://evil.example"])
    assert "not an extension id" in capsys.readouterr().err


# ---- the real served helper, through a raw socket -------------------------------------------------------------

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tmp_path_factory.mktemp("served")
    proc = subprocess.Popen([sys.executable, "-m", "helper", "--evidence-db", str(folder / "e.sqlite3"), "serve",
                             "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the helper did not start")
            time.sleep(0.1)
    yield port
    proc.terminate()
    proc.wait(10)


def exchange(port: int, head: bytes, body_chunks=(), timeout: float = 10) -> tuple[int, dict, dict]:
    """Send a raw request (the body as it comes, stopping when the server closes) and read the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(head)
        try:
            for chunk in body_chunks:
                s.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):   # it answered and closed before the body was all sent
            pass
        data = b""
        try:
            while chunk := s.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
    header, _, body = data.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    return int(lines[0].split()[1]), headers, json.loads(body)


def request_head(extra: str) -> bytes:
    return (f"POST /v1/verdict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{extra}\r\n"
            ).encode()


def test_a_huge_content_length_is_refused_in_json_before_any_body(served):
    status, headers, body = exchange(served, request_head("Content-Length: 99999999999\r\n"))
    assert status == 413 and headers["content-type"] == "application/json"
    assert body["error"]["code"] == "body_too_large"


def test_a_120_mb_body_is_refused_without_being_read(served):
    # Only the headers are sent: an answer proves the helper did not wait for the 120 MB.
    status, _, body = exchange(served, request_head(f"Content-Length: {120 * 1024 * 1024}\r\n"))
    assert status == 413 and body["error"]["code"] == "body_too_large"


def test_a_chunked_body_over_the_limit_is_cut_off(served):
    chunk = b"%x\r\n%s\r\n" % (1 << 20, b" " * (1 << 20))
    # 9 MiB of chunks and never the last one: the helper must answer once it is past its limit.
    status, _, body = exchange(served, request_head("Transfer-Encoding: chunked\r\n"), [chunk] * 9)
    assert status == 413 and body["error"]["code"] == "body_too_large"


def test_a_body_of_exactly_the_limit_is_still_judged(served):
    payload = json.dumps({"url": "https://amazon-support.jp/", "pad": ""}).encode()
    payload = payload[:-2] + b" " * (MAX_BODY_BYTES - len(payload)) + payload[-2:]
    assert len(payload) == MAX_BODY_BYTES
    status, _, body = exchange(served, request_head(f"Content-Length: {len(payload)}\r\nConnection: close\r\n"),
                               [payload])
    assert status == 200 and body["verdict"] == "block"


@pytest.mark.parametrize("head, status, code", [
    (request_head("Transfer-Encoding: chunked\r\n") + b"zz\r\n", 400, "bad_request"),
    (request_head("X-Big: " + "a" * 300_000 + "\r\n"), 431, "headers_too_large"),
    (request_head("Transfer-Encoding: gzip\r\n"), 501, "not_implemented"),
])
def test_what_waitress_refuses_itself_is_json_too(served, head, status, code):
    got, headers, body = exchange(served, head)
    assert (got, body["error"]["code"]) == (status, code) and headers["content-type"] == "application/json"

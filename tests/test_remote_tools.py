"""Remote-control tools (issue 16): the data file, its matcher, the document the extension installs, the evidence
step that follows a block, and the message check's MSG_REMOTE_TOOL."""
import json
import re
import sqlite3
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helper import create_app, remote_tools
from helper.cli import main
from helper.engine import load_rules
from helper.evidence import EvidenceStore, validate_record
from helper.knowledge import DATA_DIR, DataError
from helper.message import check_message

TOOLS = remote_tools.load()
BLOCK = {"verdict": "block", "score": 100, "reasons": [{"code": "PAGE_TSS_CALL_NUMBER", "description": "call"}]}


@pytest.mark.parametrize("url, tool, kind", [
    ("https://anydesk.com/ja/downloads", "anydesk", "download"),
    ("https://anydesk.com/en/downloads/windows", "anydesk", "download"),
    ("http://anydesk.com:8443/downloads?x=1", "anydesk", "download"),
    ("https://download.anydesk.com/AnyDesk.exe", "anydesk", "file"),
    ("https://www.teamviewer.com/ja/download/windows/", "teamviewer", "download"),
    ("https://get.teamviewer.com/abc123", "teamviewer", "join"),
    ("https://remotedesktop.google.com/support", "chrome-remote-desktop", "join"),
    ("https://apps.microsoft.com/detail/9P7BP5VNWKX5?hl=ja-jp", "quick-assist", "download"),
    ("https://www.logmein123.com/", "logmein-rescue", "join"),
    ("https://sos.splashtop.com/ja", "splashtop-sos", "download"),
    ("https://join.zoho.com/", "zoho-assist", "join"),
    ("https://www.supremocontrol.com/ja/download/", "supremo", "download"),
    ("https://github.com/rustdesk/rustdesk/releases/latest", "rustdesk", "download"),
    ("https://acme-support.screenconnect.com/Bin/Client.exe", "screenconnect", "join"),
    ("https://www.fastsupport.com/", "gotoassist", "join"),
])
def test_download_and_join_pages_are_known(url, tool, kind):
    found = TOOLS.page_for(url)
    assert found and (found[0].id, found[1].kind) == (tool, kind)


@pytest.mark.parametrize("url", [
    "https://anydesk.com/ja/pricing", "https://anydesk.com/en/", "https://anydesk.com/downloadsx",
    "https://www.teamviewer.com/ja/pricing/", "https://remotedesktop.google.com/access",
    "https://www.screenconnect.com/pricing", "https://screenconnect.com/", "https://github.com/rustdesk/rustdesk",
    "https://apps.microsoft.com/detail/9nblggh4nns1", "https://www.zoho.com/assist/pricing.html",
    "https://anydesk.com.evil.example/downloads", "https://evil-anydesk.com/downloads", "ftp://anydesk.com/downloads",
    "https://www.amazon.co.jp/gp/help/customer/contact-us", "not a url", "http://[::1/",
])
def test_ordinary_pages_and_lookalikes_are_not_tool_pages(url):
    assert TOOLS.page_for(url) is None


def test_every_entry_has_sources_and_a_page_and_the_listed_tools_are_there():
    raw = tomllib.loads((DATA_DIR / "remote_tools.toml").read_text(encoding="utf-8"))
    assert {t["id"] for t in raw["tool"]} >= {"anydesk", "teamviewer", "chrome-remote-desktop", "quick-assist",
                                              "splashtop-sos", "logmein-rescue", "supremo", "zoho-assist",
                                              "rustdesk", "screenconnect"}
    for tool in TOOLS.tools:
        assert tool.sources and all(s.startswith(("https://", "http://")) for s in tool.sources)
        assert tool.pages


def test_strong_codes_are_real_reason_codes():
    rules, _ = load_rules()
    assert set(TOOLS.strong_after_codes) <= rules.keys()


def test_url_regexes_agree_with_the_matcher():
    """The extension's redirect rules use url_regex; the helper's matcher uses host + path. Same answers."""
    doc = remote_tools.document(TOOLS)
    probes = ["https://anydesk.com/ja/downloads", "https://anydesk.com/ja/pricing", "https://x.screenconnect.com/",
              "https://www.screenconnect.com/", "https://get.teamviewer.com/x", "https://github.com/rustdesk/rustdesk",
              "https://github.com/rustdesk/rustdesk/releases", "http://user@download.anydesk.com/a.exe"]
    for url in probes:
        by_regex = {t["id"] for t in doc["tools"] for p in t["pages"]
                    if re.match(p["url_regex"], url, re.I) and not any(url.split("/")[2].endswith(e) for e in p["except"])}
        found = TOOLS.page_for(url)
        assert by_regex == ({found[0].id} if found else set()), url


def test_document_is_versioned_and_served(engine, tmp_path):
    client = create_app({"ENGINE": engine, "EVIDENCE_PATH": tmp_path / "e.sqlite3"}).test_client()
    body = client.get("/v1/remote-tools").get_json()
    assert body == remote_tools.document(TOOLS) and len(body["version"]) == 16
    assert all("url_regex" in p for t in body["tools"] for p in t["pages"])


def test_cli_prints_the_document(capsys):
    assert main(["remote-tools"]) == 0
    assert json.loads(capsys.readouterr().out) == remote_tools.document(TOOLS)


@pytest.mark.parametrize("mutate, message", [
    (lambda s: s.replace('host = "anydesk.com"', 'host = "AnyDesk.com"', 1), "host"),
    (lambda s: s.replace('kind = "download"', 'kind = "installer"', 1), "kind"),
    (lambda s: s.replace('paths = ["/{lang}/downloads"]', 'paths = "/downloads"', 1), "paths"),
    (lambda s: s.replace('id = "teamviewer"', 'id = "anydesk"', 1), "unique"),
    (lambda s: s.replace('strong_minutes = 60', 'strong_minutes = "an hour"', 1), "strong_minutes"),
    (lambda s: s.replace('"https://support.anydesk.com/Sharing_your_Desktop",', '"support.anydesk.com",', 1), "source"),
    (lambda s: s + "\n[[tool]\n", "cannot read"),
])
def test_a_broken_data_file_stops_with_a_clear_message(tmp_path, capsys, mutate, message):
    text = (DATA_DIR / "remote_tools.toml").read_text(encoding="utf-8")
    (tmp_path / "remote_tools.toml").write_text(mutate(text), encoding="utf-8")
    with pytest.raises(DataError, match=message):
        remote_tools.load(tmp_path)
    for src in DATA_DIR.iterdir():   # every other data file as it is, so only the broken one can stop the helper
        if src.name != "remote_tools.toml":
            (tmp_path / src.name).symlink_to(src, target_is_directory=src.is_dir())
    assert main(["--data-dir", str(tmp_path), "remote-tools"]) == 3
    assert "remote_tools.toml" in capsys.readouterr().err


# ---- the evidence step ------------------------------------------------------------------------------------

def test_a_step_is_added_to_a_blocked_pages_record_and_exported(engine, tmp_path):
    client = create_app({"ENGINE": engine, "EVIDENCE_PATH": tmp_path / "e.sqlite3"}).test_client()
    rid = client.post("/v1/evidence", json={"url": "https://secure-check.example/", "verdict": BLOCK}).get_json()["id"]
    r = client.post(f"/v1/evidence/{rid}/steps", json={"tool": "anydesk", "url": "https://anydesk.com/ja/downloads"})
    assert r.status_code == 201
    step = r.get_json()["steps"][0]
    assert step["tool"] == "anydesk" and step["tool_name"] == "AnyDesk" and step["page_kind"] == "download"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", step["time"])
    assert client.get("/v1/evidence").get_json()["records"][0]["steps"] == [step]
    page = client.get(f"/v1/evidence/{rid}/export").get_data(as_text=True)
    assert "AnyDesk" in page and "https://anydesk.com/ja/downloads" in page and "what happened next" in page


@pytest.mark.parametrize("body, status, code", [
    ({"tool": "anydesk"}, 400, "bad_url"),
    ({"url": "https://anydesk.com/ja/downloads"}, 400, "bad_step"),
    ({"tool": "notepad", "url": "https://anydesk.com/ja/downloads"}, 400, "unknown_tool"),
    ({"tool": "anydesk", "url": "https://anydesk.com/ja/pricing"}, 400, "not_a_tool_page"),
    ({"tool": "anydesk", "url": "https://get.teamviewer.com/x"}, 400, "not_a_tool_page"),
    ({"tool": "anydesk", "url": "javascript:alert(1)"}, 400, "not_a_tool_page"),
    ({"tool": ["anydesk"], "url": "https://anydesk.com/downloads"}, 400, "bad_step"),
    ({"tool": "anydesk", "url": "https://anydesk.com/downloads", "kind": "other"}, 400, "bad_step"),
])
def test_bad_steps_get_json_errors(engine, tmp_path, body, status, code):
    client = create_app({"ENGINE": engine, "EVIDENCE_PATH": tmp_path / "e.sqlite3"}).test_client()
    rid = client.post("/v1/evidence", json={"url": "https://a.example/", "verdict": BLOCK}).get_json()["id"]
    r = client.post(f"/v1/evidence/{rid}/steps", json=body)
    assert (r.status_code, r.get_json()["error"]["code"]) == (status, code)


def test_step_on_a_missing_record_off_records_or_too_many(engine, tmp_path):
    client = create_app({"ENGINE": engine, "EVIDENCE_PATH": tmp_path / "e.sqlite3"}).test_client()
    step = {"tool": "teamviewer", "url": "https://get.teamviewer.com/x"}
    assert client.post("/v1/evidence/1/steps", json=step).status_code == 404          # no records file yet
    rid = client.post("/v1/evidence", json={"url": "https://a.example/", "verdict": BLOCK}).get_json()["id"]
    assert client.post(f"/v1/evidence/{rid + 1}/steps", json=step).status_code == 404
    assert client.post(f"/v1/evidence/{rid}/steps", data="x", content_type="text/plain").status_code == 415
    assert client.post(f"/v1/evidence/{rid}/steps", json=[1]).get_json()["error"]["code"] == "bad_json"
    for _ in range(20):
        assert client.post(f"/v1/evidence/{rid}/steps", json=step).status_code == 201
    r = client.post(f"/v1/evidence/{rid}/steps", json=step)
    assert (r.status_code, r.get_json()["error"]["code"]) == (409, "too_many_steps")
    client.put("/v1/evidence/settings", json={"keep_records": False})
    r = client.post(f"/v1/evidence/{rid}/steps", json=step)
    assert (r.status_code, r.get_json()["error"]["code"]) == (409, "records_off")


def test_a_records_file_from_before_gains_the_steps_column(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript("CREATE TABLE records (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, "
                           "address TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', verdict TEXT NOT NULL, "
                           "score INTEGER NOT NULL, reasons TEXT NOT NULL, phones TEXT NOT NULL, screenshot TEXT);"
                           "INSERT INTO records (created, address, verdict, score, reasons, phones) VALUES "
                           "('2026-11-01T00:00:00+00:00', 'https://old.example/', 'block', 90, '[]', '[]');")
    store = EvidenceStore(path)
    assert store.list()[0]["steps"] == []
    steps, why = store.add_step(1, {"kind": "remote_tool_page", "tool": "anydesk", "tool_name": "AnyDesk",
                                    "url": "https://anydesk.com/downloads", "page_kind": "download"})
    assert not why and store.get(1)["steps"] == steps and store.get(1)["address"] == "https://old.example/"
    assert store.add(validate_record({"url": "https://new.example/", "verdict": BLOCK}))[0] == 2


# ---- the message check ------------------------------------------------------------------------------------

def remote(result):
    return next((f for f in result["findings"] if f["code"] == "MSG_REMOTE_TOOL"), None)


@pytest.mark.parametrize("text, how, tool", [
    ("マイクロソフトサポートです。ウイルスを駆除するため、AnyDesk をインストールして、表示された9桁の番号を教えてください。",
     "join_code", "anydesk"),
    ("お客様のパソコンを修復します。anydesk.com/ja/downloads からダウンロードしてください。", "link", "anydesk"),
    ("Amazon security team: to refund you we need to connect. Please download TeamViewer QuickSupport now.",
     "install", "teamviewer"),
    ("Go to www.logmein123.com and enter the code 482 913 we give you on the phone.", "link", "logmein-rescue"),
    ("サポート担当です。クイックアシストを開いて、セキュリティコードを教えてください。接続コード 123456", "join_code",
     "quick-assist"),
    ("Your support session: https://acme-help.screenconnect.com/Join?code=77412", "link", "screenconnect"),
])
def test_messages_asking_for_remote_control_say_so(engine, text, how, tool):
    r = check_message(text, engine)
    f = remote(r)
    assert f and f["evidence"]["how"] == how and f["evidence"]["tool"] == tool
    assert r["verdict"] in ("warn", "block")


@pytest.mark.parametrize("text", [
    "【Amazon】認証コード 482913 を入力してください。このコードを他人に教えないでください。",
    "明日の会議は Zoom で行います。よろしくお願いします。",
    "I read an article comparing remote desktop apps last week; interesting.",
    "Your package will arrive tomorrow between 9 and 12.",
])
def test_ordinary_messages_do_not(engine, text):
    assert remote(check_message(text, engine)) is None


def test_reason_is_translated():
    for lang in ("ja", "en"):
        messages = json.loads((Path(__file__).resolve().parent.parent / "extension" / "_locales" / lang /
                               "messages.json").read_text(encoding="utf-8"))
        assert messages["reason_MSG_REMOTE_TOOL"]["message"].strip()


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=40),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                     max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.fixed_dictionaries({}, optional={"tool": _JSON | st.sampled_from(["anydesk", "teamviewer"]),
                                                "url": _JSON | st.sampled_from(["https://anydesk.com/downloads",
                                                                                "https://get.teamviewer.com/%00",
                                                                                "http://[::1/", "https://a:99999/"]),
                                                "kind": _JSON}) | _JSON)
def test_random_steps_get_json_and_never_a_500(step_client, body):
    client, rid = step_client
    r = client.post(f"/v1/evidence/{rid}/steps", json=body)
    assert r.status_code in (201, 400, 409, 415) and r.is_json
    assert r.status_code == 201 or "code" in r.get_json()["error"]


@pytest.fixture(scope="module")
def step_client(tmp_path_factory):
    from helper.engine import Engine
    client = create_app({"ENGINE": Engine(), "EVIDENCE_PATH": tmp_path_factory.mktemp("steps") / "e.sqlite3"}).test_client()
    rid = client.post("/v1/evidence", json={"url": "https://a.example/", "verdict": BLOCK}).get_json()["id"]
    return client, rid

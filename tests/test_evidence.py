"""Evidence records: kept only for blocks, only when wanted; deleted in one click; exported escaped."""
import base64

import pytest

from conftest import SCAMGUARD_ORIGIN
from helper import create_app
from helper.context import InputError
from helper.evidence import EvidenceStore, default_path, validate_record

PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 32).decode()
BLOCK = {"verdict": "block", "score": 100,
         "reasons": [{"code": "PAGE_SCAREWARE", "description": "<script>alert(1)</script>",
                      "evidence": {"numbers": ["＋８１ ５０－１２３４－５６７８", "0120-899-543"]}}]}


@pytest.fixture
def store(tmp_path):
    return EvidenceStore(tmp_path / "sub" / "evidence.sqlite3")


def test_default_path(monkeypatch, tmp_path):
    monkeypatch.setenv("SCAMGUARD_EVIDENCE_DB", str(tmp_path / "x.sqlite3"))
    assert default_path() == tmp_path / "x.sqlite3"
    monkeypatch.delenv("SCAMGUARD_EVIDENCE_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "scamguard" / "evidence.sqlite3"


def test_block_is_kept_with_phones_and_screenshot(store):
    rid, why = store.add(validate_record({"url": "https://amazon-help.top/", "verdict": BLOCK,
                                          "phones": ["03-1234-5678"], "screenshot": PNG, "title": "警告"}))
    assert rid and not why
    rec = store.get(rid)
    assert rec["phones"] == ["+81312345678", "+815012345678", "+81120899543"]
    assert rec["screenshot"] == PNG and rec["title"] == "警告"
    assert store.list()[0]["has_screenshot"] and "screenshot" not in store.list()[0]


def test_nothing_kept_unless_blocked_or_when_off(store):
    assert store.add(validate_record({"url": "https://x.example/", "verdict": {**BLOCK, "verdict": "warn"}})) \
        == (None, "not_blocked")
    assert not store.path.exists()
    store.set_keep_records(False)
    assert store.add(validate_record({"url": "https://x.example/", "verdict": BLOCK})) == (None, "records_off")
    assert store.list() == [] and store.settings()["keep_records"] is False


def test_delete_one_and_all(store):
    ids = [store.add(validate_record({"url": f"https://a{i}.example/", "verdict": BLOCK}))[0] for i in range(3)]
    assert store.delete(ids[0]) == 1 and store.delete(ids[0]) == 0
    assert store.delete() == 2 and store.list() == []


def test_export_escapes_everything(store):
    rid, _ = store.add(validate_record({"url": "https://x.example/\"><img src=x onerror=alert(1)>",
                                        "verdict": BLOCK, "title": "<b>t</b>", "screenshot": PNG}))
    page = store.export_html(rid)
    assert "<script>" not in page and "<img src=x" not in page and "<b>t</b>" not in page
    assert "&lt;script&gt;" in page and "#9110" in page and "188" in page and PNG in page
    assert store.export_html(rid + 100) is None
    assert "#" + str(rid) in store.export_html()


@pytest.mark.parametrize("body, code", [
    ({"verdict": BLOCK}, "bad_url"),
    ({"url": "https://x/", "verdict": "block"}, "bad_verdict"),
    ({"url": "https://x/", "verdict": {**BLOCK, "score": "1"}}, "bad_verdict"),
    ({"url": "https://x/", "verdict": BLOCK, "phones": "0120"}, "bad_phones"),
    ({"url": "https://x/", "verdict": BLOCK, "screenshot": "data:image/png;base64,AAAA"}, "bad_screenshot"),
    ({"url": "https://x/", "verdict": BLOCK, "screenshot": "javascript:alert(1)"}, "bad_screenshot"),
    ({"url": "https://x/", "verdict": BLOCK, "screenshot": "data:image/png;base64," + "A" * 3_000_000},
     "screenshot_too_large"),
])
def test_bad_records(body, code):
    with pytest.raises(InputError) as err:
        validate_record(body)
    assert err.value.code == code


def test_api(engine, tmp_path):
    client = create_app({"ENGINE": engine, "EVIDENCE_PATH": tmp_path / "e.sqlite3"}).test_client()
    assert client.post("/v1/evidence", json={"url": "https://a.example/", "verdict": {**BLOCK, "verdict": "allow"}}
                       ).get_json() == {"stored": False, "why": "not_blocked"}
    r = client.post("/v1/evidence", json={"url": "https://a.example/", "verdict": BLOCK, "screenshot": PNG})
    assert r.status_code == 201
    rid = r.get_json()["id"]
    listing = client.get("/v1/evidence").get_json()
    assert [x["id"] for x in listing["records"]] == [rid] and listing["settings"]["keep_records"]
    assert client.get(f"/v1/evidence/{rid}").get_json()["screenshot"] == PNG
    page = client.get(f"/v1/evidence/{rid}/export")
    assert page.status_code == 200 and page.mimetype == "text/html" and "attachment" in page.headers["Content-Disposition"]
    assert client.get("/v1/evidence/export").status_code == 200
    assert client.get("/v1/evidence/999/export").status_code == 404
    assert client.post("/v1/evidence", json={"url": 1, "verdict": BLOCK}).get_json()["error"]["code"] == "bad_url"
    assert client.put("/v1/evidence/settings", json={"keep_records": "no"}).status_code == 400
    assert client.put("/v1/evidence/settings", json={"keep_records": False}).get_json()["keep_records"] is False
    assert client.post("/v1/evidence", json={"url": "https://b.example/", "verdict": BLOCK}).get_json()["why"] \
        == "records_off"
    assert client.delete(f"/v1/evidence/{rid}").get_json() == {"deleted": 1}
    assert client.delete(f"/v1/evidence/{rid}").status_code == 404
    assert client.delete("/v1/evidence").get_json() == {"deleted": 0}
    assert client.get("/v1/evidence", headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.get("/v1/evidence", headers={"Origin": SCAMGUARD_ORIGIN}).status_code == 200


def test_phones_from_page_text_are_kept_but_not_the_text(store):
    rid, _ = store.add(validate_record({"url": "https://x.example/", "verdict": {**BLOCK, "reasons": []},
                                        "page_text": "ウイルスを検出しました。今すぐ 050-1234-9876 にお電話ください"}))
    rec = store.get(rid)
    assert rec["phones"] == ["+815012349876"] and "ウイルス" not in str(rec)
    with pytest.raises(InputError):
        validate_record({"url": "https://x/", "verdict": BLOCK, "page_text": 5})


def test_records_file_is_private(store):
    import os
    import stat
    import sys
    store.add(validate_record({"url": "https://a.example/", "verdict": BLOCK}))
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


def test_screenshot_added_later_once(engine, tmp_path):
    """The interstitial offers "keep a screenshot too" after the record was made without one."""
    client = create_app({"ENGINE": engine, "EVIDENCE_PATH": tmp_path / "e.sqlite3"}).test_client()
    assert client.put("/v1/evidence/1/screenshot", json={"screenshot": PNG}).status_code == 404   # no file yet
    rid = client.post("/v1/evidence", json={"url": "https://a.example/", "verdict": BLOCK}).get_json()["id"]
    assert client.get("/v1/evidence").get_json()["records"][0]["has_screenshot"] is False
    for body, status, code in [({"screenshot": "data:image/png;base64,AAAA"}, 400, "bad_screenshot"),
                               ({"screenshot": None}, 400, "bad_screenshot"),
                               ({"screenshot": "data:image/png;base64," + "A" * 3_000_000}, 413, "screenshot_too_large"),
                               ([PNG], 400, "bad_json")]:
        r = client.put(f"/v1/evidence/{rid}/screenshot", json=body)
        assert (r.status_code, r.get_json()["error"]["code"]) == (status, code)
    assert client.put(f"/v1/evidence/{rid}/screenshot", data="x").status_code == 415
    assert client.put(f"/v1/evidence/{rid + 1}/screenshot", json={"screenshot": PNG}).status_code == 404
    r = client.put(f"/v1/evidence/{rid}/screenshot", json={"screenshot": PNG})
    assert r.status_code == 200 and r.get_json() == {"id": rid, "has_screenshot": True}
    assert client.get(f"/v1/evidence/{rid}").get_json()["screenshot"] == PNG
    r = client.put(f"/v1/evidence/{rid}/screenshot", json={"screenshot": PNG})
    assert (r.status_code, r.get_json()["error"]["code"]) == (409, "has_screenshot")
    other = client.post("/v1/evidence", json={"url": "https://b.example/", "verdict": BLOCK}).get_json()["id"]
    client.put("/v1/evidence/settings", json={"keep_records": False})
    r = client.put(f"/v1/evidence/{other}/screenshot", json={"screenshot": PNG})
    assert (r.status_code, r.get_json()["error"]["code"]) == (409, "records_off")
    assert client.put(f"/v1/evidence/{other}/screenshot", json={"screenshot": PNG},
                      headers={"Origin": "https://evil.example"}).status_code == 403


def test_a_framed_block_keeps_both_addresses_and_exports_them(store):
    rid, _ = store.add(validate_record({"url": "https://coupon-matome.example/", "verdict": BLOCK,
                                        "frame_url": "https://frame-qx7k2v-jp.top/signin.html"}))
    rec = store.get(rid)
    assert rec["address"] == "https://coupon-matome.example/"
    assert rec["framed_address"] == "https://frame-qx7k2v-jp.top/signin.html"
    page = store.export_html(rid)
    assert "framed page" in page and "frame-qx7k2v-jp.top/signin.html" in page
    other, _ = store.add(validate_record({"url": "https://a.example/", "verdict": BLOCK}))
    assert store.get(other)["framed_address"] == "" and "framed page" not in store.export_html(other)
    with pytest.raises(InputError) as bad:
        validate_record({"url": "https://a.example/", "verdict": BLOCK, "frame_url": ["x"]})
    assert bad.value.code == "bad_frame_url"


def test_a_records_file_from_before_framed_addresses_keeps_its_records(tmp_path):
    """A file made by the first release has no framed_address column: it gains one, and no record is lost."""
    import sqlite3
    path = tmp_path / "evidence.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript("""
            CREATE TABLE records (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, address TEXT NOT NULL,
                title TEXT NOT NULL DEFAULT '', verdict TEXT NOT NULL, score INTEGER NOT NULL, reasons TEXT NOT NULL,
                phones TEXT NOT NULL, screenshot TEXT);
            INSERT INTO records (created, address, verdict, score, reasons, phones)
                VALUES ('2026-11-20T10:00:00+00:00', 'https://old.example/', 'block', 90, '[]', '[]');""")
    store = EvidenceStore(path)
    assert [(r["address"], r["framed_address"]) for r in store.list()] == [("https://old.example/", "")]
    rid, _ = store.add(validate_record({"url": "https://new.example/", "verdict": BLOCK, "frame_url": "https://f.example/"}))
    assert [r["address"] for r in store.list()] == ["https://new.example/", "https://old.example/"]
    assert store.get(rid)["framed_address"] == "https://f.example/"

"""Reading what a page draws (issue 15): POST /v1/screen reads a screenshot with the local OCR engine and judges the
text with the page check; bad pictures get JSON 4xx; one picture at a time, off the request threads; without the
engine the helper says OCR is off (and why) and every other check still works."""
import base64
import io
import json
import threading

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from helper import create_app, screen_text

FONT = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"   # fonts-ipafont-gothic (scripts/setup)
SCAM_LINES = ["Windows Defender セキュリティ警告", "お使いのPCはウイルスに感染しています。",
              "個人情報が盗まれる可能性があります。今すぐお電話ください", "サポート窓口 050-5050-1910"]
SHOP_LINES = ["季節のおすすめ", "新しいコーヒー豆が入荷しました", "送料無料キャンペーン実施中", "お問い合わせ 03-1234-5678"]
URL = "https://www.ab12cd-ef34.com/p/1.html"

def codes(verdict: dict) -> set[str]:
    return {r["code"] for r in verdict["reasons"]}


needs_engine = pytest.mark.skipif(not screen_text.engine_status().available,
                                  reason=screen_text.engine_status().message or "no OCR engine")


def picture(lines, size=(1280, 800), fmt="PNG") -> str:
    """A screenshot of a page that draws these lines (as a canvas would), as the data URL the extension sends."""
    from PIL import Image, ImageDraw, ImageFont
    image = Image.new("RGB", size, "#0078d7")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 30)
    for i, line in enumerate(lines):
        draw.text((60, 60 + i * 60), line, fill="white", font=font)
    out = io.BytesIO()
    image.save(out, fmt)
    return f"data:image/{fmt.lower()};base64," + base64.b64encode(out.getvalue()).decode()


def blank(size, fmt="PNG") -> str:
    from PIL import Image
    out = io.BytesIO()
    Image.new("L", size, 255).save(out, fmt)
    return f"data:image/{fmt.lower()};base64," + base64.b64encode(out.getvalue()).decode()


@pytest.fixture()
def app(engine):
    return create_app({"ENGINE": engine})


@pytest.fixture()
def client(app):
    return app.test_client()


def error_code(r):
    body = r.get_json()
    assert set(body) == {"error"} and body["error"]["message"], body
    return body["error"]["code"]


# ---- what the engine's text becomes -------------------------------------------------------------------------

def test_japanese_read_with_spaces_and_wrapped_lines_reads_as_the_page_text_would():
    assert screen_text.tidy("お 使 い の PC は ウ イ ル ス に\n感 染 し て い ま す\n\n今 す ぐ\nCall  now") == \
        "お使いのPCはウイルスに感染しています\n今すぐ\nCall  now"
    assert screen_text.tidy("Windows Defender\nscan found") == "Windows Defender\nscan found"


# ---- the picture: format and size limits, JSON errors -------------------------------------------------------

@pytest.mark.parametrize("shot, status, code", [
    (None, 400, "bad_screenshot"),
    (12, 400, "bad_screenshot"),
    ("https://example.com/a.png", 400, "bad_screenshot"),
    ("data:image/gif;base64,R0lGODlhAQABAAAAACw=", 400, "bad_screenshot"),
    ("data:image/png;base64,not base64!", 400, "bad_screenshot"),
    ("data:image/png;base64," + base64.b64encode(b"\xff\xd8\xff\xe0 a jpeg").decode(), 400, "bad_screenshot"),
    ("data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n truncated").decode(), 400, "bad_screenshot"),
    ("data:image/png;base64," + "A" * (screen_text.MAX_IMAGE_BYTES * 4 // 3 + 8), 413, "screenshot_too_large"),
])
def test_a_bad_screenshot_gets_a_json_4xx(client, shot, status, code):
    r = client.post("/v1/screen", json={"url": URL, "screenshot": shot})
    assert r.status_code == status and error_code(r) == code


def test_a_picture_larger_than_any_screen_is_refused_before_it_is_decoded(client):
    r = client.post("/v1/screen", json={"url": URL, "screenshot": blank((screen_text.MAX_SIDE + 1, 8))})
    assert r.status_code == 413 and error_code(r) == "screenshot_too_large"
    r = client.post("/v1/screen", json={"url": URL, "screenshot": blank((4096, 4096))})   # 16.7 M pixels
    assert r.status_code == 413 and error_code(r) == "screenshot_too_large"


@pytest.mark.parametrize("body, code", [
    ({"screenshot": "data:image/png;base64,"}, "missing_url"),
    ({"url": 5, "screenshot": "data:image/png;base64,"}, "bad_url"),
    ({"url": "ftp://x.example/", "screenshot": "data:image/png;base64,"}, "unsupported_scheme"),
    ({"url": URL}, "missing_screenshot"),
    ({"url": URL, "page": "text", "screenshot": "data:image/png;base64,"}, "bad_page"),
])
def test_a_bad_request_gets_a_json_400(client, body, code):
    r = client.post("/v1/screen", json=body)
    assert r.status_code == 400 and error_code(r) == code


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                           lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3),
                           max_leaves=15)
shots = st.one_of(json_values, st.builds(lambda p, b: p + base64.b64encode(b).decode(),
                                         st.sampled_from(list(screen_text.PREFIXES)),
                                         st.binary(max_size=64).map(lambda b: b"\x89PNG\r\n\x1a\n" + b)
                                         | st.binary(max_size=64).map(lambda b: b"\xff\xd8\xff" + b)),
                  st.builds(lambda p, t: p + t, st.sampled_from(list(screen_text.PREFIXES)), st.text(max_size=60)))


@FAST
@given(url=st.sampled_from([URL, "http://1.2.3.4/", ""]) | st.text(max_size=30), shot=shots,
       page=st.none() | json_values)
def test_random_screenshots_and_pages_get_json_never_a_500(client, url, shot, page):
    r = client.post("/v1/screen", data=json.dumps({"url": url, "page": page, "screenshot": shot}),
                    content_type="application/json")
    assert r.status_code < 500 or error_code(r) in ("ocr_off", "ocr_busy", "ocr_failed"), r.data[:300]
    assert isinstance(r.get_json(silent=True), dict)


# ---- reading and judging ------------------------------------------------------------------------------------

@needs_engine
def test_a_warning_drawn_as_a_picture_is_stopped_and_says_it_was_read_from_the_screen(client):
    r = client.post("/v1/screen", json={"url": URL, "page": {"title": "", "text": ""}, "screenshot": picture(SCAM_LINES)})
    assert r.status_code == 200, r.data
    v = r.get_json()
    assert v["verdict"] == "block", v
    assert {"PAGE_TSS_INFECTION_CLAIM", "PAGE_TSS_CALL_NUMBER", "PAGE_READ_FROM_SCREEN"} <= codes(v)
    call = next(x for x in v["reasons"] if x["code"] == "PAGE_TSS_CALL_NUMBER")
    assert call["evidence"]["seen"] == "screen" and call["evidence"]["numbers"] == ["+815050501910"]
    assert v["screen"]["read"] is True and v["screen"]["engine"].startswith("tesseract")
    # The same page's own (empty) text alone says nothing.
    assert client.post("/v1/verdict", json={"url": URL, "page": {"text": ""}}).get_json()["verdict"] == "allow"


@needs_engine
def test_an_ordinary_page_read_from_the_screen_stays_allowed(client):
    r = client.post("/v1/screen", json={"url": URL, "screenshot": picture(SHOP_LINES, fmt="JPEG")})
    v = r.get_json()
    assert r.status_code == 200 and v["verdict"] == "allow", v
    assert "PAGE_READ_FROM_SCREEN" not in codes(v) and v["screen"]["chars"] > 10


@needs_engine
def test_what_the_dom_already_said_is_not_marked_as_read_from_the_screen(client):
    page = {"text": "\n".join(SCAM_LINES[:2])}
    v = client.post("/v1/screen", json={"url": URL, "page": page, "screenshot": picture(SCAM_LINES)}).get_json()
    claim = next(x for x in v["reasons"] if x["code"] == "PAGE_TSS_INFECTION_CLAIM")
    call = next(x for x in v["reasons"] if x["code"] == "PAGE_TSS_CALL_NUMBER")
    assert "seen" not in claim["evidence"] and call["evidence"]["seen"] == "screen"


# ---- one at a time, off the request threads ---------------------------------------------------------------

def test_a_url_verdict_answers_while_a_screenshot_is_read_and_a_second_picture_is_refused(app):
    started, release = threading.Event(), threading.Event()

    def held_reader(image):           # the real engine, held at its start until the test has asked its questions
        started.set()
        release.wait(30)
        return screen_text.read_image(image) if screen_text.engine_status().available else ""

    app.extensions["scamguard_screen_reader"] = screen_text.ScreenReader(reader=held_reader)
    if not screen_text.engine_status().available:
        pytest.skip(screen_text.engine_status().message)
    answers = {}
    first = threading.Thread(target=lambda: answers.update(
        first=app.test_client().post("/v1/screen", json={"url": URL, "screenshot": picture(SCAM_LINES)})))
    first.start()
    try:
        assert started.wait(30)
        client = app.test_client()
        verdict = client.post("/v1/verdict", json={"url": "https://amazon-security-login.com/"})
        assert verdict.status_code == 200 and verdict.get_json()["verdict"] == "block"
        assert app.extensions["scamguard_screen_reader"].busy       # answered while the picture was being read
        second = client.post("/v1/screen", json={"url": URL, "screenshot": picture(SHOP_LINES)})
        assert second.status_code == 503 and error_code(second) == "ocr_busy" and second.headers["Retry-After"]
    finally:
        release.set()
        first.join(60)
    assert answers["first"].status_code == 200 and answers["first"].get_json()["verdict"] == "block"
    assert not app.extensions["scamguard_screen_reader"].busy
    # The worker is free again: the next picture is read.
    assert app.test_client().post("/v1/screen", json={"url": URL, "screenshot": picture(SHOP_LINES)}).status_code == 200


# ---- without the engine --------------------------------------------------------------------------------------

@pytest.fixture()
def no_module(monkeypatch):
    def missing():
        raise ImportError("No module named 'pytesseract'", name="pytesseract")
    monkeypatch.setattr(screen_text, "_pytesseract", missing)
    screen_text.engine_status.cache_clear()
    yield
    screen_text.engine_status.cache_clear()


@pytest.fixture()
def no_program(monkeypatch):
    pytesseract = pytest.importorskip("pytesseract")
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    screen_text.engine_status.cache_clear()
    yield
    screen_text.engine_status.cache_clear()


@pytest.fixture()
def no_japanese(monkeypatch):
    pytesseract = pytest.importorskip("pytesseract")
    if not screen_text.shutil.which(pytesseract.pytesseract.tesseract_cmd):
        pytest.skip("no tesseract program")
    monkeypatch.setattr(pytesseract, "get_languages", lambda config="": ["eng", "osd"])
    screen_text.engine_status.cache_clear()
    yield
    screen_text.engine_status.cache_clear()


@pytest.mark.parametrize("missing, why", [("no_module", "ocr_module_missing"), ("no_program", "ocr_engine_missing"),
                                          ("no_japanese", "ocr_language_missing")])
def test_without_the_engine_the_helper_says_ocr_is_off_and_why_and_every_other_check_works(request, client, missing, why):
    request.getfixturevalue(missing)
    health = client.get("/v1/health").get_json()
    assert health["status"] == "ok"
    assert health["screen_reading"]["available"] is False and health["screen_reading"]["why"] == why
    assert "scripts/setup" in health["screen_reading"]["message"]
    r = client.post("/v1/screen", json={"url": URL, "screenshot": picture(SCAM_LINES)})
    assert r.status_code == 503 and error_code(r) == "ocr_off"
    assert "scripts/setup" in r.get_json()["error"]["message"]
    page = {"text": "\n".join(SCAM_LINES)}
    assert client.post("/v1/verdict", json={"url": URL, "page": page}).get_json()["verdict"] == "block"
    assert client.post("/v1/verdict", json={"url": "https://amazom.co.jp/"}).get_json()["verdict"] == "block"
    assert client.post("/v1/phone", json={"number": "050-5050-1910"}).status_code == 200


def test_scamguard_status_says_whether_screen_reading_is_on_and_why_not(no_module, capsys):
    from helper.cli import main
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "screen reading: off (ocr_module_missing)" in out and "scripts/setup" in out
    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["screen_reading"]["why"] == "ocr_module_missing"


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Host": "evil.example"},
                                     {"Sec-Fetch-Site": "cross-site"}])
def test_only_the_extension_and_local_tools_may_send_a_screenshot(client, headers):
    r = client.post("/v1/screen", json={"url": URL, "screenshot": blank((8, 8))}, headers=headers)
    assert r.status_code == 403 and error_code(r).startswith("forbidden_")


def test_text_read_from_the_screen_never_lowers_the_verdict(engine):
    page = {"text": "\n".join(SCAM_LINES)}
    quoted = "\n".join(["警察からのお知らせ", "サポート詐欺にご注意ください。", "偽の警告画面に表示された番号に電話しないでください。",
                        "消費生活センター 188 に相談してください。", "これは詐欺の手口です。"] * 3)
    before = engine.verdict(URL, page)
    after = screen_text.judge(engine, URL, page, quoted, "tesseract test")
    assert after["score"] >= before["score"] and after["verdict"] == before["verdict"] == "block"

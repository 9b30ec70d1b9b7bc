"""The HTTP API: validate, call the engine, serialise. Any web page can send requests to localhost, so every
request is checked for a loopback Host (DNS rebinding) and a non-web Origin before it reaches a view."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from .context import InputError
from .engine import ENGINE_VERSION
from .navigation_rules import navigation_rules

bp = Blueprint("api", __name__, url_prefix="/v1")
log = logging.getLogger("scamguard.api")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
# What a browser may ask without an Origin. Chromium sends none with an extension's GET to a host it has access
# to, so ScamGuard's GET and another extension's look the same: from a browser, a GET gets only public answers,
# and the extension reads the records with POST (which carries its Origin).
PUBLIC_WITHOUT_ORIGIN = frozenset({"api.health", "api.rules"})


def error(status: int, code: str, message: str):
    return jsonify({"error": {"code": code, "message": message}}), status


def _engine():
    return current_app.extensions["scamguard_engine"]


@bp.before_app_request
def refuse_foreign_callers():
    host = (request.host or "").lower()
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if hostname not in LOOPBACK_HOSTS:
        return error(403, "forbidden_host", "the helper answers only to 127.0.0.1 or localhost")
    origin = request.headers.get("Origin")
    # A web page's fetch carries its origin; a sandboxed frame sends "null". Only the extension and tools
    # without an Origin (CLI, curl) may ask.
    if origin is None:
        # Fetch metadata (Sec-Fetch-*) is set by every current browser and cannot be removed by a script: a
        # request without it is a local tool (CLI, curl), which could read the records file anyway.
        if "Sec-Fetch-Site" in request.headers and request.endpoint not in PUBLIC_WITHOUT_ORIGIN:
            return error(403, "forbidden_extension", "a browser request without an Origin gets only /v1/health "
                         "and /v1/navigation-rules; the ScamGuard extension reads records with POST")
        return None
    if not origin.startswith(EXTENSION_SCHEMES):
        return error(403, "forbidden_origin", "web pages may not use the helper; only the ScamGuard extension may")
    # Any installed extension may send requests to localhost too; the records are ScamGuard's alone.
    if origin.split("://", 1)[1].lower() not in current_app.config["EXTENSION_IDS"]:
        return error(403, "forbidden_extension", "only the ScamGuard extension may use the helper; for a "
                     "development build with another id, start it with: scamguard serve --allow-extension ID")
    return None


@bp.get("/health")
def health():
    from .screen_text import engine_status
    return jsonify({"status": "ok", "engine_version": ENGINE_VERSION, "screen_reading": engine_status().as_json()})


@bp.get("/navigation-rules")
def rules():
    return jsonify(navigation_rules(_engine().knowledge))


@bp.post("/verdict")
def verdict():
    if not request.is_json:
        return error(415, "unsupported_media_type", "send the request as application/json")
    try:
        body = request.get_json(silent=True)
    except RecursionError:   # [[[[… nested deeper than the parser's recursion limit: not a body we accept
        body = None
    if not isinstance(body, dict):
        return error(400, "bad_json", "the body must be a JSON object like {\"url\": \"https://…\"}")
    url = body.get("url")
    if url is None:
        return error(400, "missing_url", "the field \"url\" is required")
    if not isinstance(url, str):
        return error(400, "bad_url", "the field \"url\" must be a string")
    try:
        result = _engine().verdict(url, body.get("page"))
    except InputError as exc:
        return error(400, exc.code, exc.message)
    if current_app.config["LOG_URLS"]:
        log.info("%s %s", result["verdict"], url)
    return jsonify(result)


# ---- reading what the page draws (issue 15) ----

def _screen_reader():
    from .screen_text import ScreenReader
    ext = current_app.extensions
    if "scamguard_screen_reader" not in ext:
        ext["scamguard_screen_reader"] = ScreenReader()
    return ext["scamguard_screen_reader"]


@bp.post("/screen")
def screen_verdict():
    """{url, page?, screenshot}: the page check with the text read from the screenshot. The picture is read in
    memory by the single OCR worker and dropped with the answer."""
    from . import screen_text
    body, err = _json_body()
    if err:
        return err
    url = body.get("url")
    if not isinstance(url, str):
        return error(400, "missing_url" if url is None else "bad_url", "the field \"url\" must be a string")
    if "screenshot" not in body:
        return error(400, "missing_screenshot", "the field \"screenshot\" (a PNG or JPEG data URL) is required")
    status = screen_text.engine_status()
    if not status.available:
        return error(503, "ocr_off", status.message)
    try:
        _engine().findings(url)                     # a URL we cannot judge is refused before any reading
        screen_text.parse_page(body.get("page"))
        image = screen_text.decode_screenshot(body.pop("screenshot"))
    except screen_text.InputError as exc:
        return error(413 if exc.code == "screenshot_too_large" else 400, exc.code, exc.message)
    try:
        text, ms = _screen_reader().read(image)
    except screen_text.OcrBusy:
        response = error(503, "ocr_busy", "another screenshot is being read; ask again in a few seconds")
        response[0].headers["Retry-After"] = "3"
        return response
    except screen_text.OcrFailed as exc:
        return error(503, "ocr_failed", str(exc))
    finally:
        del image
    result = screen_text.judge(_engine(), url, body.get("page"), text, status.engine)
    result["screen"]["ms"] = ms
    if current_app.config["LOG_URLS"]:
        log.info("%s (screen) %s", result["verdict"], url)
    return jsonify(result)


def register_error_handlers(app):
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        codes = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large", 400: "bad_request"}
        return error(exc.code or 500, codes.get(exc.code, "http_error"), exc.description or exc.name)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        # Never a stack trace to the caller; the log keeps it (without the URL) for us.
        log.exception("unexpected error")
        return error(500, "internal_error", "the helper hit an unexpected error; the request was not judged")


# ---- message check, phone check, evidence records (issue 7) ----

def _json_body():
    """The JSON object of the request, or an error response."""
    if not request.is_json:
        return None, error(415, "unsupported_media_type", "send the request as application/json")
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        body = None
    if not isinstance(body, dict):
        return None, error(400, "bad_json", "the body must be a JSON object")
    return body, None


def _evidence():
    from .evidence import EvidenceStore
    ext = current_app.extensions
    if "scamguard_evidence" not in ext:
        ext["scamguard_evidence"] = EvidenceStore(current_app.config.get("EVIDENCE_PATH"))
    return ext["scamguard_evidence"]


@bp.post("/message")
def message_check():
    from .message import check_message
    body, err = _json_body()
    if err:
        return err
    try:
        return jsonify(check_message(body.get("text"), _engine(), _evidence()))
    except InputError as exc:
        return error(413 if exc.code == "text_too_long" else 400, exc.code, exc.message)


@bp.post("/phone")
def phone_check():
    from .phone import check_number
    body, err = _json_body()
    if err:
        return err
    try:
        return jsonify(check_number(body.get("number"), _engine(), _evidence()))
    except InputError as exc:
        return error(400, exc.code, exc.message)


@bp.post("/evidence")
def evidence_store():
    from .evidence import validate_record
    body, err = _json_body()
    if err:
        return err
    try:
        record = validate_record(body)
    except InputError as exc:
        return error(413 if exc.code == "screenshot_too_large" else 400, exc.code, exc.message)
    record_id, why = _evidence().add(record)
    return (jsonify({"stored": True, "id": record_id}), 201) if record_id else jsonify({"stored": False, "why": why})


@bp.get("/evidence")
@bp.post("/evidence/list")   # the extension's read: a POST carries its Origin, a GET does not
def evidence_list():
    return jsonify({"records": _evidence().list(), "settings": _evidence().settings()})


@bp.get("/evidence/<int:record_id>")
def evidence_one(record_id: int):
    record = _evidence().get(record_id)
    return jsonify(record) if record else error(404, "not_found", "no such record")


@bp.route("/evidence/export", methods=["GET", "POST"])
@bp.route("/evidence/<int:record_id>/export", methods=["GET", "POST"])
def evidence_export(record_id: int | None = None):
    page = _evidence().export_html(record_id)
    if page is None:
        return error(404, "not_found", "no such record")
    name = f"scamguard-record-{record_id}.html" if record_id else "scamguard-records.html"
    return current_app.response_class(page, mimetype="text/html", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'"})


@bp.put("/evidence/<int:record_id>/screenshot")
def evidence_screenshot(record_id: int):
    from .evidence import validate_screenshot
    body, err = _json_body()
    if err:
        return err
    try:
        shot = validate_screenshot(body.get("screenshot"))
    except InputError as exc:
        return error(413 if exc.code == "screenshot_too_large" else 400, exc.code, exc.message)
    why = _evidence().add_screenshot(record_id, shot)
    if why == "not_found":
        return error(404, "not_found", "no such record")
    if why:
        return error(409, why, "the record already has a screenshot" if why == "has_screenshot"
                     else "records are switched off")
    return jsonify({"id": record_id, "has_screenshot": True})


@bp.delete("/evidence")
@bp.delete("/evidence/<int:record_id>")
def evidence_delete(record_id: int | None = None):
    n = _evidence().delete(record_id)
    if record_id is not None and n == 0:
        return error(404, "not_found", "no such record")
    return jsonify({"deleted": n})


@bp.get("/evidence/settings")
@bp.put("/evidence/settings")
def evidence_settings():
    if request.method == "GET":
        return jsonify(_evidence().settings())
    body, err = _json_body()
    if err:
        return err
    if not isinstance(body.get("keep_records"), bool):
        return error(400, "bad_settings", "send {\"keep_records\": true|false}")
    return jsonify(_evidence().set_keep_records(body["keep_records"]))


# ---- remote-control tools (issue 16) ----

@bp.get("/remote-tools")
def remote_tools_document():
    from . import remote_tools
    from .knowledge import DataError
    try:
        return jsonify(remote_tools.document(remote_tools.load(_engine().knowledge.data_dir)))
    except DataError as exc:
        return error(503, "data_error", str(exc))


@bp.post("/evidence/<int:record_id>/steps")
def evidence_step(record_id: int):
    from . import remote_tools
    from .evidence import validate_step
    from .knowledge import DataError
    body, err = _json_body()
    if err:
        return err
    try:
        step = validate_step(body, remote_tools.load(_engine().knowledge.data_dir))
    except InputError as exc:
        return error(400, exc.code, exc.message)
    except DataError as exc:
        return error(503, "data_error", str(exc))
    steps, why = _evidence().add_step(record_id, step)
    if why == "not_found":
        return error(404, "not_found", "no such record")
    if why:
        return error(409, why, "the record has as many steps as it may keep" if why == "too_many_steps"
                     else "records are switched off")
    return jsonify({"id": record_id, "steps": steps}), 201

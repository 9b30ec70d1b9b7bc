"""Evidence records: a local SQLite file of what was blocked, for a police (#9110) or consumer-centre (188)
consultation. Nothing leaves the machine; nothing is kept when nothing was blocked or when the user said no.

Path: the EVIDENCE_PATH app config / `--evidence-db` flag, else $SCAMGUARD_EVIDENCE_DB, else the user's data
folder (~/.local/share/scamguard/evidence.sqlite3 on Linux)."""
from __future__ import annotations

import base64
import html
import json
import os
import re
import sqlite3
import sys
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from . import phone
from .context import InputError

ENV_VAR = "SCAMGUARD_EVIDENCE_DB"
MAX_SCREENSHOT_BYTES = 2 * 1024 * 1024      # decoded PNG
MAX_ADDRESS = 8192
MAX_REASONS = 50
MAX_FIELD = 2000                            # one evidence value, one title
MAX_PHONES = 20
MAX_PAGE_TEXT = 100_000                     # page text searched for phone numbers (not stored)
_PNG_URL = re.compile(r"data:image/png;base64,([A-Za-z0-9+/]+={0,2})")

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    address TEXT NOT NULL,
    framed_address TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    verdict TEXT NOT NULL,
    score INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    phones TEXT NOT NULL,
    screenshot TEXT,
    steps TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# Columns added after the first release: a records file made before them gets them, empty, and keeps every record.
ADDED_COLUMNS = {"framed_address": "TEXT NOT NULL DEFAULT ''", "steps": "TEXT NOT NULL DEFAULT '[]'"}
MAX_STEPS = 20                              # what happened after the block (issue 16: a remote-control page)


def default_path() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "scamguard" / "evidence.sqlite3"


def phones_in(text: str, limit: int = 20_000) -> list[str]:
    """E.164 numbers (JP and US) written in `text` (helper/phone.py reads them)."""
    return [e164 for _raw, e164 in phone.find_numbers(text[:limit], max_tries=50)]


def _strings(value, depth: int = 0):
    if depth > 4:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, depth + 1)


def _clip(value, depth: int = 0):
    """Evidence values as stored: strings clipped, structure bounded."""
    if isinstance(value, str):
        return value[:MAX_FIELD]
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    if depth > 3:
        return None
    if isinstance(value, dict):
        return {str(k)[:100]: _clip(v, depth + 1) for k, v in list(value.items())[:30]}
    if isinstance(value, list):
        return [_clip(v, depth + 1) for v in value[:30]]
    return str(value)[:MAX_FIELD]


def validate_screenshot(shot) -> str:
    """A PNG data URL of at most MAX_SCREENSHOT_BYTES; raises InputError (bad_screenshot, screenshot_too_large)."""
    if not isinstance(shot, str):
        raise InputError("bad_screenshot", "the screenshot must be a PNG data URL (data:image/png;base64,…)")
    if len(shot) > MAX_SCREENSHOT_BYTES * 4 // 3 + 64:
        raise InputError("screenshot_too_large", f"the screenshot may be at most {MAX_SCREENSHOT_BYTES} bytes")
    m = _PNG_URL.fullmatch(shot)
    try:
        data = base64.b64decode(m.group(1), validate=True) if m else b""
    except ValueError:
        data = b""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise InputError("bad_screenshot", "the screenshot must be a PNG data URL (data:image/png;base64,…)")
    return shot


def validate_record(body: dict) -> dict:
    """The record to keep from an API/CLI body; raises InputError (stable codes) on anything malformed."""
    url = body.get("url")
    if not isinstance(url, str) or not url.strip():
        raise InputError("bad_url", "the field \"url\" (the blocked address) must be a non-empty string")
    v = body.get("verdict")
    if not isinstance(v, dict) or not isinstance(v.get("verdict"), str):
        raise InputError("bad_verdict", "the field \"verdict\" must be the verdict object the helper returned")
    reasons = v.get("reasons", [])
    if not isinstance(reasons, list) or not all(isinstance(r, dict) for r in reasons):
        raise InputError("bad_verdict", "verdict.reasons must be a list of objects")
    score = v.get("score", 0)
    if not isinstance(score, int) or isinstance(score, bool):
        raise InputError("bad_verdict", "verdict.score must be an integer")
    phones = body.get("phones", [])
    if not isinstance(phones, list) or not all(isinstance(p, str) for p in phones):
        raise InputError("bad_phones", "the field \"phones\" must be a list of strings")
    page_text = body.get("page_text", "")
    if not isinstance(page_text, str):
        raise InputError("bad_page_text", "the field \"page_text\" must be a string")
    title = body.get("title", "")
    if not isinstance(title, str):
        raise InputError("bad_title", "the field \"title\" must be a string")
    frame_url = body.get("frame_url") or ""
    if not isinstance(frame_url, str):
        raise InputError("bad_frame_url", "the field \"frame_url\" (the framed page judged) must be a string")
    shot = body.get("screenshot")
    if shot is not None:
        validate_screenshot(shot)
    kept = [{"code": str(r.get("code", ""))[:100], "description": str(r.get("description", ""))[:MAX_FIELD],
             "evidence": _clip(r.get("evidence", {}))} for r in reasons[:MAX_REASONS]]
    # Numbers the page showed: the caller's list, plus any the reasons quote (scareware "call now" numbers).
    seen: list[str] = []
    for text in [*phones[:MAX_PHONES], *(s for r in kept for s in _strings(r["evidence"]))]:
        for e164 in phones_in(text[:MAX_FIELD]):
            if e164 not in seen:
                seen.append(e164)
    for e164 in phones_in(page_text, MAX_PAGE_TEXT) if page_text else []:
        if e164 not in seen:
            seen.append(e164)
    return {"address": url.strip()[:MAX_ADDRESS], "framed_address": frame_url.strip()[:MAX_ADDRESS],
            "title": title[:MAX_FIELD], "verdict": v["verdict"],
            "score": score, "reasons": kept, "phones": seen[:MAX_PHONES], "screenshot": shot}


def validate_step(body: dict, tools) -> dict:
    """A step that followed a block: the user opened a remote-control tool's page (`tools`: remote_tools.load()).
    Raises InputError (bad_step, unknown_tool, bad_url, not_a_tool_page). The helper sets the time."""
    if body.get("kind", "remote_tool_page") != "remote_tool_page":
        raise InputError("bad_step", "the field \"kind\" must be \"remote_tool_page\"")
    tool_id = body.get("tool")
    if not isinstance(tool_id, str) or not tool_id:
        raise InputError("bad_step", "the field \"tool\" (a remote-control tool's id) must be a non-empty string")
    tool = tools.tool(tool_id)
    if tool is None:
        raise InputError("unknown_tool", f"{tool_id[:100]!r} is not a remote-control tool the helper knows")
    url = body.get("url")
    if not isinstance(url, str) or not url.strip() or len(url) > MAX_ADDRESS:
        raise InputError("bad_url", f"the field \"url\" (the page opened) must be a string of 1 to {MAX_ADDRESS} characters")
    found = tools.page_for(url)
    if not found or found[0].id != tool.id:
        raise InputError("not_a_tool_page", f"the address is not a download or join page of {tool.name}")
    return {"kind": "remote_tool_page", "tool": tool.id, "tool_name": tool.name, "url": url.strip(),
            "page_kind": found[1].kind}


class EvidenceStore:
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_path()

    def _connect(self) -> sqlite3.Connection:
        # One short connection per call: waitress serves on several threads; SQLite serialises writers.
        if not self.path.exists():
            # The records name pages a person was lured to: readable by that person only.
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        conn = sqlite3.connect(self.path, timeout=5)
        conn.row_factory = sqlite3.Row
        conn.executescript(SCHEMA)
        have = {row["name"] for row in conn.execute("PRAGMA table_info(records)")}
        for column, kind in ADDED_COLUMNS.items():
            if column not in have:
                conn.execute(f"ALTER TABLE records ADD COLUMN {column} {kind}")
        return conn

    # settings
    def settings(self) -> dict:
        if not self.path.exists():
            return {"keep_records": True, "path": str(self.path)}
        with closing(self._connect()) as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = 'keep_records'").fetchone()
        return {"keep_records": row is None or row["value"] == "1", "path": str(self.path)}

    def set_keep_records(self, keep: bool) -> dict:
        with closing(self._connect()) as conn, conn:
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('keep_records', ?)",
                         ("1" if keep else "0",))
        return self.settings()

    # records
    def add(self, record: dict) -> tuple[int | None, str]:
        """(id, "") when kept; (None, why) when not: "not_blocked" or "records_off"."""
        if record["verdict"] != "block":
            return None, "not_blocked"
        if not self.settings()["keep_records"]:
            return None, "records_off"
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with closing(self._connect()) as conn, conn:
            cur = conn.execute(
                "INSERT INTO records (created, address, framed_address, title, verdict, score, reasons, phones, "
                "screenshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (created, record["address"], record.get("framed_address", ""), record["title"], record["verdict"],
                 record["score"],
                 json.dumps(record["reasons"], ensure_ascii=False), json.dumps(record["phones"]),
                 record["screenshot"]))
            return cur.lastrowid, ""

    def add_screenshot(self, record_id: int, shot: str) -> str:
        """Attach a screenshot the user asked to keep to an existing record: "" when done, else why not:
        "not_found", "has_screenshot" (a record is not rewritten) or "records_off"."""
        if not self.path.exists():
            return "not_found"
        if not self.settings()["keep_records"]:
            return "records_off"
        with closing(self._connect()) as conn, conn:
            row = conn.execute("SELECT screenshot FROM records WHERE id = ?", (record_id,)).fetchone()
            if row is None:
                return "not_found"
            if row["screenshot"] is not None:
                return "has_screenshot"
            conn.execute("UPDATE records SET screenshot = ? WHERE id = ?", (shot, record_id))
        return ""

    def add_step(self, record_id: int, step: dict) -> tuple[list[dict], str]:
        """Append a step (validate_step) to a record, timed now: (all its steps, "") when kept, else ([], why):
        "not_found", "records_off" or "too_many_steps"."""
        if not self.path.exists():
            return [], "not_found"
        if not self.settings()["keep_records"]:
            return [], "records_off"
        with closing(self._connect()) as conn, conn:
            row = conn.execute("SELECT steps FROM records WHERE id = ?", (record_id,)).fetchone()
            if row is None:
                return [], "not_found"
            steps = json.loads(row["steps"] or "[]")
            if len(steps) >= MAX_STEPS:
                return [], "too_many_steps"
            steps.append({"time": datetime.now(timezone.utc).isoformat(timespec="seconds"), **step})
            conn.execute("UPDATE records SET steps = ? WHERE id = ?", (json.dumps(steps, ensure_ascii=False), record_id))
        return steps, ""

    @staticmethod
    def _row(row: sqlite3.Row, screenshot: bool) -> dict:
        out = {"id": row["id"], "time": row["created"], "address": row["address"],
               "framed_address": row["framed_address"], "title": row["title"],
               "verdict": row["verdict"], "score": row["score"], "reasons": json.loads(row["reasons"]),
               "phones": json.loads(row["phones"]), "has_screenshot": row["screenshot"] is not None,
               "steps": json.loads(row["steps"] or "[]")}
        if screenshot:
            out["screenshot"] = row["screenshot"]
        return out

    def list(self, screenshots: bool = False) -> list[dict]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as conn:
            rows = conn.execute("SELECT * FROM records ORDER BY id DESC").fetchall()
        return [self._row(r, screenshots) for r in rows]

    def get(self, record_id: int, screenshot: bool = True) -> dict | None:
        if not self.path.exists():
            return None
        with closing(self._connect()) as conn:
            row = conn.execute("SELECT * FROM records WHERE id = ?", (record_id,)).fetchone()
        return self._row(row, screenshot) if row else None

    def delete(self, record_id: int | None = None) -> int:
        """Delete one record, or all of them (record_id None). Returns how many went."""
        if not self.path.exists():
            return 0
        with closing(self._connect()) as conn, conn:
            if record_id is None:
                n = conn.execute("DELETE FROM records").rowcount
            else:
                n = conn.execute("DELETE FROM records WHERE id = ?", (record_id,)).rowcount
        if record_id is None:
            with closing(sqlite3.connect(self.path)) as conn:
                conn.execute("VACUUM")   # deleted pages (screenshots) do not linger in the file
        return n

    def seen_phone(self, e164: str) -> list[dict]:
        """Blocked pages that showed this number: when and where."""
        return [{"id": r["id"], "time": r["time"], "address": r["address"]}
                for r in self.list() if e164 in r["phones"]]

    def export_html(self, record_id: int | None = None) -> str | None:
        records = self.list(screenshots=True) if record_id is None else [r for r in [self.get(record_id)] if r]
        if record_id is not None and not records:
            return None
        return render_html(records)


def render_html(records: list[dict]) -> str:
    """A printable, self-contained page (no script, no external resource). Every stored text is escaped."""
    e = lambda s: html.escape(str(s), quote=True)   # noqa: E731
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    parts = [
        "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\">",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'\">",
        "<title>ScamGuard 記録 / evidence record</title><style>body{font-family:sans-serif;margin:2em;"
        "max-width:60em}section{border:1px solid #888;padding:1em;margin:1em 0;page-break-inside:avoid}"
        "code{word-break:break-all}img{max-width:100%;border:1px solid #ccc}th{text-align:left;padding-right:1em}"
        "</style></head><body>",
        "<h1>ScamGuard 記録 / Evidence record</h1>",
        f"<p>作成 / produced: {e(now)} (UTC). この記録はこのパソコンの中だけで作成されました。"
        "This record was made on this computer only; nothing was sent anywhere.</p>",
        "<p>相談先 / where to consult: 警察相談専用電話 <b>#9110</b>、消費者ホットライン <b>188</b>。"
        "記録の住所(URL)は開かないでください。 Do not open the addresses below: they were blocked.</p>",
    ]
    if not records:
        parts.append("<p>記録はありません。 No records.</p>")
    for r in records:
        reasons = "".join(f"<li>{e(x.get('description', ''))} <small>({e(x.get('code', ''))})</small></li>"
                          for x in r["reasons"])
        phones = ", ".join(e(p) for p in r["phones"]) or "—"
        framed = (f"<tr><th>埋め込まれていたページ / framed page</th><td><code>{e(r['framed_address'])}</code></td></tr>"
                  if r.get("framed_address") else "")
        parts.append(
            f"<section><h2>記録 / record #{e(r['id'])}</h2><table>"
            f"<tr><th>日時 / time (UTC)</th><td>{e(r['time'])}</td></tr>"
            f"<tr><th>アドレス / address</th><td><code>{e(r['address'])}</code></td></tr>{framed}"
            f"<tr><th>ページ題名 / title</th><td>{e(r['title']) or '—'}</td></tr>"
            f"<tr><th>判定 / verdict</th><td>{e(r['verdict'])} (score {e(r['score'])})</td></tr>"
            f"<tr><th>表示された電話番号 / phone numbers shown</th><td>{phones}</td></tr></table>"
            f"<h3>理由 / reasons</h3><ul>{reasons}</ul>")
        if r.get("steps"):
            steps = "".join(f"<li>{e(s.get('time', ''))}: 遠隔操作ソフトのページを開いた / opened a remote-control "
                            f"tool's page: <b>{e(s.get('tool_name', s.get('tool', '')))}</b> "
                            f"<code>{e(s.get('url', ''))}</code></li>" for s in r["steps"])
            parts.append(f"<h3>その後の操作 / what happened next (UTC)</h3><ul>{steps}</ul>")
        shot = r.get("screenshot")
        if shot and _PNG_URL.fullmatch(shot):
            parts.append(f"<h3>画面 / screenshot</h3><img alt=\"screenshot\" src=\"{e(shot)}\">")
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)

"""End-to-end support (fixtures are registered by conftest.py): the real helper process, a local web server for made-up hosts, and a fresh Chromium
profile with the unpacked extension per test. Every host name resolves to 127.0.0.1 inside the browser
(--host-resolver-rules), so nothing leaves the machine."""
from __future__ import annotations

import io
import json
import math
import os
import re
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"
# Screenshots always go to test-artifacts/screenshots; SCAMGUARD_UPDATE_SCREENSHOTS=1 writes the committed copies
# in docs/screenshots instead (a plain test run must not modify tracked files).
SCREENSHOTS = (ROOT / "docs" / "screenshots" if os.environ.get("SCAMGUARD_UPDATE_SCREENSHOTS") == "1"
               else ROOT / "test-artifacts" / "screenshots")
SCREENSHOTS.mkdir(parents=True, exist_ok=True)
CHROMIUM = os.environ.get("SCAMGUARD_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Lookalike hosts by family, all judged "block" by the helper's URL engine.
FAMILIES = {
    "typo": ["amazom.co.jp", "amzaon.com", "amazoon.co.jp", "amazn.com"],
    "homoglyph (punycode)": ["xn--mazon-3ve.com", "xn--amazn-mye.co.jp", "xn--mazon-3ve.co.jp"],
    "target embedding": ["amazon.co.jp.secure-login.xyz", "amazon-co-jp.account-verify.net",
                         "amazon.co.jp.signin-check.info"],
    "combosquat": ["amazon-support.jp", "info-amazon-membership.net", "amazon-security-login.com",
                   "secure-amazon-account.top"],
}


# ---- the helper -------------------------------------------------------------------------------------------

class Helper:
    """The real helper (`python -m helper serve`) on a free port; stop() and start() again on the same port."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        # Its own folder: the evidence records never land in the user's home, and stderr goes to a file (an
        # unread pipe fills up on a long run and blocks the helper).
        self.dir = Path(tempfile.mkdtemp(prefix="scamguard-e2e-helper-"))
        self.evidence_db = self.dir / "evidence.sqlite3"
        self.log = self.dir / "helper.log"

    def start(self) -> "Helper":
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "helper", "--evidence-db", str(self.evidence_db), "serve",
                                          "--host", "127.0.0.1", "--port", str(self.port)],
                                         cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"helper exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                if requests.get(self.url + "/v1/health", timeout=0.5).json().get("status") == "ok":
                    return self
            except (requests.RequestException, ValueError):
                pass
            time.sleep(0.1)
        raise RuntimeError("helper did not answer /v1/health within 30 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None


@pytest.fixture(scope="session")
def helper():
    h = Helper().start()
    yield h
    h.stop()
    shutil.rmtree(h.dir, ignore_errors=True)


# ---- the fixture web server -------------------------------------------------------------------------------

def beep_wav() -> bytes:
    """One second of a 880 Hz alarm tone: our own sound, made here."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 880 * i / 8000)))
                               for i in range(8000)))
    return buf.getvalue()


LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="28" font-size="24">amazon</text></svg>'


STREAM_PAUSE = b"<!--e2e:pause-->"


class Site:
    """Serves e2e/fixtures for any Host; counts requests per host name and keeps the pages' own log beacons."""

    def __init__(self):
        self.requests: Counter[str] = Counter()
        self.paths: Counter[tuple[str, str]] = Counter()
        self.events: dict[str, list[dict]] = defaultdict(list)
        self.served_as: dict[str, str] = {}     # path -> fixture file, for paths that are not a fixture's name
        self.received: list[dict] = []          # every request as it came: host, path, method, content type, body
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _serve(self):
                host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
                parts = urlsplit(self.path)
                with site.lock:
                    site.requests[host] += 1
                    site.paths[host, parts.path] += 1
                    if parts.path == "/__log":
                        site.events[host].append({k: v[0] for k, v in parse_qs(parts.query).items()})
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with site.lock:
                    site.received.append({"host": host, "path": parts.path, "query": parts.query,
                                          "method": self.command, "type": self.headers.get("Content-Type") or "",
                                          "body": body})
                if parts.path == "/go":          # a short link: 302 to wherever ?to= says
                    self.send_response(302)
                    self.send_header("Location", parse_qs(parts.query)["to"][0])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body, kind = site.body_for(parts.path)
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if self.command != "HEAD":
                    # A page marked <!--e2e:pause--> is streamed: the part before the mark, two seconds, the rest.
                    first, mark, rest = body.partition(STREAM_PAUSE)
                    self.wfile.write(first + mark)
                    if mark:
                        self.wfile.flush()
                        time.sleep(2)
                    self.wfile.write(rest)

            do_GET = do_POST = do_HEAD = _serve

        self.beep = beep_wav()
        self.server = serve(Handler)
        self.port = self.server.server_address[1]
        # HTTPS too, with a throwaway self-signed certificate: Amazon's own names are HSTS-preloaded.
        self.tls_server = serve(Handler, tls=True)
        self.tls_port = self.tls_server.server_address[1]

    def body_for(self, path: str) -> tuple[bytes, str]:
        if path.startswith("/__ext/"):         # the extension's files as a plain site, for fake-API page tests
            file = (EXTENSION / path[len("/__ext/"):]).resolve()
            if EXTENSION in file.parents and file.is_file():
                kinds = {".js": "text/javascript", ".html": "text/html; charset=utf-8", ".css": "text/css",
                         ".json": "application/json", ".png": "image/png"}
                return file.read_bytes(), kinds.get(file.suffix, "application/octet-stream")
        if path == "/beep.wav":
            return self.beep, "audio/wav"
        if path == "/logo.svg":
            return LOGO, "image/svg+xml"
        if path == "/__log":
            return b"", "text/plain"
        name = self.served_as.get(path, path.strip("/"))
        if re.fullmatch(r"[a-z0-9-]+\.(html|js)", name) and (FIXTURES / name).is_file():
            kind = "text/html; charset=utf-8" if name.endswith(".html") else "text/javascript"
            return (FIXTURES / name).read_bytes(), kind
        return (FIXTURES / "lookalike.html").read_bytes(), "text/html; charset=utf-8"

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def https_url(self, host: str, path: str = "/") -> str:
        return f"https://{host}:{self.tls_port}{path}"

    def count(self, host: str) -> int:
        with self.lock:
            return self.requests[host.lower()]

    def count_path(self, host: str, path: str) -> int:
        with self.lock:
            return self.paths[host.lower(), path]

    def received_by(self, host: str) -> list[dict]:
        with self.lock:
            return [r for r in self.received if r["host"] == host.lower()]

    def events_for(self, host: str) -> list[dict]:
        with self.lock:
            return list(self.events[host.lower()])


def self_signed_context():
    import ssl
    folder = tempfile.mkdtemp(prefix="scamguard-tls-")
    key, cert = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=e2e.invalid",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    shutil.rmtree(folder, ignore_errors=True)
    return context


def serve(handler, tls: bool = False) -> ThreadingHTTPServer:
    """A threaded HTTP server (HTTPS with a throwaway self-signed certificate when `tls`) for `handler` on a free
    loopback port, serving from a daemon thread until shut down."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls:
        server.socket = self_signed_context().wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def site():
    s = Site()
    yield s
    s.server.shutdown()
    s.tls_server.shutdown()


# ---- the browser ------------------------------------------------------------------------------------------

BROWSER_ARGS = [
    # Every name is ours and local; 127.0.0.1 itself (the helper and the site) is an IP literal and unaffected.
    "--host-resolver-rules=MAP * 127.0.0.1, EXCLUDE localhost",
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required",
]


# Playwright turns off protections every user's Chromium has: the pop-up blocker, IPC flooding protection (it
# rate-limits history.pushState floods) and the hang monitor. Tests of hostile pages put them back.
USER_PROTECTIONS = ["--disable-popup-blocking", "--disable-ipc-flooding-protection", "--disable-hang-monitor"]


class Browser:
    def __init__(self, pw, helper_url: str | None, extension: bool = True, lang: str = "en-US",
                 user_protections: bool = False, profile: str | None = None):
        # A profile passed in outlives this browser (a restart test opens it again); its owner removes it.
        self.own_profile = profile is None
        self.profile = profile or tempfile.mkdtemp(prefix="scamguard-e2e-")
        args = list(BROWSER_ARGS) + [f"--lang={lang}"]
        if extension:
            args += [f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}"]
        self.ctx = pw.chromium.launch_persistent_context(self.profile, executable_path=CHROMIUM, headless=True,
                                                         args=args, locale=lang, viewport={"width": 1100, "height": 900},
                                                         ignore_https_errors=True,
                                                         ignore_default_args=USER_PROTECTIONS if user_protections else None)
        self.ctx.set_default_timeout(15000)
        self.page = self.ctx.pages[0] if self.ctx.pages else self.ctx.new_page()
        self.sw = None
        self.ext_id = None
        if extension:
            self.sw = self.wait_worker()
            self.ext_id = self.sw.url.split("/")[2]
            if helper_url:
                self.sw_eval(f"chrome.storage.local.set({{helperUrl: {json.dumps(helper_url)}}})")

    def wait_worker(self, timeout: float = 15):
        sw = self.ctx.service_workers[0] if self.ctx.service_workers else self.ctx.wait_for_event("serviceworker")
        deadline = time.monotonic() + timeout
        while not sw.evaluate("globalThis.ready === true"):
            if time.monotonic() > deadline:
                raise TimeoutError("the service worker never became ready")
            self.page.wait_for_timeout(20)
        return sw

    def sw_eval(self, expression: str):
        """Evaluate in the service worker, re-finding it if Chromium stopped and restarted it."""
        for attempt in range(3):
            try:
                return self.sw.evaluate(expression)
            except Exception:
                if attempt == 2:
                    raise
                self.page.wait_for_timeout(200)
                workers = [w for w in self.ctx.service_workers if self.ext_id in w.url]
                if workers:
                    self.sw = workers[-1]

    def ext_url(self, path: str) -> str:
        return f"chrome-extension://{self.ext_id}/{path}"

    def goto(self, url: str, page=None):
        """Navigations the extension redirects abort Playwright's own wait; that is expected."""
        page = page or self.page
        try:
            page.goto(url, wait_until="load")
        except Exception as error:   # net::ERR_ABORTED when the extension replaces the navigation
            if "ERR_ABORTED" not in str(error) and "interrupted" not in str(error) and "frame was detached" not in str(error):
                raise

    def wait_url(self, page, pattern: str, timeout: float = 10):
        deadline = time.monotonic() + timeout
        while not re.search(pattern, page.url):
            if time.monotonic() > deadline:
                raise AssertionError(f"page stayed on {page.url}, expected {pattern}")
            page.wait_for_timeout(25)

    def blocked_codes(self, page=None, timeout: float = 12) -> list[str]:
        """Wait for the interstitial in `page` (the main page by default) and return the reason codes it lists."""
        page = page or self.page
        self.wait_url(page, BLOCKED_PAGE, timeout)
        return shown_codes(page)

    def tab_id(self, page=None) -> int:
        page = page or self.page
        page.bring_to_front()
        return self.sw_eval("chrome.tabs.query({active: true, lastFocusedWindow: true}).then(t => t[0].id)")

    def badge(self, tab_id: int) -> str:
        return self.sw_eval(f"chrome.action.getBadgeText({{tabId: {tab_id}}})")

    def page_checks(self, tab_id: int) -> int:
        """How many times the extension asked the helper about this tab's page (its own session counter)."""
        return self.sw_eval(f"chrome.storage.session.get('checks:{tab_id}').then(r => r['checks:{tab_id}'] ?? 0)")

    def wait_page_checked(self, tab_id: int, timeout: float = 5) -> None:
        deadline = time.monotonic() + timeout
        while self.page_checks(tab_id) < 1:
            if time.monotonic() > deadline:
                raise AssertionError("the page was never checked")
            self.page.wait_for_timeout(50)

    def badge_becomes(self, tab_id: int, text: str, timeout: float = 5) -> None:
        """The badge is painted after the navigation commits: wait for it rather than read it once."""
        deadline = time.monotonic() + timeout
        while self.badge(tab_id) != text:
            if time.monotonic() > deadline:
                raise AssertionError(f"badge is {self.badge(tab_id)!r}, expected {text!r}")
            self.page.wait_for_timeout(50)

    def close(self):
        try:
            self.ctx.close()
        finally:
            if self.own_profile:
                shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="session")
def pw():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture
def browser(pw, helper):
    b = Browser(pw, helper.url)
    yield b
    b.close()


@pytest.fixture
def guarded(pw, helper):
    """A browser with the user's protections on (the scareware-loop guards of the options page)."""
    b = Browser(pw, helper.url, user_protections=True)
    yield b
    try:
        b.close()
    except Exception:      # a page dropped with a dialog open makes the first close fail; the second closes
        b.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# ---- measured numbers, printed at the end of the run and saved for docs/EXTENSION.md -------------------------

METRICS: dict[str, object] = {}
BLOCKED_PAGE = r"^chrome-extension://[a-z]+/blocked\.html"


def shown_codes(page) -> list[str]:
    """The reason codes the interstitial lists, once it has drawn them."""
    page.locator(".reasons li[data-code]").first.wait_for()
    return page.locator(".reasons li[data-code]").evaluate_all("els => els.map(e => e.dataset.code)")


def poll(page, expression: str, timeout: float = 10) -> None:
    """wait_for_function evaluates a string, which the extension pages' CSP forbids; evaluate() does not."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(25)


def wait_event(site: "Site", host: str, name: str, timeout: float = 10) -> None:
    """Wait until a page on `host` has sent the log beacon `name` (fixtures report their steps to /__log)."""
    deadline = time.monotonic() + timeout
    while name not in [e["e"] for e in site.events_for(host)]:
        assert time.monotonic() < deadline, (name, site.events_for(host))
        time.sleep(0.05)


def navigation_ms(b: "Browser", site, i: int) -> float:
    """One navigation to the benign local page (a fresh query each time, so nothing is served from cache)."""
    start = time.perf_counter()
    b.page.goto(site.url("benign-shop.example", f"/benign.html?r={i}"), wait_until="load")
    elapsed = (time.perf_counter() - start) * 1000
    assert b.page.title() == "Corner Bookshop"
    return elapsed


def alternating_medians(browsers: dict[str, "Browser"], site, rounds: int = 28, warmup: int = 3) -> dict[str, float]:
    """Median navigation time of each browser, the browsers taking turns (the order flips every round) so that load
    from anything else on the machine hits all of them alike; the first `warmup` rounds are not counted."""
    names = list(browsers)
    timings: dict[str, list[float]] = {name: [] for name in names}
    for i in range(rounds):
        for name in names if i % 2 else names[::-1]:
            ms = navigation_ms(browsers[name], site, i)
            if i >= warmup:
                timings[name].append(ms)
    return {name: statistics.median(values) for name, values in timings.items()}


class Popup:
    """The real toolbar popup, opened with CDP Extensions.triggerAction on the tab (the equivalent of a click)
    and driven through raw CDP, since popups are not Playwright pages."""

    def __init__(self, browser: Browser, page):
        self.browser = browser
        self.page = page
        self.cdp = browser.ctx.browser.new_browser_cdp_session()
        self.replies: dict[int, dict] = {}
        self.pending_shots: list = []
        self.next_id = 0
        self.cdp.on("Target.receivedMessageFromTarget", self._on_message)
        tab_url = page.url
        tabs = self.cdp.send("Target.getTargets", {"filter": [{"type": "tab"}]})["targetInfos"]
        page_targets = {t["targetId"] for t in self.cdp.send("Target.getTargets")["targetInfos"] if t["url"] == tab_url}
        tab = next((t for t in tabs if t["url"] == tab_url), None) or tabs[0]
        assert page_targets or tab
        before = {t["targetId"] for t in self.cdp.send("Target.getTargets")["targetInfos"]}
        self.cdp.send("Extensions.triggerAction", {"id": browser.ext_id, "targetId": tab["targetId"]})
        deadline = time.monotonic() + 10
        target = None
        while target is None:        # a new popup target (the previous popup may still be closing)
            targets = self.cdp.send("Target.getTargets")["targetInfos"]
            target = next((t for t in targets if t["url"].endswith("/popup.html") and t["targetId"] not in before), None)
            if time.monotonic() > deadline:
                raise AssertionError("the popup did not open")
            page.wait_for_timeout(25)
        self.target_id = target["targetId"]
        self.session = self.cdp.send("Target.attachToTarget", {"targetId": self.target_id, "flatten": False})["sessionId"]

    def _on_message(self, event):
        message = json.loads(event["message"])
        if "id" in message:
            self.replies[message["id"]] = message

    def call(self, method: str, params: dict | None = None, timeout: float = 10) -> dict:
        self.next_id += 1
        ident = self.next_id
        self.cdp.send("Target.sendMessageToTarget", {"sessionId": self.session, "message": json.dumps(
            {"id": ident, "method": method, "params": params or {}})})
        deadline = time.monotonic() + timeout
        while ident not in self.replies:
            if time.monotonic() > deadline:
                raise AssertionError(f"no answer to {method}")
            self.page.wait_for_timeout(20)
        reply = self.replies.pop(ident)
        assert "error" not in reply, reply
        return reply["result"]

    def eval(self, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        return result["result"].get("value")

    def wait(self, expression: str, timeout: float = 10):
        deadline = time.monotonic() + timeout
        while not self.eval(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"popup: still false: {expression}")
            self.page.wait_for_timeout(25)

    def screenshot(self, path: Path, from_selector: str | None = None):
        """The whole popup, or from `from_selector`'s top to its end. A popup's viewport is at most 600 px tall and
        cannot be resized (a capture beyond it repeats its top; one of the viewport cuts lines), so what it drew
        (body and field values) is kept and, once the popup is closed (a new tab would close it), put into
        popup.html opened in a tab as wide as the popup and captured whole."""
        self.pending_shots.append((path, from_selector, self.eval("""[Math.ceil(document.body.getBoundingClientRect().right),
            document.body.innerHTML, [...document.querySelectorAll('textarea, input')].map((e) => e.value)]""")))

    def _render_shots(self):
        for path, from_selector, (width, body, values) in self.pending_shots:
            tab = self.browser.ctx.new_page()
            try:
                tab.set_viewport_size({"width": width, "height": 600})
                tab.goto(self.browser.ext_url("popup.html?tab=0"))
                poll(tab, "document.body.dataset.ready === 'true'")
                tab.evaluate("""([body, values]) => { document.body.innerHTML = body;
                    [...document.querySelectorAll('textarea, input')].forEach((e, i) => { e.value = values[i] ?? ''; }); }""",
                             [body, values])
                top = tab.evaluate(f"Math.floor(document.querySelector({json.dumps(from_selector)}).getBoundingClientRect().top)"
                                   if from_selector else "0")
                height = tab.evaluate("document.documentElement.scrollHeight") - top
                tab.screenshot(path=str(path), clip={"x": 0, "y": top, "width": width, "height": height}, full_page=True)
            finally:
                tab.close()
        self.pending_shots = []

    def close(self):
        try:
            self.call("Runtime.evaluate", {"expression": "window.close()"}, timeout=2)
        except Exception:
            pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(
                t["targetId"] == self.target_id for t in self.cdp.send("Target.getTargets")["targetInfos"]):
            self.page.wait_for_timeout(25)
        self.cdp.detach()
        self._render_shots()

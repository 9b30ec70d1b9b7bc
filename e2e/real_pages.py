"""Real pages of the corpus (helper/page_corpus.py, /work/corpus/pages) in real Chromium with the real extension
and the real helper, next to the static check of the same saved file.

Each saved page (.html; quoted .txt texts have no page to show) is served from 127.0.0.1 under a made-up neutral
host and a random path (every name resolves to 127.0.0.1 inside the browser), or under the Amazon host its
manifest names (served_on, over HTTPS: Amazon's names are HSTS-preloaded); a genuine Amazon page is shown twice,
on its own host and on a neutral one (a perfect clone there). The files a page loads beside itself (its kit's
scripts, style sheets, images) are served from the repository snapshot its origin names (/work/.mirror, as the
search tool's fetch leaves it), PHP blanked as in the corpus; anything else is a 404. Nothing leaves the machine.

Two runs per scam page, each in a fresh tab: without any click (does the content alone stop it within 12 s?),
and with one click on the middle of the page right after it loaded (stopped within 12 s of the click?). Benign
pages get the click run (the worst case for a false alarm). Each run ends as stopped (the interstitial, in the
tab or a pop-up it opened), warned (the tab's verdict is warn: the notice bar) or allowed. The static verdict is
`Engine().verdict` on `extract_page` of the same file at the same address (what `scamguard check --html` does).

    .venv/bin/python -m e2e.real_pages [--pages /work/corpus/pages] [--only FAMILY] [--json out.json] [--limit N]
    .venv/bin/python -m e2e.real_pages --table out.json      # the figures of a saved run again

prints a table per family and language, tune and report halves, and the agreement with the static check. The
e2e test (e2e/test_real_pages.py) runs a small fixed sample and skips when the corpus is absent.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import os
import random
import re
import string
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from posixpath import dirname, normpath
from urllib.parse import unquote, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from helper import page_corpus  # noqa: E402

CORPUS = Path(os.environ.get("SCAMGUARD_PAGE_CORPUS", "/work/corpus/pages"))
MIRRORS = Path(os.environ.get("SCAMGUARD_MIRRORS", "/work/.mirror"))
STOP_WITHIN = 12.0           # seconds, as the targets say
PHP = re.compile(r"<\?(?:php|=)?.*?(?:\?>|\Z)", re.S)
BLOCKED = re.compile(r"^chrome-extension://[a-z]+/blocked\.html")
ORIGIN = re.compile(r"([\w.-]+/[\w.-]+)@([0-9a-f]{7,40}):(.+)")
WORDS = ["maple", "harbor", "lumen", "cobalt", "fern", "quarry", "tidal", "ember", "willow", "pixel", "orbit",
         "basil", "cedar", "delta", "summit", "meadow", "copper", "lantern", "prairie", "atlas"]


def corpus_present(pages: Path = CORPUS) -> bool:
    return pages.is_dir() and bool(page_corpus.manifests(pages))


def html_entries(pages: Path = CORPUS) -> list[page_corpus.Entry]:
    return [e for e in page_corpus.read_corpus(pages) if e.path.suffix.lower() in (".html", ".htm")]


# ---- serving ----------------------------------------------------------------------------------------------

def _git_dir(repo: str) -> Path | None:
    base = MIRRORS / repo.replace("/", "+") / "repo"
    if (base / ".git").is_dir():
        base = base / ".git"
    return base if (base / "HEAD").exists() else None


@dataclass
class Served:
    entry: page_corpus.Entry
    host: str
    path: str                       # the page's random path
    url: str
    origin: tuple[Path, str, str] | None    # git dir, commit, directory of the page inside the repository


class CorpusSite:
    """HTTP and HTTPS on 127.0.0.1 for any Host: one saved page per host, its kit's files beside it."""

    def __init__(self):
        self.by_host: dict[str, Served] = {}
        self.lock = threading.Lock()
        self.rng = random.Random(int(os.environ.get("SCAMGUARD_REAL_PAGES_SEED", "0")) or None)
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _serve(self):
                host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                body, kind = site.body_for(host, urlsplit(self.path).path)
                self.send_response(200 if body is not None else 404)
                body = body if body is not None else b""
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if self.command != "HEAD":
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):   # the page went away (it was stopped)
                        pass

            do_GET = do_POST = do_HEAD = _serve

        from e2e.support import serve
        self.server = serve(Handler)
        self.port = self.server.server_address[1]
        self.tls_server = serve(Handler, tls=True)
        self.tls_port = self.tls_server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.tls_server.shutdown()

    def _token(self, n: int) -> str:
        return "".join(self.rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))

    def neutral_host(self) -> str:
        return f"www.{self.rng.choice(WORDS)}-{self.rng.choice(WORDS)}{self.rng.randint(2, 99)}.com"

    def add(self, entry: page_corpus.Entry, host: str | None = None) -> Served:
        """Serve the entry under `host` (its served_on) or a fresh neutral one, at a random path."""
        with self.lock:
            own = host is not None
            host = (host or self.neutral_host()).lower()
            while not own and host in self.by_host:
                host = self.neutral_host()
            path = f"/{self._token(6)}/{self._token(8)}.html"
            url = (f"https://{host}:{self.tls_port}{path}" if own else f"http://{host}:{self.port}{path}")
            origin = None
            m = ORIGIN.fullmatch(entry.origin)
            if m and (gd := _git_dir(m.group(1))):
                origin = (gd, m.group(2), dirname(m.group(3)))
            served = Served(entry, host, path, url, origin)
            self.by_host[host] = served
            return served

    def body_for(self, host: str, path: str) -> tuple[bytes | None, str]:
        with self.lock:
            served = self.by_host.get(host)
        if served is None:
            return None, "text/plain"
        if path == served.path:
            return served.entry.path.read_bytes(), "text/html; charset=utf-8"
        if served.origin is None:
            return None, "text/plain"
        gd, commit, page_dir = served.origin
        path = unquote(path)
        prefix = dirname(served.path) + "/"
        # Relative to the page (under its random folder), else from the repository's root (the kit's site root).
        rel = f"{page_dir}/{path[len(prefix):]}" if path.startswith(prefix) else path
        inside = normpath(rel.lstrip("/"))
        if inside.startswith("..") or inside in ("", "."):
            return None, "text/plain"
        got = subprocess.run(["git", "--git-dir", str(gd), "show", f"{commit}:{inside}"], capture_output=True)
        if got.returncode != 0:
            return None, "text/plain"
        data = got.stdout
        kind = mimetypes.guess_type(inside)[0] or "application/octet-stream"
        if inside.lower().endswith(".php"):
            data = PHP.sub("<!--php-removed-->", data.decode("utf-8", "replace")).encode("utf-8")
            kind = "text/html"
        if kind.startswith("text/") or kind in ("application/javascript", "text/javascript"):
            kind += "; charset=utf-8"
        return data, kind


class RecordingProxy:
    """Stands between the extension and the real helper and keeps the last page each host's tab sent, so a
    disagreement can be explained (what the browser read against what the saved file holds)."""

    def __init__(self, helper_url: str):
        self.helper_url = helper_url
        self.pages: dict[str, dict] = {}
        self.log: list[tuple[str, str, int]] = []       # (method, path, status) of every request
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if self.path.startswith("/v1/verdict") and body:
                    try:
                        sent = json.loads(body)
                        if isinstance(sent.get("page"), dict):
                            host = (urlsplit(str(sent.get("url"))).hostname or "").lower()
                            with proxy.lock:
                                proxy.pages[host] = sent["page"]
                    except ValueError:
                        pass
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                try:
                    r = requests.request(self.command, proxy.helper_url + self.path, data=body, headers=headers,
                                         timeout=10)
                    status, data, kind = r.status_code, r.content, r.headers.get("Content-Type", "application/json")
                except requests.RequestException:
                    status, data, kind = 502, b"", "text/plain"
                with proxy.lock:
                    proxy.log.append((self.command, self.path, status))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

        from e2e.support import serve
        self.server = serve(Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def page_for(self, host: str) -> dict | None:
        with self.lock:
            return self.pages.get(host.lower())

    def close(self):
        self.server.shutdown()


# ---- one page in the browser ------------------------------------------------------------------------------

@dataclass
class Run:
    folder: str
    file: str
    family: str                     # the family it counts in (a genuine page on a neutral host: amazon_clone)
    lang: str
    source: str
    half: str
    malicious: bool
    url: str
    static: str                     # the static check's verdict at the same address
    static_codes: list[str] = field(default_factory=list)
    no_click: str | None = None     # stopped | warned | allowed (scam pages only)
    no_click_s: float | None = None
    click: str | None = None        # stopped | warned | allowed
    click_s: float | None = None    # seconds from the click to the interstitial
    codes: list[str] = field(default_factory=list)
    sent_text: int | None = None    # characters of text the browser sent (None: it never asked)
    sent: dict | None = None        # what it sent (text cut to 2,000 characters, markup left out), to explain a miss
    error: str = ""

    @property
    def browser(self) -> str:
        """The browser's verdict in the static check's words: stopped in either run is a block (the static check
        sees no click; a click can also take the page away before its check, e.g. onto a sign-in form's button)."""
        runs = (self.no_click, self.click)
        for state, verdict in (("stopped", "block"), ("warned", "warn"), ("allowed", "allow")):
            if state in runs:
                return verdict
        return "error"


def _blocked_page(pages):
    for p in pages:
        try:
            if BLOCKED.search(p.url):
                return p
        except Exception:
            continue
    return None


def _tab_state(browser, page) -> dict | None:
    try:
        tab = browser.tab_id(page)
        return browser.sw_eval(f"chrome.storage.session.get('tab:{tab}').then(r => r['tab:{tab}'] ?? null)")
    except Exception:
        return None


def show(browser, url: str, click: bool, within: float = STOP_WITHIN) -> tuple[str, float | None, list[str]]:
    """One fresh tab on `url`: (stopped|warned|allowed, seconds to the interstitial, reason codes)."""
    ctx = browser.ctx
    _close_others(browser)          # a pop-up a previous page opened late is not this page's doing
    _pause(browser, [], 300)
    _close_others(browser)
    page = ctx.new_page()
    # This tab and every tab opened while it is shown (its pop-ups, or the fresh tab the extension moves a held
    # page's interstitial to): where its interstitial can appear.
    mine = [page]

    def on_page(p):
        mine.append(p)
    ctx.on("page", on_page)
    page.on("dialog", lambda d: d.dismiss())
    try:
        try:
            page.goto(url, wait_until="domcontentloaded", timeout=15000)
        except Exception as error:   # the extension replaced the navigation, or a page that never finishes
            if not any(s in str(error) for s in ("ERR_ABORTED", "interrupted", "detached", "Timeout")):
                raise
        start = time.monotonic()
        if click and not _blocked_page(mine):
            try:
                page.mouse.click(550, 450)
            except Exception:
                pass
            start = time.monotonic()
        while time.monotonic() - start < within:
            stopped = _blocked_page(mine)
            if stopped:
                took = time.monotonic() - start
                codes = []
                try:
                    stopped.locator(".reasons li[data-code]").first.wait_for(timeout=5000)
                    codes = stopped.locator(".reasons li[data-code]").evaluate_all("els => els.map(e => e.dataset.code)")
                except Exception:
                    pass
                return "stopped", round(took, 2), codes
            _pause(browser, mine)
        state = _tab_state(browser, page) if not page.is_closed() else None
        codes = [r.get("code") for r in ((state or {}).get("verdict") or {}).get("reasons", [])]
        return ("warned" if (state or {}).get("status") == "warn" else "allowed"), None, codes
    finally:
        ctx.remove_listener("page", on_page)
        _close_others(browser)


def _pause(browser, pages, ms: int = 100) -> None:
    """Let Playwright take its events for a moment, on a page still open (the extension may close the tab it
    stops, moving the interstitial to a fresh one)."""
    for p in [browser.page, *pages]:
        try:
            if not p.is_closed():
                p.wait_for_timeout(ms)
                return
        except Exception:
            continue
    time.sleep(ms / 1000)


def _close_others(browser):
    for p in list(browser.ctx.pages):
        if p is not browser.page:
            try:
                p.close()
            except Exception:
                pass


def static_verdict(engine, entry: page_corpus.Entry, url: str) -> tuple[str, list[str]]:
    v = engine.verdict(url, page_corpus.page_of(entry, url))
    return v["verdict"], [r["code"] for r in v["reasons"]]


def runs_for(entry: page_corpus.Entry) -> list[tuple[str | None, str, bool]]:
    """(served_on host or None for neutral, family counted in, malicious) — as page_corpus.judge does."""
    if entry.family == "genuine_amazon":
        return [(entry.served_on, "genuine_amazon", False), (None, "amazon_clone", True)]
    return [(entry.served_on or None, entry.family, entry.malicious)]


def measure(pw, helper_url: str, entries: list[page_corpus.Entry], log=print, restart_every: int = 15) -> list[Run]:
    from e2e.support import Browser
    from helper.engine import Engine

    engine = Engine()
    site = CorpusSite()
    proxy = RecordingProxy(helper_url)
    out: list[Run] = []
    browser, since = None, 0
    try:
        for entry in entries:
            for host, family, malicious in runs_for(entry):
                if browser is not None and since >= restart_every:     # a long-lived profile drifts
                    browser.close()
                    browser = None
                since += 1
                for attempt in (1, 2):          # a crashed tab or browser: a new browser, once more
                    if browser is None:
                        browser, since = Browser(pw, proxy.url), 0
                    served = site.add(entry, host)
                    static, scodes = static_verdict(engine, entry, served.url)
                    run = Run(entry.folder, entry.file, family, entry.lang, entry.source, entry.half, malicious,
                              served.url, static, scodes)
                    try:
                        codes = []
                        if malicious:
                            run.no_click, run.no_click_s, codes = show(browser, served.url, click=False)
                            served = site.add(entry, host)      # a fresh host: no cache, no pass, no state
                            if run.no_click == "stopped":
                                # A stopped page may leave the extension busy with its tab (a held page is
                                # discarded and its interstitial moved): the next run gets a fresh browser.
                                browser.close()
                                browser, since = Browser(pw, proxy.url), 0
                        run.click, run.click_s, codes2 = show(browser, served.url, click=True)
                        if run.click == "stopped":
                            browser.close()
                            browser = None
                        run.codes = codes2 or codes
                        sent = proxy.page_for(served.host)
                        run.sent_text = len(sent.get("text", "")) if sent else None
                        if sent:
                            run.sent = {k: (v[:2000] if k == "text" else v) for k, v in sent.items() if k != "markup"}
                        break
                    except Exception as error:
                        run.error = f"{type(error).__name__}: {str(error)[:200]}"
                        try:
                            browser.close()
                        except Exception:
                            pass
                        browser = None
                out.append(run)
                log(f"{len(out):3} {run.family:16} {run.half:6} static={run.static:5} no_click={run.no_click} "
                    f"click={run.click} ({run.click_s}) sent={run.sent_text} {run.folder}/{run.file} {run.error}")
    finally:
        if browser:
            browser.close()
        site.close()
        proxy.close()
    return out


# ---- figures ----------------------------------------------------------------------------------------------

def _pct(k: int, n: int) -> str:
    return f"{k}/{n} ({k / n:.0%})" if n else "-"


def table(runs: list[Run]) -> str:
    groups: dict[tuple, list[Run]] = defaultdict(list)
    for r in runs:
        for lang in ("all", r.lang):
            for half in ("all", r.half):
                groups[(r.family, lang, half)].append(r)
    order = {f: i for i, f in enumerate(page_corpus.FAMILIES)}
    lines = ["| family | lang | half | n | stopped ≤ 12 s of one click | stopped without a click | warned | allowed "
             "| static blocked | agree with static |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key in sorted(groups, key=lambda k: (order.get(k[0], 99), k[1] != "all", k[1], k[2] != "all", k[2])):
        rs = groups[key]
        n = len(rs)
        stopped = sum(r.click == "stopped" or r.no_click == "stopped" for r in rs)
        lines.append(f"| {key[0]} | {key[1]} | {key[2]} | {n} | {_pct(stopped, n)} | "
                     f"{_pct(sum(r.no_click == 'stopped' for r in rs), n) if rs[0].malicious else '-'} | "
                     f"{_pct(sum(r.browser == 'warn' for r in rs), n)} | {_pct(sum(r.browser == 'allow' for r in rs), n)} | "
                     f"{_pct(sum(r.static == 'block' for r in rs), n)} | {_pct(sum(r.browser == r.static for r in rs), n)} |")
    return "\n".join(lines)


def agreement(runs: list[Run]) -> str:
    n = len(runs)
    same = sum(r.browser == r.static for r in runs)
    stop_same = sum((r.browser == "block") == (r.static == "block") for r in runs)
    return (f"agreement with the static check: {_pct(same, n)} same verdict (block/warn/allow); "
            f"{_pct(stop_same, n)} same stopped-or-not")


def disagreements(runs: list[Run]) -> list[str]:
    return [f"  {r.family:15} {r.half:6} static={r.static:5} browser={r.browser:5} sent_text={r.sent_text} "
            f"{r.folder}/{r.file} static={r.static_codes} browser={r.codes} {r.error}"
            for r in runs if r.browser != r.static]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, default=CORPUS)
    ap.add_argument("--only", action="append", help="a family or folder to run (repeatable)")
    ap.add_argument("--limit", type=int, help="at most N pages")
    ap.add_argument("--json", type=Path, help="write every run here")
    ap.add_argument("--table", type=Path, metavar="JSON", help="print the figures of a saved --json run, run nothing")
    a = ap.parse_args(argv)
    if a.table:
        runs = [Run(**r) for r in json.loads(a.table.read_text(encoding="utf-8"))]
        print(table(runs) + "\n\n" + agreement(runs))
        dis = disagreements(runs)
        print("disagreements:\n" + "\n".join(dis) if dis else "no disagreements")
        return 0
    if not corpus_present(a.pages):
        print(f"no corpus at {a.pages}", file=sys.stderr)
        return 2
    entries = html_entries(a.pages)
    if a.only:
        entries = [e for e in entries if e.family in a.only or e.folder in a.only
                   or (e.family == "genuine_amazon" and "amazon_clone" in a.only)]
    entries = entries[: a.limit] if a.limit else entries
    from e2e.support import Helper
    from playwright.sync_api import sync_playwright
    helper = Helper().start()
    try:
        with sync_playwright() as pw:
            runs = measure(pw, helper.url, entries, log=lambda s: print(s, flush=True))
    finally:
        helper.stop()
    print(f"\ncorpus: {a.pages} ({len(entries)} html pages, {len(runs)} runs)\n")
    print(table(runs))
    print("\n" + agreement(runs))
    dis = disagreements(runs)
    if dis:
        print("disagreements:\n" + "\n".join(dis))
    if a.json:
        a.json.write_text(json.dumps([asdict(r) for r in runs], indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

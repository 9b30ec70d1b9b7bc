"""A page stopped by its own check stays explained: the judgement of its bare address, asked when the navigation
began, may come back after the page has loaded, been checked and been stopped. It must not replace the page's
verdict (the interstitial, reloaded, would then say nothing was found, and "proceed" would carry no reasons).

The real helper sits behind a small relay that holds every address-only verdict until the page's own verdict
has been answered (within the extension's 1.5 s helper timeout), so the late answer comes every time."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from e2e.support import BLOCKED_PAGE as BLOCKED, Browser, free_port

HOLD_S = 1.2   # under the extension's helper timeout: the address verdict arrives late, not never


class Relay:
    """Forwards to the helper; POST /v1/verdict without a page waits until a verdict with a page was answered."""

    def __init__(self, helper_url: str):
        self.helper_url = helper_url
        self.page_answered = threading.Event()
        self.late_answers = 0
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self, method: str):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) if method == "POST" else None
                with_page = False
                if method == "POST" and self.path == "/v1/verdict":
                    with_page = "page" in json.loads(body or b"{}")
                    if not with_page and relay.page_answered.wait(HOLD_S):
                        relay.late_answers += 1
                answer = requests.request(method, relay.helper_url + self.path, data=body, timeout=10,
                                          headers={"Content-Type": self.headers.get("Content-Type", "application/json")})
                self.send_response(answer.status_code)
                self.send_header("Content-Type", answer.headers.get("Content-Type", "application/json"))
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)
                if with_page:
                    time.sleep(0.05)
                    relay.page_answered.set()

            def do_GET(self):
                self._forward("GET")

            def do_POST(self):
                self._forward("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def relayed(pw, helper):
    relay = Relay(helper.url)
    browser = Browser(pw, relay.url)
    yield relay, browser
    browser.close()
    relay.close()


def test_a_late_address_verdict_does_not_undo_the_page_check_block(relayed, site):
    relay, browser = relayed
    page = browser.page
    browser.goto(site.url("late-answer.kq7-notice.example", "/seen-letters-en.html"))
    browser.wait_url(page, BLOCKED, timeout=15)
    page.locator(".reasons li[data-code=PAGE_TSS_INFECTION_CLAIM]").wait_for()
    deadline = time.monotonic() + 5
    while relay.late_answers == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert relay.late_answers >= 1, "the address verdict was not held until after the page's own"
    time.sleep(0.5)   # the worker stores what the late answer said, if it stores it
    page.reload()
    page.locator(".reasons li[data-code=PAGE_TSS_INFECTION_CLAIM]").wait_for(timeout=5000)

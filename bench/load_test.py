"""Bounded load test of the real helper process on loopback. Stops by itself: a fixed number of requests or a
time limit, whichever comes first. Every URL is distinct, so every cache fills; the helper's RSS is sampled as
the run goes to show that it levels off (bounded caches) instead of growing with the number of URLs.

    python bench/load_test.py [--requests 100000] [--max-seconds 300] [--clients 2] [--threads 2] [--page-every 20]

Prints requests sent, errors (transport errors, non-200 answers, answers without a verdict), throughput, p50/p99
latency and the helper's RSS before, during and after. Exit status 1 when any request failed.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The extension's Origin: the helper serves only the ids in helper/data/extension_ids.txt.
ORIGIN = "chrome-extension://" + next(l.strip() for l in (ROOT / "helper" / "data" / "extension_ids.txt")
                                      .read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#"))
SHAPES = ("https://amaz0n-{i}.co.jp/ap/signin", "http://secure-{i}.amazon.co.jp.login-{i}.xyz/", "https://shop{i}.example/",
          "http://www.\u0430mazon{i}.com/", "https://amazon-support-{i}.jp/", "http://10.{a}.{b}.{c}/x",
          "https://{i}.s3.amazonaws.com/index.html", "https://news{i}.example.org/article/{i}")
PAGE = {"title": "Amazon.co.jp", "lang": "ja", "text": "お客様のアカウントは一時的に停止されています。050-1234-{i} " * 20,
        "forms": [{"action": "/x", "fields": ["password", "card_number"]}], "signals": {"dialogs": 2}}


def url_for(i: int) -> str:
    return SHAPES[i % len(SHAPES)].format(i=i, a=(i >> 16) & 255, b=(i >> 8) & 255, c=i & 255)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_helper(port: int, threads: int, log) -> subprocess.Popen:
    # stderr to a file, never an unread pipe: once 64 KB of waitress warnings fill a pipe, the helper blocks on write
    # (the first version of this script did that and saw 10 s timeouts after ~100,000 requests).
    proc = subprocess.Popen([sys.executable, "-m", "helper", "serve", "--port", str(port), "--threads", str(threads)],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=log, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/v1/health")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise SystemExit("the helper exited; see its log")
    proc.kill()
    raise SystemExit("the helper did not answer within 60 s")


class Run:
    def __init__(self, port: int, total: int, deadline: float, page_every: int):
        self.port, self.total, self.deadline, self.page_every = port, total, deadline, page_every
        self.lock = threading.Lock()
        self.next = 0
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}

    def take(self) -> int | None:
        with self.lock:
            if self.next >= self.total or time.monotonic() > self.deadline:
                return None
            self.next += 1
            return self.next - 1

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1

    def client(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Content-Type": "application/json", "Origin": ORIGIN}
        lat = []
        while (i := self.take()) is not None:
            body = {"url": url_for(i)}
            if self.page_every and i % self.page_every == 0:
                body["page"] = json.loads(json.dumps(PAGE).replace("{i}", str(i)))
            data = json.dumps(body).encode()
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/v1/verdict", body=data, headers=headers)
                r = conn.getresponse()
                payload = r.read()
            except (OSError, http.client.HTTPException) as exc:
                self.error(type(exc).__name__)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                continue
            lat.append(time.perf_counter() - t0)
            if r.status != 200:
                self.error(f"HTTP {r.status}")
            elif b'"verdict"' not in payload:
                self.error("no verdict")
        conn.close()
        with self.lock:
            self.latencies += lat


def percentile(sorted_values: list[float], p: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(p / 100 * len(sorted_values)))] if sorted_values else 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=100_000)
    ap.add_argument("--max-seconds", type=float, default=300.0)
    ap.add_argument("--clients", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2, help="the helper's waitress threads")
    ap.add_argument("--page-every", type=int, default=20, help="every Nth request carries a page object (0: none)")
    ap.add_argument("--samples", type=int, default=10, help="RSS samples during the run")
    args = ap.parse_args(argv)

    port = free_port()
    log = tempfile.TemporaryFile("w+")
    proc = start_helper(port, args.threads, log)
    try:
        warm = Run(port, 200, time.monotonic() + 30, args.page_every)   # imports, first-use tables
        warm.client()
        rss_before = rss_kb(proc.pid)
        run = Run(port, args.requests, time.monotonic() + args.max_seconds, args.page_every)
        workers = [threading.Thread(target=run.client, daemon=True) for _ in range(args.clients)]
        t0 = time.monotonic()
        for w in workers:
            w.start()
        samples = []
        step = max(1, args.requests // args.samples)
        mark = step
        while any(w.is_alive() for w in workers):
            time.sleep(0.05)
            if run.next >= mark:
                samples.append((run.next, rss_kb(proc.pid)))
                mark += step
        for w in workers:
            w.join()
        elapsed = time.monotonic() - t0
        rss_after = rss_kb(proc.pid)
        alive = proc.poll() is None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    lat = sorted(run.latencies)
    errors = sum(run.errors.values())
    print(f"requests sent {run.next:,} of {args.requests:,} in {elapsed:.1f} s ({run.next / elapsed:,.0f}/s), "
          f"clients {args.clients}, helper threads {args.threads}, a page object every {args.page_every or '∞'}")
    print(f"errors {errors} {run.errors if errors else ''}".rstrip())
    print(f"latency p50 {percentile(lat, 50) * 1000:.2f} ms  p99 {percentile(lat, 99) * 1000:.2f} ms  "
          f"max {lat[-1] * 1000 if lat else 0:.2f} ms")
    print(f"helper RSS before {rss_before / 1024:.1f} MiB → after {rss_after / 1024:.1f} MiB "
          f"(+{(rss_after - rss_before) / 1024:.1f} MiB); helper still running at the end: {alive}")
    log.seek(0)
    lines = log.read().splitlines()
    print(f"helper log: {len(lines)} lines" + (f", last: {lines[-1][:200]}" if len(lines) > 1 else ""))
    print("RSS during the run: " + ", ".join(f"{n:,}: {kb / 1024:.1f}" for n, kb in samples))
    return 1 if errors or not alive else 0


if __name__ == "__main__":
    sys.exit(main())

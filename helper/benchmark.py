"""Speed, measured rather than asserted: in-process microseconds per verdict and verdicts/s over loopback HTTP.

Run with `scamguard bench`. Numbers depend on the machine; the README records them with its description.
"""
from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path


def _percentiles(samples: list[float]) -> dict[str, float]:
    s = sorted(samples)
    return {"n": len(s), "p50": s[len(s) // 2], "p99": s[min(len(s) - 1, int(len(s) * 0.99))],
            "mean": statistics.fmean(s)}


def sample_urls(data_dir: Path | None, n: int = 20000) -> list[str]:
    """Real hosts when the shared data is there (benign and phishing, mixed), else generated lookalikes."""
    urls: list[str] = []
    if data_dir and (data_dir / "benign_domains_tranco_50001-100000.tsv").exists():
        lines = (data_dir / "benign_domains_tranco_50001-100000.tsv").read_text(encoding="utf-8").splitlines()[1:]
        urls += ["https://" + l.split("\t")[1] + "/" for l in lines[: n // 2]]
        lines = (data_dir / "phish_amazon_urls_2019-2022.tsv").read_text(encoding="utf-8").splitlines()[1:]
        urls += [l.split("\t")[1] for l in lines[: n - len(urls)]]
    while len(urls) < n:
        i = len(urls)
        urls.append(f"https://amaz{i % 10}n-{i}.example/")
    return urls


def in_process(engine_factory, urls: list[str], pages: dict[str, dict] | None = None, repeat: int = 200) -> dict:
    """µs per verdict for URLs alone (cache off: every URL parsed and judged afresh), and per page size."""
    from .context import InputError

    engine = engine_factory(cache_size=0)
    results = {}
    times = []
    for url in urls:
        t0 = time.perf_counter_ns()
        try:
            engine.verdict(url)
        except InputError:
            pass
        times.append((time.perf_counter_ns() - t0) / 1000)
    results["url only (cache off)"] = _percentiles(times)
    for name, page in (pages or {}).items():
        times = []
        for i in range(repeat):
            t0 = time.perf_counter_ns()
            engine.verdict(f"https://shop-{i}.example/", page)
            times.append((time.perf_counter_ns() - t0) / 1000)
        results[name] = _percentiles(times)
    return results


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_up(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start")


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def http_load(port: int, path: str, bodies: list[bytes], clients: int, duration: float, rate: float | None) -> dict:
    """Keep-alive clients posting `bodies` round-robin for `duration` s, or at a fixed total `rate` per second."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker(k: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        mine, errs, i = [], 0, k
        interval = clients / rate if rate else 0.0
        next_at = time.monotonic()
        while True:
            now = time.monotonic()
            if now >= stop:
                break
            if interval:
                if now < next_at:
                    time.sleep(next_at - now)
                next_at += interval
            body = bodies[i % len(bodies)]
            i += clients
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body, {"Content-Type": "application/json"})
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    errs += 1
            except (OSError, http.client.HTTPException):
                errs += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                continue
            mine.append((time.perf_counter() - t0) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += errs

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    out = _percentiles(latencies) if latencies else {"n": 0, "p50": 0, "p99": 0, "mean": 0}
    return {"requests_per_s": len(latencies) / elapsed, "p50_ms": out["p50"], "p99_ms": out["p99"],
            "errors": errors[0], "requests": len(latencies)}


_BARE_APP = """
import sys
from flask import Flask, jsonify, request
from waitress import serve
app = Flask("bare")
@app.post("/v1/verdict")
def verdict():
    request.get_json()
    return jsonify({"verdict": "allow"})
serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=int(sys.argv[2]), _quiet=True)
"""


def over_http(urls: list[str], threads_options=(4, 8), clients: int = 4, duration: float = 5.0,
              rate: float | None = None, bare: bool = True) -> list[dict]:
    """The real helper process (waitress) and, for comparison, a bare Flask endpoint served the same way."""
    bodies = [json.dumps({"url": u}).encode() for u in urls[:5000]]
    rows = []
    servers = [("helper", threads) for threads in threads_options] + ([("bare flask", threads_options[0])] if bare else [])
    for kind, threads in servers:
        port = _free_port()
        cmd = ([sys.executable, "-m", "helper", "serve", "--port", str(port), "--threads", str(threads)]
               if kind == "helper" else [sys.executable, "-c", _BARE_APP, str(port), str(threads)])
        proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            _wait_up(port)
            http_load(port, "/v1/verdict", bodies[:200], clients, 1.0, None)   # warm up
            rss_before = _rss_kb(proc.pid)
            r = http_load(port, "/v1/verdict", bodies, clients, duration, rate)
            r.update(server=kind, threads=threads, clients=clients, rss_kb_before=rss_before,
                     rss_kb_after=_rss_kb(proc.pid), offered=rate or "max")
            rows.append(r)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return rows


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), "unknown CPU")
    return f"{os.cpu_count()} cores, {cpu}, Python {sys.version.split()[0]}"

"""scamguard serve | check | rules — the command line. Messages are for people; --json output is for programs."""
from __future__ import annotations

import argparse
import errno
import json
import sys
from pathlib import Path

from . import DEFAULT_HOST, DEFAULT_PORT
from .context import InputError
from .knowledge import DataError

EXIT_OK, EXIT_INPUT, EXIT_SETUP = 0, 2, 3
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _print_verdict(url: str, v: dict, out) -> None:
    host = v["host"]
    shown = host["unicode"] if host["unicode"] == host["ascii"] else f"{host['unicode']} ({host['ascii']})"
    print(f"{v['verdict'].upper():5}  {shown}  score {v['score']} (warn ≥ {v['thresholds']['warn']}, "
          f"block ≥ {v['thresholds']['block']})", file=out)
    for r in v["reasons"]:
        technique = r["evidence"].get("technique")
        print(f"   - {r['description']}" + (f" [{technique}]" if technique else "") + f"  ({r['code']})", file=out)
    if v["brand"]:
        b = v["brand"]
        print(f"   Genuine site: {b['genuine_domain']}. Do not use this link: open the {b['name']} app or type "
              f"{b['genuine_domain']} yourself. Official help: {b['help_url']}", file=out)
    elif v["site_owner"] and v["site_owner"]["kind"] == "genuine":
        print(f"   This is a genuine {v['site_owner']['name']} domain.", file=out)
    elif v["site_owner"]:
        print(f"   Hosted on {v['site_owner']['name']}'s cloud for one of its customers: not {v['site_owner']['name']} "
              "speaking.", file=out)


def cmd_check(args, engine) -> int:
    if args.message or args.phone:
        return _check_message_or_phone(args, engine)
    if args.html:
        return _check_html(args, engine)
    inputs = args.urls
    if inputs == ["-"] or (not inputs and args.json):
        inputs = (line.rstrip("\r\n") for line in sys.stdin)
    elif not inputs:
        print("scamguard check: give one or more URLs, or - to read one per line from stdin", file=sys.stderr)
        return EXIT_INPUT
    status = EXIT_OK
    for raw in inputs:
        if args.json and not raw.strip():
            continue
        try:
            v = engine.verdict(raw)
        except InputError as exc:
            status = EXIT_INPUT
            if args.json:
                print(json.dumps({"input": raw, "error": {"code": exc.code, "message": exc.message}},
                                 ensure_ascii=False), flush=True)
            else:
                print(f"ERROR  {raw!r}: {exc.message}", file=sys.stderr)
            continue
        if args.json:
            print(json.dumps({"input": raw, **v}, ensure_ascii=False), flush=True)
        else:
            _print_verdict(raw, v, sys.stdout)
    return status


def _check_message_or_phone(args, engine) -> int:
    from .evidence import EvidenceStore
    from .message import check_message
    from .phone import check_number

    store = EvidenceStore(args.evidence_db)
    try:
        if args.phone:
            result = check_number(args.phone, engine, store)
        else:
            try:
                raw = sys.stdin.buffer.read() if args.message == "-" else Path(args.message).read_bytes()
            except OSError as exc:
                print(f"scamguard check: cannot read {args.message}: {exc.strerror}", file=sys.stderr)
                return EXIT_INPUT
            result = check_message(raw.decode("utf-8", errors="replace"), engine, store)
    except InputError as exc:
        print(f"scamguard check: {exc.message}", file=sys.stderr)
        return EXIT_INPUT
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return EXIT_OK
    lang = "ja" if any("\u3040" <= ch <= "\u9fff" for ch in (args.message and raw.decode("utf-8", "replace")
                                                                 or "")) else "en"
    if args.phone:
        lang = "ja" if result["region"] == "JP" else "en"
        print(f"{result['display']}  ({result['e164']}, {result['type']})")
        print("   " + result["summary"][lang])
        for seen in result["seen_on_blocked_pages"][:5]:
            print(f"   - {seen['time']}  {seen['address']}")
    else:
        print(f"{result['verdict'].upper():5}  message  score {result['score']}")
        print("   " + result["advice"][lang])
        for f in result["findings"]:
            print(f"   - {f['description']}  ({f['code']})")
        for link in result["links"]:
            v = link.get("verdict")
            print(f"   link  {link['url']}  " + (f"{v['verdict']} {v['score']}" if v else link["error"]["message"]))
        for ph in result["phones"]:
            print(f"   phone {ph['e164']}" + ("  (seen on a blocked page)" if ph["seen_on_blocked_pages"] else ""))
        for s in result["senders"]:
            print(f"   from  {s['display_name'] + ' ' if s['display_name'] else ''}<{s['address']}>  ({s['kind']})")
    route = result["official_route"]
    print("   " + route["steps"][lang])
    if route.get("tracking_url"):
        print(f"   Tracking: type {route['tracking_url']} yourself." if lang == "en"
              else f"   追跡: {route['tracking_url']} を自分で入力してください。")
    print("   #9110 (police consultation) / 188 (consumer hotline)" if lang == "en"
          else "   相談: 警察相談専用電話 #9110 / 消費者ホットライン 188")
    return EXIT_OK


def _check_html(args, engine) -> int:
    from .html_extract import extract_page   # the page-check module; imported only when asked for

    if not args.url:
        print("scamguard check --html: also give --url, the address the page was saved from", file=sys.stderr)
        return EXIT_INPUT
    try:
        data = sys.stdin.buffer.read() if args.html == "-" else Path(args.html).read_bytes()
    except OSError as exc:
        print(f"scamguard check: cannot read {args.html}: {exc.strerror}", file=sys.stderr)
        return EXIT_INPUT
    try:
        page = extract_page(data, args.url)
        v = engine.verdict(args.url, page)
    except InputError as exc:
        print(f"scamguard check: {exc.message}", file=sys.stderr)
        return EXIT_INPUT
    if args.json:
        print(json.dumps({"input": args.url, **v}, ensure_ascii=False))
    else:
        _print_verdict(args.url, v, sys.stdout)
    return EXIT_OK


def cmd_serve(args, engine) -> int:
    import logging

    from waitress.server import create_server

    from . import create_app

    # waitress warns "Task queue depth is N" whenever a request waits for a free thread: under a burst that is
    # one line per few dozen requests, normal for a 2-thread helper and noise in the user's log.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    if args.host not in LOOPBACK:
        print(f"scamguard serve: refusing to listen on {args.host}: the helper listens on loopback only "
              f"(127.0.0.1, ::1, localhost)", file=sys.stderr)
        return EXIT_INPUT
    app = create_app({"ENGINE": engine, "LOG_URLS": args.log_urls, "EVIDENCE_PATH": args.evidence_db})
    try:
        server = create_server(app, host=args.host, port=args.port, threads=args.threads, ident="scamguard")
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"scamguard serve: port {args.port} on {args.host} is already in use. Is the helper already "
                  f"running? Stop it, or start with --port <another port> and set that address in the "
                  f"extension's options.", file=sys.stderr)
        else:
            print(f"scamguard serve: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return EXIT_SETUP
    print(f"ScamGuard helper listening on http://{args.host}:{args.port} (engine {engine_version()}); "
          "Ctrl+C stops it.", file=sys.stderr, flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return EXIT_OK


def cmd_rules(args, engine) -> int:
    from .navigation_rules import navigation_rules

    print(json.dumps(navigation_rules(engine.knowledge), ensure_ascii=False, indent=1))
    return EXIT_OK


def cmd_remote_tools(args, engine) -> int:
    from . import remote_tools

    try:
        doc = remote_tools.document(remote_tools.load(engine.knowledge.data_dir))
    except DataError as exc:
        print(f"scamguard: {exc}", file=sys.stderr)
        return EXIT_SETUP
    print(json.dumps(doc, ensure_ascii=False, indent=1))
    return EXIT_OK


def cmd_bench(args, engine) -> int:
    import shlex
    import time

    from . import benchmark as b
    from .engine import Engine

    res = {"command": "scamguard " + " ".join(shlex.quote(a) for a in sys.argv[1:]), "engine": engine_version(),
           "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": b.machine_long(),
           "load_before": b.loadavg(), "seconds": args.seconds}
    res["busy"] = float(res["load_before"].split()[0]) > 0.5 if res["load_before"] != "?" else False
    data_dir = Path(args.shared_data) if args.shared_data else None
    urls = b.sample_urls(data_dir, args.urls)
    text_100k = ("お客様のアカウントを確認してください。 Your order has shipped. " * 2000)[:100_000]
    pages = {"url + 100 KB page": {"title": "Amazon.co.jp", "text": text_100k, "lang": "ja"},
             "url + 1 MB page": {"title": "Amazon.co.jp", "text": (text_100k * 10)[:1_000_000], "lang": "ja"}}
    print(f"machine: {res['machine']}; load average {res['load_before']}")
    res["in_process"] = b.in_process(lambda **kw: Engine(engine.knowledge, **kw), urls, pages, args.repeat)
    for name, r in res["in_process"].items():
        print(f"in-process  {name:24} n={r['n']:6}  median {r['p50']:9.1f} µs  p99 {r['p99']:9.1f} µs")
    if not args.no_http:
        res["http"] = b.over_http(urls, tuple(args.threads), args.clients, args.seconds, args.rate)
        for r in res["http"]:
            print(f"http  {r['server']:10} threads={r['threads']} clients={r['clients']} offered={r['offered']}: "
                  f"{r['requests_per_s']:7.0f} verdicts/s  p50 {r['p50_ms']:.2f} ms  p99 {r['p99_ms']:.2f} ms  "
                  f"errors {r['errors']}  RSS {r['rss_kb_rest'] // 1024} → {r['rss_kb_before'] // 1024} → "
                  f"{r['rss_kb_after'] // 1024} MiB")
        if args.rate:
            res["max"] = b.over_http(urls, (args.threads[0],), 1, args.seconds / 2, None)
            for r in res["max"]:
                print(f"http  {r['server']:10} threads={r['threads']} unthrottled, 1 client: "
                      f"{r['requests_per_s']:7.0f} verdicts/s")
    if args.rss_verdicts:
        print(f"RSS: {args.rss_verdicts:,} verdicts over HTTP …", file=sys.stderr, flush=True)
        res["rss"] = r = b.rss_after_verdicts(urls, args.rss_verdicts, threads=args.threads[0])
        print(f"RSS  at rest {r['rss_kb_rest'] // 1024} MiB, after {r['verdicts']:,} verdicts "
              f"{r['rss_kb_after'] // 1024} MiB ({r['errors']} errors, {r['seconds']:.0f} s)")
    res["load_after"] = b.loadavg()
    res["extension"] = b.extension_figure(Path(__file__).resolve().parent.parent / "docs")
    if args.report:
        Path(args.report).write_text(b.markdown_report(res), encoding="utf-8")
        print(f"report: {args.report}", file=sys.stderr)
    return EXIT_OK


def cmd_eval(args, engine) -> int:
    import shlex
    import time

    from . import evaluation as ev

    started = time.monotonic()
    families, notes = [], []
    if args.input:
        try:
            families += ev.user_families(Path(args.input), args.label)
        except (OSError, ValueError) as exc:
            print(f"scamguard eval: {exc}", file=sys.stderr)
            return EXIT_INPUT
    if args.shared_data:
        data = Path(args.shared_data)
        if not (data / "phish_amazon_urls_2019-2022.tsv").exists():
            print(f"scamguard eval: {data} does not hold the shared corpora", file=sys.stderr)
            return EXIT_INPUT
        split = f"split: {ev.SPLITS['phish']}; {ev.SPLITS['benign']} (this run: the {args.split} half)"
        print(split, file=sys.stderr)
        notes += [split[0].upper() + split[1:] + ".",
                  "\"Looks like Amazon by name\" is chosen by a rule independent of the detectors "
                  "(`evaluation.looks_like_amazon_by_name`): the host (punycode decoded) contains `amazon`, `amzn`, "
                  "`amason` or `アマゾン`, or one of its dot/hyphen tokens is one edit or one adjacent swap from "
                  "`amazon`. Rows on Amazon-run hosting are counted apart."]
        families += ev.url_families(data, args.split)
    if args.shared_data or args.dnstwist:
        domains = ev.protected_domains(engine.knowledge)
        notes.append(f"dnstwist {_dnstwist_version()}: every fuzzer that needs no dictionary, on the "
                     f"{len(domains)} genuine domains of Amazon's protected names ({', '.join(domains)}); "
                     "permutations that are themselves Amazon's are left out.")
        families += ev.dnstwist_families(engine.knowledge, domains)
    pages = Path(args.pages) if args.pages else ev.PEERS_DIR.parent / "tests" / "fixtures" / "pages"
    if (args.shared_data or args.pages) and any((pages / m).exists() for m in ev.PAGE_MANIFESTS):
        families += ev.page_families(pages)
    elif args.shared_data or args.pages:
        notes.append(f"Page fixtures: pending (no manifest in {pages}).")
        print(f"scamguard eval: no page fixtures manifest in {pages}; that family is left out", file=sys.stderr)
    if not families:
        print("scamguard eval: give --shared-data DIR, --dnstwist and/or --input FILE", file=sys.stderr)
        return EXIT_INPUT
    peers = []
    if args.peer:
        for tol in [None, *args.peer_tolerance]:
            peer = ev.EthPhishingDetect(engine.knowledge, tolerance=tol)
            try:
                peer.ensure_installed()
            except ev.PeerUnavailable as exc:
                print(f"scamguard eval: the peer cannot run: {exc}", file=sys.stderr)
                return EXIT_SETUP
            peers.append(peer)
    try:
        results = ev.evaluate(engine, families, peers, progress=not args.quiet)
    except ev.PeerUnavailable as exc:
        print(f"scamguard eval: the peer failed: {exc}", file=sys.stderr)
        return EXIT_SETUP
    print(ev.side_by_side(results))
    if args.report:
        try:
            path = ev.write_report(results, Path(args.report), engine_version=engine_version(),
                                   thresholds=engine.thresholds, notes=notes, peers=peers,
                                   command="scamguard " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
                                   plots=not args.no_plots, elapsed=time.monotonic() - started)
        except ImportError:
            print("scamguard eval: the plots need matplotlib (pip install 'scamguard[eval]'), or add --no-plots",
                  file=sys.stderr)
            return EXIT_SETUP
        print(f"report: {path}", file=sys.stderr)
    return EXIT_OK


def _dnstwist_version() -> str:
    try:
        import dnstwist
        return dnstwist.__version__
    except (ImportError, AttributeError):
        return "?"


def engine_version() -> str:
    from .engine import ENGINE_VERSION
    return ENGINE_VERSION


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scamguard", description="ScamGuard: is this address impersonating Amazon?")
    p.add_argument("--data-dir", help="read brand and phrase data from this folder instead of the built-in one")
    p.add_argument("--evidence-db", metavar="FILE", help="the evidence records (SQLite); default $SCAMGUARD_EVIDENCE_DB "
                   "or ~/.local/share/scamguard/evidence.sqlite3")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="run the local helper the browser extension talks to")
    s.add_argument("--host", default=DEFAULT_HOST)
    s.add_argument("--port", type=int, default=DEFAULT_PORT)
    s.add_argument("--threads", type=int, default=2, help="waitress worker threads (default 2: measured best on 2 cores)")
    s.add_argument("--log-urls", action="store_true", help="log full URLs (off by default, for privacy)")
    c = sub.add_parser("check", help="judge URLs (or a saved HTML page) and explain the verdict")
    c.add_argument("urls", nargs="*", help="URLs to check; - reads one per line from stdin")
    c.add_argument("--json", action="store_true", help="one JSON object per input line")
    c.add_argument("--html", metavar="FILE", help="a saved HTML page to check (no script runs, nothing is fetched)")
    c.add_argument("--url", help="with --html: the address the page was served from")
    c.add_argument("--message", metavar="FILE", help="a pasted SMS or e-mail (- reads stdin): its links, phone "
                   "numbers, senders and lures; nothing is fetched")
    c.add_argument("--phone", metavar="NUMBER", help="a phone number: was it seen on a blocked page, and the "
                   "official way to reach Amazon instead")
    sub.add_parser("rules", help="print the navigation patterns the extension routes to its check page")
    sub.add_parser("remote-tools", help="print the remote-control tools' download and join pages the extension "
                   "shows its notice on (extension/rules/remote-tools.json)")
    e = sub.add_parser("eval", help="measure detection on labelled corpora (the shared data and/or your own file)")
    e.add_argument("--shared-data", help="folder with phish_amazon_urls_2019-2022.tsv and the benign list "
                   "(also runs the dnstwist families and the page fixtures)")
    e.add_argument("--split", choices=("report", "tune"), default="report",
                   help="which half of the shared corpora to score (rules were tuned on 'tune')")
    e.add_argument("--input", help="your own file: URL[<TAB>malicious|benign] per line")
    e.add_argument("--label", choices=("malicious", "benign"), help="label for lines that carry none")
    e.add_argument("--dnstwist", action="store_true", help="the dnstwist families (implied by --shared-data)")
    e.add_argument("--pages", help="page fixtures folder with index.toml (default: tests/fixtures/pages)")
    e.add_argument("--peer", action="store_true", help="also run MetaMask's eth-phishing-detect on the same "
                   "hosts (needs node; runs npm ci in peers/ when its packages are missing)")
    e.add_argument("--peer-tolerance", type=int, nargs="*", default=[], metavar="N",
                   help="also run the peer with these fuzzy tolerances (its default always runs)")
    e.add_argument("--report", metavar="DIR", help="write DIR/EVALUATION.md and its PNG plots")
    e.add_argument("--no-plots", action="store_true", help="with --report: tables only (no matplotlib needed)")
    e.add_argument("--quiet", action="store_true", help="no progress lines")
    b = sub.add_parser("bench", help="measure speed: in-process µs per verdict and verdicts/s over loopback HTTP")
    b.add_argument("--shared-data", help="folder with the shared corpora (real hosts to time); else generated")
    b.add_argument("--urls", type=int, default=20000)
    b.add_argument("--repeat", type=int, default=200, help="verdicts per page size")
    b.add_argument("--threads", type=int, nargs="+", default=[4, 8], help="waitress thread counts to compare")
    b.add_argument("--clients", type=int, default=4)
    b.add_argument("--seconds", type=float, default=5.0)
    b.add_argument("--rate", type=float, help="fixed offered load (requests/s in total); default: as fast as possible")
    b.add_argument("--no-http", action="store_true")
    b.add_argument("--rss-verdicts", type=int, default=100_000, metavar="N",
                   help="helper RSS at rest and after N verdicts over HTTP (0: skip)")
    b.add_argument("--report", metavar="FILE", help="write the results as Markdown (docs/PERFORMANCE.md)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        from .engine import Engine
        from .knowledge import Knowledge

        engine = Engine(Knowledge(Path(args.data_dir))) if args.data_dir else Engine()
    except DataError as exc:
        print(f"scamguard: {exc}", file=sys.stderr)
        return EXIT_SETUP
    commands = {"serve": cmd_serve, "check": cmd_check, "rules": cmd_rules, "bench": cmd_bench,
                "eval": cmd_eval, "remote-tools": cmd_remote_tools}
    try:
        return commands[args.command](args, engine)
    except BrokenPipeError:
        return EXIT_OK

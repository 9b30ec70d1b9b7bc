"""scamguard serve | check | rules — the command line. Messages are for people; --json output is for programs."""
from __future__ import annotations

import argparse
import errno
import json
import os
import re
import sys
from pathlib import Path

from . import DEFAULT_HOST, DEFAULT_PORT
from .context import InputError
from .knowledge import DataError

EXIT_OK, EXIT_INPUT, EXIT_SETUP = 0, 2, 3
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _print_verdict(v: dict, say) -> None:
    host = v["host"]
    shown = host["unicode"] if host["unicode"] == host["ascii"] else f"{host['unicode']} ({host['ascii']})"
    t = v["thresholds"]
    print(f"{say(v['verdict']):5}  {shown}  " + say("score", score=v["score"], warn=t["warn"], block=t["block"]))
    for r in v["reasons"]:
        # The technique is the detector's English words: shown in English only, as on the interstitial.
        technique = r["evidence"].get("technique") if say.lang == "en" else None
        print(f"   - {say.reason(r['code'], r['description'])}" + (f" [{technique}]" if technique else "")
              + f"  ({r['code']})")
    if v["brand"]:
        b = v["brand"]
        print("   " + say("genuine_site", domain=b["genuine_domain"], name=b["name"], help_url=b["help_url"]))
    elif v["site_owner"]:
        owner = v["site_owner"]
        print("   " + say("genuine_domain" if owner["kind"] == "genuine" else "hosting", name=owner["name"]))


def _decoded(raw: bytes) -> tuple[str, bool]:
    """Text of one input, and whether it was valid UTF-8 (else each invalid byte is U+FFFD)."""
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), False


def _argument(text: str) -> tuple[str, bool]:
    # Arguments the OS gave as bytes that are not UTF-8 arrive as lone surrogates (PEP 383): their bytes again.
    return _decoded(os.fsencode(text))


def _stdin_lines():
    stream = getattr(sys.stdin, "buffer", None)
    for line in stream if stream is not None else sys.stdin:
        raw = line if isinstance(line, bytes) else line.encode("utf-8", "surrogateescape")
        yield _decoded(raw.rstrip(b"\r\n"))


def _print_json(obj: dict) -> None:
    """One JSON object per line, always UTF-8, whatever the locale says."""
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    line = json.dumps(obj, ensure_ascii=False) + "\n"
    if out is None:
        sys.stdout.write(line)
    else:
        out.write(line.encode("utf-8"))
        out.flush()


def _invalid_utf8_notice() -> dict:
    from .cli_text import Words
    return {"notice": {"code": "invalid_utf8", "message": Words("en")("invalid_utf8")}}   # --json: the API's words


def _words(args, given: str = "en"):
    """--lang, else the locale's language, else the language of what was given (a Japanese message or number)."""
    from .cli_text import Words, language_from_environment
    say = Words(args.lang or language_from_environment() or given)
    if say.missing_reason_texts:
        print(say("no_reason_text"), file=sys.stderr)
    return say


def cmd_check(args, engine) -> int:
    if args.message or args.phone:
        return _check_message_or_phone(args, engine)
    say = _words(args)
    if args.html:
        return _check_html(args, engine, say)
    if args.url:
        print("scamguard check: " + say("url_needs_html", url=_argument(args.url)[0]), file=sys.stderr)
        return EXIT_INPUT
    if args.urls == ["-"] or (not args.urls and args.json):
        inputs = _stdin_lines()
    elif args.urls:
        inputs = (_argument(u) for u in args.urls)
    else:
        print("scamguard check: " + say("need_urls"), file=sys.stderr)
        return EXIT_INPUT
    status = EXIT_OK
    for raw, valid in inputs:
        if args.json and not raw.strip():
            continue
        notice = {} if valid else _invalid_utf8_notice()
        if not valid:
            status = EXIT_INPUT
        try:
            v = engine.verdict(raw, pasted=True)   # a pasted address: nobody sees where a short link goes
        except InputError as exc:
            status = EXIT_INPUT
            if args.json:
                _print_json({"input": raw, "error": {"code": exc.code, "message": exc.message}, **notice})
            else:
                print(f"{say('error')}  {raw!r}: {say.input_error(exc.code, exc.message)}", file=sys.stderr)
            continue
        if args.json:
            _print_json({"input": raw, **v, **notice})
        else:
            if notice:
                print(say("invalid_utf8"), file=sys.stderr)
            _print_verdict(v, say)
    return status


def _check_message_or_phone(args, engine) -> int:
    from .cli_text import looks_japanese
    from .evidence import EvidenceStore
    from .message import check_message
    from .phone import check_number

    store = EvidenceStore(args.evidence_db)
    text = _argument(args.phone)[0] if args.phone else ""
    if args.message:
        try:
            text = (sys.stdin.buffer.read() if args.message == "-" else Path(args.message).read_bytes()).decode(
                "utf-8", errors="replace")
        except OSError as exc:
            print("scamguard check: " + _words(args)("cannot_read", file=args.message, why=exc.strerror),
                  file=sys.stderr)
            return EXIT_INPUT
    try:
        result = check_number(text, engine, store) if args.phone else check_message(text, engine, store)
    except InputError as exc:
        print("scamguard check: " + _words(args).input_error(exc.code, exc.message), file=sys.stderr)
        return EXIT_INPUT
    japanese = result.get("region") == "JP" if args.phone else looks_japanese(text)
    say = _words(args, "ja" if japanese else "en")
    lang = say.lang
    if args.json:
        _print_json(result)
        return EXIT_OK
    if args.phone:
        print(f"{result['display']}  ({result['e164']}, {result['type']})")
        print("   " + result["summary"][lang])
        for seen in result["seen_on_blocked_pages"][:5]:
            print(f"   - {seen['time']}  {seen['address']}")
    else:
        t = result["thresholds"]
        print(f"{say(result['verdict']):5}  {say('message')}  " + say("score", score=result["score"], warn=t["warn"],
                                                                      block=t["block"]))
        print("   " + result["advice"][lang])
        for f in result["findings"]:
            print(f"   - {say.reason(f['code'], f['description'])}  ({f['code']})")
        for link in result["links"]:
            v = link.get("verdict")
            print(f"   {say('link')}  {link['url']}  " + (f"{say(v['verdict'])} {v['score']}" if v
                                                          else say.input_error(link["error"]["code"],
                                                                               link["error"]["message"])))
        for ph in result["phones"]:
            print(f"   {say('phone')} {ph['e164']}" + (f"  {say('seen_on_blocked_page')}"
                                                       if ph["seen_on_blocked_pages"] else ""))
        for s in result["senders"]:
            print(f"   {say('sender')}  {s['display_name'] + ' ' if s['display_name'] else ''}<{s['address']}>  "
                  f"({s['kind']})")
    route = result["official_route"]
    print("   " + route["steps"][lang])
    if route.get("tracking_url"):
        print("   " + say("tracking", url=route["tracking_url"]))
    print("   " + say("where_to_talk"))
    return EXIT_OK


def _check_html(args, engine, say) -> int:
    from .html_extract import extract_page   # the page-check module; imported only when asked for

    if not args.url:
        print("scamguard check " + say("html_needs_url"), file=sys.stderr)
        return EXIT_INPUT
    url, valid = _argument(args.url)
    try:
        data = sys.stdin.buffer.read() if args.html == "-" else Path(args.html).read_bytes()
    except OSError as exc:
        print("scamguard check: " + say("cannot_read", file=args.html, why=exc.strerror), file=sys.stderr)
        return EXIT_INPUT
    try:
        page = extract_page(data, url)
        v = engine.verdict(url, page)
    except InputError as exc:
        print("scamguard check: " + say.input_error(exc.code, exc.message), file=sys.stderr)
        return EXIT_INPUT
    notice = {} if valid else _invalid_utf8_notice()
    if args.json:
        _print_json({"input": url, **v, **notice})
    else:
        if notice:
            print(say("invalid_utf8"), file=sys.stderr)
        _print_verdict(v, say)
    return EXIT_INPUT if notice else EXIT_OK


def cmd_serve(args, engine) -> int:
    import logging

    from . import create_app
    from .server import make_server

    # waitress warns "Task queue depth is N" whenever a request waits for a free thread: under a burst that is
    # one line per few dozen requests, normal for a 2-thread helper and noise in the user's log.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    if args.host not in LOOPBACK:
        print(f"scamguard serve: refusing to listen on {args.host}: the helper listens on loopback only "
              f"(127.0.0.1, ::1, localhost)", file=sys.stderr)
        return EXIT_INPUT
    app = create_app({"ENGINE": engine, "LOG_URLS": args.log_urls, "EVIDENCE_PATH": args.evidence_db,
                      "ALLOW_EXTENSIONS": args.allow_extension})
    try:
        server = make_server(app, args.host, args.port, args.threads)
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


def cmd_status(args, engine) -> int:
    """What this helper can do here: its version, and whether screen reading (OCR) is on, and if not why."""
    from .engine import ENGINE_VERSION
    from .screen_text import engine_status

    ocr = engine_status()
    if args.json:
        print(json.dumps({"engine_version": ENGINE_VERSION, "screen_reading": ocr.as_json()}, ensure_ascii=False))
    else:
        print(f"scamguard {ENGINE_VERSION}")
        print(f"screen reading: on ({ocr.engine}, Japanese and English)" if ocr.available
              else f"screen reading: off ({ocr.why}): {ocr.message}")
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


EVAL_BUILTIN = """scamguard eval: no corpus named, so this run scores what the repository makes itself: dnstwist permutations
of the protected domains, the fixture pages in tests/fixtures/pages, and Amazon's own domains
(helper/data/amazon_owned_domains.tsv). More corpora it reads (see the README's "Detection" section):
  --shared-data DIR  phish_amazon_urls_2019-2022.tsv (JPCERT/CC's public phishing list, rows naming Amazon:
                     https://github.com/JPCERTCC/phishurl-list) and benign_domains_tranco_50001-100000.tsv
                     (ranks 50,001-100,000 of a Tranco list: https://tranco-list.eu/)
  --input FILE       your own URL<TAB>malicious|benign lines, e.g. made from those two sources yourself
  --pages DIR        saved pages with an index.toml like tests/fixtures/pages/index.toml"""


def cmd_eval(args, engine) -> int:
    import shlex
    import time

    from . import evaluation as ev
    from .knowledge import DATA_DIR

    started = time.monotonic()
    if args.pages and _is_page_corpus(Path(args.pages)):
        return _eval_page_corpus(args, engine)
    families, notes = [], []
    # Nothing named: what a clone can make by itself, and where the other corpora come from.
    builtin = not (args.input or args.shared_data or args.dnstwist or args.pages)
    if builtin:
        print(EVAL_BUILTIN, file=sys.stderr)
        families.append(ev.amazon_owned_family(DATA_DIR / "amazon_owned_domains.tsv"))
        if _dnstwist_version() == "?":
            print("scamguard eval: dnstwist is not installed (pip install -e '.[eval]'): its families are left out",
                  file=sys.stderr)
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
    if args.shared_data or args.dnstwist or (builtin and _dnstwist_version() != "?"):
        domains = ev.protected_domains(engine.knowledge)
        notes.append(f"dnstwist {_dnstwist_version()}: every fuzzer that needs no dictionary, on the "
                     f"{len(domains)} genuine domains of Amazon's protected names ({', '.join(domains)}); "
                     "permutations that are themselves Amazon's are left out.")
        families += ev.dnstwist_families(engine.knowledge, domains)
    pages = Path(args.pages) if args.pages else ev.PEERS_DIR.parent / "tests" / "fixtures" / "pages"
    if (args.shared_data or args.pages or builtin) and any((pages / m).exists() for m in ev.PAGE_MANIFESTS):
        families += ev.page_families(pages)
    elif args.shared_data or args.pages or builtin:
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


def _is_page_corpus(pages: Path) -> bool:
    from .page_corpus import is_corpus
    return pages.is_dir() and is_corpus(pages)


def _eval_page_corpus(args, engine) -> int:
    """`eval --pages DIR` on a corpus of real pages (DIR/<folder>/manifest.tsv, see helper/page_corpus.py)."""
    from . import page_corpus as pc

    try:
        entries = pc.read_corpus(Path(args.pages))
    except (OSError, pc.CorpusError) as exc:
        print(f"scamguard eval: {exc}", file=sys.stderr)
        return EXIT_INPUT
    judged = pc.judge(engine, entries)
    if args.json:
        print(json.dumps(pc.as_json(entries, judged), ensure_ascii=False))
        return EXIT_OK
    print(f"corpus: {args.pages} ({len(entries)} files, {len(judged)} verdicts); leave-source-out split by "
          f"SHA-256 of the source name (first byte even: tune): {pc.sources_line(entries)}")
    print(pc.table(pc.tally(judged)))
    if args.mistakes:
        print("\nmistakes (scam not blocked, benign not allowed):")
        for j in pc.mistakes(judged):
            print(f"  {j.verdict:5} {j.score:3}  {j.family:15} {j.entry.half:6} {j.entry.folder}/{j.entry.file}  "
                  f"{' '.join(j.codes)}")
    return EXIT_OK


def cmd_autostart(args, engine) -> int:
    from .autostart import AutostartError, install
    try:
        entry = install(args.port, enable=args.enable)
    except AutostartError as exc:
        print(f"scamguard: {exc}", file=sys.stderr)
        return EXIT_SETUP
    print(f"wrote {entry.path}")
    if not args.enable:
        print("switch it on with: " + " ".join(entry.enable))
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


def extension_id(text: str) -> str:
    """A Chromium extension id (32 letters a-p) or a Firefox/Safari extension UUID, alone or as an origin."""
    ident = text.strip().rstrip("/").split("://", 1)[-1].lower()
    if not re.fullmatch(r"[a-p]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", ident):
        raise argparse.ArgumentTypeError(f"{text!r} is not an extension id (32 letters a-p, as chrome://extensions "
                                         "shows it, or a moz-extension UUID)")
    return ident


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
    s.add_argument("--allow-extension", metavar="ID", action="append", type=extension_id, default=[],
                   help="also serve this extension id (a development build); repeatable. ScamGuard's own id, "
                   "fixed by the key in extension/manifest.json, is always served")
    c = sub.add_parser("check", help="judge URLs (or a saved HTML page) and explain the verdict")
    c.add_argument("urls", nargs="*", help="URLs to check; - reads one per line from stdin")
    c.add_argument("--json", action="store_true", help="one JSON object per input line")
    c.add_argument("--html", metavar="FILE", help="a saved HTML page to check (no script runs, nothing is fetched)")
    c.add_argument("--url", help="with --html: the address the page was served from")
    c.add_argument("--message", metavar="FILE", help="a pasted SMS or e-mail (- reads stdin): its links, phone "
                   "numbers, senders and lures; nothing is fetched")
    c.add_argument("--phone", metavar="NUMBER", help="a phone number: was it seen on a blocked page, and the "
                   "official way to reach Amazon instead")
    c.add_argument("--lang", choices=("ja", "en"), help="the language of everything printed (default: the "
                   "locale, LC_ALL / LC_MESSAGES / LANG; Japanese for ja_*, else English); --json keeps the API's "
                   "English texts and codes")
    sub.add_parser("rules", help="print the navigation patterns the extension routes to its check page")
    st = sub.add_parser("status", help="what this helper can do here: whether screen reading (OCR) is on, and why not")
    st.add_argument("--json", action="store_true")
    sub.add_parser("remote-tools", help="print the remote-control tools' download and join pages the extension "
                   "shows its notice on (extension/rules/remote-tools.json)")
    e = sub.add_parser("eval", help="measure detection on labelled corpora (with no option: what the repository "
                       "makes itself; the shared data and/or your own file)")
    e.add_argument("--shared-data", help="folder with phish_amazon_urls_2019-2022.tsv and the benign list "
                   "(also runs the dnstwist families and the page fixtures)")
    e.add_argument("--split", choices=("report", "tune"), default="report",
                   help="which half of the shared corpora to score (rules were tuned on 'tune')")
    e.add_argument("--input", help="your own file: URL[<TAB>malicious|benign] per line")
    e.add_argument("--label", choices=("malicious", "benign"), help="label for lines that carry none")
    e.add_argument("--dnstwist", action="store_true", help="the dnstwist families (implied by --shared-data)")
    e.add_argument("--pages", help="page fixtures folder with index.toml (default: tests/fixtures/pages), or a "
                   "corpus of real pages: folders with manifest.tsv (helper/page_corpus.py), scored on its own")
    e.add_argument("--json", action="store_true", help="with a page corpus: every figure and verdict as JSON")
    e.add_argument("--mistakes", action="store_true", help="with a page corpus: list every page judged wrong")
    e.add_argument("--peer", action="store_true", help="also run MetaMask's eth-phishing-detect on the same "
                   "hosts (needs node; runs npm ci in peers/ when its packages are missing)")
    e.add_argument("--peer-tolerance", type=int, nargs="*", default=[], metavar="N",
                   help="also run the peer with these fuzzy tolerances (its default always runs)")
    e.add_argument("--report", metavar="DIR", help="write DIR/EVALUATION.md and its PNG plots")
    e.add_argument("--no-plots", action="store_true", help="with --report: tables only (no matplotlib needed)")
    e.add_argument("--quiet", action="store_true", help="no progress lines")
    b = sub.add_parser("bench", help="measure speed: in-process µs per verdict and verdicts/s over loopback HTTP",
                       description="Times verdicts in this process (URLs alone, then URLs with a 100 KB and a 1 MB "
                       "page), then over loopback HTTP against the real helper process (`serve`) and a bare Flask "
                       "endpoint served the same way, then the helper's memory after many verdicts. Nothing leaves "
                       "the machine. Results print as they come; --report writes them as Markdown.")
    b.add_argument("--shared-data", metavar="DIR", help="folder with the shared corpora: real benign and phishing "
                   "hosts to time; without it, generated lookalike URLs")
    b.add_argument("--urls", type=int, default=20000, metavar="N", help="how many different URLs to time (each "
                   "judged once in process; the first 5,000 are sent over HTTP; default %(default)s)")
    b.add_argument("--repeat", type=int, default=200, metavar="N", help="verdicts per page size (100 KB, 1 MB; default "
                   "%(default)s)")
    b.add_argument("--threads", type=int, nargs="+", default=[4, 8], metavar="N",
                   help="waitress thread counts to compare, one helper process each (default 4 8; serve's own default is 2)")
    b.add_argument("--clients", type=int, default=4, metavar="N", help="client connections sending requests at "
                   "the same time (keep-alive; the client runs on the same cores as the helper; default %(default)s)")
    b.add_argument("--seconds", type=float, default=5.0, help="how long each HTTP run lasts (default %(default)s)")
    b.add_argument("--rate", type=float, help="fixed offered load (requests/s in total, spread over the clients), "
                   "plus one unthrottled run; default: as fast as possible")
    b.add_argument("--no-http", action="store_true", help="in-process timings only (no helper process, no HTTP)")
    b.add_argument("--rss-verdicts", type=int, default=100_000, metavar="N",
                   help="helper RSS at rest and after N verdicts over HTTP (0: skip)")
    b.add_argument("--report", metavar="FILE", help="write the results as Markdown (docs/PERFORMANCE.md)")
    a = sub.add_parser("autostart", help="start the helper with your session and restart it when it dies "
                       "(systemd user unit, LaunchAgent or scheduled task)")
    a.add_argument("--port", type=int, default=DEFAULT_PORT)
    a.add_argument("--enable", action="store_true", help="also switch it on now (runs the service manager's command)")
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
                "eval": cmd_eval, "autostart": cmd_autostart, "remote-tools": cmd_remote_tools, "status": cmd_status}
    try:
        return commands[args.command](args, engine)
    except BrokenPipeError:
        return EXIT_OK

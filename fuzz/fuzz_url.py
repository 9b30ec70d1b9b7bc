"""Coverage-guided fuzzing of the URL path: any string -> a verdict or an InputError, never anything else.

    python fuzz/fuzz_url.py fuzz/seeds/url -max_total_time=240 -print_final_stats=1 -artifact_prefix=fuzz/crashes/

Invariants checked on every verdict: the answer encodes as UTF-8 JSON, the host is ASCII and a valid length,
the verdict is one of three words, and the score sits between 0 and 100.
"""
import json
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
with atheris.instrument_imports(include=["helper", "idna", "tldextract", "urllib", "ipaddress"]):
    from helper.context import InputError, parse_url
    from helper.engine import Engine

ENGINE = Engine(cache_size=0)   # no verdict cache: every input runs every detector


def check(raw: str) -> None:
    try:
        v = ENGINE.verdict(raw)
    except InputError as exc:
        assert exc.code and exc.message, exc
        str(exc.message).encode("utf-8")
        return
    json.dumps(v, ensure_ascii=False).encode("utf-8")
    host = v["host"]["ascii"]
    assert host.isascii() and 0 < len(host) <= 253, host
    assert v["verdict"] in ("allow", "warn", "block") and 0 <= v["score"] <= 100, v
    ctx = parse_url(raw)
    assert all(0 < len(l) <= 63 for l in ctx.host_ascii.split(".")) or ctx.is_ip, ctx.host_ascii


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 3)
    if mode == 0:
        check(fdp.ConsumeUnicode(4096))                      # any string
    elif mode == 1:
        check("http://" + fdp.ConsumeUnicode(600) + "/")     # any host-ish text
    elif mode == 2:
        # bytes as a browser would percent-encode them into a host
        raw = fdp.ConsumeBytes(300)
        check("https://" + "".join(f"%{b:02x}" if fdp.ConsumeBool() else chr(b) for b in raw) + "/x")
    else:
        check(data.decode("utf-8", "surrogateescape"))       # invalid UTF-8 as lone surrogates


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()

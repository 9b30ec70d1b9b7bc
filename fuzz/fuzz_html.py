"""Coverage-guided fuzzing of the HTML path: any bytes -> extract_page -> a page object the engine judges.

    python fuzz/fuzz_html.py fuzz/seeds/html -max_total_time=240 -print_final_stats=1 -artifact_prefix=fuzz/crashes/
"""
import json
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
with atheris.instrument_imports(include=["helper", "html"]):
    from helper.context import InputError
    from helper.engine import Engine
    from helper.html_extract import extract_page

ENGINE = Engine(cache_size=0)
BASES = ("https://amazon-account-verify.example/login", "http://[::1]/", "https://xn--80ak6aa92e.com/a/b?c")


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    base = BASES[fdp.ConsumeIntInRange(0, len(BASES) - 1)]
    as_text = fdp.ConsumeBool()
    rest = fdp.ConsumeBytes(len(data))
    page = extract_page(rest.decode("utf-8", "surrogateescape") if as_text else rest, base)
    if not as_text:   # decoded bytes are always valid text; a str with lone surrogates is cleaned by parse_page
        json.dumps(page, ensure_ascii=False).encode("utf-8")
    try:
        v = ENGINE.verdict(base, page)
    except InputError as exc:   # the extractor's own output must always be a valid page
        raise AssertionError(f"extract_page produced a page the engine refuses: {exc.code} {exc.message}")
    json.dumps(v, ensure_ascii=False).encode("utf-8")


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()

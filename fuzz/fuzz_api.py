"""Coverage-guided fuzzing of the HTTP API through Flask's test client: any body and headers -> status < 500
and, for every error, the JSON shape {"error": {"code", "message"}}.

    python fuzz/fuzz_api.py fuzz/seeds/api -max_total_time=240 -print_final_stats=1 -artifact_prefix=fuzz/crashes/
"""
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
with atheris.instrument_imports(include=["helper"]):
    # create_app imports these lazily: import them here so that they are instrumented too
    import helper.api  # noqa: F401
    import helper.context  # noqa: F401
    from helper import create_app
    from helper.engine import Engine

CLIENT = create_app({"ENGINE": Engine(cache_size=0)}).test_client()
TYPES = ("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
         "application/json; charset=utf-16", "")
HOSTS = ("127.0.0.1:8731", "localhost", "[::1]:8731", "evil.example", "127.0.0.1.nip.io")


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    headers = {"Content-Type": TYPES[fdp.ConsumeIntInRange(0, len(TYPES) - 1)]}
    if fdp.ConsumeBool():
        # no CR/LF: a header cannot carry them on the wire (the test client refuses to build one)
        headers["Origin"] = "".join(c for c in fdp.ConsumeUnicodeNoSurrogates(40) if c not in "\r\n\x00")
    host = HOSTS[fdp.ConsumeIntInRange(0, len(HOSTS) - 1)]
    path = ("/v1/verdict", "/v1/health", "/v1/navigation-rules", "/v1/x")[fdp.ConsumeIntInRange(0, 3)]
    method = ("POST", "GET", "PUT")[fdp.ConsumeIntInRange(0, 2)]
    r = CLIENT.open(path, method=method, data=fdp.ConsumeBytes(len(data)), headers=headers,
                    base_url=f"http://{host}")
    assert r.status_code < 500, (r.status_code, r.data[:300])
    body = r.get_json(silent=True)
    assert isinstance(body, dict), r.data[:300]
    if r.status_code >= 400:
        assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"], body


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()

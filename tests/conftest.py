import pytest

from helper.engine import Engine, load_rules

# Tests that feed huge adversarial inputs only guard against a hang (catastrophic backtracking, quadratic
# parsing would take hours); how fast they are is measured by tests/bench_page.py, not asserted.
HANG_GUARD_S = 60


@pytest.fixture(scope="session")
def engine():
    return Engine()


# Every reason that says "the domain imitates a protected name": rules.toml's lookalike group, for must-not sets.
LOOKALIKE = frozenset(code for code, rule in load_rules()[0].items() if rule.group == "lookalike")


def codes(verdict: dict) -> set[str]:
    return {r["code"] for r in verdict["reasons"]}


def chromium_extension_id(manifest_key: str) -> str:
    """The id Chromium gives an extension with this manifest "key": the first 32 hex digits of the sha256 of the
    DER public key, each digit 0-f written as a letter a-p."""
    import base64
    import hashlib
    digest = hashlib.sha256(base64.b64decode(manifest_key)).hexdigest()[:32]
    return "".join(chr(ord("a") + int(d, 16)) for d in digest)


def _scamguard_origin() -> str:
    import json
    from pathlib import Path
    manifest = json.loads((Path(__file__).resolve().parent.parent / "extension" / "manifest.json").read_text("utf-8"))
    return "chrome-extension://" + chromium_extension_id(manifest["key"])


# The Origin the real extension sends (its id fixed by the manifest's key).
SCAMGUARD_ORIGIN = _scamguard_origin()

"""Registers the e2e fixtures. e2e/ is a package so that this conftest and tests/conftest.py never shadow each
other under the module name "conftest"."""
import json

from .support import ARTIFACTS, METRICS, artifacts, browser, guarded, helper, pw, site  # noqa: F401  (fixtures)


def pytest_terminal_summary(terminalreporter):
    if not METRICS:
        return
    terminalreporter.section("ScamGuard e2e measurements")
    for key, value in METRICS.items():
        terminalreporter.write_line(f"{key}: {value}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "e2e-metrics.json").write_text(json.dumps(METRICS, indent=1, ensure_ascii=False), encoding="utf-8")

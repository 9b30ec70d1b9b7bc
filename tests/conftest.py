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

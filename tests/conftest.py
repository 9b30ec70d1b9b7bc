import pytest

from helper.engine import Engine


@pytest.fixture(scope="session")
def engine():
    return Engine()


def codes(verdict: dict) -> set[str]:
    return {r["code"] for r in verdict["reasons"]}

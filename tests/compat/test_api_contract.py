"""The SDK's public API contract, checked in CI: what passes keeps passing, and the recorded
results and docs/compatibility.md's table say what is true now.

After a change to the public API: ``.venv/bin/python tests/compat/api_contract.py``.
"""

from __future__ import annotations

import json

import api_contract
import pytest

REGENERATE = "run `.venv/bin/python tests/compat/api_contract.py` and commit the result"


@pytest.fixture(scope="module")
def report() -> dict[str, dict[str, list[str]]]:
    return api_contract.run()


def test_nothing_that_matched_the_sdk_stops_matching(
    report: dict[str, dict[str, list[str]]],
) -> None:
    recorded = json.loads(api_contract.RECORDED.read_text())["passing"]
    broken = {
        key: report[part].get(key, ["no longer in the contract's scope"])
        for part, keys in recorded.items()
        for key in keys
        if report[part].get(key, ["gone"])
    }
    assert not broken, f"entries that matched the SDK no longer do: {broken}"


def test_the_recorded_results_are_current(report: dict[str, dict[str, list[str]]]) -> None:
    assert api_contract.RECORDED.read_text() == api_contract.recorded_text(report), REGENERATE


def test_the_compatibility_table_is_current(report: dict[str, dict[str, list[str]]]) -> None:
    assert api_contract.docs_table(report) in api_contract.DOC.read_text(), REGENERATE


def test_a_missing_parameter_and_a_changed_default_are_found() -> None:
    def sdk_like(a: int, *, b: str = "x") -> None: ...

    def ours(a: int, *, b: str = "y", c: int) -> None: ...

    wanted = [
        {"name": "a", "kind": "POSITIONAL_OR_KEYWORD", "default": {"kind": "required"}},
        {"name": "b", "kind": "KEYWORD_ONLY", "default": {"kind": "literal", "value": "x"}},
        {"name": "d", "kind": "KEYWORD_ONLY", "default": {"kind": "literal", "value": None}},
    ]
    assert api_contract.parameter_problems(wanted, sdk_like) == ["missing parameter d"]
    assert api_contract.parameter_problems(wanted, ours) == [
        "b: default 'y'",
        "missing parameter d",
        "extra required parameter c",
    ]

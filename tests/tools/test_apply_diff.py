"""apply_diff: V4A diffs applied exactly as the OpenAI Agents SDK applies them.

``data/apply_diff_sdk_cases.json`` holds inputs, diffs and what the SDK's
``apply_diff`` (openai-agents 0.24.0) returned or raised for each: runwright must
give the same text, or a ValueError with the same message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from runwright import apply_diff

CASES = json.loads((Path(__file__).parent / "data" / "apply_diff_sdk_cases.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[str(i) for i in range(len(CASES))])
def test_same_result_as_the_sdk(case: dict[str, Any]) -> None:
    if case["error"] is None:
        assert apply_diff(case["input"], case["diff"], case["mode"]) == case["result"]
    else:
        with pytest.raises(ValueError) as raised:
            apply_diff(case["input"], case["diff"], case["mode"])
        assert str(raised.value) == case["error"]


def test_update_with_context_and_anchor() -> None:
    text = "def a():\n    return 1\n\ndef b():\n    return 1\n"
    diff = "@@ def b():\n-    return 1\n+    return 2\n"
    assert apply_diff(text, diff) == "def a():\n    return 1\n\ndef b():\n    return 2\n"


def test_create_mode_takes_the_plus_lines() -> None:
    assert apply_diff("", "+one\n+two\n", mode="create") == "one\ntwo"


def test_crlf_files_stay_crlf() -> None:
    assert apply_diff("a\r\nb\r\n", "@@\n a\n-b\n+c\n") == "a\r\nc\r\n"


def test_whitespace_tolerant_context() -> None:
    assert apply_diff("  x  \ny\n", "@@\n x\n-y\n+z\n") == "  x  \nz\n"


def test_end_of_file_hunk_appends_at_the_end() -> None:
    assert apply_diff("a\nb\n", "@@\n b\n+c\n*** End of File\n") == "a\nb\nc\n"


@pytest.mark.parametrize(
    ("text", "diff", "message"),
    [
        ("a\n", "@@\n nope\n-a\n+b\n", "Invalid Context 0:\nnope\na"),
        ("a\n", "@@\n?a\n", "Invalid Line: ?a"),
        ("a\n", "+x\nbad\n", "Invalid Line: bad"),
        ("", "+a\nb\n", "Invalid Add File Line: b"),
    ],
)
def test_bad_diffs_raise_a_clear_value_error(text: str, diff: str, message: str) -> None:
    mode = "create" if text == "" else "default"
    with pytest.raises(ValueError, match="^" + message.replace("?", r"\?") + "$"):
        apply_diff(text, diff, mode)  # type: ignore[arg-type]

"""Shared fixtures: a ScriptedModel factory that checks every script was consumed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

from runwright.testing import ScriptedModel

# Traced test runs write to a throwaway store, never the user's own trace database.
os.environ.setdefault(
    "RUNWRIGHT_TRACE_DB", os.path.join(tempfile.mkdtemp(prefix="runwright-tests-"), "traces.db")
)


@pytest.fixture
def scripted() -> Iterator[Any]:
    """``scripted(steps, **options)`` builds ScriptedModels, all consumed by the test's end."""
    made: list[ScriptedModel] = []

    def make(steps: Any = (), **options: Any) -> ScriptedModel:
        model = ScriptedModel(steps, **options)
        made.append(model)
        return model

    yield make
    for model in made:
        model.assert_consumed()

"""Shared fixtures: a ScriptedModel factory that checks every script was consumed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from runwright.testing import ScriptedModel


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

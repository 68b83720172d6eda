"""Fixtures: a fresh trace provider per test, with processors that record what they see."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _tracing_recorder import Recorder

from runwright._tracing import provider as provider_module
from runwright.tracing.provider import TraceProvider, set_trace_provider


@pytest.fixture(autouse=True)
def _isolated_trace_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may write to the user's real trace store."""
    monkeypatch.setenv("RUNWRIGHT_TRACE_DB", str(tmp_path / "default-traces.db"))
    monkeypatch.delenv("RUNWRIGHT_TRACING", raising=False)


@pytest.fixture
def provider() -> Iterator[TraceProvider]:
    """A fresh global provider with no processors (restored afterwards)."""
    old = provider_module._provider
    fresh = TraceProvider(local_store=False)
    set_trace_provider(fresh)
    try:
        yield fresh
    finally:
        fresh.shutdown()
        provider_module._provider = old


@pytest.fixture
def recorder(provider: TraceProvider) -> Recorder:
    """A Recorder registered on the fresh provider."""
    rec = Recorder()
    provider.register_processor(rec)
    return rec

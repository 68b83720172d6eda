"""Fixtures for model adapter tests: the scripted OpenAI-compatible server and clients."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

# tests/support is shared by several test folders; make it importable as `support`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from runwright._models import retry as retry_module
from support.fake_openai_server import FakeOpenAIServer


@pytest.fixture
async def fake_server() -> AsyncIterator[FakeOpenAIServer]:
    """A started FakeOpenAIServer on 127.0.0.1 (stopped after the test)."""
    async with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def openai_client(fake_server: FakeOpenAIServer) -> Any:
    """A real openai.AsyncOpenAI pointed at the fake server."""
    import openai

    return openai.AsyncOpenAI(base_url=fake_server.base_url, api_key="test-key")


@pytest.fixture
def runwright_client(fake_server: FakeOpenAIServer) -> Any:
    """A client made the way OpenAIProvider makes one: its retries off, runwright's on."""
    from runwright._models.provider import OpenAIProvider

    provider = OpenAIProvider(base_url=fake_server.base_url, api_key="test-key")
    return provider._client_factory()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Replaces the retry sleep with a recorder: the delays asked for, no real waiting."""
    recorded: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(retry_module, "sleep", fake_sleep)
    return recorded

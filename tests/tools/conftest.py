"""Fixtures for tool tests: the scripted OpenAI-compatible server and a real client."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

# tests/support is shared by several test folders; make it importable as `support`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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

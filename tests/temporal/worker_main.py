"""A worker process for the crash test: ``python worker_main.py ADDRESS TASK_QUEUE``.

Prints "ready" once polling; runs until killed.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

import agents_app
from temporal_support import WORKFLOWS, make_plugin
from temporalio.client import Client
from temporalio.worker import Worker


async def main(address: str, task_queue: str) -> None:
    client = await Client.connect(address, plugins=[make_plugin()])
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=WORKFLOWS,
        sticky_queue_schedule_to_start_timeout=timedelta(seconds=1),
    ):
        print("ready", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    assert agents_app.LOG_ENV
    asyncio.run(main(sys.argv[1], sys.argv[2]))

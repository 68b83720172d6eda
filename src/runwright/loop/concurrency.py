"""Structured concurrency for Python 3.10+: run awaitables together, fail together."""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")


async def gather_or_cancel(coros: list[Coroutine[Any, Any, T]]) -> list[T]:
    """Runs ``coros`` concurrently and returns their results in order.

    The first failure cancels the others (and is raised once they have
    stopped); cancelling the caller cancels them all. No task outlives this
    call.
    """
    import asyncio

    tasks = [asyncio.ensure_future(c) for c in coros]
    # gather, not asyncio.wait: it raises the first failure as it happens, and Temporal's
    # workflow sandbox (runwright.temporal) flags asyncio.wait as non-deterministic.
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        await _cancel_all(tasks)
        raise


async def _cancel_all(tasks: Sequence[asyncio.Future[Any]]) -> None:
    import asyncio

    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

"""gather_or_cancel: results in order, the first failure cancels the rest, no task outlives it."""

from __future__ import annotations

import asyncio

import pytest

from runwright._loop.concurrency import gather_or_cancel


async def test_results_come_in_call_order() -> None:
    async def after(delay: float, value: int) -> int:
        await asyncio.sleep(delay)
        return value

    assert await gather_or_cancel([after(0.02, 1), after(0.0, 2), after(0.01, 3)]) == [1, 2, 3]
    assert await gather_or_cancel([]) == []


async def test_the_first_failure_cancels_the_others_before_it_is_raised() -> None:
    cancelled: list[str] = []

    async def slow() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled.append("slow")
            raise

    async def fails() -> None:
        await asyncio.sleep(0)
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        await asyncio.wait_for(gather_or_cancel([slow(), fails()]), timeout=5)
    assert cancelled == ["slow"]


async def test_cancelling_the_caller_cancels_every_call() -> None:
    started, cancelled = asyncio.Event(), []

    async def slow(name: str) -> None:
        started.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled.append(name)
            raise

    outer = asyncio.ensure_future(gather_or_cancel([slow("a"), slow("b")]))
    await started.wait()
    outer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await outer
    assert sorted(cancelled) == ["a", "b"]

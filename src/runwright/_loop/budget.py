"""The run loop's budget checks (only for runs with a budget: see core/budget.py).

The driver's model turn and tool phase ask the run's :class:`BudgetMeter`
directly (plain method calls, no coroutine around the model call) and use
these helpers when a check fails or a warning is due. A
breach found before a model call stops the run before the call is sent; one
found after it stops the run with the response recorded and its tool calls
(if any) still to run, so that a resume continues from there without calling
the model again. ``max_wall_seconds`` is kept by one watchdog per event loop,
which cancels the model call or tool calls a run has in flight.
"""

from __future__ import annotations

import inspect
import sys
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import BudgetExceeded, BudgetStop
from runwright._loop.recovery import recover

if TYPE_CHECKING:
    from runwright._core.budget import BudgetMeter
    from runwright._loop.executor import Executor
    from runwright._loop.steps import AgentPlan
    from runwright._state.run_state import RunState

Breach = tuple["BudgetMeter", str]
"""A limit hit: the meter whose budget has it, and its name."""


def nested_stop(state: RunState[Any], error: BaseException) -> BudgetExceeded | None:
    """For a nested run (an agent tool) that stopped on this run's budget: the error this
    run stops with (its own state to resume; the nested run's is parked in it)."""
    if not isinstance(error, BudgetStop):
        return None
    nested = error.error
    return BudgetExceeded(
        nested.message,
        limit=nested.limit,
        limit_value=nested.limit_value,
        spent=nested.spent,
        usage=state.context_wrapper.usage,
        run_state=state,
    )


def model_name(model: Any) -> str | None:
    """The name a model call is priced by."""
    name = getattr(model, "model", None)
    if not isinstance(name, str):
        name = getattr(model, "name", None)
    return name if isinstance(name, str) else None


def timer_cancelled(meter: BudgetMeter, error: BaseException) -> bool:
    """Whether ``error`` is the cancel the run's ``max_wall_seconds`` timer sent (then
    absorbed: the run stops over budget instead of being cancelled)."""
    import asyncio

    return isinstance(error, asyncio.CancelledError) and meter.took_cancel()


def arm_wall(meter: BudgetMeter) -> None:
    """Arms the owner run's ``max_wall_seconds`` for this run segment.

    One watchdog per event loop serves every run with a time limit: it sleeps until
    the earliest deadline, so arming a run costs a set insertion, not a timer.
    """
    asyncio = sys.modules["asyncio"]  # loaded: a loop runs (an import statement costs more)
    if meter.parent is None and meter._wall is not None:  # the run's own limit only
        left: float | None = meter._wall - meter.spent.wall_seconds  # the segment just began
    else:
        left = meter.seconds_left()
    loop = asyncio.get_running_loop()
    task = asyncio.current_task(loop)
    if left is None or task is None:
        return
    watchdog: _Watchdog | None = getattr(loop, _WATCHDOG, None)
    if watchdog is None:
        watchdog = _Watchdog(loop)
        setattr(loop, _WATCHDOG, watchdog)  # lives and dies with its loop
    meter._task = task
    meter._watchdog = watchdog
    watchdog.add(meter, loop.time() + max(left, 0.0))


def disarm_wall(meter: BudgetMeter) -> None:
    """The run segment ended: its watchdog forgets it."""
    watchdog = meter._watchdog
    if watchdog is not None:
        watchdog.meters.discard(meter)
        meter._watchdog = None
    meter.disarm()


_WATCHDOG = "_runwright_budget_watchdog"


class _Watchdog:
    """Cancels what runs past their ``max_wall_seconds`` have in flight, for one loop."""

    __slots__ = ("loop", "meters", "handle", "at")

    def __init__(self, loop: Any) -> None:
        self.loop = loop
        self.meters: set[BudgetMeter] = set()
        self.handle: Any = None
        self.at = float("inf")

    def add(self, meter: BudgetMeter, deadline: float) -> None:
        meter._deadline = deadline
        self.meters.add(meter)
        if deadline < self.at:
            if self.handle is not None:
                self.handle.cancel()
            self.at = deadline
            self.handle = self.loop.call_at(deadline, self.fire)

    def fire(self) -> None:
        self.handle, self.at = None, float("inf")
        now = self.loop.time()
        for meter in [m for m in self.meters if m._deadline <= now]:
            self.meters.discard(meter)
            meter._expire()  # cancels the call in flight; else the next check stops the run
        if self.meters:
            self.at = min(m._deadline for m in self.meters)
            self.handle = self.loop.call_at(self.at, self.fire)


def wall_breach(meter: BudgetMeter) -> Breach:
    """The meter whose ``max_wall_seconds`` ran out (this one or a parent)."""
    found: BudgetMeter | None = meter
    while found is not None:
        limit = found.budget.max_wall_seconds
        if limit is not None and found.wall_seconds() >= limit:
            return found, "max_wall_seconds"
        found = found.parent
    return meter, "max_wall_seconds"


async def over_budget(
    executor: Executor,
    state: RunState[Any],
    plan: AgentPlan,
    breach: Breach | BudgetExceeded,
) -> None:
    """Ends the run over budget: the ``budget_exceeded`` handler's final output (then
    None is returned), else the error is raised (inside a nested run: carried to the
    run it is nested in)."""
    if isinstance(breach, BudgetExceeded):
        error = breach
    else:
        meter, limit = breach
        error = meter.exceeded(limit, state.context_wrapper.usage, state)
        error._meter = meter
    env = executor.env
    if env.budget is not None and env.budget.owner is not env:
        # A nested run sharing its parent's meter: the agent tool parks this run's state
        # and the parent stops too (its own error handlers decide there).
        raise error
    responses = state.model_responses
    final = await recover(env, state, plan.output_schema, "budget_exceeded", error, responses)
    if final is None:
        raise error
    state.awaiting_tools = False
    await executor.finish(state, final.output)
    return None


async def warn(executor: Executor, meter: BudgetMeter) -> None:
    """Streams and hooks the soft-limit warnings newly due."""
    # the budget vocabulary loads with the first budgeted run, not with `import runwright`
    from runwright._core.budget import BudgetWarningEvent

    for owner_meter, warning in meter.due_warnings():
        env = owner_meter.owner or executor.env
        if env.sink.streaming:
            env.sink.emit(BudgetWarningEvent(warning))  # type: ignore[arg-type]
        hooks = env.hooks
        if hooks is not None:
            hook = getattr(hooks, "on_budget_warning", None)
            if hook is not None:
                value = hook(env.context_wrapper, warning)
                if inspect.isawaitable(value):
                    await value

"""Run budgets: hard and soft limits on what one run may spend.

``RunConfig(budget=RunBudget(max_requests=20, max_cost_usd=0.50))`` (or
``Runner.run(..., budget=...)``). The run loop asks the run's
:class:`BudgetMeter` before every model call (a call that would start over a
limit is not sent) and after it (its usage is known); a breach stops the run
with :class:`BudgetExceeded`, whose ``run_state`` resumes the run once the
caller raised the limit. Nested runs (agents used as tools) count against
the budget of the run they are nested in. A run without a budget has no
meter and pays nothing for this.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from runwright._core.exceptions import BudgetExceeded, UserError
from runwright._core.pricing import catalog_available, knows_price, price

if TYPE_CHECKING:
    from decimal import Decimal

    from runwright._core.usage import Usage
    from runwright._state.run_state import RunState

BudgetLimit = Literal[
    "max_requests",
    "max_input_tokens",
    "max_output_tokens",
    "max_total_tokens",
    "max_tool_calls",
    "max_cost_usd",
    "max_wall_seconds",
]
LIMITS: tuple[BudgetLimit, ...] = (
    "max_requests",
    "max_input_tokens",
    "max_output_tokens",
    "max_total_tokens",
    "max_tool_calls",
    "max_cost_usd",
    "max_wall_seconds",
)
_SPENT_FIELD = {
    "max_requests": "requests",
    "max_input_tokens": "input_tokens",
    "max_output_tokens": "output_tokens",
    "max_total_tokens": "total_tokens",
    "max_tool_calls": "tool_calls",
    "max_cost_usd": "cost_usd",
    "max_wall_seconds": "wall_seconds",
}


@dataclass
class RunBudget:
    """Limits on one run, nested runs (agents as tools) and retries included.

    Every limit is optional (None: no limit). ``max_cost_usd`` needs a price
    for each model the run calls (genai-prices data or ``RunConfig.price_fn``):
    a model without one is a UserError when the run would call it, unless
    ``unknown_cost="allow"`` (its calls then count as costing nothing).
    ``warn_at`` (a fraction such as 0.8) is a soft limit: when a run reaches
    that share of a limit, a :class:`BudgetWarningEvent` is streamed and
    ``RunHooks.on_budget_warning`` is called, once per limit.
    """

    max_requests: int | None = None
    max_input_tokens: int | None = None
    max_output_tokens: int | None = None
    max_total_tokens: int | None = None
    max_tool_calls: int | None = None
    max_cost_usd: Decimal | float | int | str | None = None
    max_wall_seconds: float | None = None
    warn_at: float | None = None
    unknown_cost: Literal["error", "allow"] = "error"

    def __post_init__(self) -> None:
        for name in (
            "max_requests",
            "max_input_tokens",
            "max_output_tokens",
            "max_total_tokens",
            "max_tool_calls",
        ):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < 0
            ):
                raise UserError(
                    f"RunBudget({name}=...) must be a non-negative integer or None, got {value!r}."
                )
        cost = self.max_cost_usd
        if cost is not None:
            from decimal import Decimal, InvalidOperation

            try:
                if isinstance(cost, bool) or not isinstance(cost, (Decimal, int, float, str)):
                    raise InvalidOperation
                cost = cost if isinstance(cost, Decimal) else Decimal(str(cost))
                if not cost.is_finite() or cost < 0:
                    raise InvalidOperation
            except InvalidOperation:
                raise UserError(
                    "RunBudget(max_cost_usd=...) must be a non-negative number of US dollars "
                    f"(e.g. 0.5 or Decimal('0.50')) or None, got {self.max_cost_usd!r}."
                ) from None
            self.max_cost_usd = cost
        wall = self.max_wall_seconds
        if wall is not None and (
            isinstance(wall, bool) or not isinstance(wall, (int, float)) or not wall > 0
        ):
            raise UserError(
                f"RunBudget(max_wall_seconds=...) must be a positive number or None, got {wall!r}."
            )
        warn = self.warn_at
        if warn is not None and (
            isinstance(warn, bool) or not isinstance(warn, (int, float)) or not 0 < warn < 1
        ):
            raise UserError(
                f"RunBudget(warn_at=...) must be a fraction between 0 and 1 (e.g. 0.8) or None, "
                f"got {warn!r}."
            )
        if self.unknown_cost not in ("error", "allow"):
            raise UserError(
                "RunBudget(unknown_cost=...) must be 'error' or 'allow', got "
                f"{self.unknown_cost!r}."
            )

    def limits(self) -> dict[str, Any]:
        """The limits that are set, by name."""
        return {name: getattr(self, name) for name in LIMITS if getattr(self, name) is not None}


@dataclass
class BudgetSpend:
    """What a run (with its nested runs) has spent, as a budget counts it."""

    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0
    tool_calls: int = 0
    cost_usd: Decimal | None = None
    """None when no call was priced (no ``max_cost_usd`` limit, or unknown prices)."""
    wall_seconds: float = 0.0

    def of(self, limit: str) -> Any:
        """The amount spent against ``limit`` (e.g. ``"max_requests"``)."""
        return getattr(self, _SPENT_FIELD[limit])


@dataclass
class BudgetWarning:
    """A run reached ``warn_at`` of one of its limits (once per limit)."""

    limit: str
    limit_value: Any
    spent: Any
    """The amount spent against this limit when the warning was given."""
    fraction: float
    """``spent / limit_value``."""


@dataclass
class BudgetWarningEvent:
    """Streamed when a run reaches ``RunBudget.warn_at`` of a limit."""

    warning: BudgetWarning
    type: Literal["budget_warning_event"] = "budget_warning_event"


_NO_LIMIT = float("inf")
"""What an absent count limit compares as (no count ever reaches it)."""


class BudgetMeter:
    """Counts a run's spending against its budget; shared with its nested runs.

    ``parent``: the meter of the run this one is nested in, when the nested run
    has a budget of its own (spending counts against both).

    The checks run on every model call of a budgeted run, so they compare plain
    attributes prepared once per run segment by :meth:`refresh` (an absent count
    limit is infinity): no lookups by name, no objects made per call.
    """

    __slots__ = (
        "budget",
        "price_fn",
        "parent",
        "spent",
        "warned",
        "owner",
        "_started",
        "_priced_models",
        "_task",
        "_expired",
        "_watchdog",
        "_deadline",
        "_in_flight",
        "_cancelled",
        "_requests",
        "_input",
        "_output",
        "_total",
        "_tools",
        "_cost",
        "_wall",
        "_slack",
        "costed",
        "warns",
    )

    # Every attribute is set in __init__ (slots: reads are the fast ones).
    owner: Any
    """The RunEnv of the run that owns the meter: warnings go to its stream and hooks."""
    _started: float | None
    _priced_models: set[str | None] | None
    """Models checked to have a price (for ``max_cost_usd``), made on the first check."""
    _task: Any
    """The owner run's task while its ``max_wall_seconds`` timer is armed."""
    _expired: bool
    """The watchdog found this run past its ``max_wall_seconds`` (while armed)."""
    _watchdog: Any
    """The event loop's watchdog keeping ``max_wall_seconds`` (while armed)."""
    _deadline: float
    """When ``max_wall_seconds`` runs out, in event loop time (while armed)."""
    _in_flight: Any
    """The owner run's task while it awaits a model call or tool calls (what the timer
    cancels); None between them (the next check before a call stops the run then)."""
    _cancelled: Any
    """The task the timer cancelled (so the run tells its own cancel from a caller's)."""

    def __init__(
        self,
        budget: RunBudget,
        price_fn: Any = None,
        parent: BudgetMeter | None = None,
        spent: BudgetSpend | None = None,
        warned: set[str] | None = None,
    ) -> None:
        self.budget = budget
        self.price_fn = price_fn
        self.parent = parent
        self.spent = BudgetSpend() if spent is None else spent
        self.warned: set[str] = set() if warned is None else warned
        """The limits already warned about (``warn_at``), each warned once."""
        self.owner = self._started = self._priced_models = self._task = None
        self._watchdog = self._in_flight = self._cancelled = None
        self._expired = False
        self._deadline = 0.0
        self.refresh()

    def __repr__(self) -> str:
        return f"BudgetMeter(budget={self.budget!r}, spent={self.spent!r})"

    def refresh(self) -> None:
        """Prepares the checks (after the budget or the parent changed): each limit as a
        plain attribute, and whether any budget on the chain prices calls or warns."""
        budget = self.budget
        value = budget.max_requests
        self._requests = requests = _NO_LIMIT if value is None else value
        value = budget.max_input_tokens
        self._input = input_tokens = _NO_LIMIT if value is None else value
        value = budget.max_output_tokens
        self._output = output_tokens = _NO_LIMIT if value is None else value
        value = budget.max_total_tokens
        self._total = total_tokens = _NO_LIMIT if value is None else value
        value = budget.max_tool_calls
        self._tools: float = _NO_LIMIT if value is None else value
        self._cost: Any = budget.max_cost_usd
        self._wall: float | None = budget.max_wall_seconds
        spent = self.spent  # the room left (see _gauge)
        self._slack: float = min(
            requests - spent.requests,
            input_tokens - spent.input_tokens,
            output_tokens - spent.output_tokens,
            total_tokens - spent.total_tokens,
        )
        self.costed = self._cost is not None
        """Some budget on the chain has ``max_cost_usd`` (calls are priced)."""
        self.warns = budget.warn_at is not None
        """Some budget on the chain has ``warn_at``."""
        parent = self.parent
        while parent is not None:
            self.costed = self.costed or parent.budget.max_cost_usd is not None
            self.warns = self.warns or parent.budget.warn_at is not None
            parent = parent.parent

    # ----- time ------------------------------------------------------------

    def start(self) -> None:
        """A run segment starts (a run, or a resume of it): wall time counts again."""
        if self._started is None:
            self._started = time.monotonic()

    def stop(self) -> None:
        """The segment ended (finished, paused, failed): wall time stops counting."""
        if self._started is not None:
            self.spent.wall_seconds += time.monotonic() - self._started
            self._started = None

    def disarm(self) -> None:
        """The run segment ended: its task is no longer the timer's to cancel, and its
        RunEnv is let go (env and meter refer to each other: no cycle may outlive a run)."""
        self._task = self._in_flight = self._cancelled = self.owner = None
        self._expired = False

    def _expire(self) -> None:
        self._expired = True
        task = self._in_flight
        if task is not None and not task.done():
            self._cancelled = task
            task.cancel()

    def took_cancel(self) -> bool:
        """After a CancelledError in the owner's task: whether the timer sent it (the
        cancel is then absorbed, and the run stops over budget)."""
        task = self._cancelled
        if task is None or task is not self._task:
            return False
        self._cancelled = None
        uncancel = getattr(task, "uncancel", None)  # Python 3.11+; 3.10 keeps no count
        if uncancel is not None:
            uncancel()
        return True

    def wall_seconds(self) -> float:
        started = self._started
        extra = 0.0 if started is None else time.monotonic() - started
        return self.spent.wall_seconds + extra

    def seconds_left(self) -> float | None:
        """Seconds until ``max_wall_seconds`` (the tightest of this and parent meters)."""
        left: float | None = None
        meter: BudgetMeter | None = self
        while meter is not None:
            limit = meter._wall
            if limit is not None:
                mine = limit - meter.wall_seconds()
                left = mine if left is None else min(left, mine)
            meter = meter.parent
        return left

    # ----- checks ----------------------------------------------------------

    def check_model(self, model: str | None) -> None:
        """Before a call of ``model``: can its cost be counted?

        Raises:
            UserError: ``max_cost_usd`` is set and the model has no known price.
        """
        meter: BudgetMeter | None = self
        while meter is not None:
            budget = meter.budget
            priced = meter._priced_models
            if (
                budget.max_cost_usd is not None
                and budget.unknown_cost == "error"
                and (priced is None or model not in priced)
            ):
                if not knows_price(model, meter.price_fn):
                    hint = (
                        ""
                        if catalog_available()
                        else " The genai-prices package is not installed: pip install genai-prices."
                    )
                    raise UserError(
                        f"RunBudget(max_cost_usd=...) cannot be checked: no price is known for "
                        f"model {model!r}.{hint} Pass RunConfig(price_fn=...) to price it, or "
                        "RunBudget(unknown_cost='allow') to count its calls as free."
                    )
                if priced is None:
                    priced = meter._priced_models = set()
                priced.add(model)
            meter = meter.parent

    def before_call(self) -> tuple[BudgetMeter, str] | None:
        """The limit a new model call would start over, if any; else the call is counted."""
        if self.parent is None:  # the common case: one meter (nested runs may share it)
            if (
                self._slack <= 0
                or self._cost is not None
                or (self._wall is not None and (self._expired or self._task is None))
            ):
                breach = self._reached()
                if breach is not None:
                    return self, breach
            self.spent.requests += 1
            self._slack -= 1
            return None
        meter: BudgetMeter | None = self
        while meter is not None:
            breach = meter._reached()
            if breach is not None:
                return meter, breach
            meter = meter.parent
        meter = self
        while meter is not None:
            meter.spent.requests += 1
            meter._slack -= 1
            meter = meter.parent
        return None

    def after_response(self, usage: Any, model: str | None) -> tuple[BudgetMeter, str] | None:
        """Counts a response's usage; the limit it went over, if any."""
        if self.parent is None and self._cost is None:  # the common case: nothing to price
            spent = self.spent
            if usage.requests > 1:  # retries inside the model call count as requests
                spent.requests += usage.requests - 1
                self._slack -= usage.requests - 1
            input_tokens, output_tokens = usage.input_tokens, usage.output_tokens
            total_tokens = usage.total_tokens
            spent.input_tokens += input_tokens
            spent.output_tokens += output_tokens
            spent.total_tokens += total_tokens
            self._slack -= input_tokens + output_tokens + total_tokens  # a bound: see _gauge
            if self._slack > 0:
                return None
            over = self._over()
            return None if over is None else (self, over)
        breach: tuple[BudgetMeter, str] | None = None
        retries = usage.requests - 1  # retries inside the model call count as requests
        input_tokens, output_tokens = usage.input_tokens, usage.output_tokens
        total_tokens = usage.total_tokens
        # no count limit's room shrinks by more than this (a bound: see _gauge)
        used = input_tokens + output_tokens + total_tokens
        meter: BudgetMeter | None = self
        while meter is not None:
            spent = meter.spent
            if retries > 0:
                spent.requests += retries
                meter._slack -= retries
            spent.input_tokens += input_tokens
            spent.output_tokens += output_tokens
            spent.total_tokens += total_tokens
            meter._slack -= used
            if meter._cost is not None:
                cost = price(model, usage, meter.price_fn)  # genai-prices lookups are cached
                if cost is not None:
                    spent.cost_usd = cost if spent.cost_usd is None else spent.cost_usd + cost
            if breach is None and (meter._slack <= 0 or meter._cost is not None):
                over = meter._over()
                if over is not None:
                    breach = meter, over
            meter = meter.parent
        return breach

    def before_tools(self, count: int) -> tuple[BudgetMeter, str] | None:
        """The limit ``count`` more tool calls would go over, if any; else they are counted."""
        if self.parent is None:
            spent = self.spent
            if spent.tool_calls + count > self._tools:
                return self, "max_tool_calls"
            spent.tool_calls += count
            return None
        meter: BudgetMeter | None = self
        while meter is not None:
            if meter.spent.tool_calls + count > meter._tools:
                return meter, "max_tool_calls"
            meter = meter.parent
        meter = self
        while meter is not None:
            meter.spent.tool_calls += count
            meter = meter.parent
        return None

    def _gauge(self) -> None:
        """Measures ``_slack``: the room left under the tightest request or token limit
        (infinite without one). The checks subtract what each call may have used (a
        bound), so a positive slack proves no such limit is reached, in a comparison or
        two per call; at zero or below they measure exactly (near a limit, rarely)."""
        spent = self.spent
        self._slack = min(
            self._requests - spent.requests,
            self._input - spent.input_tokens,
            self._output - spent.output_tokens,
            self._total - spent.total_tokens,
        )

    def _reached(self) -> str | None:
        """The first limit spent up to (a new call would start over it), if any."""
        self._gauge()
        spent = self.spent
        if spent.requests >= self._requests:
            return "max_requests"
        if spent.input_tokens >= self._input:
            return "max_input_tokens"
        if spent.output_tokens >= self._output:
            return "max_output_tokens"
        if spent.total_tokens >= self._total:
            return "max_total_tokens"
        if self._cost is not None and (spent.cost_usd or 0) >= self._cost:
            return "max_cost_usd"
        wall = self._wall
        if wall is not None and (
            self._expired if self._task is not None else self.wall_seconds() >= wall
        ):  # an armed watchdog tells when time ran out: no clock read per call
            return "max_wall_seconds"
        return None

    def _over(self) -> str | None:
        """The first limit a response's usage went over, if any."""
        self._gauge()
        spent = self.spent
        if spent.requests > self._requests:
            return "max_requests"
        if spent.input_tokens > self._input:
            return "max_input_tokens"
        if spent.output_tokens > self._output:
            return "max_output_tokens"
        if spent.total_tokens > self._total:
            return "max_total_tokens"
        if self._cost is not None and (spent.cost_usd or 0) > self._cost:
            return "max_cost_usd"
        return None

    # ----- soft limits -----------------------------------------------------

    def due_warnings(self) -> list[tuple[BudgetMeter, BudgetWarning]]:
        """The warnings newly due (``warn_at`` reached), each given once per limit."""
        due: list[tuple[BudgetMeter, BudgetWarning]] = []
        meter: BudgetMeter | None = self
        while meter is not None:
            warn_at = meter.budget.warn_at
            if warn_at is not None:
                for name, limit in meter.budget.limits().items():
                    if name in meter.warned or not limit:
                        continue
                    used = meter.snapshot().of(name)
                    if used is not None and used >= _share(limit, warn_at):
                        meter.warned.add(name)
                        due.append((meter, BudgetWarning(name, limit, used, float(used / limit))))
            meter = meter.parent
        return due

    # ----- reports ---------------------------------------------------------

    def snapshot(self) -> BudgetSpend:
        """A copy of what was spent (wall time up to now)."""
        spent = self.spent
        return BudgetSpend(
            spent.requests,
            spent.input_tokens,
            spent.output_tokens,
            spent.total_tokens,
            spent.tool_calls,
            spent.cost_usd,
            self.wall_seconds(),
        )

    def exceeded(
        self, limit: str, usage: Usage | None, run_state: RunState[Any] | None
    ) -> BudgetExceeded:
        """The error for a breach of ``limit`` of this meter's budget."""
        value = getattr(self.budget, limit)
        spent = self.snapshot()
        used = spent.of(limit)
        if limit == "max_wall_seconds":
            what = f"{used:.2f} s of run time"
        elif limit == "max_cost_usd":
            what = f"${used or 0} spent"
        else:
            what = f"{used} {_SPENT_FIELD[limit].replace('_', ' ')} used"
        message = (
            f"Run budget exceeded: {limit}={value} ({what}). Raise the limit and resume with "
            "error.run_state to continue."
        )
        return BudgetExceeded(
            message, limit=limit, limit_value=value, spent=spent, usage=usage, run_state=run_state
        )

    def adopt(self, budget: RunBudget, price_fn: Any) -> None:
        """A resumed run brings its (possibly raised) budget: the spending so far stays."""
        if budget is not self.budget:
            old = self.budget
            self.budget = budget
            self.warned = {
                name for name in self.warned if getattr(old, name) == getattr(budget, name)
            }
            self._priced_models = None
        self.price_fn = price_fn


def _share(limit: Any, fraction: float) -> Any:
    if not isinstance(limit, (int, float)):  # a Decimal (max_cost_usd)
        from decimal import Decimal

        return limit * Decimal(str(fraction))
    return limit * fraction


def meter_from_usage(
    budget: RunBudget, price_fn: Any, usage: Usage, parent: BudgetMeter | None = None
) -> BudgetMeter:
    """A meter for a run resumed without one (a state loaded from JSON): its usage so far
    counts, priced from its recorded requests where possible."""
    meter = BudgetMeter(budget, price_fn, parent)
    spent = meter.spent
    spent.requests = usage.requests
    spent.input_tokens = usage.input_tokens
    spent.output_tokens = usage.output_tokens
    spent.total_tokens = usage.total_tokens
    if budget.max_cost_usd is not None:
        try:
            spent.cost_usd = usage.cost_usd
        except UserError:
            spent.cost_usd = None
    meter._gauge()
    return meter

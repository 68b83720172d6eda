"""Runner: the public façade over a replaceable :class:`AgentRunner`.

``Runner.run`` drains the run's events, ``Runner.run_streamed`` hands them to
the caller; both drive the same loop (loop/driver.py).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from typing_extensions import TypedDict, Unpack

from runwright._agent.agent import Agent
from runwright._core.config import RunConfig, check_budget, run_config_from_dict
from runwright._core.context import RunContextWrapper
from runwright._core.current import current_run
from runwright._core.error_handlers import RunErrorHandlers, check_error_handlers
from runwright._core.events import NULL_SINK, EventSink, QueueSink
from runwright._core.exceptions import (
    AgentsException,
    InputGuardrailTripwireTriggered,
    RunSyncInEventLoopError,
    UserError,
)
from runwright._core.items import TResponseInputItem
from runwright._core.lifecycle import RunHooks, RunHooksBase
from runwright._durable.store import CheckpointStore
from runwright._loop.budget import arm_wall, disarm_wall
from runwright._loop.driver import drive
from runwright._loop.env import RunEnv
from runwright._loop.memory import load_history, save_input
from runwright._loop.recovery import run_error_details
from runwright._loop.result import _DONE, RunResult, RunResultStreaming
from runwright._models.registration import with_harness_metadata
from runwright._state.run_state import NO_TURN_LIMIT, RunState

if TYPE_CHECKING:
    import asyncio

    from runwright._core.budget import BudgetMeter, RunBudget

DEFAULT_MAX_TURNS = 10


class AgentRunner:
    """Runs agents. Subclass and install with :func:`set_default_agent_runner` to
    change how runs execute (e.g. on a distributed engine)."""

    async def run(
        self,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any],
        **kwargs: Any,
    ) -> RunResult:
        """See :meth:`Runner.run`."""
        env, state = await self._prepare(starting_agent, input, NULL_SINK, kwargs)
        await self._execute(env, state)
        return RunResult(state)

    def run_streamed(
        self,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any] | _DurableRef,
        **kwargs: Any,
    ) -> RunResultStreaming:
        """See :meth:`Runner.run_streamed`."""
        import asyncio

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            raise UserError(
                "Runner.run_streamed() needs a running event loop: call it from async code "
                "and iterate the result with `async for`."
            ) from None
        max_turns = kwargs.get("max_turns", DEFAULT_MAX_TURNS)
        result = RunResultStreaming(starting_agent, input, max_turns)
        sink = QueueSink()
        result._queue = sink
        result._task = asyncio.ensure_future(
            self._stream(result, sink, starting_agent, input, kwargs)
        )
        return result

    async def _stream(
        self,
        result: RunResultStreaming,
        sink: QueueSink,
        starting_agent: Agent[Any],
        input: Any,
        kwargs: dict[str, Any],
    ) -> None:
        import asyncio

        try:
            env, state = await self._prepare(starting_agent, input, sink, kwargs)
            result._env = env
            result._attach(state)
            if not state.is_finished:  # finished: a durable run's stored result (no events)
                await self._execute(env, state)
            result._attach(state)
        except asyncio.CancelledError:
            # cancel(): the stream just ends; the turn in flight is dropped, the input kept.
            if result._state is not None and result._env is not None:
                await save_input(result._env, result._state)
        except BaseException as error:
            result._error = error
        finally:
            result.is_complete = True
            sink.emit(_DONE)

    async def _prepare(
        self, agent: Agent[Any], input: Any, sink: EventSink, kwargs: Mapping[str, Any]
    ) -> tuple[RunEnv, RunState[Any]]:
        stored = isinstance(input, _DurableRef)
        if isinstance(input, _DurableRef):
            input = await load_durable_state(input.run_id, agent, input.store, dict(input.options))
            input.needs_session_reconcile = True
        options = _RunOptions(**kwargs)
        if not isinstance(agent, Agent):
            raise UserError(f"Runner needs an Agent as starting_agent, got {type(agent).__name__}.")
        if isinstance(input, RunState):
            state = input
            if state.is_finished and not stored:
                raise UserError(
                    "This RunState belongs to a run that already finished; start a new run "
                    "with result.to_input_list() plus your next message instead."
                )
            if agent.name != state.starting_agent.name:
                raise UserError(
                    f"This RunState was started by agent {state.starting_agent.name!r}; resume it "
                    f"with that agent, not {agent.name!r}."
                )
            state.max_turns = options.max_turns
            wrapper = state.context_wrapper
        else:
            items = _input_items(input)
            wrapper = RunContextWrapper(options.context)
            if options.tool_input is not None:
                wrapper.tool_input = options.tool_input
            original: Any = input if isinstance(input, str) else items
            new_items = items
            if options.session is not None:
                items = original = await load_history(_env(options, wrapper, sink), new_items)
            state = RunState(agent, original, items, wrapper, options.max_turns)
            state.session_input_items = new_items
        meter, owned = (None, False)
        # a run nested in another counts against the other's budget
        if (
            options.budget is not None
            or options.run_config.budget is not None
            or current_run.get() is not None
        ):
            meter, owned = _budget_meter(options, state)
        env = _env(options, wrapper, sink, meter)
        if owned:
            assert meter is not None
            meter.owner = env
        if options.durable is not None and state.run_id is None:
            state.run_id = options.run_id or _new_run_id()
            await options.durable.save(state)
        return env, state

    async def _execute(self, env: RunEnv, state: RunState[Any]) -> None:
        # One frame for the trace scope, the sandbox choice and the error details: every
        # frame (and closure cell) of a run in flight is traversed by each GC pass.
        scope = _run_trace(env.run_config)
        state.trace = scope.__enter__()
        meter = env.budget
        if meter is not None and meter.owner is env:
            meter.start()
            if meter.budget.max_wall_seconds is not None:
                arm_wall(meter)
        else:
            meter = None
        try:
            try:
                if (
                    env.run_config.sandbox is None
                    and state.sandbox is None
                    and not getattr(state.current_agent, "_runwright_sandbox", False)
                ):
                    await drive(env, state)
                else:
                    # the sandbox room (pydantic, process control) loads only for sandboxed runs
                    from runwright._sandbox.runtime import drive_sandboxed

                    await drive_sandboxed(env, state, partial(drive, env, state))
            except InputGuardrailTripwireTriggered as error:
                _attach_details(error, state)
                await save_input(env, state)  # the user said it; nothing else happened
                raise
            except AgentsException as error:
                _attach_details(error, state)
                raise
        except BaseException as error:
            if meter is not None:
                meter.stop()
                disarm_wall(meter)
            scope.__exit__(type(error), error, error.__traceback__)
            raise
        if meter is not None:
            meter.stop()
            disarm_wall(meter)
        scope.__exit__(None, None, None)


def _run_trace(run_config: RunConfig) -> Any:
    """The run's trace scope (tracing is imported on the first run, not at import)."""
    # tracing loads with the first traced run, not with `import runwright`
    from runwright._tracing.create import run_trace_from_config

    # an OpenAI provider's harness id goes in the trace metadata (models/registration.py)
    if not run_config.tracing_disabled:
        metadata = with_harness_metadata(run_config.trace_metadata, run_config.model_provider)
        if metadata is not run_config.trace_metadata:
            run_config = dataclasses.replace(run_config, trace_metadata=metadata)
    return run_trace_from_config(run_config)


class _RunOptions:
    """The keyword arguments of a run, checked once."""

    __slots__ = (
        "context",
        "max_turns",
        "hooks",
        "run_config",
        "previous_response_id",
        "conversation_id",
        "session",
        "error_handlers",
        "session_settings",
        "durable",
        "run_id",
        "tool_input",
        "auto_previous_response_id",
        "budget",
    )

    def __init__(
        self,
        *,
        context: Any = None,
        max_turns: int | None = DEFAULT_MAX_TURNS,
        hooks: RunHooks[Any] | None = None,
        run_config: RunConfig | dict[str, Any] | None = None,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        session: Any = None,
        error_handlers: Mapping[str, Any] | None = None,
        session_settings: Any = None,
        durable: Any = None,
        run_id: str | None = None,
        tool_input: Any = None,
        auto_previous_response_id: bool = False,
        budget: RunBudget | dict[str, Any] | None = None,
    ) -> None:
        if max_turns is None:  # as in the SDK: no turn limit
            max_turns = NO_TURN_LIMIT
        elif isinstance(max_turns, bool) or not isinstance(max_turns, int) or max_turns < 1:
            raise UserError(f"max_turns must be a positive integer or None, got {max_turns!r}.")
        if isinstance(run_config, dict):  # as in the SDK: a dict of RunConfig's fields
            run_config = run_config_from_dict(run_config)
        if run_config is not None and not isinstance(run_config, RunConfig):
            raise UserError(f"run_config must be a RunConfig, got {type(run_config).__name__}.")
        if hooks is not None and not isinstance(hooks, RunHooksBase):
            raise UserError("hooks must be a RunHooks instance (subclass RunHooks).")
        self.context = context
        self.max_turns = max_turns
        self.hooks = hooks
        # Runs without a RunConfig share one (read-only here): one object less per run.
        self.run_config = run_config or _DEFAULT_RUN_CONFIG
        self.previous_response_id = previous_response_id
        self.conversation_id = conversation_id
        self.session = session
        self.error_handlers = (
            None if error_handlers is None else check_error_handlers(error_handlers)
        )
        self.session_settings = session_settings
        self.durable = durable if durable is not None else self.run_config.durable
        if self.durable is not None and not isinstance(self.durable, CheckpointStore):
            raise UserError(
                "durable= must be a checkpoint store (e.g. SQLiteCheckpointStore), got "
                f"{type(self.durable).__name__}."
            )
        if run_id is not None and (not isinstance(run_id, str) or not run_id):
            raise UserError("run_id must be a non-empty string.")
        self.run_id = run_id
        self.tool_input = tool_input
        if not isinstance(auto_previous_response_id, bool):
            raise UserError(
                "auto_previous_response_id must be True or False, got "
                f"{auto_previous_response_id!r}."
            )
        self.auto_previous_response_id = auto_previous_response_id
        """Chain model calls by response id from the first one (server-managed history)."""
        self.budget = check_budget(budget, "budget=")
        """Runner.run(budget=...): wins over RunConfig.budget."""
        """Set by Agent.as_tool(parameters=...) for its nested run (wrapper.tool_input)."""


_DEFAULT_RUN_CONFIG = RunConfig()


def _env(
    options: _RunOptions,
    wrapper: RunContextWrapper[Any],
    sink: EventSink,
    budget: BudgetMeter | None = None,
) -> RunEnv:
    return RunEnv(
        context_wrapper=wrapper,
        run_config=options.run_config,
        sink=sink,
        hooks=options.hooks,
        session=options.session,
        session_settings=options.session_settings,
        error_handlers=options.error_handlers,
        previous_response_id=options.previous_response_id,
        conversation_id=options.conversation_id,
        durable=options.durable,
        auto_previous_response_id=options.auto_previous_response_id,
        budget=budget,
    )


def _budget_meter(options: _RunOptions, state: RunState[Any]) -> tuple[BudgetMeter | None, bool]:
    """The run's budget meter, and whether the run owns it.

    A run nested in another (an agent used as a tool) counts against its parent's
    meter: it shares it, or (with a budget of its own) chains its own to it. A
    resumed run keeps what it had spent, under the budget it is resumed with.
    """
    config = options.run_config
    budget = options.budget if options.budget is not None else config.budget
    parent = current_run.get()
    parent_meter = parent[0].budget if parent is not None else None
    if budget is None or (parent_meter is not None and parent_meter.budget is budget):
        return parent_meter, False
    meter: BudgetMeter | None = state.budget_meter
    if meter is None:
        budget_module = _budget_module or _load_budget_module()
        BudgetMeter, meter_from_usage = budget_module.BudgetMeter, budget_module.meter_from_usage
        if state.budget_spent is not None:  # saved with the state: what it had spent
            meter = BudgetMeter(budget, config.price_fn, parent_meter, *state.budget_spent)
            state.budget_spent = None
        elif state.context_wrapper.usage.requests:
            usage = state.context_wrapper.usage
            meter = meter_from_usage(budget, config.price_fn, usage, parent_meter)
        else:
            meter = BudgetMeter(budget, config.price_fn, parent_meter)
        state.budget_meter = meter
    else:
        meter.adopt(budget, config.price_fn)
        meter.parent = parent_meter
        meter.refresh()
    return meter, True


_budget_module: Any = None
"""runwright._core.budget, once a run had a budget (kept: an import statement costs a
budgeted run two attribute errors each time it runs)."""


def _load_budget_module() -> Any:
    global _budget_module
    # the budget vocabulary loads with the first budgeted run, not with `import runwright`
    from runwright._core import budget

    _budget_module = budget
    return budget


def _new_run_id() -> str:
    import uuid

    return f"run_{uuid.uuid4().hex}"


def _input_items(input: Any) -> list[TResponseInputItem]:
    if isinstance(input, str):
        return [{"content": input, "role": "user"}]  # the SDK's key order
    if not isinstance(input, list):
        raise UserError(
            "Run input must be a string, a list of input items (dicts such as "
            f"{{'role': 'user', 'content': '...'}}) or a RunState; got {type(input).__name__}."
        )
    for item in input:
        if isinstance(item, dict) and ("role" in item or "type" in item):
            continue
        index = next(i for i, x in enumerate(input) if x is item)
        raise UserError(
            f"Input item {index} is not a Responses API item: expected a dict with a "
            f"'role' or 'type' key, got {item!r:.120}."
        )
    return list(input)


def _attach_details(error: AgentsException, state: RunState[Any]) -> None:
    if error.run_data is None:
        error.run_data = run_error_details(state)


_default_runner = AgentRunner()


def set_default_agent_runner(runner: AgentRunner | None) -> None:
    """Installs the AgentRunner behind :class:`Runner` (None restores the built-in one)."""
    global _default_runner
    _default_runner = runner or AgentRunner()


def get_default_agent_runner() -> AgentRunner:
    """The AgentRunner behind :class:`Runner`."""
    return _default_runner


class RunOptions(TypedDict, total=False):
    """The keyword arguments of Runner.run / run_sync / run_streamed (all optional)."""

    context: Any
    max_turns: int | None
    """None: no turn limit."""
    hooks: RunHooks[Any] | None
    run_config: RunConfig | dict[str, Any] | None
    previous_response_id: str | None
    auto_previous_response_id: bool
    """Chain model calls by response id from the first call on (as ``previous_response_id``
    does, without a first id)."""
    conversation_id: str | None
    session: Any
    session_settings: Any
    error_handlers: RunErrorHandlers | dict[str, Any] | None
    durable: Any
    run_id: str | None
    budget: RunBudget | dict[str, Any] | None
    """Limits on this run (:class:`RunBudget`); wins over ``RunConfig.budget``."""


class Runner:
    """Runs agents: ``await Runner.run(agent, "hi")``.

    Keyword arguments of every method: ``context`` (your object, handed to
    tools/hooks), ``max_turns`` (default 10), ``hooks`` (RunHooks),
    ``run_config`` (RunConfig), ``previous_response_id`` / ``conversation_id``
    (server-managed conversations), ``session`` (conversation memory),
    ``session_settings``, ``error_handlers`` (``{"max_turns": handler, ...}`` or
    RunErrorHandlers; see :mod:`runwright.run_error_handlers`).
    """

    @classmethod
    async def run(
        cls,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any],
        **kwargs: Unpack[RunOptions],
    ) -> RunResult:
        """Runs ``starting_agent`` on ``input`` (or resumes a RunState) to the end."""
        return await _default_runner.run(starting_agent, input, **kwargs)

    @classmethod
    def run_sync(
        cls,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any],
        **kwargs: Unpack[RunOptions],
    ) -> RunResult:
        """:meth:`run` for synchronous code. Not usable inside a running event loop."""
        import asyncio

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RunSyncInEventLoopError(
                "Runner.run_sync() was called inside a running event loop (async code, "
                "Jupyter, an async web framework); use `await Runner.run(...)` there."
            )
        loop = _thread_loop()
        task = loop.create_task(_default_runner.run(starting_agent, input, **kwargs))
        try:
            return loop.run_until_complete(task)
        except BaseException:
            if not task.done():  # KeyboardInterrupt: let the run unwind cleanly
                task.cancel()
                loop.run_until_complete(asyncio.gather(task, return_exceptions=True))
            raise

    @classmethod
    async def resume(
        cls,
        run_id: str,
        starting_agent: Agent[Any],
        store: Any,
        **kwargs: Any,
    ) -> RunResult:
        """Continues a durable run from its last checkpoint in ``store``, in any process.

        Keyword arguments are those of :meth:`run`; ``context=`` (or
        ``context_deserializer=`` / ``context_type=``) rebuilds the run's context.
        A run that had already finished (a process killed right after its final
        checkpoint) returns its stored result: final output, items and usage,
        without calling the model or any tool.
        """
        state = await load_durable_state(run_id, starting_agent, store, kwargs)
        if state.is_finished:
            # Killed after its final checkpoint: the stored result, with no model or tool call.
            return RunResult(state)
        state.needs_session_reconcile = True
        return await _default_runner.run(starting_agent, state, durable=store, **kwargs)

    @classmethod
    def resume_streamed(
        cls, run_id: str, starting_agent: Agent[Any], store: Any, **kwargs: Any
    ) -> RunResultStreaming:
        """:meth:`resume`, streamed."""
        return _default_runner.run_streamed(
            starting_agent, _DurableRef(run_id, store, kwargs), durable=store, **kwargs
        )

    @classmethod
    def run_streamed(
        cls,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any],
        context: Any = None,
        max_turns: int | None = DEFAULT_MAX_TURNS,
        hooks: RunHooks[Any] | None = None,
        run_config: RunConfig | dict[str, Any] | None = None,
        previous_response_id: str | None = None,
        auto_previous_response_id: bool = False,
        conversation_id: str | None = None,
        session: Any = None,
        *,
        error_handlers: RunErrorHandlers | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> RunResultStreaming:
        """Starts a run and returns at once; iterate the result for its events.

        The parameters are the SDK's, in its order (``context`` to ``session`` may be
        passed by position); runwright's own options (``session_settings``,
        ``durable``, ``run_id``) are keyword arguments.
        """
        options: dict[str, Any] = {
            "context": context,
            "max_turns": max_turns,
            "hooks": hooks,
            "run_config": run_config,
            "previous_response_id": previous_response_id,
            "conversation_id": conversation_id,
            "session": session,
            "error_handlers": error_handlers,
        }
        if auto_previous_response_id:
            options["auto_previous_response_id"] = True
        return _default_runner.run_streamed(starting_agent, input, **options, **kwargs)


class _DurableRef:
    """A durable run to load when a streamed resume starts."""

    def __init__(self, run_id: str, store: Any, options: dict[str, Any]) -> None:
        self.run_id, self.store = run_id, store
        self.options = {k: options.pop(k) for k in _CONTEXT_OPTIONS if k in options}


_CONTEXT_OPTIONS = ("context", "context_deserializer", "context_type")


async def load_durable_state(
    run_id: str, starting_agent: Agent[Any], store: Any, options: dict[str, Any]
) -> RunState[Any]:
    """The RunState of a durable run's last checkpoint (context options are taken from
    ``options``)."""
    if not isinstance(store, CheckpointStore):
        raise UserError(f"store must be a checkpoint store, got {type(store).__name__}.")
    checkpoint = await store.load(run_id)
    if checkpoint is None:
        raise UserError(f"No durable run {run_id!r} in this store.")
    context_options = {k: options.pop(k) for k in _CONTEXT_OPTIONS if k in options}

    # A checkpoint store is trusted storage: its states are not signed.
    # the JSON codec (and its integrity checks) loads with the first state saved or loaded
    from runwright._state.codec import state_from_json

    state = state_from_json(RunState, starting_agent, checkpoint.to_state_json(), **context_options)
    state.run_id = run_id
    return state


_local = threading.local()


def _thread_loop() -> asyncio.AbstractEventLoop:
    """One event loop per thread for run_sync, reused so clients bound to it keep working."""
    import asyncio

    loop: asyncio.AbstractEventLoop | None = getattr(_local, "loop", None)
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        _local.loop = loop
    return loop

"""RunState: the whole truth of a run in progress.

The driver advances one RunState step by step; a finished, interrupted or
failed run leaves it behind, and driving it again continues the same run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from runwright._core.context import RunContextWrapper, TContext
from runwright._core.exceptions import UserError
from runwright._core.items import (
    InputItem,
    ItemHelpers,
    ModelResponse,
    RunItem,
    ToolApprovalItem,
    ToolCallOutputItem,
    TResponseInputItem,
)
from runwright._state.integrity import resolve_key, sign
from runwright._state.integrity import set_signing_key as set_key

if TYPE_CHECKING:
    from runwright._agent.agent import Agent

_NO_OUTPUT: Any = object()

NO_TURN_LIMIT = 2**31 - 1
"""``max_turns`` of a run started with ``max_turns=None`` (no limit, as in the SDK)."""
T = TypeVar("T")


class _ListOnUse(Generic[T]):
    """A list attribute of a slotted class whose list is made on first access.

    Most runs never fill these lists; with thousands of runs in flight, an empty
    list per field per run is that many more objects for every cyclic GC pass.
    Backed by the slot of the same name with a leading underscore (None: no list yet).
    """

    __slots__ = ("_slot",)

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot: Any = owner.__dict__["_" + name]

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _ListOnUse[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> list[T]: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = self._slot.__get__(obj, owner)
        if value is None:
            value = []
            self._slot.__set__(obj, value)
        return value

    def __set__(self, obj: object, value: list[T]) -> None:
        self._slot.__set__(obj, value)


class RunState(Generic[TContext]):
    """A run's progress: agent, turn, items, responses, usage (on the context), results.

    Invariant: ``transcript`` is what the next model call sees — the input
    items followed by the ``to_input_item()`` of every generated item that is
    part of the conversation, unless a handoff input filter rewrote it.
    ``generated_items`` is what the caller sees as ``result.new_items``.
    """

    __slots__ = (
        "starting_agent",
        "current_agent",
        "original_input",
        "input_items",
        "transcript",
        "generated_items",
        "model_responses",
        "context_wrapper",
        "max_turns",
        "current_turn",
        "turn_start_index",
        "agent_started",
        "agents_that_used_tools",
        "final_output",
        "_input_guardrail_results",
        "_output_guardrail_results",
        "_tool_input_guardrail_results",
        "_tool_output_guardrail_results",
        "_interruptions",
        "output_retries_used",
        "nested_states",
        "last_response_id",
        "server_sent_index",
        "awaiting_tools",
        "saved_item_count",
        "input_saved",
        "session_input_items",
        "completed_outputs",
        "_tools_started",
        "transcript_epoch",
        "trace",
        "needs_session_reconcile",
        "run_id",
        "sandbox",
        "sdk_carry",
        "reasoning_item_id_policy",
        "_pending_input",
        "_tool_use_snapshot",
        "agent_run_results",
        "budget_meter",
        "budget_spent",
        "budget_tools_turn",
    )

    def __init__(
        self,
        starting_agent: Agent[TContext],
        original_input: str | list[TResponseInputItem],
        input_items: list[TResponseInputItem],
        context_wrapper: RunContextWrapper[TContext],
        max_turns: int,
    ) -> None:
        self.starting_agent = starting_agent
        self.current_agent: Agent[Any] = starting_agent
        self.original_input = original_input
        self.input_items = input_items
        self.transcript: list[TResponseInputItem] = list(input_items)
        self.generated_items: list[RunItem] = []
        self.model_responses: list[ModelResponse] = []
        self.context_wrapper = context_wrapper
        self.max_turns = max_turns
        self.current_turn = 0
        self.turn_start_index = 0
        """Index in generated_items where the current turn's items start."""
        self.agent_started = False
        """Whether on_agent_start ran for current_agent since it took over."""
        self.agents_that_used_tools: set[str] = set()
        self.final_output: Any = _NO_OUTPUT
        self._input_guardrail_results: list[Any] | None = None
        self._output_guardrail_results: list[Any] | None = None
        self._tool_input_guardrail_results: list[Any] | None = None
        self._tool_output_guardrail_results: list[Any] | None = None
        self._interruptions: list[ToolApprovalItem] | None = None
        self.output_retries_used = 0
        self.nested_states: dict[str, RunState[Any]] = {}
        """Paused runs of agents used as tools, by the outer tool call's id."""
        self.last_response_id: str | None = None
        self.server_sent_index = 0
        """With server-managed conversations: transcript items the server already has."""
        self.awaiting_tools = False
        """The last response's tool calls are not all answered yet (paused or crashed)."""
        self.budget_meter: Any = None
        """The run's BudgetMeter (what it spent against its budget), kept for a resume."""
        self.budget_spent: Any = None
        """What a budgeted run had spent when its state was saved (a BudgetSpend, with
        the limits already warned about), read back by ``from_json``; the resumed run's
        meter starts from it."""
        self.budget_tools_turn = 0
        """The turn whose tool calls a budget already counted (0: none), so that a batch
        resumed after an approval pause (or a budget stop inside it) counts them once."""
        self.saved_item_count = 0
        """Generated items already written to the session."""
        self.input_saved = False
        self.session_input_items: list[TResponseInputItem] = []
        """The run's new input, written to the session with the first complete turn."""
        self.completed_outputs: dict[str, ToolCallOutputItem] = {}
        """Outputs of this batch's finished calls, recorded (in call order) when it ends."""
        self._tools_started: list[str] | None = None
        self.transcript_epoch = 0
        """Bumped whenever the transcript is rewritten rather than appended to."""
        self.trace: Any = None
        """The run's trace (tracing.Trace); not part of the serialised state."""
        self.needs_session_reconcile = False
        """Set when loaded from a durable store: check the session before writing to it."""
        self.run_id: str | None = None
        """Set for durable runs: the key of the run's checkpoints."""
        self.sandbox: Any = None
        """The run's sandbox (runwright.sandbox.runtime.SandboxRun), if it has one."""
        self.sdk_carry: Any = None
        """Loaded from the OpenAI Agents SDK's document: what it held that runwright does
        not model, written back by ``to_json`` (runwright._state.sdk_format.SdkCarry)."""
        self.reasoning_item_id_policy: str | None = None
        """``"omit"``: reasoning items go back to the model without ids (RunConfig's
        ``reasoning_item_id_policy``, kept with the state for resumed runs)."""
        self._pending_input: list[TResponseInputItem] | None = None
        """Input staged by :meth:`add_input` for the next model call (None: none)."""
        self._tool_use_snapshot: dict[str, list[str]] | None = None
        """Set by :meth:`set_tool_use_tracker_snapshot` (None: derived from the items)."""
        self.agent_run_results: dict[str, Any] | None = None
        """Results of agents run as tools, by tool call id, until the batch's
        FunctionToolResults take them (``agent_run_result``)."""

    input_guardrail_results: _ListOnUse[Any] = _ListOnUse()
    output_guardrail_results: _ListOnUse[Any] = _ListOnUse()
    tool_input_guardrail_results: _ListOnUse[Any] = _ListOnUse()
    tool_output_guardrail_results: _ListOnUse[Any] = _ListOnUse()
    interruptions: _ListOnUse[ToolApprovalItem] = _ListOnUse()
    tools_started: _ListOnUse[str] = _ListOnUse()
    """Call ids of the batch in flight (durable runs: to spot non-idempotent re-runs)."""

    def clear_interruptions(self) -> None:
        """Forgets the interruptions of an earlier pause (without making an empty list)."""
        self._interruptions = None

    @property
    def is_finished(self) -> bool:
        return self.final_output is not _NO_OUTPUT

    def replace_transcript(self, transcript: list[TResponseInputItem]) -> None:
        """Rewrites what the next model call sees (handoff filters, history nesting)."""
        self.transcript = transcript
        self.transcript_epoch += 1
        self.server_sent_index = min(self.server_sent_index, len(transcript))

    def replace_generated(self, before_turn: list[RunItem], this_turn: list[RunItem]) -> None:
        """A handoff input filter's items become the run's record (``result.new_items``).

        Items already written to the session stay written; the count of saved
        items becomes the leading run of kept items that had been saved.
        """
        saved = {id(item) for item in self.generated_items[: self.saved_item_count]}
        items = [*before_turn, *this_turn]
        kept_saved = 0
        while kept_saved < len(items) and id(items[kept_saved]) in saved:
            kept_saved += 1
        self.generated_items = items
        self.turn_start_index = len(before_turn)
        self.saved_item_count = kept_saved

    def begin_turn(self) -> None:
        self.current_turn += 1
        self.turn_start_index = len(self.generated_items)

    def record(self, items: list[RunItem]) -> None:
        """Appends generated items, and their input form to the transcript."""
        self.generated_items.extend(items)
        self.transcript.extend(item.to_input_item() for item in items if item.in_transcript)

    def record_approvals(self, approvals: list[ToolApprovalItem]) -> None:
        """Keeps the calls waiting for a human in ``generated_items`` (``result.new_items``),
        once per call, as the SDK does; they are never sent to the model."""
        known = {
            item.call_id
            for item in self.generated_items[self.turn_start_index :]
            if isinstance(item, ToolApprovalItem)
        }
        self.generated_items.extend(a for a in approvals if a.call_id not in known)

    def record_response(self, response: ModelResponse) -> None:
        self.model_responses.append(response)
        self.context_wrapper.usage.add(response.usage)
        if response.response_id is not None:
            self.last_response_id = response.response_id

    def finish(self, output: Any) -> None:
        self.final_output = output

    def approve(self, approval_item: ToolApprovalItem, always_approve: bool = False) -> None:
        """Approves a pending tool call (``always_approve``: every call of that tool)."""
        self.context_wrapper.approve_tool(approval_item, always_approve=always_approve)

    def reject(
        self,
        approval_item: ToolApprovalItem,
        always_reject: bool = False,
        rejection_message: str | None = None,
    ) -> None:
        """Rejects a pending tool call; the model is told ``rejection_message``."""
        self.context_wrapper.reject_tool(
            approval_item, always_reject=always_reject, rejection_message=rejection_message
        )

    def get_interruptions(self) -> list[ToolApprovalItem]:
        """The tool calls waiting for a decision."""
        return list(self.interruptions)

    # ----- input staged for the resumed run --------------------------------

    @property
    def pending_input(self) -> list[TResponseInputItem]:
        """A copy of the input staged by :meth:`add_input`, not yet sent to the model."""
        import copy

        return copy.deepcopy(self._pending_input or [])

    def add_input(self, input: str | list[TResponseInputItem]) -> None:
        """Stages ``input`` (a user message, or input items) for the resumed run.

        It joins the conversation right before the resumed run's next model call,
        as ``InputItem`` entries of ``result.new_items``, in the order added.

        Raises:
            UserError: the run is finished, has no model turn left, or is paused on
                tool calls whose results may end it (``tool_use_behavior`` stops on
                them, or is a function), so that no model call may follow.
        """
        import copy

        if self.is_finished:
            raise UserError("Cannot add input to a finished RunState: the run is over.")
        if self.current_turn >= self.max_turns:
            raise UserError(
                f"Cannot add input to a RunState with no model turn left ({self.current_turn} "
                f"of max_turns={self.max_turns} used)."
            )
        if self.awaiting_tools and self._tools_may_end_run():
            raise UserError(
                "Cannot add input to this paused RunState: the results of the tool calls it "
                "waits for may end the run (the agent's tool_use_behavior), so no model call "
                "may follow to read the input."
            )
        if not isinstance(input, (str, list)):
            raise UserError(
                "RunState.add_input() takes a string or a list of input items, got "
                f"{type(input).__name__}."
            )
        items = ItemHelpers.input_to_new_input_list(input)
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise UserError(
                    f"RunState.add_input(): item {index} is not an input item (a dict), "
                    f"got {type(item).__name__}."
                )
        if self._pending_input is None:
            self._pending_input = []
        self._pending_input.extend(copy.deepcopy(items))

    def clear_pending_input(self) -> None:
        """Drops the input staged by :meth:`add_input` that no model call has read yet."""
        self._pending_input = None

    def admit_pending_input(self) -> None:
        """The staged input joins the run as InputItems (called before a model call)."""
        pending, self._pending_input = self._pending_input, None
        if pending:
            agent = self.current_agent
            self.record([InputItem(agent, item) for item in pending])  # type: ignore[arg-type]

    def _tools_may_end_run(self) -> bool:
        """Whether the tool calls this paused run waits for may give its final output."""
        behavior = self.current_agent.tool_use_behavior
        if behavior == "stop_on_first_tool" or callable(behavior):
            return True
        if isinstance(behavior, dict):
            names = set(behavior.get("stop_at_tool_names") or ())
            called = {
                str(item.raw_item.get("name"))
                for item in self.generated_items[self.turn_start_index :]
                if getattr(item, "type", "") == "tool_call_item"
            }
            return bool(names & called)
        return False

    # ----- SDK bookkeeping -------------------------------------------------

    def set_reasoning_item_id_policy(self, policy: str | None) -> None:
        """How reasoning items go back to the model: ``"omit"`` their ids, or None /
        ``"preserve"``. A run's RunConfig(reasoning_item_id_policy=...) takes precedence."""
        if policy not in (None, "preserve", "omit"):
            raise UserError(
                f"reasoning_item_id_policy must be None, 'preserve' or 'omit', got {policy!r}."
            )
        self.reasoning_item_id_policy = policy

    def set_trace(self, trace: Any) -> None:
        """Keeps ``trace`` as the run's trace (``None`` forgets it)."""
        self.trace = trace

    def get_tool_use_tracker_snapshot(self) -> dict[str, list[str]]:
        """Which tools each agent has used in this run: ``{agent name: [tool names]}``.

        ``Agent.reset_tool_choice`` reads it: an agent that used tools gets its
        forced ``tool_choice`` reset.
        """
        snapshot: dict[str, list[str]] = {
            name: list(tools) for name, tools in (self._tool_use_snapshot or {}).items()
        }
        used = self.agents_that_used_tools
        if not used:
            return snapshot
        for item in self.generated_items:
            agent = item.agent
            name = getattr(agent, "name", None)
            if name in used and getattr(item, "type", "") == "tool_call_item":
                tools = snapshot.setdefault(name, [])
                tool = item.raw_item.get("name")
                if isinstance(tool, str) and tool not in tools:
                    tools.append(tool)
        for name in used:
            snapshot.setdefault(name, [])
        return snapshot

    def set_tool_use_tracker_snapshot(self, snapshot: Any) -> None:
        """Replaces which tools each agent has used (``{agent name: [tool names]}``);
        entries that are not strings are skipped."""
        normalized: dict[str, list[str]] = {}
        for name, tools in dict(snapshot or {}).items():
            if isinstance(name, str):
                normalized[name] = [t for t in tools or () if isinstance(t, str)]
        self._tool_use_snapshot = normalized
        self.agents_that_used_tools = {name for name, tools in normalized.items() if tools}
        if not normalized:
            self._tool_use_snapshot = None

    @property
    def context(self) -> RunContextWrapper[TContext]:
        """The run's context wrapper (``state.context.approve_tool(item)`` works too)."""
        return self.context_wrapper

    @property
    def usage(self) -> Any:
        return self.context_wrapper.usage

    # ----- serialisation (plain JSON with a schema version; see state_codec) -----

    def to_json(
        self,
        context_serializer: Callable[[Any], Any] | None = None,
        *,
        strict_context: bool = False,
        include_tracing_api_key: bool = False,
        signing_key: str | bytes | None = None,
    ) -> dict[str, Any]:
        """The state as plain JSON-able data: the OpenAI Agents SDK's RunState document
        (``$schemaVersion`` 1.21), so the SDK can resume it too; runwright's own fields
        travel under its ``"runwright"`` key, which the SDK ignores.

        ``strict_context``: the run's context must be None or a mapping unless
        ``context_serializer`` turns it into one (no silent conversion of other
        objects). ``include_tracing_api_key`` is accepted for the SDK's callers: a
        runwright state does not carry its trace, so there is no key to include.
        With ``signing_key`` (or a key set with :func:`set_signing_key`) the data
        carries an HMAC-SHA256 signature, checked by ``from_json`` with the same key.

        Raises:
            UserError: ``strict_context`` and a context that is not a mapping, with no
                ``context_serializer``; or a context that cannot be made JSON.
        """
        if strict_context and context_serializer is None:
            context = self.context_wrapper.context
            if context is not None and not isinstance(context, Mapping):
                raise UserError(
                    f"RunState.to_json(strict_context=True): the run's context is a "
                    f"{type(context).__name__}, not a mapping; pass context_serializer= to "
                    "turn it into one."
                )
        # the JSON codec (and its integrity checks) loads with the first state saved or loaded
        from runwright._state.codec import state_to_sdk_json

        data = state_to_sdk_json(self, context_serializer)
        key = resolve_key(signing_key)
        return sign(data, key) if key is not None else data

    def to_string(
        self,
        context_serializer: Callable[[Any], Any] | None = None,
        *,
        strict_context: bool = False,
        include_tracing_api_key: bool = False,
        signing_key: str | bytes | None = None,
    ) -> str:
        """The state as a JSON string (as by :meth:`to_json`)."""
        import json

        data = self.to_json(
            context_serializer,
            strict_context=strict_context,
            include_tracing_api_key=include_tracing_api_key,
            signing_key=signing_key,
        )
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    async def from_json(
        cls,
        initial_agent: Agent[Any],
        state_json: Any,
        *,
        context_override: Any = None,
        context_deserializer: Callable[[Any], Any] | None = None,
        strict_context: bool = False,
        context: Any = _NO_OUTPUT,
        context_type: Any = None,
        signing_key: str | bytes | None = None,
    ) -> RunState[Any]:
        """Rebuilds a state written by :meth:`to_json`, resolving agents by name from
        ``initial_agent`` (the run's starting agent).

        A coroutine, as in the OpenAI Agents SDK (``await RunState.from_json(...)``);
        :meth:`from_json_sync` is the same for code without an event loop.

        The run's context is ``context_override`` when given (not None), else the
        stored value through ``context_deserializer`` or ``context_type`` (e.g. a
        pydantic model), else the stored JSON value. ``strict_context``: a stored
        context that was not a mapping (a pydantic model, a dataclass, a custom
        serializer's value) needs ``context_override`` or a deserializer. runwright
        also takes ``context=`` (a context that may be None) and ``signing_key``
        (or one set with :func:`set_signing_key`): the data must then carry a
        valid signature.

        Raises:
            UserError: the data is not a valid RunState of a known schema
                version, names agents not reachable from ``initial_agent``,
                has decisions for calls the model never made (or whose
                arguments changed), fails the signature check, or (with
                ``strict_context``) needs a context deserializer it was not given.
        """
        return cls.from_json_sync(
            initial_agent,
            state_json,
            context_override=context_override,
            context_deserializer=context_deserializer,
            strict_context=strict_context,
            context=context,
            context_type=context_type,
            signing_key=signing_key,
        )

    @classmethod
    def from_json_sync(
        cls,
        initial_agent: Agent[Any],
        state_json: Any,
        *,
        context_override: Any = None,
        context_deserializer: Callable[[Any], Any] | None = None,
        strict_context: bool = False,
        context: Any = _NO_OUTPUT,
        context_type: Any = None,
        signing_key: str | bytes | None = None,
    ) -> RunState[Any]:
        """:meth:`from_json` without ``await`` (runwright's own; not in the SDK)."""
        if context_override is not None:  # the OpenAI Agents SDK's name for context=
            context = context_override
        if strict_context and context is _NO_OUTPUT:
            _check_strict_context(state_json, context_deserializer, context_type)
        # the JSON codec (and its integrity checks) loads with the first state saved or loaded
        from runwright._state.codec import _MISSING, state_from_json

        return state_from_json(
            cls,
            initial_agent,
            state_json,
            context=_MISSING if context is _NO_OUTPUT else context,
            context_deserializer=context_deserializer,
            context_type=context_type,
            signing_key=resolve_key(signing_key),
        )

    @classmethod
    async def from_string(
        cls,
        initial_agent: Agent[Any],
        state_string: str | bytes,
        *,
        context_override: Any = None,
        context_deserializer: Callable[[Any], Any] | None = None,
        strict_context: bool = False,
        **options: Any,
    ) -> RunState[Any]:
        """Rebuilds a state from :meth:`to_string` output (options as for :meth:`from_json`).

        A coroutine, as in the OpenAI Agents SDK; :meth:`from_string_sync` is the
        same without ``await``.
        """
        return cls.from_string_sync(
            initial_agent,
            state_string,
            context_override=context_override,
            context_deserializer=context_deserializer,
            strict_context=strict_context,
            **options,
        )

    @classmethod
    def from_string_sync(
        cls, initial_agent: Agent[Any], state_string: str | bytes, **options: Any
    ) -> RunState[Any]:
        """:meth:`from_string` without ``await`` (runwright's own; not in the SDK)."""
        import json

        text = state_string
        if not isinstance(text, (str, bytes, bytearray)):
            raise UserError(f"RunState string must be str or bytes, got {type(text).__name__}.")
        try:
            data = json.loads(text)
        except RecursionError:
            raise UserError("RunState string nests too deeply to be a RunState.") from None
        except (ValueError, TypeError) as error:
            raise UserError(f"RunState string is not valid JSON (truncated?): {error}") from None
        return cls.from_json_sync(initial_agent, data, **options)


def _check_strict_context(
    data: Any, deserializer: Callable[[Any], Any] | None, context_type: Any
) -> None:
    """With ``strict_context``: a stored context that was not a mapping needs a way back."""
    if deserializer is not None or context_type is not None or not isinstance(data, Mapping):
        return
    stored = data.get("context")
    if not isinstance(stored, Mapping):
        return
    meta = stored.get("context_meta")
    if isinstance(meta, Mapping):  # the SDK's document (what to_json writes)
        needs = meta.get("requires_deserializer") is True or meta.get("omitted") is True
        kind = meta.get("serialized_via") or meta.get("original_type")
    else:  # runwright's own data (schema 3: {"kind": ..., "value": ...})
        kind, value = stored.get("kind"), stored.get("value")
        needs = kind in ("custom", "pydantic", "dataclass") or (
            kind == "json" and value is not None and not isinstance(value, Mapping)
        )
    if needs:
        raise UserError(
            "RunState.from_json(strict_context=True): the stored context was not a mapping "
            f"(saved as {kind!r}); pass context_override= or context_deserializer= to "
            "rebuild it."
        )


def set_signing_key(key: str | bytes | None) -> None:
    """Sets the key every RunState is signed with (``to_json``/``to_string``) and must be
    signed with to load (``from_json``/``from_string``); None unsets it.

    A ``signing_key=`` given to those methods takes precedence. Durable checkpoints
    (``RunConfig(durable=...)``) are not signed: the store is trusted storage.
    """
    set_key(key)

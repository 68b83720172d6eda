"""RunState ⇄ plain JSON, with a schema version and migrations. Never pickle.

Agents are written by name and resolved, when reading, against the graph
reachable from the starting agent (handoffs and agents used as tools).
Everything read is validated; bad input of any kind raises UserError.

Schema versions:
    1 — first version.
    2 — ``approval_digests``: each decided call id bound to a hash of its tool
        name and arguments (state_integrity); optional ``signature``.
    3 — calls waiting for a human are also kept in ``generated_items`` (as the SDK's
        ``new_items`` has them); hosted MCP items (``mcp_list_tools_item``,
        ``mcp_approval_request_item``, ``mcp_approval_response_item``), and approval
        items holding an ``mcp_approval_request``. Version 2 data reads as it is.
To change the format: bump ``SCHEMA_VERSION``, add ``migrate_vN`` turning
version N data into N+1, register it in ``MIGRATIONS``, and add a golden
fixture for the old version under tests/state/golden/. A new *optional*
top-level key needs no new version: write it only when set, read it with
``data.get(key)`` (older readers then refuse nothing they knew).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from runwright._agent.agent import Agent
from runwright._agent.handoffs import Handoff
from runwright._core.budget import BudgetSpend
from runwright._core.context import ApprovalRecord, RunContextWrapper
from runwright._core.exceptions import UserError
from runwright._core.items import (
    HandoffCallItem,
    HandoffOutputItem,
    MCPApprovalRequestItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MessageOutputItem,
    ModelResponse,
    ReasoningItem,
    RunItem,
    ToolApprovalItem,
    ToolCallItem,
    ToolCallOutputItem,
    ToolSearchCallItem,
    ToolSearchOutputItem,
    to_raw,
)
from runwright._core.usage import RequestUsage, Usage
from runwright._state.integrity import (
    FieldReader,
    bind_approvals,
    check_approvals,
    check_depth,
    check_raw_item,
    migrate_v1_digests,
    verify,
)
from runwright._state.sdk_format import (
    finish_load,
    from_sdk,
    is_sdk_document,
    sdk_usage,
    sdk_usage_to_internal,
    to_sdk,
)

if TYPE_CHECKING:
    from runwright._state.run_state import RunState

SCHEMA_VERSION = 3


def _migrate_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 → 3: nothing to rewrite (3 only adds item kinds and items)."""
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: migrate_v1_digests,
    2: _migrate_v2,
}
"""``MIGRATIONS[n]`` turns schema version n data into version n + 1."""

_ITEM_KINDS: dict[str, type[RunItem]] = {
    cls.type: cls
    for cls in (
        MessageOutputItem,
        ToolCallItem,
        ToolCallOutputItem,
        ReasoningItem,
        HandoffCallItem,
        HandoffOutputItem,
        ToolApprovalItem,
        MCPListToolsItem,
        MCPApprovalRequestItem,
        MCPApprovalResponseItem,
        ToolSearchCallItem,
        ToolSearchOutputItem,
    )
}

_APPROVABLE = (
    "function_call",
    "mcp_approval_request",
    "shell_call",
    "apply_patch_call",
    "custom_tool_call",
    "local_shell_call",
    "computer_call",
)
"""Call items a run may pause on for a human decision."""

_MISSING: Any = object()
_SIMPLE = (str, int, float, bool, type(None))


# ----- writing ----------------------------------------------------------------


BULK_FIELDS = ("input_items", "transcript", "generated_items", "model_responses")
"""The fields that grow with the conversation; durable stores write them incrementally."""


def state_to_json(
    state: RunState[Any], context_serializer: Callable[[Any], Any] | None = None
) -> dict[str, Any]:
    """The state as plain JSON-able data."""
    data = state_header_json(state, context_serializer)
    data["input_items"] = _plain(state.input_items)
    data["transcript"] = _plain(state.transcript)
    data["generated_items"] = [item_to_json(i) for i in state.generated_items]
    data["model_responses"] = [response_to_json(r) for r in state.model_responses]
    return data


def state_to_sdk_json(
    state: RunState[Any], context_serializer: Callable[[Any], Any] | None = None
) -> dict[str, Any]:
    """The state as the OpenAI Agents SDK's document (runwright's fields in an extension)."""
    return to_sdk(state, state_to_json(state, context_serializer))


def state_header_json(
    state: RunState[Any], context_serializer: Callable[[Any], Any] | None = None
) -> dict[str, Any]:
    """Everything but the BULK_FIELDS: small, whatever the conversation's length."""
    wrapper = state.context_wrapper
    header = {
        "schema_version": SCHEMA_VERSION,
        "run_id": state.run_id,
        "starting_agent": state.starting_agent.name,
        "current_agent": state.current_agent.name,
        # null: the same list as input_items (not written twice).
        "original_input": (
            None if state.original_input is state.input_items else _plain(state.original_input)
        ),
        "usage": wrapper.usage.to_json_dict(),
        "context": _context_to_json(wrapper.context, context_serializer),
        "approvals": {k: v.to_json_dict() for k, v in wrapper._approvals.items()},
        "approval_digests": bind_approvals(state) if wrapper._approvals else {},
        "interruptions": [item_to_json(i) for i in state.interruptions],
        "completed_outputs": [item_to_json(i) for i in state.completed_outputs.values()],
        "tools_started": list(state.tools_started),
        "transcript_epoch": state.transcript_epoch,
        "output_retries_used": state.output_retries_used,
        "nested_states": {
            call_id: {
                "agent": nested.starting_agent.name,
                "state": state_to_json(nested, context_serializer),
            }
            for call_id, nested in state.nested_states.items()
        },
        "max_turns": state.max_turns,
        "current_turn": state.current_turn,
        "turn_start_index": state.turn_start_index,
        "agent_started": state.agent_started,
        "awaiting_tools": state.awaiting_tools,
        "agents_that_used_tools": sorted(state.agents_that_used_tools),
        "final_output": (
            {"present": True, "value": _json_value(state.final_output)}
            if state.is_finished
            else {"present": False}
        ),
        "last_response_id": state.last_response_id,
        "server_sent_index": state.server_sent_index,
        "saved_item_count": state.saved_item_count,
        "input_saved": state.input_saved,
        # null: the same list as input_items (no session history in front of it).
        "session_input_items": (
            None
            if state.session_input_items is state.input_items
            else _plain(state.session_input_items)
        ),
    }
    if state.sandbox is not None:  # the run's sandbox session (runwright._sandbox)
        header["sandbox"] = state.sandbox.to_json_dict()
    meter = state.budget_meter
    if meter is not None:  # a budgeted run: what it spent travels with it (docs/budgets.md)
        header["budget_spent"] = spend_to_json(meter.spent, meter.warned)
    if state.budget_tools_turn:  # a budget counted this turn's tool calls already
        header["budget_tools_turn"] = state.budget_tools_turn
    # Written only when set (RunState.add_input / set_reasoning_item_id_policy /
    # set_tool_use_tracker_snapshot), so other states read as before.
    if state._pending_input:
        header["pending_input"] = _plain(state._pending_input)
    if state.reasoning_item_id_policy is not None:
        header["reasoning_item_id_policy"] = state.reasoning_item_id_policy
    if state._tool_use_snapshot:
        header["tool_use_tracker"] = state._tool_use_snapshot
    return header


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _json_value(value: Any) -> Any:
    """A JSON form of a Python value (tool outputs, final outputs); str() as a last resort."""
    try:
        return _plain(value)
    except (TypeError, ValueError):
        return str(value)


def item_to_json(item: RunItem, copy: bool = True) -> dict[str, Any]:
    """One run item as JSON data (``copy=False``: sharing the raw item, for immediate encoding)."""
    data: dict[str, Any] = {
        "kind": item.type,
        "agent": item.agent.name,
        "raw_item": _plain(item.raw_item) if copy else item.raw_item,
    }
    if isinstance(item, ToolCallOutputItem):
        output = item.output
        data["output"] = output if type(output) in _SIMPLE else _json_value(output)
    if isinstance(item, HandoffOutputItem):
        data["source_agent"] = item.source_agent.name if item.source_agent else None
        data["target_agent"] = item.target_agent.name if item.target_agent else None
    if isinstance(item, ToolApprovalItem) and item.tool_name != item.raw_item.get("name"):
        data["tool_name"] = item.tool_name  # shell/apply_patch calls carry no name
    return data


def response_to_json(response: ModelResponse, copy: bool = True) -> dict[str, Any]:
    return {
        "output": _plain(response.output) if copy else response.output,
        "usage": response.usage.to_json_dict(),
        "response_id": response.response_id,
    }


def _context_to_json(context: Any, serializer: Callable[[Any], Any] | None) -> dict[str, Any]:
    if serializer is not None:
        return {"kind": "custom", "value": _plain(serializer(context))}
    if context is None:
        return {"kind": "none", "value": None}
    if hasattr(context, "model_dump"):
        return {"kind": "pydantic", "value": context.model_dump(mode="json")}
    if dataclasses.is_dataclass(context) and not isinstance(context, type):
        return {"kind": "dataclass", "value": _plain(dataclasses.asdict(context))}
    try:
        return {"kind": "json", "value": _plain(context)}
    except (TypeError, ValueError):
        raise UserError(
            f"The run's context ({type(context).__name__}) is not JSON-serialisable. Pass "
            "context_serializer= to to_json(), and context= or context_deserializer= to "
            "from_json()."
        ) from None


# ----- reading ----------------------------------------------------------------


def state_from_json(
    state_type: type[RunState[Any]],
    starting_agent: Agent[Any],
    data: Any,
    *,
    context: Any = _MISSING,
    context_deserializer: Callable[[Any], Any] | None = None,
    context_type: Any = None,
    signing_key: bytes | None = None,
) -> RunState[Any]:
    """Rebuilds a RunState; any problem with ``data`` raises UserError.

    ``state_type`` is the class to build (``RunState``, which imports this module).
    With ``signing_key`` the data must carry a valid signature. Either way,
    decisions must name calls the model made, with the arguments they were
    made for.
    """
    check_depth(data)
    if isinstance(data, dict):
        verify(data, signing_key)
    bindings: dict[int, dict[str, str]] = {}
    state = _read_state(
        state_type, starting_agent, data, context, context_deserializer, context_type, bindings
    )
    check_approvals(state, bindings)
    return state


def _read_state(
    state_type: type[RunState[Any]],
    starting_agent: Agent[Any],
    data: Any,
    context: Any,
    context_deserializer: Callable[[Any], Any] | None,
    context_type: Any,
    bindings: dict[int, dict[str, str]],
) -> RunState[Any]:
    try:
        carry = None
        if is_sdk_document(data):  # the OpenAI Agents SDK's document ($schemaVersion 1.x)
            data, carry, extras = from_sdk(data, agent_walk(starting_agent))
        data = migrate(data)
        state = _build(
            state_type, starting_agent, data, context, context_deserializer, context_type
        )
        if carry is not None:
            finish_load(state, carry, extras)
        digests = data.get("approval_digests")
        if not isinstance(digests, dict) or not all(isinstance(x, str) for x in digests.values()):
            raise UserError("RunState 'approval_digests' must map call ids to hashes.")
        bindings[id(state)] = digests
        _read_nested(state, data, bindings)
        return state
    except UserError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise UserError(f"RunState data is malformed: {type(error).__name__}: {error}") from None


def migrate(data: Any) -> dict[str, Any]:
    """Checks the envelope and migrates older schema versions to the current one."""
    if not isinstance(data, dict):
        raise UserError(f"RunState data must be a JSON object, got {type(data).__name__}.")
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise UserError(
            "RunState data has no valid schema version ('$schemaVersion' as the OpenAI Agents "
            "SDK writes it, or runwright's own 'schema_version'); is this a RunState?"
        )
    if version > SCHEMA_VERSION:
        raise UserError(
            f"RunState schema_version {version} was written by a newer runwright; this version "
            f"reads versions up to {SCHEMA_VERSION}. Upgrade runwright to load it."
        )
    if version < 1:
        raise UserError(f"RunState schema_version {version} is not a known version.")
    migrated: dict[str, Any] = data
    while version < SCHEMA_VERSION:
        migrated = MIGRATIONS[version](migrated)
        version += 1
        migrated["schema_version"] = version
    return migrated


def _build(
    state_type: type[RunState[Any]],
    starting_agent: Agent[Any],
    data: dict[str, Any],
    context: Any,
    context_deserializer: Callable[[Any], Any] | None,
    context_type: Any,
) -> RunState[Any]:
    v = FieldReader(data)
    agents = agent_graph(starting_agent)
    if v.str_("starting_agent") != starting_agent.name:
        raise UserError(
            f"This RunState was started by agent {data['starting_agent']!r}, not "
            f"{starting_agent.name!r}; pass the same starting agent to resume it."
        )
    wrapper = RunContextWrapper(
        _read_context(v.dict_("context"), context, context_deserializer, context_type)
    )
    wrapper.usage = _usage(v.dict_("usage"))
    wrapper._approvals = _approvals(v.dict_("approvals"))
    original = data.get("original_input")
    if original is not None and not isinstance(original, (str, list)):
        raise UserError("RunState 'original_input' must be a string, a list or null.")
    input_items = v.items("input_items")
    if original is None:
        original = input_items
    state = state_type(starting_agent, original, input_items, wrapper, v.int_("max_turns", 1))
    state.current_agent = _agent(agents, v.str_("current_agent"))
    state.transcript = v.items("transcript")
    state.generated_items = [_item(agents, x) for x in v.list_("generated_items")]
    state.model_responses = [_response(x) for x in v.list_("model_responses")]
    state.interruptions = [_item(agents, x) for x in v.list_("interruptions")]  # type: ignore[misc]
    _read_progress(state, v, data, agents)
    return state


def _read_progress(
    state: RunState[Any], v: FieldReader, data: dict[str, Any], agents: dict[str, Agent[Any]]
) -> None:
    state.current_turn = v.int_("current_turn", 0)
    state.turn_start_index = v.int_("turn_start_index", 0, len(state.generated_items))
    state.agent_started = v.bool_("agent_started")
    state.awaiting_tools = v.bool_("awaiting_tools")
    if state.awaiting_tools and not state.model_responses:
        raise UserError("RunState says tools are pending but has no model response.")
    if any(not isinstance(n, str) for n in v.list_("agents_that_used_tools")):
        raise UserError("RunState 'agents_that_used_tools' must list agent names.")
    state.agents_that_used_tools = set(data["agents_that_used_tools"])
    final = v.dict_("final_output")
    if final.get("present") is True:
        state.final_output = final.get("value")
    state.last_response_id = v.optional_str("last_response_id")
    state.server_sent_index = v.int_("server_sent_index", 0, len(state.transcript))
    state.saved_item_count = v.int_("saved_item_count", 0, len(state.generated_items))
    state.input_saved = v.bool_("input_saved")
    if data.get("session_input_items") is None:
        state.session_input_items = state.input_items
    else:
        state.session_input_items = v.items("session_input_items")
    state.run_id = v.optional_str("run_id")
    if data.get("sandbox") is not None:
        # the sandbox room loads only for states of sandboxed runs
        from runwright._sandbox.runtime import SandboxRun

        state.sandbox = SandboxRun.from_json_dict(data["sandbox"])
    if data.get("pending_input") is not None:
        state._pending_input = v.items("pending_input")
    if data.get("budget_spent") is not None:
        state.budget_spent = spend_from_json(data["budget_spent"])
    counted = data.get("budget_tools_turn", 0)
    if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
        raise UserError("RunState 'budget_tools_turn' must be a non-negative integer.")
    state.budget_tools_turn = counted
    policy = data.get("reasoning_item_id_policy")
    if policy not in (None, "preserve", "omit"):
        raise UserError("RunState 'reasoning_item_id_policy' must be 'preserve' or 'omit'.")
    state.reasoning_item_id_policy = policy
    if data.get("tool_use_tracker") is not None:
        used = state.agents_that_used_tools
        state.set_tool_use_tracker_snapshot(v.dict_("tool_use_tracker"))
        state.agents_that_used_tools |= used
    outputs = [_item(agents, x) for x in v.list_("completed_outputs")]
    if any(not isinstance(o, ToolCallOutputItem) for o in outputs):
        raise UserError("RunState 'completed_outputs' must hold tool outputs.")
    state.completed_outputs = {o.raw_item["call_id"]: o for o in outputs}  # type: ignore[misc]
    started = v.list_("tools_started")
    if any(not isinstance(x, str) for x in started):
        raise UserError("RunState 'tools_started' must list call ids.")
    state.tools_started = list(started)
    state.transcript_epoch = v.int_("transcript_epoch", 0)
    state.output_retries_used = v.int_("output_retries_used", 0)
    if not isinstance(data["nested_states"], dict):
        raise UserError("RunState field 'nested_states' must be an object.")
    if state.current_turn > state.max_turns:
        state.max_turns = state.current_turn


def _read_nested(
    state: RunState[Any], data: dict[str, Any], bindings: dict[int, dict[str, str]]
) -> None:
    """Paused runs of agents used as tools, sharing the outer run's context."""
    agents = agent_graph(state.starting_agent)
    for call_id, nested in data["nested_states"].items():
        if not isinstance(nested, dict):
            raise UserError("RunState 'nested_states' entries must be objects.")
        agent = _agent(agents, nested.get("agent"))
        context = state.context_wrapper.context
        inner = _read_state(type(state), agent, nested.get("state"), context, None, None, bindings)
        state.nested_states[call_id] = inner


def agent_graph(starting_agent: Agent[Any]) -> dict[str, Agent[Any]]:
    """Every agent reachable from ``starting_agent``, by name (ambiguous names map to None)."""
    found: dict[str, Any] = {}
    for agent in agent_walk(starting_agent):
        found[agent.name] = None if agent.name in found else agent
    return found


def agent_walk(starting_agent: Agent[Any]) -> list[Agent[Any]]:
    """Every agent reachable from ``starting_agent`` (through handoffs and agents used as
    tools), each once, ``starting_agent`` first."""
    found: list[Agent[Any]] = []
    seen: set[int] = set()
    todo: list[Agent[Any]] = [starting_agent]
    while todo:
        agent = todo.pop()
        if id(agent) in seen:
            continue
        seen.add(id(agent))
        found.append(agent)
        for target in agent.handoffs:
            nxt = target.agent if isinstance(target, Handoff) else target
            if isinstance(nxt, Agent):
                todo.append(nxt)
        for tool in agent.tools:
            nested = tool._extra.get("agent")
            if isinstance(nested, Agent):
                todo.append(nested)
    return found


def _agent(agents: dict[str, Agent[Any]], name: Any) -> Agent[Any]:
    if not isinstance(name, str):
        raise UserError(f"RunState names an agent with {name!r}; agent names are strings.")
    if name not in agents:
        known = ", ".join(sorted(agents))
        raise UserError(
            f"RunState refers to agent {name!r}, which is not reachable from the starting agent "
            f"(reachable: {known})."
        )
    agent = agents[name]
    if agent is None:
        raise UserError(f"Two different agents are named {name!r}; give them unique names.")
    return agent


def _item(agents: dict[str, Agent[Any]], data: Any) -> RunItem:
    if not isinstance(data, dict):
        raise UserError("RunState items must be objects.")
    kind = data.get("kind")
    cls = _ITEM_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise UserError(f"RunState has an item of unknown kind {kind!r}.")
    raw = data.get("raw_item")
    if not isinstance(raw, dict):
        raise UserError(f"RunState item of kind {kind!r} has no raw_item object.")
    check_raw_item(raw, f"item of kind {kind!r}")
    agent = _agent(agents, data.get("agent"))
    if cls is ToolApprovalItem and raw.get("type") not in _APPROVABLE:
        raise UserError("RunState approval items must hold a tool call or an MCP request.")
    if cls is ToolApprovalItem and isinstance(data.get("tool_name"), str):
        if not isinstance(raw.get("call_id"), str):
            raise UserError(f"RunState item of kind {kind!r} has no call_id.")
        return ToolApprovalItem(agent, to_raw(raw), tool_name=data["tool_name"])
    if cls is ToolApprovalItem and raw.get("type") == "mcp_approval_request":
        for key in ("id", "name"):
            if not isinstance(raw.get(key), str):
                raise UserError(f"RunState MCP approval request has no {key!r}.")
        return ToolApprovalItem(agent, to_raw(raw))
    if cls is MCPApprovalResponseItem and not isinstance(raw.get("approval_request_id"), str):
        raise UserError("RunState MCP approval response has no approval_request_id.")
    if cls in (ToolCallOutputItem, HandoffOutputItem) and not isinstance(raw.get("call_id"), str):
        raise UserError(f"RunState item of kind {kind!r} has no call_id.")
    if cls is ToolCallOutputItem:
        return ToolCallOutputItem(agent, to_raw(raw), data.get("output"))
    if cls is HandoffOutputItem:
        source, target = data.get("source_agent"), data.get("target_agent")
        return HandoffOutputItem(
            agent,
            to_raw(raw),
            source_agent=_agent(agents, source) if source is not None else None,
            target_agent=_agent(agents, target) if target is not None else None,
        )
    if cls in (ToolApprovalItem, HandoffCallItem) and not isinstance(raw.get("call_id"), str):
        raise UserError(f"RunState item of kind {kind!r} has no call_id.")
    return cls(agent, to_raw(raw))


def _response(data: Any) -> ModelResponse:
    if not isinstance(data, dict) or not isinstance(data.get("output"), list):
        raise UserError("RunState model responses must be objects with an 'output' list.")
    for item in data["output"]:
        check_raw_item(item, "model response output")
    rid = data.get("response_id")
    if rid is not None and not isinstance(rid, str):
        raise UserError("RunState response_id must be a string or null.")
    return ModelResponse(to_raw(data["output"]), _usage(data.get("usage")), rid)


def serialize_usage(usage: Usage) -> dict[str, Any]:
    """``usage`` as JSON data in the SDK's shape (as a paused run's state holds it):
    token details as one-element lists, one entry per request."""
    if not isinstance(usage, Usage):
        raise UserError(f"serialize_usage() takes a Usage, got {type(usage).__name__}.")
    return sdk_usage(usage.to_json_dict())


def deserialize_usage(usage_data: Any) -> Usage:
    """The Usage that :func:`serialize_usage` (or the SDK's) wrote; missing counts are 0.

    Raises:
        UserError: the data is not an object of non-negative counts.
    """
    return _usage(sdk_usage_to_internal(usage_data))


def _usage(data: Any) -> Usage:
    usage = _counts(data)
    entries = data.get("request_usage_entries")
    if entries is not None:
        if not isinstance(entries, list):
            raise UserError("RunState usage field 'request_usage_entries' must be a list.")
        for entry in entries:
            one = _counts(entry)
            usage.request_usage_entries.append(
                RequestUsage(
                    one.input_tokens,
                    one.output_tokens,
                    one.total_tokens,
                    one.input_tokens_details,
                    one.output_tokens_details,
                    entry["model"] if isinstance(entry.get("model"), str) else None,
                )
            )
    return usage


def _counts(data: Any) -> Usage:
    if not isinstance(data, dict):
        raise UserError("RunState usage must be an object.")
    for key in ("requests", "input_tokens", "output_tokens", "total_tokens"):
        value = data.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise UserError(f"RunState usage field {key!r} must be a non-negative integer.")
    for key in ("input_tokens_details", "output_tokens_details"):
        details = data.get(key)
        details = {} if details is None else details
        if not isinstance(details, dict) or not all(
            type(x) is int and x >= 0 for x in details.values()
        ):
            raise UserError(f"RunState usage field {key!r} must be an object of counts.")
    usage = Usage.from_wire(data, requests=data.get("requests", 0))
    usage.total_tokens = data.get("total_tokens", usage.total_tokens)
    return usage


_SPEND_COUNTS = ("requests", "input_tokens", "output_tokens", "total_tokens", "tool_calls")


def spend_to_json(spent: BudgetSpend, warned: set[str]) -> dict[str, Any]:
    """A budget meter's spending as JSON (cost as a decimal string, to stay exact)."""
    data: dict[str, Any] = {key: getattr(spent, key) for key in _SPEND_COUNTS}
    data["cost_usd"] = None if spent.cost_usd is None else str(spent.cost_usd)
    data["wall_seconds"] = spent.wall_seconds
    data["warned"] = sorted(warned)
    return data


def spend_from_json(data: Any) -> tuple[BudgetSpend, set[str]]:
    """The spending written by :func:`spend_to_json`; bad data is a UserError."""
    if not isinstance(data, dict):
        raise UserError("RunState 'budget_spent' must be an object.")
    spent = BudgetSpend()
    for key in _SPEND_COUNTS:
        value = data.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise UserError(f"RunState budget_spent.{key} must be a non-negative integer.")
        setattr(spent, key, value)
    wall = data.get("wall_seconds", 0.0)
    if isinstance(wall, bool) or not isinstance(wall, (int, float)) or not wall >= 0:
        raise UserError("RunState budget_spent.wall_seconds must be a non-negative number.")
    spent.wall_seconds = float(wall)
    cost = data.get("cost_usd")
    if cost is not None:
        try:
            spent.cost_usd = Decimal(cost) if isinstance(cost, str) else None
        except ArithmeticError:
            spent.cost_usd = None
        if spent.cost_usd is None or not spent.cost_usd.is_finite() or spent.cost_usd < 0:
            raise UserError("RunState budget_spent.cost_usd must be a decimal string.")
    warned = data.get("warned", [])
    if not isinstance(warned, list) or not all(isinstance(x, str) for x in warned):
        raise UserError("RunState budget_spent.warned must list limit names.")
    return spent, set(warned)


def _approvals(data: dict[str, Any]) -> dict[str, ApprovalRecord]:
    records: dict[str, ApprovalRecord] = {}
    for tool, record in data.items():
        if not isinstance(record, dict):
            raise UserError(f"RunState approvals for {tool!r} must be an object.")
        approved, rejected = record.get("approved", []), record.get("rejected", [])
        messages = record.get("messages", {})
        for name, value in (("approved", approved), ("rejected", rejected)):
            ok = value is True or (
                isinstance(value, list) and all(isinstance(x, str) for x in value)
            )
            if not ok:
                raise UserError(f"RunState approvals {tool!r}.{name} must be true or call ids.")
        if not isinstance(messages, dict) or not all(isinstance(x, str) for x in messages.values()):
            raise UserError(f"RunState approval messages for {tool!r} must map ids to text.")
        records[tool] = ApprovalRecord(approved, rejected, dict(messages))
    return records


def _read_context(
    stored: dict[str, Any],
    context: Any,
    deserializer: Callable[[Any], Any] | None,
    context_type: Any,
) -> Any:
    if context is not _MISSING:
        return context
    value = stored.get("value")
    if deserializer is not None:
        return deserializer(value)
    if context_type is not None:
        from pydantic import TypeAdapter, ValidationError

        try:
            return TypeAdapter(context_type).validate_python(value)
        except ValidationError as error:
            raise UserError(f"RunState context does not fit {context_type!r}: {error}") from None
    return value

"""The OpenAI Agents SDK's RunState document ⇄ runwright's state data.

The SDK writes a RunState as one JSON object with a ``$schemaVersion`` ("1.0" to
"1.21" in openai-agents 0.24). runwright reads every one of those versions, and
``RunState.to_json()`` writes the SDK's current version, so a run paused under
either library resumes under the other.

Reading turns the SDK's document into runwright's own state data (schema 3 of
``codec.py``) and then builds the state as for runwright's data: one reader,
one set of checks. What the SDK writes that runwright has no use for (trace
ids, tool-invocation fingerprints, session bookkeeping, per-item display data,
...) is carried along (:class:`SdkCarry`) and written back, so a state that
passes through runwright loses none of it.

Writing builds the SDK's document from the state. runwright's own fields
(approval digests, durable-run bookkeeping, paused agent-tool runs, ...) travel
under the ``"runwright"`` key, which the SDK's reader ignores. That key is
trusted only while the SDK part still describes the same point of the run
(``"at"``): a state the SDK advanced and wrote back with the key still in it is
read as the SDK's alone.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._core.items import RunItem, ToolOrigin
from runwright._state.integrity import SIGNATURE_KEY, migrate_v1_digests
from runwright._state.sdk_sandbox import same_sdk_session, sandbox_from_sdk, sandbox_to_sdk

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._state.run_state import RunState

SDK_SCHEMA_VERSION = "1.21"
"""The version ``to_json()`` writes: openai-agents 0.24's current one."""
SDK_VERSIONS = frozenset(f"1.{minor}" for minor in range(22))
"""Every version openai-agents 0.24 reads, and so does runwright."""
VERSION_KEY = "$schemaVersion"
EXTENSION_KEY = "runwright"
UNLIMITED_TURNS = 2**31 - 1
"""``max_turns`` of a run the SDK allowed unlimited turns (its ``null``)."""

_ITEM_KEYS = ("type", "agent", "raw_item", "output", "source_agent", "target_agent")
"""The parts of an SDK item runwright's item data holds; the rest are item extras."""
_CONTEXT_KEYS = ("usage", "approvals", "function_tool_approvals", "context")
_VOLATILE = (
    "current_step",
    "last_processed_response",
    "current_response_generated_item_ownership",
    "generated_session_item_indexes",
    "session_items",
    "pending_session_write",
    "current_turn_persisted_item_count",
    "nested_history_owned_session_item_refs",
)
"""SDK fields that describe one point of the run: written back only while it is that point."""
_CONTEXT_KINDS = {
    # runwright's context kind -> the SDK's context_meta (original_type, serialized_via)
    "none": ("none", "none"),
    "json": ("mapping", "mapping"),
    "pydantic": ("pydantic", "model_dump"),
    "dataclass": ("dataclass", "asdict"),
    "custom": ("custom", "context_serializer"),
}


def is_sdk_document(data: Any) -> bool:
    return isinstance(data, dict) and VERSION_KEY in data


@dataclasses.dataclass
class SdkCarry:
    """What an SDK document held that runwright's state does not model, kept to write back."""

    document: dict[str, Any]
    at: list[Any]
    """Where the run was when loaded (:func:`_position`); volatile fields hold only there."""
    item_extras: dict[int, dict[str, Any]] = dataclasses.field(default_factory=dict)
    """By ``id(item)``: an item's fields runwright has no attribute for."""
    usage: dict[str, Any] | None = None
    response_extras: dict[int, dict[str, Any]] = dataclasses.field(default_factory=dict)
    inert_decisions: dict[str, dict[str, list[str]]] = dataclasses.field(default_factory=dict)
    """Approvals of calls the model has not made (kept, never applied)."""
    server_sent_index: int = 0
    """Set once the transcript is made (it is checked against the transcript's length)."""
    approval_forms: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    """By tool: how the SDK kept its decisions (per agent, or by tool with extra fields)."""
    response_usage: dict[int, dict[str, Any]] = dataclasses.field(default_factory=dict)
    """By ``id(response)``: the SDK's usage data of each model response as it came."""


# ----- reading ----------------------------------------------------------------------------


def from_sdk(
    document: dict[str, Any], agents: list[Agent[Any]]
) -> tuple[dict[str, Any], SdkCarry, list[dict[str, Any]]]:
    """runwright's state data for an SDK document; its carry; each generated item's extras.

    ``agents``: every agent reachable from the starting agent (the first), in graph order.

    Raises UserError for what the SDK's reader refuses (an unknown or missing
    version, a current agent that is not in the agent graph) and for malformed
    fields.
    """
    version = document.get(VERSION_KEY)
    if not isinstance(version, str) or version not in SDK_VERSIONS:
        raise UserError(
            f"RunState $schemaVersion {version!r} is not supported: runwright reads the "
            f"OpenAI Agents SDK's versions 1.0 to {SDK_SCHEMA_VERSION} (and its own 1 to 3). "
            "Was it written by a newer SDK?"
        )
    starting_agent = agents[0]
    current = _current_agent(document.get("current_agent"), agents)
    context = _object(document, "context")
    original = document.get("original_input")
    if not isinstance(original, (str, list)):
        raise UserError("RunState 'original_input' must be a string or a list of items.")
    input_items = _derived_input(original) if isinstance(original, str) else original
    items, extras = [], []
    for raw in _list(document, "generated_items"):
        item, extra = _item(raw)
        items.append(item)
        extras.append(extra)
    responses = [_response(x) for x in _list(document, "model_responses")]
    interruptions, final = _current_step(document.get("current_step"))
    interrupted = interruptions is not None
    turn = document.get("current_turn", 0)
    max_turns = document.get("max_turns", 10)
    if max_turns is None:
        max_turns = UNLIMITED_TURNS
    tracker = document.get("tool_use_tracker") or {}
    if not isinstance(tracker, dict):
        raise UserError("RunState 'tool_use_tracker' must be an object.")
    response_ids = [r["response_id"] for r in responses if r["response_id"] is not None]
    approvals, inert, forms = _approvals(context, responses)
    data: dict[str, Any] = {
        "schema_version": 3,
        "run_id": None,
        "starting_agent": starting_agent.name,
        "current_agent": current,
        "original_input": original if isinstance(original, str) else None,
        "input_items": input_items,
        "transcript": [],  # made from the items once they are built (finish_load)
        "usage": sdk_usage_to_internal(context.get("usage")),
        "context": {"kind": "json", "value": context.get("context")},
        "approvals": approvals,
        "interruptions": interruptions or [],
        "completed_outputs": [],
        "tools_started": [],
        "transcript_epoch": 0,
        "output_retries_used": 0,
        "nested_states": {},
        "max_turns": max_turns,
        "current_turn": turn,
        "turn_start_index": _turn_start(items, responses) if interrupted else len(items),
        "agent_started": isinstance(turn, int) and turn > 0,
        "awaiting_tools": interrupted,
        "agents_that_used_tools": sorted(name for name, used in tracker.items() if used),
        "final_output": final,
        "last_response_id": response_ids[-1] if response_ids else None,
        "server_sent_index": 0,
        "saved_item_count": len(items),
        "input_saved": isinstance(turn, int) and turn > 0,
        "session_input_items": None,
        "generated_items": items,
        "model_responses": responses,
    }
    if document.get("pending_input"):
        data["pending_input"] = document["pending_input"]
    if document.get("reasoning_item_id_policy") is not None:
        data["reasoning_item_id_policy"] = document["reasoning_item_id_policy"]
    if tracker:
        data["tool_use_tracker"] = tracker
    data["approval_digests"] = migrate_v1_digests(data)["approval_digests"]
    _apply_extension(data, document, context)
    if data.get("sandbox") is None:
        _apply_sdk_sandbox(data, document)
    carried = dict(document)
    if isinstance(document.get("sandbox"), dict):
        carried["sandbox"] = strip_mount_credentials(document["sandbox"])
    carry = SdkCarry(document=carried, at=_document_position(document), inert_decisions=inert)
    carry.approval_forms = forms
    carry.usage = context.get("usage") if isinstance(context.get("usage"), dict) else None
    sent = data["server_sent_index"]
    carry.server_sent_index = sent if isinstance(sent, int) and not isinstance(sent, bool) else 0
    data["server_sent_index"] = 0
    return data, carry, extras


def _current_step(step: Any) -> tuple[list[Any] | None, dict[str, Any]]:
    """The SDK's current step: the pending interruptions (None when not paused), and the
    final output in runwright's form."""
    step_type = step.get("type") if isinstance(step, dict) else None
    step_data = step.get("data") if isinstance(step, dict) else None
    final: dict[str, Any] = {"present": False}
    if step_type == "next_step_final_output" and isinstance(step_data, dict):
        final = {"present": True, "value": step_data.get("output")}
    if step_type != "next_step_interruption":
        return None, final
    if not isinstance(step_data, dict) or not isinstance(step_data.get("interruptions"), list):
        raise UserError("RunState 'current_step' interruption has no 'interruptions' list.")
    return [_item(x)[0] for x in step_data["interruptions"]], final


def _apply_extension(
    data: dict[str, Any], document: dict[str, Any], context: dict[str, Any]
) -> None:
    """runwright's own fields, when the SDK part still describes the point they were
    written at (a document the SDK advanced is the SDK's alone)."""
    extension = document.get(EXTENSION_KEY)
    if not isinstance(extension, dict) or extension.get("at") != _document_position(document):
        return
    own = extension.get("state")
    if isinstance(own, dict):
        data.update(own)
        if isinstance(own.get("context"), dict):  # its kind; the value is the SDK's
            data["context"] = {**own["context"], "value": context.get("context")}


MOUNT_AUTHORITY: dict[str, tuple[str, ...]] = {
    # Fields of the SDK's cloud mounts that grant access; a RunState must not carry them.
    "azure_blob_mount": ("identity_client_id", "account_key"),
    "box_mount": (
        "client_secret",
        "access_token",
        "token",
        "box_config_file",
        "config_credentials",
    ),
    "gcs_mount": (
        "access_id",
        "secret_access_key",
        "service_account_file",
        "service_account_credentials",
        "access_token",
    ),
    "r2_mount": ("access_key_id", "secret_access_key"),
    "s3_mount": ("access_key_id", "secret_access_key", "session_token"),
}


def strip_mount_credentials(sandbox: dict[str, Any]) -> dict[str, Any]:
    """A copy of an SDK sandbox state without mount credentials or opaque driver options.

    Older SDK writers persisted them; the SDK's reader removes them and marks the session
    state (``mount_authority_redacted``) so that a resume must bind the mounts to a current,
    trusted manifest again. runwright does the same.
    """
    stripped = copy.deepcopy(sandbox)
    todo: list[Any] = [stripped]
    redacted_in: list[dict[str, Any]] = []
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        redacted = False
        for key in MOUNT_AUTHORITY.get(str(node.get("type")), ()):
            if node.get(key) is not None:
                node[key] = None
                redacted = True
        strategy = node.get("mount_strategy")
        if isinstance(strategy, dict) and strategy.pop("driver_options", None) is not None:
            redacted = True
        if redacted:
            redacted_in.append(node)
        todo.extend(node.values())
    if redacted_in:
        _mark_redacted(stripped)
    return stripped


def _mark_redacted(node: Any) -> None:
    """Marks every session state (a dict holding a ``manifest``) as needing a rebind."""
    if isinstance(node, list):
        for inner in node:
            _mark_redacted(inner)
    elif isinstance(node, dict):
        if isinstance(node.get("manifest"), dict):
            node["mount_authority_redacted"] = True
        for inner in node.values():
            _mark_redacted(inner)


def finish_load(state: RunState[Any], carry: SdkCarry, extras: list[dict[str, Any]]) -> None:
    """Completes a state read from an SDK document: its transcript, and the item data
    runwright has attributes for (display metadata, origins, custom data)."""
    if not state.transcript:
        state.transcript = [
            *state.input_items,
            *(item.to_input_item() for item in state.generated_items if item.in_transcript),
        ]
    state.server_sent_index = min(max(carry.server_sent_index, 0), len(state.transcript))
    for item, extra in zip(state.generated_items, extras, strict=True):
        left = _set_item_fields(item, extra)
        if left:
            carry.item_extras[id(item)] = left
    pending = {a.call_id: a for a in state.interruptions}
    for extra, item in zip(extras, state.generated_items, strict=True):
        twin = pending.get(getattr(item, "call_id", None) or "")
        if twin is not None and twin is not item and type(twin) is type(item):
            _set_item_fields(twin, extra)
    for response, raw in zip(
        state.model_responses, _list(carry.document, "model_responses"), strict=True
    ):
        left = {k: v for k, v in raw.items() if k not in ("output", "usage", "response_id")}
        if left:
            carry.response_extras[id(response)] = left
        if isinstance(raw.get("usage"), dict):
            carry.response_usage[id(response)] = raw["usage"]
    state.sdk_carry = carry


def _current_agent(value: Any, agents: list[Agent[Any]]) -> str:
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        raise UserError(
            "RunState 'current_agent' must be an object with the agent's 'name'; "
            f"got {_preview(value)}."
        )
    name: str = value["name"]
    identity = value.get("identity")
    if isinstance(identity, str) and identity != name:
        # The SDK tells same-named agents apart as "name#2", "name#3", ... in graph order.
        base, _, ordinal = identity.rpartition("#")
        count = sum(1 for agent in agents if agent.name == base)
        if base != name or not ordinal.isdigit() or int(ordinal) > count:
            raise UserError(
                f"RunState refers to agent identity {identity!r}, which is not present in the "
                "agent graph reachable from the starting agent."
            )
    return name


def _item(data: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    if not isinstance(data, dict):
        raise UserError(f"RunState items must be objects, got {_preview(data)}.")
    kind = data.get("type")
    agent = data.get("agent")
    item: dict[str, Any] = {
        "kind": kind,
        "agent": agent.get("name") if isinstance(agent, dict) else agent,
        "raw_item": data.get("raw_item"),
    }
    if "output" in data:
        item["output"] = data["output"]
    for key in ("source_agent", "target_agent"):
        if key in data:
            value = data[key]
            item[key] = value.get("name") if isinstance(value, dict) else value
    return item, {k: v for k, v in data.items() if k not in _ITEM_KEYS}


def _set_item_fields(item: RunItem, extra: dict[str, Any]) -> dict[str, Any]:
    """Sets the item attributes ``extra`` has values for; returns the rest."""
    fields = {f.name for f in dataclasses.fields(item)}
    left: dict[str, Any] = {}
    for key, value in extra.items():
        if key not in fields:
            left[key] = value
        elif key == "tool_origin":
            origin = ToolOrigin.from_json_dict(value)
            if origin is None:
                left[key] = value
            else:
                setattr(item, key, origin)
        elif key in _TEXT_FIELDS and value is not None and not isinstance(value, str):
            raise UserError(f"RunState item field {key!r} must be a string or null.")
        elif key == "input_id" and not isinstance(value, str):
            raise UserError("RunState item field 'input_id' must be a string.")
        elif key == "custom_data" and value is not None and not isinstance(value, dict):
            raise UserError("RunState item field 'custom_data' must be an object or null.")
        else:
            setattr(item, key, value)
    return left


_TEXT_FIELDS = ("tool_name", "tool_namespace", "description", "title")


def _response(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise UserError(f"RunState model responses must be objects, got {_preview(data)}.")
    return {
        "output": data.get("output"),
        "usage": sdk_usage_to_internal(data.get("usage")),
        "response_id": data.get("response_id"),
    }


def sdk_usage_to_internal(data: Any) -> dict[str, Any]:
    """The SDK's usage (details as one-element lists, extra detail fields) as runwright's."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError("RunState usage must be an object.")
    usage = dict(data)
    for key, field in (
        ("input_tokens_details", "cached_tokens"),
        ("output_tokens_details", "reasoning_tokens"),
    ):
        details = usage.get(key)
        if isinstance(details, list):
            details = details[0] if details else {}
        if isinstance(details, dict):
            usage[key] = {field: details.get(field) or 0}
    entries = usage.get("request_usage_entries")
    if isinstance(entries, list):
        usage["request_usage_entries"] = [sdk_usage_to_internal(e) for e in entries]
    return usage


def _approvals(
    context: dict[str, Any], responses: list[dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, dict[str, list[str]]], dict[str, dict[str, Any]]]:
    """runwright's approval records; decisions about calls not made yet are set apart.

    The SDK keeps decisions by tool (``approvals``) and, from schema 1.21, by agent and
    tool (``function_tool_approvals``). runwright binds each decision to a call the model
    made (its name and arguments), so an approval naming no such call is carried, not used;
    a rejection of a call not made yet is kept (it can only deny).
    """
    made = {
        item.get("call_id") or item.get("id")
        for response in responses
        for item in response["output"] or ()
        if isinstance(item, dict)
    }
    records: list[tuple[str, Any]] = []
    forms: dict[str, dict[str, Any]] = {}
    by_tool = context.get("approvals") or {}
    if not isinstance(by_tool, dict):
        raise UserError("RunState context 'approvals' must be an object.")
    records += list(by_tool.items())
    per_agent = context.get("function_tool_approvals") or []
    if not isinstance(per_agent, list):
        raise UserError("RunState context 'function_tool_approvals' must be a list.")
    for entry in per_agent:
        if not isinstance(entry, dict) or not isinstance(entry.get("tool_key"), str):
            raise UserError("RunState 'function_tool_approvals' entries need a 'tool_key'.")
        records.append((entry["tool_key"], entry.get("decision")))
        forms[entry["tool_key"]] = {k: v for k, v in entry.items() if k != "decision"}
    approvals: dict[str, Any] = {}
    inert: dict[str, dict[str, list[str]]] = {}
    for tool, record in records:
        if not isinstance(record, dict):
            raise UserError(f"RunState approvals for {tool!r} must be an object.")
        if tool not in forms:
            forms[tool] = {"extra": {k: v for k, v in record.items() if k not in _DECISION_KEYS}}
        out = approvals.setdefault(tool, {"approved": [], "rejected": [], "messages": {}})
        for key in ("approved", "rejected"):
            value = record.get(key, [])
            if value is True:
                out[key] = True
            elif isinstance(value, list):
                for call_id in value:
                    if (call_id in made or key == "rejected") and isinstance(out[key], list):
                        out[key].append(call_id)
                    elif call_id not in made:
                        inert.setdefault(tool, {}).setdefault(key, []).append(call_id)
            elif value is not False:
                raise UserError(f"RunState approvals {tool!r}.{key} must be true or call ids.")
        messages = record.get("rejection_messages") or {}
        if not isinstance(messages, dict):
            raise UserError(f"RunState rejection messages for {tool!r} must be an object.")
        out["messages"].update(messages)
    return approvals, inert, forms


_DECISION_KEYS = ("approved", "rejected", "rejection_messages")


def _turn_start(items: list[dict[str, Any]], responses: list[dict[str, Any]]) -> int:
    """Where the last response's items start among the generated items."""
    if not responses:
        return len(items)
    output = responses[-1]["output"] or []
    for index, item in enumerate(items):
        if item.get("raw_item") in output:
            return index
    return len(items)


def _document_position(document: dict[str, Any]) -> list[Any]:
    agent = document.get("current_agent")
    step = document.get("current_step")
    return [
        document.get("current_turn"),
        agent.get("name") if isinstance(agent, dict) else None,
        len(document.get("generated_items") or ()),
        len(document.get("model_responses") or ()),
        step.get("type") if isinstance(step, dict) and step.get("type") in _STEPS else None,
    ]


_STEPS = ("next_step_interruption", "next_step_final_output")


def _object(document: dict[str, Any], key: str) -> dict[str, Any]:
    value = document.get(key)
    if not isinstance(value, dict):
        raise UserError(f"RunState field {key!r} must be an object, got {_preview(value)}.")
    return value


def _list(document: dict[str, Any], key: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise UserError(f"RunState field {key!r} must be a list, got {_preview(value)}.")
    return value


def _preview(value: Any) -> str:
    """What a bad value is, never the value itself (it may hold a secret)."""
    return "null" if value is None else f"a {type(value).__name__}"


# ----- writing ----------------------------------------------------------------------------


def _apply_sdk_sandbox(data: dict[str, Any], document: dict[str, Any]) -> None:
    """The SDK's own sandbox envelope as runwright's session state (unix_local only)."""
    name = _object(document, "current_agent").get("name")
    own = sandbox_from_sdk(document.get("sandbox"), name if isinstance(name, str) else "")
    if own is not None:
        data["sandbox"] = own


def to_sdk(state: RunState[Any], data: dict[str, Any]) -> dict[str, Any]:
    """The SDK's document for ``state``, whose runwright data (``codec.state_to_json``) is
    ``data``; runwright's own fields go under ``"runwright"``."""
    carry: SdkCarry | None = state.sdk_carry
    items = [_sdk_item(item, carry) for item in state.generated_items]
    responses = [
        _sdk_response(r, raw, carry)
        for r, raw in zip(state.model_responses, data["model_responses"], strict=True)
    ]
    waiting = [_sdk_item(item, carry) for item in state.interruptions]
    original = (
        state.original_input
        if isinstance(state.original_input, str)
        else data.get("original_input")
    )
    if original is None:
        original = data["input_items"]
    document: dict[str, Any] = {
        VERSION_KEY: SDK_SCHEMA_VERSION,
        "current_turn": state.current_turn,
        "current_agent": {"name": state.current_agent.name},
        "original_input": original,
        "model_responses": responses,
        "context": _sdk_context(state, data, carry),
        "pending_input": data.get("pending_input", []),
        "tool_use_tracker": data.get("tool_use_tracker") or _tool_use(state),
        "reasoning_item_id_policy": data.get("reasoning_item_id_policy"),
        "max_turns": None if state.max_turns >= UNLIMITED_TURNS else state.max_turns,
        "no_active_agent_run": True,
        "generated_items": items,
        "current_step": _step(state, data, waiting),
        "last_model_response": responses[-1] if responses else None,
    }
    if state.interruptions and state.model_responses:
        document["current_response_generated_item_ownership"] = {
            "start": state.turn_start_index,
            "end": len(items),
            "interruptions": [
                i
                for i, item in enumerate(state.generated_items)
                if i >= state.turn_start_index and item.type == "tool_approval_item"
            ],
        }
        document["last_processed_response"] = _processed(state, items, waiting)
    came = carry.document.get("sandbox") if carry is not None else None
    if not same_sdk_session(came, data.get("sandbox")):  # else the SDK's record, as it came
        envelope = sandbox_to_sdk(data.get("sandbox"), state.current_agent.name)
        if envelope is not None:  # the session also in the SDK's shape (unix_local)
            document["sandbox"] = envelope
    if carry is not None:
        fresh = _position(state) == carry.at
        for key, value in carry.document.items():
            if key in (VERSION_KEY, EXTENSION_KEY, SIGNATURE_KEY):
                continue
            if key in _VOLATILE:
                if fresh:  # the same point of the run: the SDK's own record of it
                    document[key] = copy.deepcopy(value)
            elif key not in document:  # what runwright does not model: as it came
                document[key] = copy.deepcopy(value)
    state_fields = {k: v for k, v in data.items() if k not in _NOT_IN_EXTENSION}
    state_fields["context"] = {"kind": data["context"]["kind"]}
    if state_fields.get("input_items") == _derived_input(original):
        del state_fields["input_items"]
    derived = [
        *data["input_items"],
        *(i.to_input_item() for i in state.generated_items if i.in_transcript),
    ]
    if state_fields.get("transcript") == derived:
        del state_fields["transcript"]
    document[EXTENSION_KEY] = {"at": _document_position(document), "state": state_fields}
    return document


_NOT_IN_EXTENSION = frozenset(
    {
        "pending_input",
        "reasoning_item_id_policy",
        "tool_use_tracker",
        "generated_items",
        "model_responses",
        "usage",
        "approvals",
        "interruptions",
        "current_agent",
        "current_turn",
        "original_input",
    }
)


def _derived_input(original: Any) -> list[Any]:
    if isinstance(original, str):
        return [{"content": original, "role": "user"}]
    return list(original)


def _position(state: RunState[Any]) -> list[Any]:
    step = (
        "next_step_interruption"
        if state.interruptions
        else "next_step_final_output"
        if state.is_finished
        else None
    )
    return [
        state.current_turn,
        state.current_agent.name,
        len(state.generated_items),
        len(state.model_responses),
        step,
    ]


def _sdk_item(item: RunItem, carry: SdkCarry | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": item.type,
        "raw_item": copy.deepcopy(dict(item.raw_item)),
        "agent": {"name": item.agent.name} if item.agent is not None else None,
    }
    for f in dataclasses.fields(item):
        if f.name in ("agent", "raw_item"):
            continue
        value = getattr(item, f.name)
        if value is None:
            continue
        if f.name in ("source_agent", "target_agent"):
            data[f.name] = {"name": value.name}
        elif isinstance(value, ToolOrigin):
            data[f.name] = value.to_json_dict()
        elif f.name == "output":
            data[f.name] = value if isinstance(value, (str, int, float, bool)) else str(value)
        else:
            data[f.name] = copy.deepcopy(value)
    if item.type == "tool_approval_item" and "tool_lookup_key" not in data:
        data["tool_lookup_key"] = {"kind": "bare", "name": data.get("tool_name")}
    if carry is not None:
        for key, value in carry.item_extras.get(id(item), {}).items():
            data.setdefault(key, copy.deepcopy(value))
    return data


def _sdk_response(response: Any, raw: dict[str, Any], carry: SdkCarry | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "usage": _usage_as_it_came(
            sdk_usage(raw["usage"]),
            None if carry is None else carry.response_usage.get(id(response)),
        ),
        "output": raw["output"],
        "response_id": raw.get("response_id"),
        "request_id": getattr(response, "request_id", None),
    }
    if carry is not None:
        for key, value in carry.response_extras.get(id(response), {}).items():
            if data.get(key) is None:
                data[key] = copy.deepcopy(value)
    return data


def sdk_usage(usage: dict[str, Any]) -> dict[str, Any]:
    """runwright's usage data in the SDK's shape (details as one-element lists)."""
    data = {
        "requests": usage.get("requests", 0),
        "input_tokens": usage.get("input_tokens", 0),
        "input_tokens_details": [usage.get("input_tokens_details") or {"cached_tokens": 0}],
        "output_tokens": usage.get("output_tokens", 0),
        "output_tokens_details": [usage.get("output_tokens_details") or {"reasoning_tokens": 0}],
        "total_tokens": usage.get("total_tokens", 0),
        "request_usage_entries": [
            {
                "input_tokens": e.get("input_tokens", 0),
                "output_tokens": e.get("output_tokens", 0),
                "total_tokens": e.get("total_tokens", 0),
                "input_tokens_details": e.get("input_tokens_details") or {"cached_tokens": 0},
                "output_tokens_details": e.get("output_tokens_details") or {"reasoning_tokens": 0},
            }
            for e in usage.get("request_usage_entries") or ()
        ],
    }
    return data


def _usage_as_it_came(usage: dict[str, Any], carried: dict[str, Any] | None) -> dict[str, Any]:
    """The SDK's own usage data when runwright's counts still match it (it may hold detail
    fields runwright does not count, such as ``cache_write_tokens``)."""
    if carried is not None and sdk_usage(sdk_usage_to_internal(carried)) == usage:
        return copy.deepcopy(carried)
    return usage


def _sdk_context(
    state: RunState[Any], data: dict[str, Any], carry: SdkCarry | None
) -> dict[str, Any]:
    usage = _usage_as_it_came(sdk_usage(data["usage"]), None if carry is None else carry.usage)
    kind = data["context"]["kind"]
    original_type, via = _CONTEXT_KINDS.get(kind, ("mapping", "mapping"))
    by_tool, per_agent = _sdk_approvals(state, data, carry)
    context: dict[str, Any] = {
        "usage": usage,
        "approvals": by_tool,
        "context": data["context"]["value"],
        "context_meta": {
            "original_type": original_type,
            "serialized_via": via,
            "requires_deserializer": kind in ("pydantic", "dataclass", "custom"),
            "omitted": False,
        },
    }
    if per_agent:
        context["function_tool_approvals"] = per_agent
    invocations = tool_invocations(state)
    if invocations:
        context["tool_invocations"] = invocations
    if carry is not None:
        for key, value in _object(carry.document, "context").items():
            if key not in _CONTEXT_KEYS and (
                key != "tool_invocations" or _position(state) == carry.at
            ):
                context[key] = copy.deepcopy(value)
    return context


def _sdk_approvals(
    state: RunState[Any], data: dict[str, Any], carry: SdkCarry | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Decisions as the SDK keeps them: by tool (``approvals``), or per agent and tool
    (``function_tool_approvals``) for those the SDK's document had in that form."""
    by_tool: dict[str, Any] = {}
    per_agent: list[dict[str, Any]] = []
    inert = carry.inert_decisions if carry is not None else {}
    forms = carry.approval_forms if carry is not None else {}
    for tool, record in data["approvals"].items():
        decision: dict[str, Any] = {"approved": record["approved"], "rejected": record["rejected"]}
        for key, ids in inert.get(tool, {}).items():
            if isinstance(decision[key], list):
                decision[key] = [*decision[key], *ids]
        if record["messages"]:
            decision["rejection_messages"] = dict(record["messages"])
        form = forms.get(tool) or {
            "agent": {"name": _deciding_agent(state, tool)},
            "tool_key": tool,
        }
        if "extra" in form:
            by_tool[tool] = {**decision, **copy.deepcopy(form["extra"])}
        else:
            per_agent.append({**copy.deepcopy(form), "decision": decision})
    return by_tool, per_agent


def _deciding_agent(state: RunState[Any], tool: str) -> str:
    """The agent whose call of ``tool`` a decision answers (the SDK scopes decisions by it)."""
    for item in reversed(state.generated_items):
        name = getattr(item, "tool_name", None)
        if item.type == "tool_approval_item" and item.agent is not None and name == tool:
            return str(item.agent.name)
    return str(state.current_agent.name)


def tool_invocations(state: RunState[Any]) -> dict[str, dict[str, Any]]:
    """The SDK's identity of each function call the model made (schema 1.15 on): an approval
    scope (which tool) and a fingerprint (which arguments), and whether it ran. The SDK
    applies a recorded decision only to a call with this identity."""
    answered = {
        item.raw_item.get("call_id")
        for item in state.generated_items
        if item.type == "tool_call_output_item"
    }
    invocations: dict[str, dict[str, Any]] = {}
    for response in state.model_responses:
        for call in response.output:
            call_id, name = call.get("call_id"), call.get("name")
            if call.get("type") != "function_call" or not isinstance(call_id, str):
                continue
            scope = _digest({"tool_lookup_key": ["bare", name], "type": "function_call"})
            identity: dict[str, Any] = {"approval_scope": scope, "type": "function_call"}
            try:
                identity["arguments"] = json.loads(call.get("arguments") or "")
            except ValueError:
                identity["arguments"] = call.get("arguments")
            if call.get("caller") is not None:
                identity["caller"] = call["caller"]
            done = call_id in answered
            invocations[call_id] = {
                "type": "function_call",
                "approval_scope": scope,
                "fingerprint": _digest(identity),
                "executed": done,
                "completed": done,
            }
    return invocations


def _digest(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _tool_use(state: RunState[Any]) -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for item in state.generated_items:
        if item.type == "tool_call_item" and item.agent is not None:
            name = item.raw_item.get("name")
            if isinstance(name, str) and item.agent.name in state.agents_that_used_tools:
                names = used.setdefault(item.agent.name, [])
                if name not in names:
                    names.append(name)
    for name in state.agents_that_used_tools:
        used.setdefault(name, [])
    return used


def _step(
    state: RunState[Any], data: dict[str, Any], waiting: list[dict[str, Any]]
) -> dict[str, Any] | None:
    if waiting:
        return {"type": "next_step_interruption", "data": {"interruptions": waiting}}
    final = data["final_output"]
    if final.get("present"):
        return {"type": "next_step_final_output", "data": {"output": final.get("value")}}
    return None


def _processed(
    state: RunState[Any], items: list[dict[str, Any]], waiting: list[dict[str, Any]]
) -> dict[str, Any]:
    """The SDK's record of the paused turn: the model's calls and the tools that answer them."""
    tools = {getattr(t, "name", None): t for t in state.current_agent.tools}
    functions = []
    output = state.model_responses[-1].output
    for call in output:
        if call.get("type") != "function_call":
            continue
        tool = tools.get(call.get("name"))
        functions.append(
            {
                "tool_call": copy.deepcopy(dict(call)),
                "tool": {
                    "name": call.get("name"),
                    "lookupKey": {"kind": "bare", "name": call.get("name")},
                    "description": getattr(tool, "description", ""),
                    "paramsJsonSchema": getattr(tool, "params_json_schema", {}),
                },
            }
        )
    new_items = [
        item
        for item in items[state.turn_start_index :]
        if item["type"] not in ("tool_call_output_item", "tool_approval_item")
    ]
    return {
        "new_items": new_items,
        "tools_used": [f["tool"]["name"] for f in functions],
        "functions": functions,
        "handoffs": [],
        "computer_actions": [],
        "local_shell_actions": [],
        "shell_actions": [],
        "apply_patch_actions": [],
        "custom_tool_actions": [],
        "mcp_approval_requests": [],
        "interruptions": waiting,
    }

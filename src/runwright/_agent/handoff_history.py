"""Nested handoff history: the conversation so far, summarised for the next agent.

With ``RunConfig(nest_handoff_history=True)`` (or ``handoff(...,
nest_handoff_history=True)``) the agent taking over does not see the previous
agent's tool calls as if they were its own. :func:`nest_handoff_history` folds
them into assistant messages of this form (the SDK's text, which prompts and
tests rely on)::

    For context, here is the conversation so far between the user and the previous agent:
    <CONVERSATION HISTORY>
    1. user: I want a refund
    2. {"arguments": "{}", "call_id": "c1", "name": "lookup", "type": "function_call"}
    </CONVERSATION HISTORY>

Messages the user or developer wrote, and the assistant messages of the
current turn, stay as they are, in order, between summaries. A summary made at
an earlier handoff is opened up again and merged into the next one, so history
does not nest in layers. The markers are set with
:func:`set_conversation_history_wrappers`.

Nesting is not redaction: tool arguments and outputs appear in the summary text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from copy import deepcopy
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError

if TYPE_CHECKING:
    from runwright._agent.handoffs import HandoffInputData

_DEFAULT_START = "<CONVERSATION HISTORY>"
_DEFAULT_END = "</CONVERSATION HISTORY>"
_PREAMBLE = "For context, here is the conversation so far between the user and the previous agent:"
_OLD_PREAMBLE = "For context, here is the conversation so far:"
"""What summaries said before; still recognised when flattening."""
_EMPTY = "(no previous turns recorded)"

_wrappers = [_DEFAULT_START, _DEFAULT_END]

_SUMMARY_ONLY_TYPES = frozenset({"function_call", "function_call_output", "reasoning"})
"""Item types told in the summary and not passed on as items (a reasoning item would be
orphaned without its calls)."""
_ROLES = frozenset({"user", "assistant", "system", "developer"})
_INTERNAL_KEYS = ("_agents_tool_description", "_agents_tool_title", "created_by")


def set_conversation_history_wrappers(*, start: str | None = None, end: str | None = None) -> None:
    """Sets the markers around the summarised history (None leaves a marker as it is)."""
    if start is not None:
        _wrappers[0] = start
    if end is not None:
        _wrappers[1] = end


def reset_conversation_history_wrappers() -> None:
    """Back to ``<CONVERSATION HISTORY>`` and ``</CONVERSATION HISTORY>``."""
    _wrappers[:] = [_DEFAULT_START, _DEFAULT_END]


def get_conversation_history_wrappers() -> tuple[str, str]:
    """The current (start, end) markers."""
    return (_wrappers[0], _wrappers[1])


def default_handoff_history_mapper(transcript: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The transcript as one assistant message: numbered lines between the markers."""
    lines = [f"{n}. {_describe(item)}" for n, item in enumerate(transcript, 1)] or [_EMPTY]
    start, end = get_conversation_history_wrappers()
    return [{"role": "assistant", "content": "\n".join([_PREAMBLE, start, *lines, end])}]


def nest_handoff_history(
    handoff_input_data: HandoffInputData,
    *,
    history_mapper: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
) -> HandoffInputData:
    """What the next agent sees after a handoff, with earlier turns summarised.

    The transcript is ``input_history`` (earlier summaries opened up), then
    ``pre_handoff_items`` and ``new_items`` as input items (approval requests
    left out); an ``input_items`` already set is ignored. With
    ``history_mapper``, it gets the whole transcript and returns the next
    agent's input. Otherwise tool calls, tool outputs and reasoning (and the
    earlier turns' assistant messages) go into summaries made by
    :func:`default_handoff_history_mapper`, while other messages stay as they
    are, in order.

    The result has that input as ``input_history``, no ``pre_handoff_items``,
    ``input_items=()`` (the model sees the history only) and ``new_items``
    unchanged, so the run's record and session keep every item. Tool arguments
    and outputs stay readable in the summary: clean the fields first if they
    hold secrets.
    """
    history = _flatten(_history_list(handoff_input_data.input_history))
    entries: list[tuple[dict[str, Any], bool]] = []
    for items, earlier in (
        (handoff_input_data.pre_handoff_items, True),
        (handoff_input_data.new_items, False),
    ):
        for run_item in items:
            plain = _as_input(run_item)
            if plain is not None:
                entries.append((plain, _passes_on(plain, earlier)))
    if history_mapper is not None:
        mapped = history_mapper([*history, *(item for item, _ in entries)])
        if not isinstance(mapped, list):
            raise UserError(
                f"handoff_history_mapper returned {type(mapped).__name__}; "
                "it must return a list of input items."
            )
        result = mapped
    else:
        result = _ordered_history(history, entries)
    return handoff_input_data.clone(
        input_history=tuple(deepcopy(item) for item in result),
        pre_handoff_items=(),
        input_items=(),
    )


def _ordered_history(
    history: list[dict[str, Any]], entries: list[tuple[dict[str, Any], bool]]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    pending = history
    for item, passes_on in entries:
        if not passes_on:
            pending.append(item)
            continue
        if pending or not out:
            out.extend(default_handoff_history_mapper(pending))
            pending = []
        out.append(item)
    if pending or not out:
        out.extend(default_handoff_history_mapper(pending))
    return out


def _history_list(history: Any) -> list[dict[str, Any]]:
    if isinstance(history, str):
        return [{"content": history, "role": "user"}]
    return [_plain(item) for item in history]


def _as_input(run_item: Any) -> dict[str, Any] | None:
    if not getattr(run_item, "in_transcript", True):
        return None  # approval requests are never model input
    item = _plain(run_item.to_input_item())
    if "status" in item and item["status"] is None:
        del item["status"]
    return item


def _plain(item: Any) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        dump = getattr(item, "model_dump", None)
        item = dump(exclude_unset=True) if callable(dump) else dict(item)
    return _strip(_copy(item))


def _copy(value: Any) -> Any:
    """A deep copy as plain dicts and lists (RawItems become dicts)."""
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    return value


def _strip(item: dict[str, Any]) -> dict[str, Any]:
    for key in _INTERNAL_KEYS:
        item.pop(key, None)
    return item


def _passes_on(item: dict[str, Any], earlier: bool) -> bool:
    """Whether ``item`` goes to the next agent as itself (else only in a summary)."""
    if _from_program(item):
        return False
    role = item.get("role")
    if earlier:
        if role == "assistant":
            return False
    elif isinstance(role, str) and role:
        return True
    return item.get("type") not in _SUMMARY_ONLY_TYPES


def _from_program(item: dict[str, Any]) -> bool:
    """Items of a hosted program's run stay together: all summarised."""
    if item.get("type") in ("program", "program_output"):
        return True
    caller = item.get("caller")
    return isinstance(caller, Mapping) and caller.get("type") == "program"


# ----- writing summary lines --------------------------------------------------


def _describe(item: dict[str, Any]) -> str:
    item = _strip(dict(item))
    role = item.get("role")
    content = item.get("content")
    if isinstance(role, str) and (
        content is None
        or (isinstance(content, str) and "\n" not in content and "\r" not in content)
    ):
        return _short_line(item)
    payload = {k: v for k, v in item.items() if k != "provider_data"}
    try:
        return json.dumps(payload, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return _short_line(item)


def _short_line(item: dict[str, Any]) -> str:
    role = item.get("role")
    if isinstance(role, str):
        name = item.get("name")
        label = f"{role} ({name})" if isinstance(name, str) and name else role
        return f"{label}: {_text(item.get('content'))}"
    kind = item.get("type", "item")
    rest = {k: v for k, v in item.items() if k not in ("type", "provider_data")}
    try:
        body = json.dumps(rest, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        body = str(rest)
    return f"{kind}: {body}"


def _text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    try:
        return json.dumps(content, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(content)


# ----- reading summaries back -------------------------------------------------


def _flatten(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``items`` with each earlier summary message replaced by the items it tells of."""
    out: list[dict[str, Any]] = []
    for item in items:
        told = _summarised_items(item)
        if told is None:
            out.append(item)
        else:
            out.extend(told)
    return out


def _summarised_items(item: dict[str, Any]) -> list[dict[str, Any]] | None:
    content = item.get("content")
    if item.get("role") != "assistant" or not isinstance(content, str):
        return None
    first, newline, rest = content.partition("\n")
    if not newline or first not in (_PREAMBLE, _OLD_PREAMBLE):
        return None
    start, end = get_conversation_history_wrappers()
    head, tail = f"{start}\n", f"\n{end}"
    if not (rest.startswith(head) and rest.endswith(tail)):
        return None
    body = rest[len(head) : len(rest) - len(tail)]
    parsed = (_parse_record(record) for record in _records(body))
    return [entry for entry in parsed if entry is not None]


def _records(body: str) -> list[str]:
    """The summary's records: a numbered line and the unnumbered lines after it."""
    records: list[str] = []
    current: list[str] = []
    numbered = False
    for line in body.splitlines():
        if not line.strip():
            continue
        starts = _is_numbered(line)
        if current and not starts and numbered:
            current.append(line.rstrip())
            continue
        if current:
            records.append("\n".join(current))
        current, numbered = [line.strip()], starts
    if current:
        records.append("\n".join(current))
    return records


def _is_numbered(line: str) -> bool:
    head, dot, _ = line.lstrip().partition(".")
    return bool(dot) and head.isdigit()


def _parse_record(record: str) -> dict[str, Any] | None:
    text = record.strip()
    if _is_numbered(text):
        text = text.partition(".")[2].lstrip()
    if not text:
        return None
    as_json = _json_object(text)
    if as_json is not None:
        return as_json
    label, colon, rest = text.partition(":")
    if not colon:
        # An empty turn written as a bare role ("user", "assistant (Bob)").
        bare = text[: text.rfind("(")].strip() if text.endswith(")") and "(" in text else text
        if bare not in _ROLES:
            return None
        return _message(*_role_and_name(text), "")
    label = label.strip()
    if not label:
        return None
    role, name = _role_and_name(label)
    content = rest.strip()
    if content and role not in _ROLES:
        typed = _json_object(content)
        if typed is not None:  # an older "function_call: {...}" line
            typed["type"] = role
            return typed
    return _message(role, name, content)


def _message(role: str, name: str | None, content: str) -> dict[str, Any]:
    message: dict[str, Any] = {"role": role}
    if name:
        message["name"] = name
    message["content"] = content
    return message


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    value.pop("provider_data", None)
    return _strip(value)


def _role_and_name(label: str) -> tuple[str, str | None]:
    if label.endswith(")") and "(" in label:
        cut = label.rfind("(")
        name = label[cut + 1 : -1].strip()
        if name:
            return (label[:cut].strip() or "developer", name)
    return (label or "developer", None)

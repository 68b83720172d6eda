"""What makes a loaded RunState trustworthy: shape checks, approval binding, signing.

* **Shape** (:func:`check_depth`, :func:`check_raw_item`): every raw item a
  state carries is checked when it loads, so a state that loads always runs.
* **Approval binding** (:func:`bind_approvals`, :func:`check_approvals`): each
  approved or rejected call id is written with a hash of the call's tool name
  and arguments, and checked against the calls the model actually made when
  the state loads. An approval for a call the model never made, or for a call
  whose arguments changed after the decision, is refused.
* **Signing** (:func:`sign`, :func:`verify`): with a key, the whole state is
  signed with HMAC-SHA256 over its canonical JSON; a signed state that was
  edited in any way is refused. Without a key nothing stops a consistent
  forgery: an unsigned state is only as trustworthy as where it was stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._core.items import approval_call_id

if TYPE_CHECKING:
    from runwright._state.run_state import RunState

MAX_DEPTH = 200
"""Deepest nesting a RunState may have (real states stay well under 50)."""

SIGNATURE_KEY = "signature"
_ALGORITHM = "hmac-sha256"

_default_key: bytes | None = None


def set_signing_key(key: str | bytes | None) -> None:
    """Sets the key every RunState is signed with and checked against (None: unset).

    A key given to ``to_json``/``from_json`` (``signing_key=``) takes precedence.
    """
    global _default_key
    _default_key = _as_bytes(key) if key is not None else None


def resolve_key(key: str | bytes | None) -> bytes | None:
    """The key to use: the one given, else the one set with :func:`set_signing_key`."""
    return _as_bytes(key) if key is not None else _default_key


def _as_bytes(key: str | bytes) -> bytes:
    if isinstance(key, str):
        key = key.encode()
    if not isinstance(key, bytes) or len(key) < 16:
        raise UserError("A RunState signing key must be str or bytes of at least 16 bytes.")
    return key


# ----- shape ----------------------------------------------------------------------


def check_depth(value: Any) -> None:
    """Raises UserError when ``value`` nests deeper than MAX_DEPTH (no recursion)."""
    todo: list[tuple[Any, int]] = [(value, 0)]
    while todo:
        node, depth = todo.pop()
        if depth > MAX_DEPTH:
            raise UserError(f"RunState data nests deeper than {MAX_DEPTH} levels.")
        if isinstance(node, dict):
            todo.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            todo.extend((v, depth + 1) for v in node)


def check_raw_item(item: Any, where: str) -> None:
    """A raw item (input, transcript or output): calls and messages well-formed."""
    if not isinstance(item, dict):
        raise UserError(f"RunState {where} must hold objects.")
    kind = item.get("type")
    if kind is not None and not isinstance(kind, str):
        raise UserError(f"RunState {where} has an item whose 'type' is not a string.")
    if kind in ("function_call", "function_call_output"):
        keys = ("call_id", "name", "arguments") if kind == "function_call" else ("call_id",)
        for key in keys:
            if not isinstance(item.get(key), str):
                raise UserError(f"RunState {where} has a {kind} whose {key!r} is not a string.")
    content = item.get("content")
    if kind == "message" or "role" in item:
        if not isinstance(content, (str, list)):
            raise UserError(f"RunState {where} has a message whose content is not text or a list.")
        if isinstance(content, list) and any(not isinstance(p, dict) for p in content):
            raise UserError(f"RunState {where} has message content that is not an object.")


class FieldReader:
    """Typed reads of a RunState's top-level fields, each failure a UserError naming it."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def _get(self, key: str) -> Any:
        if key not in self.data:
            raise UserError(f"RunState data is missing {key!r} (truncated or not a RunState?).")
        return self.data[key]

    def _bad(self, key: str, what: str) -> UserError:
        return UserError(f"RunState field {key!r} must be {what}.")

    def str_(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self._bad(key, "a string")
        return value

    def optional_str(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise self._bad(key, "a string or null")
        return value

    def int_(self, key: str, low: int, high: int | None = None) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise self._bad(key, f"an integer >= {low}")
        if high is not None and value > high:
            raise self._bad(key, f"an integer <= {high}")
        return value

    def bool_(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self._bad(key, "true or false")
        return value

    def dict_(self, key: str) -> dict[str, Any]:
        value = self._get(key)
        if not isinstance(value, dict):
            raise self._bad(key, "an object")
        return value

    def list_(self, key: str) -> list[Any]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self._bad(key, "a list")
        return value

    def items(self, key: str) -> list[Any]:
        value = self.list_(key)
        for x in value:
            check_raw_item(x, repr(key))
        return list(value)


# ----- approval binding -----------------------------------------------------------


def call_digest(name: str, arguments: str) -> str:
    """What an approval is bound to: the tool's name and the call's exact arguments."""
    import hashlib  # OpenSSL's hashlib loads with the first approval, not with `import runwright`

    # surrogatepass: JSON may carry lone surrogates ("\udcff"); they must hash, not raise.
    return hashlib.sha256(f"{name}\0{arguments}".encode("utf-8", "surrogatepass")).hexdigest()


def calls_made(state: RunState[Any]) -> dict[str, tuple[str, str]]:
    """Every function call (and hosted MCP approval request, by its id) the model made
    in this state and its nested states."""
    calls: dict[str, tuple[str, str]] = {}
    for one in _tree(state):
        for response in one.model_responses:
            for item in response.output:
                if item.get("type") in _APPROVABLE:
                    calls[approval_call_id(item)] = _called(item)
    return calls


_NATIVE_PAYLOADS = {
    "shell_call": ("action",),
    "local_shell_call": ("action",),
    "computer_call": ("action", "actions"),
    "apply_patch_call": ("operation", "operations"),
}
"""Calls of shell/apply_patch/computer tools: the fields a decision is bound to."""

_APPROVABLE = ("function_call", "mcp_approval_request", "custom_tool_call", *_NATIVE_PAYLOADS)


def _called(item: Any) -> tuple[str, str]:
    """What a decision is bound to: the called tool's name and the exact arguments.

    Shell, apply_patch and computer calls carry no tool name (the agent has one such
    tool): the name is "" and the payload (commands, operations, actions) is bound.
    """
    kind = item.get("type")
    if kind == "function_call":
        return item["name"], item["arguments"]
    if kind == "custom_tool_call":
        return str(item.get("name")), str(item.get("input") or "")
    keys = _NATIVE_PAYLOADS.get(kind)
    if keys is not None:
        payload = {k: item.get(k) for k in keys}
        return "", json.dumps(payload, sort_keys=True, default=str)
    return str(item.get("name")), str(item.get("arguments") or "")


def _tree(state: RunState[Any]) -> Iterator[RunState[Any]]:
    todo = [state]
    while todo:
        one = todo.pop()
        yield one
        todo.extend(one.nested_states.values())


def _decided_ids(record: Any) -> list[str]:
    ids: list[str] = []
    for value in (record.approved, record.rejected):
        if isinstance(value, list):
            ids.extend(value)
    return ids


def bind_approvals(state: RunState[Any]) -> dict[str, str]:
    """``{call_id: digest}`` for every call with a decision in this state."""
    calls = calls_made(state)
    bound: dict[str, str] = {}
    for record in state.context_wrapper._approvals.values():
        for call_id in _decided_ids(record):
            if call_id in calls:
                bound[call_id] = call_digest(*calls[call_id])
    return bound


def check_approvals(root: RunState[Any], bindings: dict[int, dict[str, str]]) -> None:
    """Refuses approvals for calls never made, of another tool, or with changed arguments.

    ``bindings`` maps ``id(state)`` to the digests read with that state.
    """
    calls = calls_made(root)
    for one in _tree(root):
        bound = bindings.get(id(one), {})
        for tool, record in one.context_wrapper._approvals.items():
            for call_id in _decided_ids(record):
                if call_id in calls or _approves(record, call_id):
                    _check_decision(calls, bound, tool, call_id)
    for one in _tree(root):
        for item in one.interruptions:
            raw = item.raw_item
            call_id = approval_call_id(raw)
            if calls.get(call_id) != _called(raw):
                raise UserError(
                    f"RunState interruption {call_id!r} is not a call the model made "
                    "(or its arguments differ); the state was edited."
                )


def _approves(record: Any, call_id: str) -> bool:
    """Rejecting a call the model has not made yet can only deny it, so it needs no call."""
    return isinstance(record.approved, list) and call_id in record.approved


def _check_decision(
    calls: dict[str, tuple[str, str]], bound: dict[str, str], tool: str, call_id: str
) -> None:
    call = calls.get(call_id)
    if call is None:
        raise UserError(
            f"RunState has a decision for call {call_id!r} of {tool!r}, a call the model never "
            "made; the state was edited."
        )
    if call[0] != tool and call[0] != "":
        raise UserError(
            f"RunState decision for call {call_id!r} names tool {tool!r}, not the call's tool "
            f"{call[0]!r}; the state was edited."
        )
    if bound.get(call_id) != call_digest(*call):
        raise UserError(
            f"RunState decision for call {call_id!r} of {tool!r} does not match the call's "
            "arguments (changed after the decision); the state was edited."
        )


# ----- signing --------------------------------------------------------------------


def _canonical(data: dict[str, Any]) -> bytes:
    body = {k: v for k, v in data.items() if k != SIGNATURE_KEY}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")


def sign(data: dict[str, Any], key: bytes) -> dict[str, Any]:
    """Adds the HMAC signature of ``data`` (in place; returned for chaining)."""
    import hashlib  # loaded when a state is first signed
    import hmac

    digest = hmac.new(key, _canonical(data), hashlib.sha256).hexdigest()
    data[SIGNATURE_KEY] = {"alg": _ALGORITHM, "value": digest}
    return data


def verify(data: dict[str, Any], key: bytes | None) -> None:
    """With a key: the state must carry a valid signature. Without one: nothing to check."""
    if key is None:
        return
    signature = data.get(SIGNATURE_KEY)
    if signature is None:
        raise UserError("RunState is not signed, but a signing key is set: refusing to load it.")
    if not isinstance(signature, dict) or signature.get("alg") != _ALGORITHM:
        raise UserError(f"RunState signature must be {_ALGORITHM}.")
    value = signature.get("value")
    import hashlib  # loaded when a signed state is first checked
    import hmac

    expected = hmac.new(key, _canonical(data), hashlib.sha256).hexdigest()
    if not isinstance(value, str) or not hmac.compare_digest(value, expected):
        raise UserError(
            "RunState signature does not match: the state was edited, or signed with another key."
        )


def migrate_v1_digests(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 → 2: approvals were not bound to their calls; bind them to the calls made."""
    calls: dict[str, tuple[str, str]] = {}
    todo = [data]
    while todo:
        one = todo.pop()
        for response in one.get("model_responses") or ():
            for item in (response.get("output") or ()) if isinstance(response, dict) else ():
                if isinstance(item, dict) and item.get("type") == "function_call":
                    name, args = item.get("name"), item.get("arguments")
                    if isinstance(name, str) and isinstance(args, str):
                        calls[str(item.get("call_id"))] = (name, args)
        nested = one.get("nested_states")
        for entry in nested.values() if isinstance(nested, dict) else ():
            if isinstance(entry, dict) and isinstance(entry.get("state"), dict):
                todo.append(entry["state"])
    digests: dict[str, str] = {}
    approvals = data.get("approvals")
    for record in approvals.values() if isinstance(approvals, dict) else ():
        for key in ("approved", "rejected"):
            ids = record.get(key) if isinstance(record, dict) else None
            for call_id in ids if isinstance(ids, list) else ():
                if isinstance(call_id, str) and call_id in calls:
                    digests[call_id] = call_digest(*calls[call_id])
    return {**data, "approval_digests": digests}

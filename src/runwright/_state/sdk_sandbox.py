"""The RunState document's top-level ``"sandbox"`` key in the SDK's shape.

The SDK keeps a paused run's sandbox as an envelope::

    {"backend_id": "unix_local",
     "current_agent_key": "<agent>", "current_agent_name": "<agent>",
     "session_state": {...},
     "sessions_by_agent": {"<agent>": {"agent_name": "<agent>", "session_state": {...}}}}

where ``session_state`` is the client's ``serialize_session_state`` output; for its
``unix_local`` client: ``type``, ``session_id``, ``snapshot`` (``{"type": "local", "id",
"base_path"}``: the tar ``<base_path>/<id>.tar``), ``manifest`` (whose ``root`` is the
host directory of the workspace), ``exposed_ports``, ``workspace_root_ready``,
``workspace_root_owned``.

runwright's own session state (runwright/_sandbox/session.py ``to_json_dict``) stays
in its extension; this module writes the same session in the SDK's envelope beside
it, and reads the SDK's envelope when a document has no runwright state, so a paused
``unix_local`` run resumes under either. A run whose SandboxAgents each have a
session carries them all under ``sessions_by_agent``, in both shapes. Only
``unix_local`` translates: other backends' envelopes pass through untouched (as the
SDK wrote them). Plain data only
(this room sits above the sandbox room): no mount credentials are written, and the
reader keeps none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

_BACKEND = "unix_local"
_SDK_MOUNT_COMMANDS = [
    "ls", "find", "stat", "cat", "less", "head", "tail", "du", "grep", "rg", "wc", "sort",
    "cut", "cp", "tee", "echo", "mkdir", "rm",
]  # fmt: skip


def _sdk_snapshot(snapshot: Any) -> dict[str, Any] | None:
    if isinstance(snapshot, dict) and snapshot.get("type") == "local":
        return {
            "type": "local",
            "id": str(snapshot.get("id")),
            "base_path": str(snapshot.get("base_path")),
        }
    if isinstance(snapshot, str) and snapshot.endswith(".tar"):
        path = PurePosixPath(snapshot)
        return {"type": "local", "id": path.stem, "base_path": str(path.parent)}
    return None  # a remote snapshot is runwright's own (the SDK's needs its client)


def _sdk_state(own: Any) -> dict[str, Any] | None:
    """The SDK's ``session_state`` for one runwright session state (None: no SDK form)."""
    if not isinstance(own, dict) or own.get("type") != _BACKEND:
        return None
    workspace = own.get("workspace")
    session_id = own.get("session_id")
    if not isinstance(workspace, str) or not isinstance(session_id, str):
        return None
    grants = [
        {
            "path": g.get("path"),
            "read_only": bool(g.get("read_only", False)),
            "description": g.get("description"),
        }
        for g in _list(own.get("extra_path_grants"))
        if isinstance(g, dict)
    ]
    environment = own.get("environment") if isinstance(own.get("environment"), dict) else {}
    return {
        "type": _BACKEND,
        "session_id": session_id,
        "snapshot": _sdk_snapshot(own.get("snapshot")),
        "manifest": {
            "version": 1,
            "root": workspace,
            "entries": {},
            "environment": {"value": dict(environment or {})},
            "users": [],
            "groups": [],
            "extra_path_grants": grants,
            "remote_mount_command_allowlist": list(_SDK_MOUNT_COMMANDS),
        },
        "exposed_ports": _list(own.get("exposed_ports")),
        "workspace_root_ready": bool(own.get("workspace_root_ready", True)),
        "workspace_root_owned": own.get("workspace_root_owned", True) is not False,
    }


def sandbox_to_sdk(own: Any, agent_name: str) -> dict[str, Any] | None:
    """The SDK's envelope for runwright's session state ``own`` (None when it has no
    SDK equivalent). A run whose SandboxAgents each have a session lists every one
    under ``sessions_by_agent``, keyed as runwright keyed them (the SDK's keys)."""
    state = _sdk_state(own)
    if state is None:
        return None
    key = own.get("current_agent_key") or agent_name
    by_agent = _sessions_by_agent(own.get("sessions_by_agent"), _sdk_state, skip=key)
    by_agent[key] = {"agent_name": agent_name, "session_state": state}
    return {
        "backend_id": _BACKEND,
        "current_agent_key": key,
        "current_agent_name": agent_name,
        "session_state": state,
        "sessions_by_agent": by_agent,
    }


def sandbox_from_sdk(envelope: Any, agent_name: str) -> dict[str, Any] | None:
    """runwright's session state for the SDK's envelope (None when it is not a
    ``unix_local`` session runwright can resume: another backend, or malformed), with
    every agent's session under ``sessions_by_agent``."""
    if not isinstance(envelope, dict) or envelope.get("backend_id") != _BACKEND:
        return None
    state: Any = None
    by_agent = envelope.get("sessions_by_agent")
    key = envelope.get("current_agent_key")
    found_key: str | None = None
    for wanted in (key, agent_name):
        entry = (
            by_agent.get(wanted) if isinstance(by_agent, dict) and isinstance(wanted, str) else None
        )
        if isinstance(entry, dict) and isinstance(entry.get("session_state"), dict):
            state = entry["session_state"]
            found_key = wanted
            break
    if state is None:
        state = envelope.get("session_state")
    own = _own_state(state)
    if own is None:
        return None
    if found_key is None or not isinstance(by_agent, dict):
        return own
    sessions = _sessions_by_agent(by_agent, _own_state)
    if len(sessions) > 1:  # several agents' sessions: kept per agent, as runwright does
        own["current_agent_key"] = found_key
        own["sessions_by_agent"] = sessions
    return own


def _own_state(state: Any) -> dict[str, Any] | None:
    """runwright's session state for one SDK ``session_state``."""
    if not isinstance(state, dict) or state.get("type") != _BACKEND:
        return None
    found = state.get("manifest")
    manifest: dict[str, Any] = found if isinstance(found, dict) else {}
    session_id = state.get("session_id")
    workspace = manifest.get("root")
    if not isinstance(session_id, str) or not isinstance(workspace, str):
        return None
    env = manifest.get("environment")
    values = env.get("value") if isinstance(env, dict) else None
    environment = (
        {k: v for k, v in values.items() if isinstance(k, str) and isinstance(v, str)}
        if isinstance(values, dict)
        else {}
    )
    snapshot = state.get("snapshot")
    grants = [
        {
            "path": g["path"],
            "read_only": bool(g.get("read_only", False)),
            "description": g.get("description"),
        }
        for g in _list(manifest.get("extra_path_grants"))
        if isinstance(g, dict) and isinstance(g.get("path"), str)
    ]
    ports = [p for p in _list(state.get("exposed_ports")) if isinstance(p, int)]
    return {
        "type": _BACKEND,
        "session_id": session_id,
        "workspace": workspace,  # the host directory, where commands see it too
        "root": workspace,
        "environment": environment,
        "snapshot": (
            {"type": "local", "id": snapshot.get("id"), "base_path": snapshot.get("base_path")}
            if isinstance(snapshot, dict) and snapshot.get("type") == "local"
            else None
        ),
        "extra_path_grants": grants,
        "exposed_ports": ports,
        "workspace_root_ready": bool(state.get("workspace_root_ready", True)),
        "workspace_root_owned": state.get("workspace_root_owned", True) is not False,
    }


def _list(value: Any) -> list[Any]:
    """``value`` when a document has a list there; anything else (tampered) reads as none."""
    return value if isinstance(value, list) else []


def same_sdk_session(envelope: Any, own: Any) -> bool:
    """Whether the SDK's ``envelope`` (as a loaded document had it) still describes
    runwright's session state ``own``: the same session in the same workspace with the
    same snapshot. Then the SDK's record is written back as it came (with every field
    runwright does not model); otherwise runwright writes its own."""
    if not isinstance(envelope, dict) or not isinstance(own, dict):
        return False
    read = sandbox_from_sdk(envelope, str(envelope.get("current_agent_key") or ""))
    if read is None:
        return False
    same: bool = _identity(read) == _identity(own)
    return same


def _identity(own: dict[str, Any]) -> Any:
    """What makes two session states (and the other agents' ones) the same sessions."""
    keys = ("session_id", "workspace", "snapshot")
    by_agent = own.get("sessions_by_agent")
    others = {
        k: tuple(e["session_state"].get(x) for x in keys)
        for k, e in (by_agent if isinstance(by_agent, dict) else {}).items()
        if isinstance(e, dict) and isinstance(e.get("session_state"), dict)
    }
    return tuple(own.get(x) for x in keys), others


def _sessions_by_agent(
    saved: Any, convert: Callable[[Any], Any], skip: str | None = None
) -> dict[str, Any]:
    """A ``sessions_by_agent`` mapping with each session state converted (to or from the
    SDK's form); entries that are not objects, whose key is ``skip``, or whose state does
    not convert are left out (a tampered entry loses only itself)."""
    sessions: dict[str, Any] = {}
    for key, entry in (saved if isinstance(saved, dict) else {}).items():
        if key == skip or not isinstance(key, str) or not isinstance(entry, dict):
            continue
        state = convert(entry.get("session_state"))
        if state is not None:
            name = entry.get("agent_name")
            sessions[key] = {
                "agent_name": name if isinstance(name, str) else key,
                "session_state": state,
            }
    return sessions

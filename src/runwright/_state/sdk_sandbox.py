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
``unix_local`` run resumes under either. Only ``unix_local`` translates: other
backends' envelopes pass through untouched (as the SDK wrote them). Plain data only
(this room sits above the sandbox room): no mount credentials are written, and the
reader keeps none.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

_BACKEND = "unix_local"
_ROOT_INSIDE = "/workspace"
"""Where runwright's confined client shows the workspace to commands."""
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


def sandbox_to_sdk(own: Any, agent_name: str) -> dict[str, Any] | None:
    """The SDK's envelope for runwright's session state ``own`` (None when it has no
    SDK equivalent)."""
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
    state = {
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
        "workspace_root_owned": True,
    }
    return {
        "backend_id": _BACKEND,
        "current_agent_key": agent_name,
        "current_agent_name": agent_name,
        "session_state": state,
        "sessions_by_agent": {agent_name: {"agent_name": agent_name, "session_state": state}},
    }


def sandbox_from_sdk(envelope: Any, agent_name: str) -> dict[str, Any] | None:
    """runwright's session state for the SDK's envelope (None when it is not a
    ``unix_local`` session runwright can resume: another backend, or malformed)."""
    if not isinstance(envelope, dict) or envelope.get("backend_id") != _BACKEND:
        return None
    state: Any = None
    by_agent = envelope.get("sessions_by_agent")
    key = envelope.get("current_agent_key")
    for wanted in (key, agent_name):
        entry = (
            by_agent.get(wanted) if isinstance(by_agent, dict) and isinstance(wanted, str) else None
        )
        if isinstance(entry, dict) and isinstance(entry.get("session_state"), dict):
            state = entry["session_state"]
            break
    if state is None:
        state = envelope.get("session_state")
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
        "workspace": workspace,  # the SDK's host directory: restored from the snapshot
        "root": _ROOT_INSIDE,
        "environment": environment,
        "snapshot": (
            {"type": "local", "id": snapshot.get("id"), "base_path": snapshot.get("base_path")}
            if isinstance(snapshot, dict) and snapshot.get("type") == "local"
            else None
        ),
        "extra_path_grants": grants,
        "exposed_ports": ports,
        "workspace_root_ready": bool(state.get("workspace_root_ready", True)),
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
    return all(read.get(k) == own.get(k) for k in ("session_id", "workspace", "snapshot"))

"""``require_approval`` for MCP servers: the setting, normalised to one policy object."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

from runwright._core.exceptions import UserError

LocalMCPApprovalCallable = Callable[..., Any]
"""``callable(run_context, agent, tool) -> bool`` (or an awaitable of one): whether a call
of the MCP ``tool`` needs a human's approval, decided when the model calls it."""

RequireApprovalSetting = Union[str, bool, Mapping[str, Any], LocalMCPApprovalCallable, None]
"""``"always"`` / ``"never"`` / bool / {tool: "always"|"never"|bool} /
``{"always": {"tool_names": [...]}, "never": {"tool_names": [...]}}`` /
``callable(run_context, agent, tool) -> bool`` (sync or async)."""


@dataclass(frozen=True)
class ApprovalPolicy:
    """Whether a tool of one server needs a human's approval before it runs."""

    default: bool = False
    per_tool: Mapping[str, bool] = field(default_factory=dict)
    check: Callable[..., Any] | None = None
    """``callable(run_context, agent, tool)``; overrides the rest when set."""

    def static_for(self, tool_name: str) -> bool | None:
        """The decision without a call context; None when the callable must decide."""
        if self.check is not None:
            return None
        return self.per_tool.get(tool_name, self.default)


def _flag(value: Any, server: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("always", "never"):
        return bool(value == "always")
    raise UserError(
        f"MCP server {server!r}: require_approval values must be 'always', 'never' or a bool, "
        f"got {value!r}."
    )


def normalize_approval(setting: RequireApprovalSetting, server: str) -> ApprovalPolicy:
    """Reads a ``require_approval`` setting; raises UserError when it is not one."""
    if setting is None:
        return ApprovalPolicy()
    if isinstance(setting, (bool, str)):
        return ApprovalPolicy(default=_flag(setting, server))
    if callable(setting):
        return ApprovalPolicy(check=setting)
    if not isinstance(setting, Mapping):
        raise UserError(f"MCP server {server!r}: require_approval {setting!r} is not valid.")
    if set(setting) <= {"always", "never"} and all(
        isinstance(v, Mapping) for v in setting.values()
    ):
        per_tool: dict[str, bool] = {}
        for policy, entry in setting.items():
            names = entry.get("tool_names", [])
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise UserError(
                    f"MCP server {server!r}: require_approval[{policy!r}]['tool_names'] must "
                    "be a list of tool names."
                )
            per_tool.update(dict.fromkeys(names, policy == "always"))
        return ApprovalPolicy(per_tool=per_tool)
    return ApprovalPolicy(per_tool={str(k): _flag(v, server) for k, v in setting.items()})


async def ask_policy(policy: ApprovalPolicy, run_context: Any, agent: Any, tool: Any) -> bool:
    """The callable policy's verdict (an error counts as "needs approval": fail closed)."""
    assert policy.check is not None
    try:
        verdict = policy.check(run_context, agent, tool)
        if inspect.isawaitable(verdict):
            verdict = await verdict
    except Exception:
        return True
    return bool(verdict)

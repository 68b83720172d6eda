"""The shell tools: ``ShellTool`` (the model's ``shell_call``) and ``LocalShellTool``
(the older ``local_shell_call``).

With a local environment (the default) the user's executor runs the model's
commands on this machine, unconfined, exactly as the OpenAI Agents SDK's local
shell does: use ``needs_approval``/``on_approval`` to keep a human in the
loop, or a sandbox (``runwright.sandbox``) to confine the commands. With a
hosted environment (``container_auto``/``container_reference``) the provider
runs the commands and runwright only records the calls.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Union

from typing_extensions import NotRequired, TypedDict

from runwright._core.exceptions import ModelBehaviorError, UserError
from runwright._core.items import RawItem
from runwright._tools.native import (
    NativeTool,
    copy_caller,
    error_text,
    maybe_await,
    normalize_allowed_callers,
)

if TYPE_CHECKING:
    from runwright._core.context import RunContextWrapper
    from runwright._core.items import ToolApprovalItem
    from runwright._tools.context import ToolContext

# ----- environments and skills (plain dicts, sent as they are on Responses) -------


class ShellToolLocalSkill(TypedDict):
    """A skill available to a local shell: its name, description and folder."""

    description: str
    name: str
    path: str


class ShellToolSkillReference(TypedDict):
    """A hosted skill, by id (and optional version)."""

    type: Literal["skill_reference"]
    skill_id: str
    version: NotRequired[str]


class ShellToolInlineSkillSource(TypedDict):
    """An inline skill bundle: base64 of a zip file."""

    data: str
    media_type: Literal["application/zip"]
    type: Literal["base64"]


class ShellToolInlineSkill(TypedDict):
    """A hosted skill sent inline with the request."""

    description: str
    name: str
    source: ShellToolInlineSkillSource
    type: Literal["inline"]


ShellToolContainerSkill = Union[ShellToolSkillReference, ShellToolInlineSkill]
"""A skill of a hosted container."""


class ShellToolContainerNetworkPolicyDomainSecret(TypedDict):
    """A secret the container may send to one allowed domain."""

    domain: str
    name: str
    value: str


class ShellToolContainerNetworkPolicyAllowlist(TypedDict):
    """Network access limited to the listed domains."""

    allowed_domains: list[str]
    type: Literal["allowlist"]
    domain_secrets: NotRequired[list[ShellToolContainerNetworkPolicyDomainSecret]]


class ShellToolContainerNetworkPolicyDisabled(TypedDict):
    """No network access."""

    type: Literal["disabled"]


ShellToolContainerNetworkPolicy = Union[
    ShellToolContainerNetworkPolicyAllowlist, ShellToolContainerNetworkPolicyDisabled
]
"""A hosted container's network policy."""


class ShellToolLocalEnvironment(TypedDict):
    """Commands run on this machine by the tool's executor."""

    type: Literal["local"]
    skills: NotRequired[list[ShellToolLocalSkill]]


class ShellToolContainerAutoEnvironment(TypedDict):
    """A container the provider creates for the conversation."""

    type: Literal["container_auto"]
    file_ids: NotRequired[list[str]]
    memory_limit: NotRequired[Literal["1g", "4g", "16g", "64g"] | None]
    network_policy: NotRequired[ShellToolContainerNetworkPolicy]
    skills: NotRequired[list[ShellToolContainerSkill]]


class ShellToolContainerReferenceEnvironment(TypedDict):
    """An existing provider container, by id."""

    type: Literal["container_reference"]
    container_id: str


ShellToolHostedEnvironment = Union[
    ShellToolContainerAutoEnvironment, ShellToolContainerReferenceEnvironment
]
"""Where the provider runs the commands itself."""

ShellToolEnvironment = Union[ShellToolLocalEnvironment, ShellToolHostedEnvironment]
"""Any shell environment."""

# ----- calls and results ----------------------------------------------------------


@dataclass
class ShellCallOutcome:
    """How a command ended: ``"exit"`` (with its exit code) or ``"timeout"``."""

    type: Literal["exit", "timeout"]
    exit_code: int | None = None


def _exited() -> ShellCallOutcome:
    return ShellCallOutcome(type="exit")


@dataclass
class ShellCommandOutput:
    """What one command printed and how it ended."""

    stdout: str = ""
    stderr: str = ""
    outcome: ShellCallOutcome = field(default_factory=_exited)
    command: str | None = None
    provider_data: dict[str, Any] | None = None

    @property
    def exit_code(self) -> int | None:
        return self.outcome.exit_code

    @property
    def status(self) -> Literal["completed", "timeout"]:
        return "timeout" if self.outcome.type == "timeout" else "completed"


@dataclass
class ShellResult:
    """An executor's structured result: one output per command."""

    output: list[ShellCommandOutput]
    max_output_length: int | None = None
    """Cut the combined output to this many characters (the model's limit still applies)."""
    provider_data: dict[str, Any] | None = None


@dataclass
class ShellActionRequest:
    """The commands the model asked for, with its timeout and output limit."""

    commands: list[str]
    timeout_ms: int | None = None
    max_output_length: int | None = None


@dataclass
class ShellCallData:
    """A ``shell_call`` as the executor sees it (``raw``: the model's item)."""

    call_id: str
    action: ShellActionRequest
    status: Literal["in_progress", "completed"] | None = None
    raw: Any | None = None


@dataclass
class ShellCommandRequest:
    """What a :class:`ShellTool` executor receives."""

    ctx_wrapper: RunContextWrapper[Any]
    data: ShellCallData


ShellExecutor = Callable[[ShellCommandRequest], Union[str, ShellResult, Awaitable[Any]]]
"""Runs a shell call's commands; returns text or a :class:`ShellResult` (sync or async)."""

ShellApprovalFunction = Callable[
    ["RunContextWrapper[Any]", ShellActionRequest, str], Union[bool, Awaitable[bool]]
]
"""``needs_approval(ctx, action, call_id) -> bool`` for one shell call."""


class ShellOnApprovalFunctionResult(TypedDict):
    """``on_approval``'s decision: approve, or reject with an optional reason."""

    approve: bool
    reason: NotRequired[str]


ShellOnApprovalFunction = Callable[
    ["RunContextWrapper[Any]", "ToolApprovalItem"],
    Union[ShellOnApprovalFunctionResult, Awaitable[ShellOnApprovalFunctionResult]],
]
"""Decides a shell call needing approval without pausing the run (sync or async)."""


def shell_call_data(call: Mapping[str, Any]) -> ShellCallData:
    """The model's ``shell_call`` checked and normalized.

    Raises:
        ModelBehaviorError: no call_id, no action, no commands, or a bad timeout.
    """
    call_id = call.get("call_id")
    if not call_id:
        raise ModelBehaviorError("Shell call is missing call_id.")
    action = _field(call, "action")
    if action is None:
        raise ModelBehaviorError("Shell call is missing an action payload.")
    commands = _field(action, "commands")
    if isinstance(commands, (str, bytes, bytearray)) or not isinstance(commands, Sequence):
        raise ModelBehaviorError(
            "Shell call action commands must be a sequence of command strings."
        )
    listed = [str(c) for c in commands if c is not None]
    if not listed:
        raise ModelBehaviorError("Shell call action must include at least one command.")
    status = call.get("status")
    status = status.lower() if isinstance(status, str) else None
    return ShellCallData(
        call_id=str(call_id),
        action=ShellActionRequest(listed, _timeout_ms(action), _max_length(action)),
        status=status if status in ("in_progress", "completed") else None,  # type: ignore[arg-type]
        raw=call,
    )


def _field(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


def _timeout_ms(action: Any) -> int | None:
    chosen = None
    for name in ("timeout_ms", "timeoutMs", "timeout"):
        value = _field(action, name)
        zero = isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0
        if value is not None and not zero:
            chosen = value
            break
    if chosen is None:
        return None
    if isinstance(chosen, bool) or not isinstance(chosen, int) or chosen < 0:
        raise ModelBehaviorError(
            "Shell call action timeout must be a positive integer in milliseconds, zero, or None."
        )
    return chosen


def _max_length(action: Any) -> int | None:
    value = _field(action, "max_output_length")
    if value is None:
        value = _field(action, "maxOutputLength")
    return int(value) if isinstance(value, (int, float)) else None


# ----- the tools ------------------------------------------------------------------


@dataclass(eq=False)
class ShellTool(NativeTool):
    """Lets the model run shell commands (Responses ``shell`` tool).

    Local environment (default): ``executor(ShellCommandRequest)`` runs the
    commands here and returns text or a :class:`ShellResult`. Hosted
    environment: the provider runs them; no executor, no approvals.
    """

    executor: ShellExecutor | None = None
    name: str = "shell"
    needs_approval: bool | ShellApprovalFunction = False
    """True, or ``fn(ctx, action, call_id) -> bool``: pause for a human before running."""
    on_approval: ShellOnApprovalFunction | None = None
    """Decides calls needing approval at once (``{"approve": bool, "reason": str}``)."""
    environment: ShellToolEnvironment | None = None
    allowed_callers: list[Any] | None = field(default=None, kw_only=True)

    call_type: ClassVar[str] = "shell_call"

    def __post_init__(self) -> None:
        self.allowed_callers = normalize_allowed_callers(self.allowed_callers, self.name)
        given: Any = self.environment
        if given is None:
            given = {"type": "local"}
        elif not isinstance(given, Mapping):
            raise UserError("ShellTool environment must be a mapping.")
        env: dict[str, Any] = {"type": "local", **given}
        self.environment = env  # type: ignore[assignment]
        if env["type"] == "local":
            if self.executor is None:
                raise UserError("ShellTool with local environment requires an executor.")
            return
        if self.executor is not None:
            raise UserError("ShellTool with hosted environment does not accept an executor.")
        if self.needs_approval is not False or self.on_approval is not None:
            raise UserError(
                "ShellTool with hosted environment does not support needs_approval or on_approval."
            )

    @property
    def type(self) -> str:
        return "shell"

    @property
    def runs_locally(self) -> bool:
        return self.executor is not None

    def approval_subjects(self, ctx: RunContextWrapper[Any], call: RawItem) -> list[Any]:
        return [shell_call_data(call).action]

    def call_input(self, call: RawItem) -> str:
        action = shell_call_data(call).action
        return json.dumps(
            {
                "commands": action.commands,
                "timeout_ms": action.timeout_ms,
                "max_output_length": action.max_output_length,
            }
        )

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        spec: dict[str, Any] = {"type": "shell", "environment": dict(self.environment or {})}
        if self.allowed_callers is not None:
            spec["allowed_callers"] = list(self.allowed_callers)
        return spec, None

    async def perform(self, ctx: ToolContext[Any], call: RawItem) -> tuple[RawItem, Any]:
        data = shell_call_data(call)
        wanted = _non_negative(data.action.max_output_length)
        limit = wanted
        status = "completed"
        entries: list[dict[str, Any]] | None = None
        provider: dict[str, Any] | None = None
        try:
            if self.executor is None:
                raise ModelBehaviorError("Shell tool has no local executor configured.")
            result = await maybe_await(self.executor(ShellCommandRequest(ctx, data)))
            if isinstance(result, ShellResult):
                outputs = [shell_output(o) for o in result.output]
                limit = _smaller(_non_negative(result.max_output_length), wanted)
                if limit is not None:
                    outputs = cut_outputs(outputs, limit)
                text = render_outputs(outputs)
                entries = [serialize_output(o) for o in outputs]
                provider = dict(result.provider_data or {})
            else:
                text = str(result)
        except Exception as error:
            status, text = "failed", error_text(error)
        if limit is not None:
            text = text[:limit]
        if not entries and text:
            outcome = "success" if status == "completed" else "failure"
            entries = [{"stdout": text, "stderr": "", "status": status, "outcome": outcome}]
        return _output_item(call, data.call_id, status, entries, limit, provider), text

    def rejected(self, call: RawItem, message: str) -> RawItem:
        out = RawItem(
            type="shell_call_output",
            call_id=str(call.get("call_id")),
            output=[{"stdout": "", "stderr": message, "outcome": {"type": "exit", "exit_code": 1}}],
        )
        copy_caller(call, out)
        return out


def _output_item(
    call: RawItem,
    call_id: str,
    status: str,
    entries: list[dict[str, Any]] | None,
    limit: int | None,
    provider: dict[str, Any] | None,
) -> RawItem:
    item = RawItem(
        type="shell_call_output",
        call_id=call_id,
        output=model_entries(entries or []),
        status=status,
    )
    copy_caller(call, item)
    if limit is not None:
        item["max_output_length"] = limit
    if entries:
        item["shell_output"] = entries
    if provider:
        item["provider_data"] = provider
    return item


def _non_negative(value: int | None) -> int | None:
    return None if value is None else max(0, value)


def _smaller(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def _exit_code(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def shell_output(entry: ShellCommandOutput | Mapping[str, Any]) -> ShellCommandOutput:
    """An executor's output entry (object or dict) as a ShellCommandOutput."""
    if isinstance(entry, ShellCommandOutput):
        return entry
    outcome = entry.get("outcome")
    kind: Literal["exit", "timeout"] = "exit"
    code: Any = None
    if isinstance(outcome, Mapping):
        kind = "timeout" if outcome.get("type") == "timeout" else "exit"
        code = outcome.get("exit_code")
    else:
        if str(entry.get("status", "completed") or "completed").lower() == "timeout":
            kind = "timeout"
        code = {"failure": 1, "success": 0}.get(outcome) if isinstance(outcome, str) else None
        if code is None and "exit_code" in entry:
            code = entry.get("exit_code")
    command = entry.get("command")
    return ShellCommandOutput(
        stdout=str(entry.get("stdout", "") or ""),
        stderr=str(entry.get("stderr", "") or ""),
        outcome=ShellCallOutcome(type=kind, exit_code=_exit_code(code)),
        command=None if command is None else str(command),
        provider_data=entry.get("provider_data"),
    )


def serialize_output(output: ShellCommandOutput) -> dict[str, Any]:
    """One command's output as kept on the output item (``shell_output``)."""
    data: dict[str, Any] = {
        "stdout": output.stdout,
        "stderr": output.stderr,
        "status": output.status,
        "outcome": {"type": output.outcome.type},
    }
    if output.outcome.type == "exit":
        data["outcome"]["exit_code"] = output.outcome.exit_code
        if output.outcome.exit_code is not None:
            data["exit_code"] = output.outcome.exit_code
    if output.command is not None:
        data["command"] = output.command
    if output.provider_data:
        data["provider_data"] = output.provider_data
    return data


def render_outputs(outputs: Sequence[ShellCommandOutput]) -> str:
    """The commands' outputs as one text (what hooks and ``item.output`` see)."""
    if not outputs:
        return "(no output)"
    return "\n\n".join(_render_one(o) for o in outputs)


def _render_one(output: ShellCommandOutput) -> str:
    lines = [f"$ {output.command}"] if output.command else []
    stdout, stderr = output.stdout.rstrip("\n"), output.stderr.rstrip("\n")
    if stdout:
        lines.append(stdout)
    if stderr:
        lines.extend(["", "stderr:", stderr] if stdout else ["stderr:", stderr])
    if output.exit_code not in (None, 0):
        lines.append(f"exit code: {output.exit_code}")
    if output.status == "timeout":
        lines.append("status: timeout")
    return "\n".join(lines).strip() or "(no output)"


def cut_outputs(outputs: Sequence[ShellCommandOutput], limit: int) -> list[ShellCommandOutput]:
    """The outputs with stdout then stderr of each cut to ``limit`` characters in total."""
    left = max(0, limit)
    cut: list[ShellCommandOutput] = []
    for o in outputs:
        stdout = o.stdout[:left] if left > 0 else ""
        left -= len(stdout)
        stderr = o.stderr[:left] if left > 0 else ""
        left -= len(stderr)
        cut.append(ShellCommandOutput(stdout, stderr, o.outcome, o.command, o.provider_data))
    return cut


def model_entries(entries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The output entries as the model receives them (status, command, ... left out)."""
    shaped: list[dict[str, Any]] = []
    for entry in entries:
        out = dict(entry)
        status = out.pop("status", None)
        out.pop("provider_data", None)
        out.pop("command", None)
        code = out.pop("exit_code", None)
        outcome = out.get("outcome")
        if isinstance(outcome, str):
            kind = "timeout" if status == "timeout" else "exit"
            out["outcome"] = {"type": kind}
            if kind == "exit":
                out["outcome"]["exit_code"] = _resolved_code(code, outcome)
        elif isinstance(outcome, dict):
            shaped_outcome = dict(outcome)
            outcome_status = shaped_outcome.pop("status", None)
            if shaped_outcome.get("type") != "timeout":
                text = outcome_status if isinstance(outcome_status, str) else None
                shaped_outcome.setdefault("exit_code", _resolved_code(code, text))
            out["outcome"] = shaped_outcome
        shaped.append(out)
    return shaped


def _resolved_code(code: Any, status: str | None) -> int:
    known = _exit_code(code)
    if known is not None:
        return known
    return 1 if (status or "").lower() == "failure" else 0


# ----- the older local shell tool ---------------------------------------------------


@dataclass
class LocalShellCommandRequest:
    """What a :class:`LocalShellTool` executor receives (``data``: the ``local_shell_call``)."""

    ctx_wrapper: RunContextWrapper[Any]
    data: Any


LocalShellExecutor = Callable[[LocalShellCommandRequest], Union[str, Awaitable[str]]]
"""Runs a ``local_shell_call``'s command; returns its output text (sync or async)."""


@dataclass(eq=False)
class LocalShellTool(NativeTool):
    """Lets the model run commands through ``executor`` (Responses ``local_shell`` tool)."""

    executor: LocalShellExecutor

    call_type: ClassVar[str] = "local_shell_call"

    @property
    def name(self) -> str:
        return "local_shell"

    def approval_rule(self) -> Any:
        return False

    def approval_handler(self) -> Any:
        return None

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        return {"type": "local_shell"}, None

    async def perform(self, ctx: ToolContext[Any], call: RawItem) -> tuple[RawItem, Any]:
        result = await maybe_await(self.executor(LocalShellCommandRequest(ctx, call)))
        item = RawItem(type="local_shell_call_output", call_id=call.get("call_id"), output=result)
        return item, result

    def rejected(self, call: RawItem, message: str) -> RawItem:
        return RawItem(type="local_shell_call_output", call_id=call.get("call_id"), output=message)

"""The model-facing tools of the Shell and Filesystem capabilities.

Each tool finds its run's live sandbox session through the current run (the
driver's contextvar), so one SandboxAgent serves any number of concurrent runs,
each in its own workspace.
"""

from __future__ import annotations

import asyncio
import json
import shlex
from collections.abc import Awaitable, Callable
from typing import Any

from runwright._core.current import current_run
from runwright._sandbox.errors import SandboxError
from runwright._sandbox.paths import split_workspace_path
from runwright._sandbox.process import ExecResult
from runwright._sandbox.session import SandboxSession
from runwright._tools.function_tool import FunctionTool

Handler = Callable[[SandboxSession, dict[str, Any]], Awaitable[str]]


def current_session() -> SandboxSession:
    """The live sandbox session of the run this code runs in."""
    run = current_run.get()
    sandbox = getattr(run[1], "sandbox", None) if run is not None else None
    if sandbox is None or sandbox.session is None:
        raise SandboxError(
            "This run has no sandbox session: start it with a SandboxAgent or "
            "RunConfig(sandbox=SandboxRunConfig(...))."
        )
    session: SandboxSession = sandbox.session
    return session


def _error_text(ctx: Any, error: Exception) -> str:
    return f"Error: {error}"


def make_tool(
    name: str, description: str, params: dict[str, Any], handler: Handler, needs_approval: Any
) -> FunctionTool:
    """A strict-schema FunctionTool that runs ``handler`` on the run's session."""

    async def invoke(ctx: Any, arguments: str) -> str:
        try:
            args = json.loads(arguments or "{}")
        except json.JSONDecodeError as error:
            raise SandboxError(f"Arguments are not valid JSON: {error}.") from None
        if not isinstance(args, dict):
            raise SandboxError("Arguments must be a JSON object.")
        return await handler(current_session(), args)

    schema = {
        "type": "object",
        "properties": params,
        "required": list(params),
        "additionalProperties": False,
    }
    tool = FunctionTool(
        name=name,
        description=description,
        params_json_schema=schema,
        on_invoke_tool=invoke,
        needs_approval=needs_approval,
        failure_error_function=_error_text,
        idempotent=name in ("read_file", "list_files", "search_files"),
    )
    tool._extra["runwright_sandbox"] = True
    return tool


def _str(args: dict[str, Any], key: str, default: str | None = None) -> str:
    value = args.get(key, default)
    if value is None and default is not None:
        value = default
    if not isinstance(value, str):
        raise SandboxError(f"'{key}' must be a string.")
    return value


# ----- shell -----------------------------------------------------------------


def format_exec(result: ExecResult, timeout: float | None) -> str:
    """What the model sees of a command: exit code, then stdout and stderr (capped)."""
    if result.timed_out:
        head = f"timed out after {timeout:g}s; the command and its processes were killed"
    else:
        head = f"exit_code: {result.exit_code}"
    parts = [head]
    for label, data, omitted in (
        ("stdout", result.stdout, result.stdout_omitted),
        ("stderr", result.stderr, result.stderr_omitted),
    ):
        if data:
            text = data.decode("utf-8", errors="replace")
            if omitted:
                half = len(text) // 2
                text = f"{text[:half]}\n[... {omitted} bytes omitted ...]\n{text[half:]}"
            parts.append(f"{label}:\n{text}")
    return "\n".join(parts)


async def _exec(session: SandboxSession, args: dict[str, Any]) -> str:
    command = _str(args, "cmd")
    workdir = args.get("workdir")
    if workdir:
        parts = split_workspace_path(_str(args, "workdir"), session.root)
        target = "/".join((session.root, *parts))
        command = f"cd {shlex.quote(target)} || exit 1\n{command}"
    timeout = args.get("timeout_seconds")
    if timeout is not None and (not isinstance(timeout, (int, float)) or timeout <= 0):
        raise SandboxError("'timeout_seconds' must be a positive number.")
    result = await session.exec(command, timeout=timeout)
    used = min(timeout or session.client.options.timeout, session.client.options.max_timeout)
    return format_exec(result, used)


def shell_tools(needs_approval: Any) -> list[FunctionTool]:
    """``exec_command``."""
    nullable_str = {"type": ["string", "null"]}
    params = {
        "cmd": {"type": "string", "description": "Shell command (run with sh -c)."},
        "workdir": {**nullable_str, "description": "Directory inside the workspace."},
        "timeout_seconds": {
            "type": ["number", "null"],
            "description": "Wall-clock limit; the command is killed after it.",
        },
    }
    description = (
        "Run one shell command in the sandbox workspace. Returns the exit code and "
        "stdout/stderr (long output is cut in the middle)."
    )
    return [make_tool("exec_command", description, params, _exec, needs_approval)]


# ----- files -----------------------------------------------------------------


async def _read(session: SandboxSession, args: dict[str, Any]) -> str:
    data = session.read(_str(args, "path"))
    return data.decode("utf-8", errors="replace")


async def _write(session: SandboxSession, args: dict[str, Any]) -> str:
    path, content = _str(args, "path"), _str(args, "content")
    session.write(path, content)
    return f"wrote {len(content.encode())} bytes to {path}"


async def _list(session: SandboxSession, args: dict[str, Any]) -> str:
    names = session.list_dir(_str(args, "path", "."))
    return "\n".join(names) if names else "(empty directory)"


async def _search(session: SandboxSession, args: dict[str, Any]) -> str:
    pattern, path = _str(args, "pattern"), _str(args, "path", ".")
    lines = await asyncio.to_thread(session.search, pattern, path)
    return "\n".join(lines) if lines else "no matches"


async def _patch(session: SandboxSession, args: dict[str, Any]) -> str:
    return session.apply_patch(_str(args, "patch"))


def file_tools(needs_approval: Any) -> list[FunctionTool]:
    """``read_file``, ``write_file``, ``list_files``, ``search_files``, ``apply_patch``."""
    path = {"type": "string", "description": "Path relative to the workspace."}
    opt_path = {"type": ["string", "null"], "description": "Directory (default: workspace)."}
    specs: list[tuple[str, str, dict[str, Any], Handler, Any]] = [
        ("read_file", "Read a text file from the workspace.", {"path": path}, _read, False),
        (
            "write_file",
            "Create or replace a file in the workspace.",
            {"path": path, "content": {"type": "string"}},
            _write,
            needs_approval,
        ),
        ("list_files", "List a workspace directory.", {"path": opt_path}, _list, False),
        (
            "search_files",
            "Search workspace files for a regular expression; returns file:line: text.",
            {"pattern": {"type": "string"}, "path": opt_path},
            _search,
            False,
        ),
        (
            "apply_patch",
            "Edit files with a patch: '*** Begin Patch', then '*** Add File: p' / "
            "'*** Update File: p' (with '@@' hunks of ' ', '-', '+' lines) / "
            "'*** Delete File: p', then '*** End Patch'.",
            {"patch": {"type": "string"}},
            _patch,
            needs_approval,
        ),
    ]
    return [make_tool(*spec) for spec in specs]

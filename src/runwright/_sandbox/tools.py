"""The model-facing tools of the Shell and Filesystem capabilities.

Each tool finds its run's live sandbox session through the current run (the
driver's contextvar), so one SandboxAgent serves any number of concurrent runs,
each in its own workspace.
"""

from __future__ import annotations

import base64
import json
import shlex
import time
from collections.abc import Awaitable, Callable
from pathlib import Path, PurePosixPath
from typing import Any

from runwright._core.current import current_run
from runwright._sandbox.errors import SandboxError
from runwright._sandbox.files import DEFAULT_READ_LIMIT
from runwright._sandbox.manifest import SandboxWorkspaceScope
from runwright._sandbox.process import check_number
from runwright._sandbox.pty import PtyExecUpdate, describe, yield_seconds
from runwright._sandbox.session import SandboxSession, UnixLocalSandboxSession
from runwright._tools.custom import CustomTool
from runwright._tools.function_tool import FunctionTool

Handler = Callable[[SandboxSession, dict[str, Any]], Awaitable[Any]]
"""A tool's work: text for the model (capped), or a dict (the SDK's tools return one
where hooks see it, e.g. ``load_skill``; the model gets its JSON)."""


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


async def enter_session(agent: Any) -> None:
    """Makes ``agent``'s session the run's current one (made on its first turn): each
    SandboxAgent of a run has its own workspace, as under the SDK."""
    run = current_run.get()
    sandbox = getattr(run[1], "sandbox", None) if run is not None else None
    enter = getattr(sandbox, "enter", None)
    if enter is not None:
        await enter(agent)


def current_scope() -> SandboxWorkspaceScope:
    """The run's base for relative paths (``SandboxRunConfig(cwd=...)``; default: the
    workspace root)."""
    run = current_run.get()
    config = getattr(getattr(run[0], "run_config", None), "sandbox", None) if run else None
    return SandboxWorkspaceScope.from_cwd(getattr(config, "cwd", None))


_PATCH_PATHS = ("*** Add File: ", "*** Delete File: ", "*** Update File: ", "*** Move to: ")


def _anchor_patch(patch: str, scope: SandboxWorkspaceScope) -> str:
    """The patch with its file paths made relative to the run's cwd."""
    if not scope.cwd or scope.cwd == ".":
        return patch
    lines = []
    for line in patch.split("\n"):
        for prefix in _PATCH_PATHS:
            if line.startswith(prefix):
                line = prefix + scope.anchor(line[len(prefix) :].strip())
                break
        lines.append(line)
    return "\n".join(lines)


def _scoped_report(report: str, scope: SandboxWorkspaceScope) -> str:
    """apply_patch's report with its paths shown relative to the run's cwd again."""
    if not scope.cwd or scope.cwd == ".":
        return report
    lines = []
    for line in report.split("\n"):
        verb, _, rest = line.partition(" ")
        if verb == "Moved" and " to " in rest:
            source, _, target = rest.partition(" to ")
            line = f"Moved {scope.model_path(source)} to {scope.model_path(target)}"
        elif verb in ("Created", "Updated", "Deleted") and rest:
            line = f"{verb} {scope.model_path(rest)}"
        lines.append(line)
    return "\n".join(lines)


MAX_TOOL_OUTPUT = 64 * 1024
"""Characters of one tool's output the model sees (head and tail, the middle cut)."""


def cap_output(text: str, limit: int = MAX_TOOL_OUTPUT) -> str:
    """``text`` cut to at most about ``limit`` characters, keeping head and tail."""
    if len(text) <= limit:
        return text
    half = limit // 2
    omitted = len(text) - 2 * half
    return f"{text[:half]}\n[... {omitted} characters omitted ...]\n{text[-half:]}"


def _error_text(ctx: Any, error: Exception) -> str:
    return cap_output(f"Error: {error}")


def make_tool(
    name: str,
    description: str,
    params: dict[str, Any],
    handler: Handler,
    needs_approval: Any,
    schema: dict[str, Any] | None = None,
) -> FunctionTool:
    """A FunctionTool that runs ``handler`` on the run's session: strict with every
    parameter required, unless a full (non-strict) ``schema`` is given."""

    async def invoke(ctx: Any, arguments: str) -> Any:
        try:
            args = json.loads(arguments or "{}")
        except json.JSONDecodeError as error:
            raise SandboxError(f"Arguments are not valid JSON: {error}.") from None
        if not isinstance(args, dict):
            raise SandboxError("Arguments must be a JSON object.")
        scope = current_scope()
        if isinstance(args.get("path"), str) or (scope.cwd and "path" in params):
            args["path"] = scope.anchor(args.get("path") or ".")
        result = await handler(current_session(), args)
        return cap_output(result) if isinstance(result, str) else result

    strict = schema is None
    if schema is None:
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
        strict_json_schema=strict,
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


_SHELLS = {"sh": "/bin/sh", "bash": "/bin/bash", "/bin/sh": "/bin/sh", "/bin/bash": "/bin/bash"}


def _int_arg(args: dict[str, Any], key: str, default: int | None, low: int) -> int | None:
    value = args.get(key, default)
    if value is None:
        return None
    return int(check_number(key, value, low=low - 1, high=2**31, integer=True))


async def _exec(session: SandboxSession, args: dict[str, Any]) -> str:
    command = _str(args, "cmd")
    if not command.strip():
        raise SandboxError("'cmd' must not be empty.")
    tty = args.get("tty", False)
    if not isinstance(tty, bool):
        raise SandboxError("'tty' must be true or false.")
    login = args.get("login", True)
    if not isinstance(login, bool):
        raise SandboxError("'login' must be true or false.")
    seconds = yield_seconds(args.get("yield_time_ms", 10000))
    max_tokens = _int_arg(args, "max_output_tokens", None, 1)
    shell = args.get("shell")
    if shell is not None:
        if not isinstance(shell, str) or shell not in _SHELLS:
            raise SandboxError(f"'shell' must be one of sh or bash, not {shell!r}.")
        flag = "-lc" if login and _SHELLS[shell].endswith("bash") else "-c"
        command = f"exec {_SHELLS[shell]} {flag} {shlex.quote(command)}"
    workdir = args.get("workdir")
    scope = current_scope()
    if workdir or scope.cwd:
        place = scope.anchor(_str(args, "workdir")) if workdir else str(scope.cwd)
        target = str(session.normalize_path(place))
        command = f"cd {shlex.quote(target)} || exit 1\n{command}"
    began = time.monotonic()
    if session.supports_pty():
        update = await session.pty_exec_start(
            command, tty=tty, yield_time_s=seconds, max_output_tokens=max_tokens
        )
        return describe(update, time.monotonic() - began, max_tokens)
    if tty:
        raise SandboxError("This sandbox session has no terminals: run the command without tty.")
    result = await session.exec(command)
    output = result.stdout + result.stderr
    if result.timed_out:
        limit = _default_timeout(session)
        output += f"\n[timed out after {limit:g}s; the command was killed]\n".encode()
    code = result.exit_code
    return describe(PtyExecUpdate(None, output, code), result.wall_time, max_tokens)


async def _write_stdin(session: SandboxSession, args: dict[str, Any]) -> str:
    number = args.get("session_id")
    if isinstance(number, bool) or not isinstance(number, int):
        raise SandboxError(f"'session_id' must be an integer, not {number!r}.")
    chars = _str(args, "chars", "")
    seconds = yield_seconds(args.get("yield_time_ms", 250), empty_input=not chars)
    max_tokens = _int_arg(args, "max_output_tokens", None, 1)
    began = time.monotonic()
    update = await session.pty_write_stdin(
        session_id=number, chars=chars, yield_time_s=seconds, max_output_tokens=max_tokens
    )
    return describe(update, time.monotonic() - began, max_tokens)


def _default_timeout(session: SandboxSession) -> float | None:
    inner = session.inner
    if isinstance(inner, UnixLocalSandboxSession):
        return float(inner.client.options.timeout)
    return None


def shell_tools(needs_approval: Any) -> list[FunctionTool]:
    """``exec_command``, with the SDK's parameters."""
    nullable = [{"type": "string"}, {"type": "null"}]
    schema = {
        "type": "object",
        "title": "ExecCommandArgs",
        "properties": {
            "cmd": {
                "type": "string",
                "minLength": 1,
                "title": "Cmd",
                "description": "Shell command to run in the workspace.",
            },
            "workdir": {
                "anyOf": nullable,
                "default": None,
                "title": "Workdir",
                "description": "Directory inside the workspace to run in (default: its root).",
            },
            "shell": {
                "anyOf": nullable,
                "default": None,
                "title": "Shell",
                "description": "Shell to run the command with: sh or bash (default: sh).",
            },
            "login": {
                "type": "boolean",
                "default": True,
                "title": "Login",
                "description": "With an explicit bash shell, run it as a login shell.",
            },
            "tty": {
                "type": "boolean",
                "default": False,
                "title": "Tty",
                "description": (
                    "Run the command on a terminal (pty) and keep it running for "
                    "write_stdin; false (the default) uses plain pipes."
                ),
            },
            "yield_time_ms": {
                "type": "integer",
                "minimum": 0,
                "default": 10000,
                "title": "Yield Time Ms",
                "description": (
                    "How long to wait for output before returning (0.25-30 s); a command "
                    "still running then gets a session ID for write_stdin."
                ),
            },
            "max_output_tokens": {
                "anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}],
                "default": None,
                "title": "Max Output Tokens",
                "description": "Cap on the output returned (about 4 characters a token).",
            },
        },
        "required": ["cmd"],
    }
    description = (
        "Run a shell command in the sandbox workspace (on a terminal with tty=true). "
        "Returns its output and exit code, or a session ID to use with write_stdin "
        "while it keeps running."
    )
    return [
        make_tool("exec_command", description, {}, _exec, needs_approval, schema),
        make_tool(
            "write_stdin",
            "Write characters to a running exec_command session (empty to just wait) "
            "and return the output since the last call.",
            {},
            _write_stdin,
            needs_approval,
            _WRITE_STDIN_SCHEMA,
        ),
    ]


_WRITE_STDIN_SCHEMA = {
    "type": "object",
    "title": "WriteStdinArgs",
    "properties": {
        "session_id": {
            "type": "integer",
            "title": "Session Id",
            "description": "The session ID exec_command returned for the running process.",
        },
        "chars": {
            "type": "string",
            "default": "",
            "title": "Chars",
            "description": "Characters to send (\\u0003 is Ctrl-C); empty to poll for output.",
        },
        "yield_time_ms": {
            "type": "integer",
            "minimum": 0,
            "default": 250,
            "title": "Yield Time Ms",
            "description": "How long to wait for output (0.25-30 s; at least 5 s when polling).",
        },
        "max_output_tokens": {
            "anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}],
            "default": None,
            "title": "Max Output Tokens",
            "description": "Cap on the output returned (about 4 characters a token).",
        },
    },
    "required": ["session_id"],
}


_IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
    b"RIFF": "image/webp",
}
MAX_IMAGE_BYTES = 10 * 1024 * 1024


def view_image_tool() -> FunctionTool:
    """``view_image``: an image file of the workspace, given to the model as an image."""

    async def invoke(ctx: Any, arguments: str) -> Any:
        try:
            args = json.loads(arguments or "{}")
        except json.JSONDecodeError as error:
            raise SandboxError(f"Arguments are not valid JSON: {error}.") from None
        if not isinstance(args, dict):
            raise SandboxError("Arguments must be a JSON object.")
        path = current_scope().anchor(_str(args, "path"))
        data = await read_capped(current_session(), path, MAX_IMAGE_BYTES)
        mime = next((m for magic, m in _IMAGE_TYPES.items() if data.startswith(magic)), None)
        if mime is None:
            raise SandboxError(f"{path} is not a PNG, JPEG, GIF or WebP image.")
        url = f"data:{mime};base64,{base64.b64encode(data).decode()}"
        # pydantic loads with the first image shown, not with every sandboxed program
        from runwright._tools.outputs import ToolOutputImage

        return ToolOutputImage(image_url=url)

    schema = {
        "type": "object",
        "title": "ViewImageArgs",
        "properties": {
            "path": {
                "type": "string",
                "minLength": 1,
                "title": "Path",
                "description": "Path of the image file in the workspace (or a granted path).",
            }
        },
        "required": ["path"],
    }
    tool = FunctionTool(
        name="view_image",
        description="Loads an image file from the sandbox workspace and shows it to you.",
        params_json_schema=schema,
        strict_json_schema=False,
        on_invoke_tool=invoke,
        failure_error_function=_error_text,
        idempotent=True,
    )
    tool._extra["runwright_sandbox"] = True
    return tool


# ----- files -----------------------------------------------------------------


async def read_capped(session: SandboxSession, path: str, limit: int) -> bytes:
    """The file's bytes, at most ``limit`` (the local session reads it in place; any
    other session through its ``read``)."""
    if isinstance(session.inner, UnixLocalSandboxSession):
        return session.inner.read_bytes(path, limit)
    return await session.read_bounded(Path(path), max_bytes=limit)


async def _read(session: SandboxSession, args: dict[str, Any]) -> str:
    data = await read_capped(session, _str(args, "path"), DEFAULT_READ_LIMIT)
    return data.decode("utf-8", errors="replace")


async def _write(session: SandboxSession, args: dict[str, Any]) -> str:
    path, content = _str(args, "path"), _str(args, "content")
    await session.write(path, content)
    return f"wrote {len(content.encode())} bytes to {path}"


async def _list(session: SandboxSession, args: dict[str, Any]) -> str:
    path = _str(args, "path", ".")
    if isinstance(session.inner, UnixLocalSandboxSession):
        names = session.inner.list_dir(path)
    else:
        entries = await session.ls(path)
        names = [PurePosixPath(e.path).name + ("/" if e.is_dir() else "") for e in entries]
    return "\n".join(names) if names else "(empty directory)"


async def _search(session: SandboxSession, args: dict[str, Any]) -> str:
    pattern, path = _str(args, "pattern"), _str(args, "path", ".")
    if not isinstance(session.inner, UnixLocalSandboxSession):
        raise SandboxError("search_files needs runwright's local sandbox; use exec_command.")
    lines = await session.inner.search(pattern, path)
    return "\n".join(lines) if lines else "no matches"


PATCH_GRAMMAR = r"""
start: "*** Begin Patch" NL change+ "*** End Patch" NL?
change: add | delete | update
add: "*** Add File: " PATH NL added+
delete: "*** Delete File: " PATH NL
update: "*** Update File: " PATH NL hunk+
hunk: anchor? edit+
anchor: "@@" (" " TEXT)? NL
edit: (" " | "-" | "+") TEXT? NL
added: "+" TEXT? NL
PATH: /[^\n]+/
TEXT: /[^\n]+/
NL: "\n"
"""
"""The patch format as a Lark grammar: the model writes the patch text as is."""

PATCH_DESCRIPTION = (
    "Edit workspace files with a patch. This is a FREE-FORM tool: send the patch text "
    "itself, not JSON. Format: '*** Begin Patch', then one or more of '*** Add File: "
    "<path>' (every line of the new file prefixed with '+'), '*** Delete File: <path>', "
    "'*** Update File: <path>' followed by hunks ('@@ <a line to find>' optional, then "
    "lines prefixed with ' ' (unchanged), '-' (removed) or '+' (added)), and finally "
    "'*** End Patch'. Paths are workspace-relative. Nothing changes unless every edit "
    "applies."
)


def apply_patch_tool(needs_approval: Any) -> CustomTool:
    """``apply_patch`` as a free-form custom tool (as in the SDK): the model sends the
    patch text; it is applied to the run's workspace."""

    async def invoke(ctx: Any, patch: str) -> str:
        try:
            if not isinstance(patch, str) or not patch.strip():
                raise SandboxError("apply_patch needs the patch text.")
            scope = current_scope()
            report = await current_session().apply_patch(_anchor_patch(patch, scope))
            return cap_output(_scoped_report(report, scope))
        except Exception as error:  # the model sees it, as for the other sandbox tools
            return _error_text(ctx, error)

    return CustomTool(
        name="apply_patch",
        description=PATCH_DESCRIPTION,
        on_invoke_tool=invoke,
        format={"type": "grammar", "syntax": "lark", "definition": PATCH_GRAMMAR},
        needs_approval=needs_approval,
    )


def file_tools(needs_approval: Any) -> list[FunctionTool]:
    """``read_file``, ``write_file``, ``list_files``, ``search_files``."""
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
    ]
    return [make_tool(*spec) for spec in specs]

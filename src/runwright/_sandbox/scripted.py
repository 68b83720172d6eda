"""A scripted sandbox session for tests: each call plays the next step of a script.

``scripted_sandbox_session([{"method": "exec", "result": ExecResult(...)}, ...])``
gives a session to pass as ``SandboxRunConfig(session=...)``. Each call to a
scriptable method (exec, read, write, ls, mkdir, rm, mv, same_file,
apply_patch, pty_exec_start, pty_write_stdin) takes the next step, first in
first out: the step's ``method`` must be the one called, its optional ``match``
(a callable given the :class:`SandboxCall`) must accept it, and then its one
outcome is played: ``result`` returned, ``responder(call)`` called (awaited if
async), or ``error`` raised. ``assert_complete()`` checks every step was used.
"""

from __future__ import annotations

import copy
import inspect
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypedDict

from runwright._sandbox.manifest import Manifest
from runwright._sandbox.session import BaseSandboxSession, SandboxSessionState

SCRIPTABLE_METHODS = (
    "apply_patch",
    "exec",
    "ls",
    "mkdir",
    "mv",
    "pty_exec_start",
    "pty_write_stdin",
    "read",
    "rm",
    "same_file",
    "write",
)


class SandboxScriptError(Exception):
    """A sandbox script is invalid, or was not played as written."""


class InvalidSandboxStep(SandboxScriptError):
    """A step is malformed (found when the session is made)."""

    def __init__(self, message: str, *, reason: str, input_index: int, method: str | None) -> None:
        super().__init__(message)
        self.reason, self.input_index, self.method = reason, input_index, method


@dataclass(frozen=True)
class SandboxCall:
    """One call as it was made (arguments copied at call time)."""

    call_index: int
    method: str
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any] = field(default_factory=dict)


class UnexpectedSandboxCall(SandboxScriptError):
    """A call does not match the next step (another method, or no step left)."""

    def __init__(
        self,
        message: str,
        *,
        call: SandboxCall,
        call_index: int,
        expected_method: str | None,
        remaining_steps: int,
    ) -> None:
        super().__init__(message)
        self.call, self.call_index = call, call_index
        self.expected_method, self.remaining_steps = expected_method, remaining_steps


class SandboxCallMatcherError(SandboxScriptError):
    """A step's ``match`` rejected its call."""

    def __init__(self, message: str, *, call: SandboxCall, call_index: int) -> None:
        super().__init__(message)
        self.call, self.call_index = call, call_index


class UnconsumedSandboxSteps(SandboxScriptError):
    """``assert_complete`` found steps that were never played."""

    def __init__(
        self, message: str, *, remaining_steps: int, pending_methods: tuple[str, ...]
    ) -> None:
        super().__init__(message)
        self.remaining_steps, self.pending_methods = remaining_steps, pending_methods


class SandboxStepSpec(TypedDict, total=False):
    """One step: ``method`` and exactly one of ``result``, ``responder`` or ``error``
    (``match`` optional)."""

    method: str
    match: Callable[[SandboxCall], bool]
    result: Any
    responder: Callable[[SandboxCall], Any]
    error: Exception


@dataclass(frozen=True)
class _Step:
    method: str
    match: Callable[[SandboxCall], Any] | None
    outcome: Literal["result", "responder", "error"]
    value: Any


def _detach(value: Any) -> Any:
    if isinstance(value, io.BytesIO):
        twin = io.BytesIO(value.getvalue())
        twin.seek(value.tell())
        return twin
    if isinstance(value, io.StringIO):
        return io.StringIO(value.getvalue())
    if isinstance(value, io.IOBase):
        return value
    try:
        return copy.deepcopy(value)
    except Exception:
        return value


def _step(spec: object, index: int) -> _Step:
    def bad(reason: str, detail: str, method: str | None = None) -> InvalidSandboxStep:
        name = f" ({method})" if method else ""
        return InvalidSandboxStep(
            f"Sandbox step {index}{name} {detail}.",
            reason=reason,
            input_index=index,
            method=method,
        )

    if not isinstance(spec, Mapping):
        raise bad("invalid_input", "must be a mapping")
    method = spec.get("method")
    name = method if isinstance(method, str) else None
    if set(spec) - set(SandboxStepSpec.__annotations__):
        raise bad("invalid_input", "contains unsupported fields", name)
    if name not in SCRIPTABLE_METHODS:
        raise bad("unknown_method", f"has an unknown method {method!r}", name)
    assert name is not None
    matcher = spec.get("match")
    if matcher is not None and (isinstance(matcher, io.IOBase) or not callable(matcher)):
        raise bad("invalid_matcher", "must use a callable matcher", name)
    outcomes = [k for k in ("result", "responder", "error") if k in spec]
    if len(outcomes) != 1:
        raise bad("invalid_outcome", "must define exactly one outcome", name)
    outcome = outcomes[0]
    value = spec[outcome]
    if outcome == "responder" and not callable(value):
        raise bad("invalid_outcome", "needs a callable responder", name)
    if outcome == "error" and not isinstance(value, BaseException):
        raise bad("invalid_outcome", "needs an exception as its error", name)
    return _Step(name, matcher, outcome, value)  # type: ignore[arg-type]


class ScriptedSandboxSession(BaseSandboxSession):
    """A session that plays a script (see :func:`scripted_sandbox_session`)."""

    def __init__(self, steps: list[_Step], *, manifest: Manifest | None = None) -> None:
        super().__init__()
        manifest = manifest or Manifest()
        self.state = SandboxSessionState(
            type="scripted", root=manifest.root, manifest=manifest, workspace_root_ready=True
        )
        self._steps = list(steps)
        self._calls: list[SandboxCall] = []
        self._running = True
        self.closed = False

    @property
    def root(self) -> str:
        """The workspace root the model sees."""
        return self.state.root

    @property
    def calls(self) -> list[SandboxCall]:
        """Every scripted call so far, in order."""
        return list(self._calls)

    @property
    def remaining_steps(self) -> int:
        """Steps not yet played."""
        return len(self._steps)

    def assert_complete(self) -> None:
        """UnconsumedSandboxSteps if any step was not played."""
        if self._steps:
            pending = tuple(s.method for s in self._steps)
            raise UnconsumedSandboxSteps(
                f"{len(pending)} sandbox step(s) were not played: {', '.join(pending)}.",
                remaining_steps=len(pending),
                pending_methods=pending,
            )

    async def _play(self, method: str, *args: Any, **kwargs: Any) -> Any:
        call = SandboxCall(
            call_index=len(self._calls),
            method=method,
            args=tuple(_detach(a) for a in args),
            kwargs={k: _detach(v) for k, v in kwargs.items()},
        )
        self._calls.append(call)
        step = self._steps[0] if self._steps else None
        if step is None or step.method != method:
            expected = step.method if step else None
            raise UnexpectedSandboxCall(
                f"Sandbox call {call.call_index} is {method}(), but the script "
                + (f"expects {expected}()." if expected else "has no steps left."),
                call=call,
                call_index=call.call_index,
                expected_method=expected,
                remaining_steps=len(self._steps),
            )
        self._steps.pop(0)
        if step.match is not None:
            accepted = step.match(call)
            if inspect.isawaitable(accepted):
                accepted = await accepted
            if not accepted:
                raise SandboxCallMatcherError(
                    f"The matcher of sandbox step {call.call_index} ({method}) rejected "
                    f"the call {call.args!r} {dict(call.kwargs)!r}.",
                    call=call,
                    call_index=call.call_index,
                )
        if step.outcome == "error":
            raise step.value
        if step.outcome == "responder":
            value = step.value(call)
            return await value if inspect.isawaitable(value) else value
        return _detach(step.value)

    async def exec(
        self,
        *command: str | Path,
        timeout: float | None = None,
        shell: bool | list[str] = True,
        user: Any = None,
    ) -> Any:
        return await self._play("exec", *command, timeout=timeout, shell=shell, user=user)

    async def read(self, path: Path | str, *, user: Any = None) -> Any:
        return await self._play("read", path, user=user)

    async def write(self, path: Path | str, data: Any, *, user: Any = None) -> None:
        await self._play("write", path, data, user=user)

    async def ls(self, path: Path | str, *, user: Any = None) -> Any:
        return await self._play("ls", path, user=user)

    async def mkdir(self, path: Path | str, *, parents: bool = False, user: Any = None) -> None:
        await self._play("mkdir", path, parents=parents, user=user)

    async def rm(self, path: Path | str, *, recursive: bool = False, user: Any = None) -> None:
        await self._play("rm", path, recursive=recursive, user=user)

    async def mv(self, source: Path | str, destination: Path | str, *, user: Any = None) -> None:
        await self._play("mv", source, destination, user=user)

    async def same_file(
        self, left: Path | str, right: Path | str, *, follow_symlinks: bool = True, user: Any = None
    ) -> bool:
        return bool(
            await self._play("same_file", left, right, follow_symlinks=follow_symlinks, user=user)
        )

    async def apply_patch(self, operations: Any, *, patch_format: str = "v4a") -> str:
        return str(await self._play("apply_patch", operations, patch_format=patch_format))

    async def pty_exec_start(self, *command: str | Path, **kwargs: Any) -> Any:
        return await self._play("pty_exec_start", *command, **kwargs)

    async def pty_write_stdin(self, *, session_id: int, chars: str, **kwargs: Any) -> Any:
        return await self._play("pty_write_stdin", session_id=session_id, chars=chars, **kwargs)

    async def running(self) -> bool:
        return self._running

    async def shutdown(self) -> None:
        self._running = False
        self.closed = True

    async def persist_workspace(self) -> io.IOBase:
        raise SandboxScriptError("A scripted sandbox session has no workspace to persist.")

    async def hydrate_workspace(self, data: io.IOBase) -> None:
        raise SandboxScriptError("A scripted sandbox session has no workspace to hydrate.")


def scripted_sandbox_session(
    steps: Iterable[SandboxStepSpec | Mapping[str, Any]] = (),
    *,
    manifest: Manifest | None = None,
) -> ScriptedSandboxSession:
    """A provider-free session that plays ``steps`` in order (see the module doc);
    pass it as ``SandboxRunConfig(session=...)``. Malformed steps raise
    InvalidSandboxStep here."""
    return ScriptedSandboxSession(
        [_step(spec, index) for index, spec in enumerate(steps)], manifest=manifest
    )

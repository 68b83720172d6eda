"""Sandbox errors. All are AgentsException subclasses.

A SandboxError raised inside a capability tool becomes the tool's output text
for the model (the tool's default failure handling), so a refused path or a
failed command never ends the run; configuration mistakes are UserErrors.

Each error carries the SDK's fields: ``message``, ``error_code`` (an
:class:`ErrorCode`), ``op`` (the operation), ``context`` (details), ``cause``
and ``retryable``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from runwright._core.exceptions import AgentsException


class ErrorCode(str, enum.Enum):
    """What went wrong, as a stable machine-readable code."""

    INVALID_MANIFEST_PATH = "invalid_manifest_path"
    INVALID_COMPRESSION_SCHEME = "invalid_compression_scheme"
    EXPOSED_PORT_UNAVAILABLE = "exposed_port_unavailable"
    EXEC_NONZERO = "exec_nonzero"
    EXEC_TIMEOUT = "exec_timeout"
    EXEC_TRANSPORT_ERROR = "exec_transport_error"
    PTY_SESSION_NOT_FOUND = "pty_session_not_found"
    APPLY_PATCH_INVALID_PATH = "apply_patch_invalid_path"
    APPLY_PATCH_INVALID_DIFF = "apply_patch_invalid_diff"
    APPLY_PATCH_FILE_NOT_FOUND = "apply_patch_file_not_found"
    APPLY_PATCH_DECODE_ERROR = "apply_patch_decode_error"
    WORKSPACE_READ_NOT_FOUND = "workspace_read_not_found"
    WORKSPACE_ARCHIVE_READ_ERROR = "workspace_archive_read_error"
    WORKSPACE_ARCHIVE_WRITE_ERROR = "workspace_archive_write_error"
    WORKSPACE_WRITE_TYPE_ERROR = "workspace_write_type_error"
    WORKSPACE_STOP_ERROR = "workspace_stop_error"
    WORKSPACE_START_ERROR = "workspace_start_error"
    WORKSPACE_ROOT_NOT_FOUND = "workspace_root_not_found"
    LOCAL_FILE_READ_ERROR = "local_file_read_error"
    LOCAL_DIR_READ_ERROR = "local_dir_read_error"
    LOCAL_CHECKSUM_ERROR = "local_checksum_error"
    GIT_MISSING_IN_IMAGE = "git_missing_in_image"
    GIT_CLONE_ERROR = "git_clone_error"
    GIT_SUBPATH_ERROR = "git_subpath_error"
    GIT_COPY_ERROR = "git_copy_error"
    MOUNT_MISSING_TOOL = "mount_missing_tool"
    MOUNT_FAILED = "mount_failed"
    MOUNT_CONFIG_INVALID = "mount_config_invalid"
    SKILLS_CONFIG_INVALID = "skills_config_invalid"
    SANDBOX_CONFIG_INVALID = "sandbox_config_invalid"
    SNAPSHOT_PERSIST_ERROR = "snapshot_persist_error"
    SNAPSHOT_RESTORE_ERROR = "snapshot_restore_error"
    SNAPSHOT_NOT_RESTORABLE = "snapshot_not_restorable"


class SandboxError(AgentsException):
    """An operation in the sandbox failed."""

    def __init__(
        self,
        message: str,
        error_code: ErrorCode | str | None = None,
        op: str | None = None,
        context: Mapping[str, object] | None = None,
        cause: BaseException | None = None,
        retryable: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error_code = error_code
        self.op = op
        self.context: dict[str, object] = dict(context or {})
        self.cause = cause
        self.retryable = retryable


class SandboxPathError(SandboxError):
    """A path resolves outside the workspace, through a symlink, or to no regular file."""


def _cmd(command: Sequence[str | Path]) -> str:
    return " ".join(str(part) for part in command)


class ExecTimeoutError(SandboxError):
    """A command ran past its wall-clock timeout (it was killed with its process tree)."""

    def __init__(
        self,
        message: str | None = None,
        *,
        command: Sequence[str | Path] = (),
        timeout_s: float | None = None,
        context: Mapping[str, object] | None = None,
        cause: BaseException | None = None,
    ) -> None:
        text = message or f"Command {_cmd(command)!r} timed out after {timeout_s}s."
        details = {"command": _cmd(command), "timeout_s": timeout_s, **(context or {})}
        super().__init__(text, ErrorCode.EXEC_TIMEOUT, "exec", details, cause, True)


class ExecTransportError(SandboxError):
    """A command could not be started or its result could not be read back."""

    def __init__(
        self,
        *,
        command: Sequence[str | Path] = (),
        context: Mapping[str, object] | None = None,
        cause: BaseException | None = None,
        message: str | None = None,
        retryable: bool | None = None,
    ) -> None:
        text = message or f"Command {_cmd(command)!r} could not run: {cause}."
        details = {"command": _cmd(command), **(context or {})}
        super().__init__(text, ErrorCode.EXEC_TRANSPORT_ERROR, "exec", details, cause, retryable)


class ExposedPortUnavailableError(SandboxError):
    """A port was asked for that the session does not expose."""

    def __init__(
        self,
        *,
        port: int,
        exposed_ports: Sequence[int] = (),
        reason: str = "not exposed",
        context: Mapping[str, object] | None = None,
        cause: BaseException | None = None,
        retryable: bool | None = None,
    ) -> None:
        text = f"Port {port} is unavailable ({reason}); exposed ports: {list(exposed_ports)}."
        details = {"port": port, "exposed_ports": list(exposed_ports), **(context or {})}
        code = ErrorCode.EXPOSED_PORT_UNAVAILABLE
        super().__init__(text, code, "resolve_exposed_port", details, cause, retryable)


class _PathError(SandboxError):
    _code: ErrorCode = ErrorCode.WORKSPACE_ARCHIVE_READ_ERROR
    _op = "read"
    _text = "Cannot access {path}"

    def __init__(
        self,
        *,
        path: Path | str,
        context: Mapping[str, object] | None = None,
        cause: BaseException | None = None,
        retryable: bool | None = None,
        message: str | None = None,
    ) -> None:
        self.path = Path(path)
        text = message or self._text.format(path=path) + (f": {cause}" if cause else ".")
        details = {"path": str(path), **(context or {})}
        super().__init__(text, self._code, self._op, details, cause, retryable)


class WorkspaceArchiveReadError(_PathError):
    """A workspace file or archive could not be read."""


class WorkspaceArchiveWriteError(_PathError):
    """A workspace file or archive could not be written (e.g. a read-only grant)."""

    _code = ErrorCode.WORKSPACE_ARCHIVE_WRITE_ERROR
    _op = "write"
    _text = "Cannot write {path}"


class WorkspaceReadNotFoundError(_PathError):
    """The file to read does not exist."""

    _code = ErrorCode.WORKSPACE_READ_NOT_FOUND
    _text = "{path} does not exist"


class WorkspaceWriteTypeError(SandboxError):
    """``write`` was given data that is not a binary stream, bytes or text."""

    def __init__(
        self,
        *,
        path: Path | str,
        actual_type: str,
        context: Mapping[str, object] | None = None,
        cause: BaseException | None = None,
    ) -> None:
        self.path = Path(path)
        text = f"Cannot write {path}: expected a binary stream, got {actual_type}."
        details: dict[str, Any] = {"path": str(path), "actual_type": actual_type}
        details.update(context or {})
        super().__init__(text, ErrorCode.WORKSPACE_WRITE_TYPE_ERROR, "write", details, cause)


class MountCommandError(SandboxError):
    """A mount command failed (or the client cannot run one)."""

    def __init__(
        self,
        *,
        command: str,
        stderr: str | None = None,
        context: Mapping[str, object] | None = None,
        cause: BaseException | None = None,
        retryable: bool | None = False,
    ) -> None:
        text = f"Mount command {command!r} failed" + (f": {stderr}" if stderr else ".")
        details = {"command": command, "stderr": stderr, **(context or {})}
        super().__init__(text, ErrorCode.MOUNT_FAILED, "mount", details, cause, retryable)

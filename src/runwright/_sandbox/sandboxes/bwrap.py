"""The bubblewrap command line for one confined command, and the limits applied inside."""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass

from runwright._core.exceptions import UserError

DEFAULT_HOST_PATHS: tuple[str, ...] = (
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/etc",
)
"""Host paths visible (read-only) inside the sandbox by default: programs and their config."""

BASE_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "TERM": "dumb",
}

INSTALL_HINT = (
    "Install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; this project's "
    "scripts/sandbox_deps does it), or pass UnixLocalSandboxClientOptions(unconfined=True) "
    "for trusted development only (commands then run with your own rights)."
)


@dataclass(frozen=True)
class SandboxLimits:
    """Per-command resource limits (setrlimit inside the sandbox)."""

    cpu_seconds: int = 60
    memory_bytes: int = 2 * 1024**3
    """Address-space limit (RLIMIT_AS)."""
    max_processes: int = 128
    max_file_bytes: int = 1024**3
    open_files: int = 1024

    def prlimit_argv(self) -> list[str]:
        """``prlimit`` options that apply these limits to the command it runs."""
        return [
            _tool("prlimit"),
            f"--cpu={self.cpu_seconds}",
            f"--as={self.memory_bytes}",
            f"--nproc={self.max_processes}",
            f"--fsize={self.max_file_bytes}",
            f"--nofile={self.open_files}",
            "--",
        ]


@functools.lru_cache(maxsize=64)
def _which(name: str, search: str | None) -> str | None:
    return shutil.which(name, path=search)


@functools.lru_cache(maxsize=16)
def _existing(paths: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for p in paths if os.path.exists(p))


def tool_path(name: str) -> str:
    """Where the util-linux or coreutils tool ``name`` is (a UserError when it is missing)."""
    return _tool(name)


def _tool(name: str) -> str:
    path = _which(name, BASE_ENV["PATH"])
    if path is None:
        raise UserError(f"The sandbox needs `{name}` (util-linux or coreutils) on this machine.")
    return path


def setpriv_argv(uid: int | None, gid: int | None = None) -> list[str]:
    """Runs the rest of the command line with a parent-death SIGKILL (so it dies with
    the runner, even a SIGKILLed one), given ``uid`` as that user (group ``gid``,
    default ``uid``) with no supplementary groups, and with SIGINT and SIGQUIT at
    their defaults: a runner started as a background job ignores them, and an
    ignored signal stays ignored across exec, so Ctrl-C on a sandbox terminal would
    stop nothing."""
    argv = [_tool("setpriv"), "--pdeathsig=KILL"]
    if uid is not None:
        argv += [f"--reuid={uid}", f"--regid={uid if gid is None else gid}", "--clear-groups"]
    return [*argv, _tool("env"), "--default-signal=INT,QUIT"]


def bwrap_path() -> str:
    """The bwrap binary, or a UserError that says how to get it."""
    path = _which("bwrap", os.environ.get("PATH"))
    if path is None:
        raise UserError(
            f"The confined sandbox needs bubblewrap (`bwrap`), not found. {INSTALL_HINT}"
        )
    return path


def bwrap_argv(
    workspace: str,
    root: str,
    host_paths: tuple[str, ...],
    network: bool,
    binds: tuple[tuple[str, str, bool], ...] = (),
    ids: tuple[int, int] = (1000, 1000),
) -> list[str]:
    """bwrap options: new namespaces, read-only host paths, the workspace writable,
    and ``binds`` (host source, sandbox path, read-only) for granted paths. ``ids``:
    the uid and gid the command has inside (its user namespace maps only that one)."""
    argv = [
        bwrap_path(),
        "--unshare-user",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--uid",
        str(ids[0]),
        "--gid",
        str(ids[1]),
        "--hostname",
        "sandbox",
    ]
    if not network:
        argv.append("--unshare-net")
    for path in _existing(host_paths):
        argv += ["--ro-bind", path, path]
    argv += ["--proc", "/proc", "--dev", "/dev"]
    argv += ["--bind", workspace, root]
    for source, target, read_only in binds:
        argv += ["--ro-bind" if read_only else "--bind", source, target]
    argv += ["--chdir", root]
    # bwrap's own root is a private tmpfs: make it read-only too, so the
    # workspace is the only place a command can write.
    argv += ["--remount-ro", "/"]
    return argv

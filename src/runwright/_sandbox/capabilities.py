"""Capabilities: what a SandboxAgent may do in its workspace (each brings tools,
instructions, and possibly model request parameters).

At run start the SandboxAgent clones each capability for the run and binds it
to the run's live session (``bind``); ``tools()`` then gives that run's tools.
The built-in Shell and Filesystem tools find their session through the current
run, so they also work unbound.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._sandbox.manifest import Manifest, SandboxWorkspaceScope
from runwright._sandbox.tools import apply_patch_tool, file_tools, shell_tools, view_image_tool
from runwright._sandbox.types import User
from runwright._tools.function_tool import FunctionTool

if TYPE_CHECKING:
    from runwright._sandbox.session import BaseSandboxSession


@dataclass(kw_only=True)
class Capability:
    """Base class: a bundle of sandbox tools plus an instruction fragment.

    Subclass it for your own capability: override ``tools`` (using
    ``self.session``, the run's bound session), ``instructions`` (async),
    ``process_manifest``, ``sampling_params`` or ``process_context``.
    """

    type: str = "capability"
    session: BaseSandboxSession | None = field(default=None, repr=False, compare=False)
    run_as: User | None = field(default=None, repr=False)
    workspace_scope: SandboxWorkspaceScope = field(
        default_factory=SandboxWorkspaceScope, repr=False
    )

    def clone(self) -> Capability:
        """A per-run copy (its session binding is its own)."""
        twin = copy.copy(self)
        for name, value in vars(self).items():
            if name == "session" or isinstance(value, (FunctionTool, SandboxWorkspaceScope)):
                continue
            if isinstance(value, (list, dict, set)):
                setattr(twin, name, copy.copy(value))
        return twin

    def bind(self, session: BaseSandboxSession) -> None:
        """Binds the run's live session."""
        self.session = session

    def bind_run_as(self, user: User | None) -> None:
        """Binds the sandbox user for model-facing operations."""
        self.run_as = user

    def bind_workspace_scope(self, scope: SandboxWorkspaceScope) -> None:
        """Binds how paths are shown to the model."""
        self.workspace_scope = scope

    def required_capability_types(self) -> set[str]:
        """Capability types that must be present too."""
        return set()

    def tools(self) -> list[Any]:
        """The tools this capability gives the agent."""
        return []

    def process_manifest(self, manifest: Manifest) -> Manifest:
        """The manifest, possibly extended, before the workspace is made."""
        return manifest

    async def instructions(self, manifest: Manifest) -> str | None:
        """Text appended to the agent's instructions."""
        return None

    def sampling_params(self, sampling_params: dict[str, Any]) -> dict[str, Any]:
        """Extra model request parameters this capability needs."""
        return {}

    def process_context(self, context: list[Any]) -> list[Any]:
        """The model input, possibly transformed, before each model call."""
        return context


@dataclass
class ShellToolSet:
    """The Shell capability's tools; ``configure_tools`` may replace or drop them."""

    exec_command: Any
    write_stdin: Any | None = None
    workspace_scope: SandboxWorkspaceScope = field(default_factory=SandboxWorkspaceScope)


_SHELL_NOTE = (
    "Use `exec_command` to run shell commands in the workspace; it returns the output "
    "and exit code, or a session ID while the command keeps running. Use `write_stdin` "
    "(when offered) to send input to, or poll, a running session; start a program with "
    "`tty=true` to interact with it or to interrupt it with Ctrl-C (`\\u0003`). Prefer "
    "`rg` or `grep -rn` to find text, and read large files in parts."
)


@dataclass(kw_only=True)
class Shell(Capability):
    """``exec_command`` (a shell command in the workspace, on a terminal with
    ``tty=true``) and ``write_stdin`` (input to a running one), with time limits and
    capped output.

    Args:
        configure_tools: Called with the ShellToolSet to customise or replace tools.
        needs_approval: Ask a human before each command (bool or a callable, as for
            function tools).
    """

    type: str = "shell"
    configure_tools: Callable[[ShellToolSet], None] | None = None
    needs_approval: Any = False

    def tools(self) -> list[Any]:
        exec_command, write_stdin = shell_tools(self.needs_approval)
        toolset = ShellToolSet(
            exec_command=exec_command,
            # like the SDK: write_stdin only where the session has interactive processes
            write_stdin=write_stdin
            if self.session is None or self.session.supports_pty()
            else None,
            workspace_scope=self.workspace_scope,
        )
        if self.configure_tools is not None:
            self.configure_tools(toolset)
        return [t for t in (toolset.exec_command, toolset.write_stdin) if t is not None]

    async def instructions(self, manifest: Manifest) -> str | None:
        return _SHELL_NOTE


@dataclass
class FilesystemToolSet:
    """The Filesystem capability's tools; ``configure_tools`` may replace or drop them."""

    view_image: Any
    apply_patch: Any
    workspace_scope: SandboxWorkspaceScope = field(default_factory=SandboxWorkspaceScope)
    read_file: Any | None = None
    write_file: Any | None = None
    list_files: Any | None = None
    search_files: Any | None = None


@dataclass(kw_only=True)
class Filesystem(Capability):
    """``view_image`` and ``apply_patch`` (as in the SDK), plus runwright's
    ``read_file``, ``write_file``, ``list_files`` and ``search_files``.

    Args:
        configure_tools: Called with the FilesystemToolSet to customise or drop tools.
        needs_approval: Ask a human before each change (write_file, apply_patch).

    ``apply_patch`` is a free-form custom tool, as in the SDK: the model sends the
    patch text itself.
    """

    type: str = "filesystem"
    configure_tools: Callable[[FilesystemToolSet], None] | None = None
    needs_approval: Any = False

    def tools(self) -> list[Any]:
        made = {t.name: t for t in file_tools(self.needs_approval)}
        toolset = FilesystemToolSet(
            view_image=view_image_tool(),
            apply_patch=apply_patch_tool(self.needs_approval),
            workspace_scope=self.workspace_scope,
            read_file=made["read_file"],
            write_file=made["write_file"],
            list_files=made["list_files"],
            search_files=made["search_files"],
        )
        if self.configure_tools is not None:
            self.configure_tools(toolset)
        order = ("read_file", "write_file", "list_files", "search_files", "apply_patch")
        tools = [getattr(toolset, name) for name in order]
        tools.append(toolset.view_image)
        return [t for t in tools if t is not None]

    async def instructions(self, manifest: Manifest) -> str | None:
        return "Use the file tools for reading and editing files; paths are workspace-relative."


# ----- compaction ----------------------------------------------------------------

_DEFAULT_COMPACT_THRESHOLD = 240_000
_CONTEXT_WINDOWS = {
    **dict.fromkeys(("gpt41", "gpt41mini", "gpt41nano", "gpt54", "gpt55"), 1_047_576),
    **dict.fromkeys(
        ("gpt5", "gpt5mini", "gpt5nano", "gpt5codex", "gpt51", "gpt52", "gpt54mini"), 400_000
    ),
    **dict.fromkeys(("o1", "o3", "o3mini", "o4mini", "o3pro", "codexminilatest"), 200_000),
    **dict.fromkeys(("gpt4o", "gpt4omini"), 128_000),
}


def _model_key(model: str) -> str:
    return model.strip().lower().removeprefix("openai/").replace(".", "").replace("-", "")


@dataclass
class CompactionModelInfo:
    """A model's context window (tokens)."""

    context_window: int

    def __post_init__(self) -> None:
        if isinstance(self.context_window, bool) or not isinstance(self.context_window, int):
            raise UserError("CompactionModelInfo.context_window must be an int.")
        if self.context_window < 1:
            raise UserError("CompactionModelInfo.context_window must be positive.")

    @classmethod
    def maybe_for_model(cls, model: str) -> CompactionModelInfo | None:
        """The info of a known OpenAI model, else None."""
        window = _CONTEXT_WINDOWS.get(_model_key(model))
        return cls(context_window=window) if window is not None else None

    @classmethod
    def for_model(cls, model: str) -> CompactionModelInfo:
        """The info of a known OpenAI model; UserError for others."""
        info = cls.maybe_for_model(model)
        if info is None:
            raise UserError(
                f"Unknown context window for model {model!r}; pass "
                "CompactionModelInfo(context_window=...)."
            )
        return info


@dataclass
class CompactionPolicy:
    """When the server compacts the conversation (a token threshold)."""

    type: str = "policy"

    def compaction_threshold(self, sampling_params: dict[str, Any]) -> int:
        """The token count at which compaction starts."""
        raise NotImplementedError


@dataclass
class StaticCompactionPolicy(CompactionPolicy):
    """A fixed token threshold."""

    type: str = "static"
    threshold: int = _DEFAULT_COMPACT_THRESHOLD

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int):
            raise UserError("StaticCompactionPolicy.threshold must be an int.")
        if self.threshold < 1:
            raise UserError("StaticCompactionPolicy.threshold must be positive.")

    def compaction_threshold(self, sampling_params: dict[str, Any]) -> int:
        return self.threshold


@dataclass(kw_only=True)
class DynamicCompactionPolicy(CompactionPolicy):
    """A fraction (``threshold``, 0..1) of the model's context window."""

    model_info: CompactionModelInfo
    type: str = "dynamic"
    threshold: float = 0.9

    def __post_init__(self) -> None:
        if not isinstance(self.model_info, CompactionModelInfo):
            raise UserError("DynamicCompactionPolicy.model_info must be CompactionModelInfo.")
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, float)):
            raise UserError("DynamicCompactionPolicy.threshold must be a number in [0, 1].")
        if not 0 <= self.threshold <= 1:
            raise UserError("DynamicCompactionPolicy.threshold must be in [0, 1].")

    def compaction_threshold(self, sampling_params: dict[str, Any]) -> int:
        return int(self.model_info.context_window * self.threshold)


def _policy(value: object) -> CompactionPolicy | None:
    if value is None or isinstance(value, CompactionPolicy):
        return value
    if isinstance(value, Mapping):
        data = dict(value)
        kind = data.pop("type", None)
        if kind == "static":
            return StaticCompactionPolicy(**data)
        if kind == "dynamic":
            info = data.pop("model_info", None)
            if isinstance(info, Mapping):
                info = CompactionModelInfo(**info)
            return DynamicCompactionPolicy(model_info=info, **data)
    raise UserError(f"Compaction policy must be a CompactionPolicy or its dict, not {value!r}.")


@dataclass(kw_only=True)
class Compaction(Capability):
    """Server-side context compaction: asks the Responses API to compact the
    conversation past a token threshold (``context_management``), and drops the
    input before the latest compaction item."""

    type: str = "compaction"
    policy: CompactionPolicy | None = None

    def __post_init__(self) -> None:
        self.policy = _policy(self.policy)

    def sampling_params(self, sampling_params: dict[str, Any]) -> dict[str, Any]:
        policy = self.policy
        if policy is None:
            model = sampling_params.get("model")
            info = CompactionModelInfo.maybe_for_model(model) if isinstance(model, str) else None
            policy = (
                DynamicCompactionPolicy(model_info=info)
                if info is not None
                else StaticCompactionPolicy()
            )
        threshold = policy.compaction_threshold(sampling_params)
        return {"context_management": [{"type": "compaction", "compact_threshold": threshold}]}

    def process_context(self, context: list[Any]) -> list[Any]:
        for index in range(len(context) - 1, -1, -1):
            item = context[index]
            kind = item.get("type") if isinstance(item, Mapping) else getattr(item, "type", None)
            if kind == "compaction":
                return context[index:]
        return context


class Capabilities:
    """Default capability sets."""

    @classmethod
    def default(cls) -> list[Capability]:
        """Filesystem, Shell and Compaction (as in the SDK)."""
        return [Filesystem(), Shell(), Compaction()]

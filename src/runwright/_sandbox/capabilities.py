"""Capabilities: what a SandboxAgent may do in its workspace (each brings tools)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runwright._sandbox.manifest import Manifest
from runwright._sandbox.tools import file_tools, shell_tools
from runwright._tools.function_tool import FunctionTool


@dataclass
class Capability:
    """Base class: a bundle of sandbox tools plus an instruction fragment."""

    type: str = "capability"

    def tools(self) -> list[FunctionTool]:
        """The tools this capability gives the agent."""
        return []

    def instructions(self, manifest: Manifest | None) -> str | None:
        """Text appended to the agent's instructions."""
        return None


@dataclass
class Shell(Capability):
    """``exec_command``: one shell command in the workspace, with a wall-clock
    timeout and capped output.

    Args:
        needs_approval: Ask a human before each command (bool or a callable, as for
            function tools).
    """

    type: str = "shell"
    needs_approval: Any = False

    def tools(self) -> list[FunctionTool]:
        return shell_tools(self.needs_approval)

    def instructions(self, manifest: Manifest | None) -> str | None:
        return "Use exec_command to run shell commands in the workspace."


@dataclass
class Filesystem(Capability):
    """``read_file``, ``write_file``, ``list_files``, ``search_files``, ``apply_patch``.

    Args:
        needs_approval: Ask a human before each change (write_file, apply_patch).
    """

    type: str = "filesystem"
    needs_approval: Any = False

    def tools(self) -> list[FunctionTool]:
        return file_tools(self.needs_approval)

    def instructions(self, manifest: Manifest | None) -> str | None:
        return "Use the file tools for reading and editing files; paths are workspace-relative."


class Capabilities:
    """Default capability sets."""

    @classmethod
    def default(cls) -> list[Capability]:
        """Filesystem and Shell."""
        return [Filesystem(), Shell()]

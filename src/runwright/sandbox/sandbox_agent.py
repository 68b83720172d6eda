"""SandboxAgent: an Agent that works in a sandbox workspace.

Public face: the code lives in runwright/_sandbox/sandbox_agent.py.
"""

from __future__ import annotations

from runwright._sandbox.sandbox_agent import (
    SandboxAgent,
    needs_sandbox,
)

__all__ = [
    "SandboxAgent",
    "needs_sandbox",
]

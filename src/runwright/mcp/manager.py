"""MCPServerManager: connect several servers at once and keep the ones that answered.

Public face: the code lives in runwright/_mcp/manager.py.
"""

from __future__ import annotations

from runwright._mcp.manager import (
    MCPServerManager,
)

__all__ = [
    "MCPServerManager",
]

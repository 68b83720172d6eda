"""``agents.strict_schema`` of the OpenAI Agents SDK: JSON schemas rewritten for strict mode.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._core.strict_schema import ensure_strict_json_schema

__all__ = [
    "ensure_strict_json_schema",
]

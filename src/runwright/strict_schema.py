"""``agents.strict_schema`` of the OpenAI Agents SDK: JSON schemas rewritten for strict mode.

Public face: the code lives in runwright/_core/strict_schema.py.
"""

from __future__ import annotations

from runwright._core.strict_schema import ensure_strict_json_schema

__all__ = [
    "ensure_strict_json_schema",
]

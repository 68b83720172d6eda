"""``agents.function_schema`` of the OpenAI Agents SDK: a function's tool schema.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._tools.schema import (
    FuncSchema,
    function_schema,
)

__all__ = [
    "FuncSchema",
    "function_schema",
]

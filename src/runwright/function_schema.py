"""``agents.function_schema`` of the OpenAI Agents SDK: a function's tool schema.

Public face: the code lives in runwright/_tools/schema.py.
"""

from __future__ import annotations

from runwright._tools.schema import (
    DocstringStyle,
    FuncDocumentation,
    FuncSchema,
    function_schema,
    generate_func_documentation,
)

__all__ = [
    "DocstringStyle",
    "FuncDocumentation",
    "FuncSchema",
    "function_schema",
    "generate_func_documentation",
]

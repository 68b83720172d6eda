"""``agents.decorators`` of the OpenAI Agents SDK: the decorators; ``tool`` is ``function_tool``.

Public face: the code lives in runwright/_agent/guardrails.py,
runwright/_tools/function_tool.py, runwright/_tools/guardrails.py.
"""

from __future__ import annotations

from runwright._agent.guardrails import (
    input_guardrail,
    output_guardrail,
)
from runwright._tools.function_tool import function_tool, tool
from runwright._tools.guardrails import (
    tool_input_guardrail,
    tool_output_guardrail,
)

__all__ = [
    "function_tool",
    "input_guardrail",
    "output_guardrail",
    "tool",
    "tool_input_guardrail",
    "tool_output_guardrail",
]

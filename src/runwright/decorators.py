"""``agents.decorators`` of the OpenAI Agents SDK: the decorators; ``tool`` is ``function_tool``.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._agent.guardrails import (
    input_guardrail,
    output_guardrail,
)
from runwright._tools import function_tool
from runwright._tools.guardrails import (
    tool_input_guardrail,
    tool_output_guardrail,
)

tool = function_tool

__all__ = [
    "function_tool",
    "input_guardrail",
    "output_guardrail",
    "tool",
    "tool_input_guardrail",
    "tool_output_guardrail",
]

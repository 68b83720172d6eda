"""``agents.guardrail`` of the OpenAI Agents SDK: input and output guardrails.

Public face: the code lives in runwright/_agent/guardrails.py.
"""

from __future__ import annotations

from runwright._agent.guardrails import (
    GuardrailFunctionOutput,
    InputGuardrail,
    InputGuardrailResult,
    OutputGuardrail,
    OutputGuardrailResult,
    input_guardrail,
    output_guardrail,
)

__all__ = [
    "GuardrailFunctionOutput",
    "InputGuardrail",
    "InputGuardrailResult",
    "OutputGuardrail",
    "OutputGuardrailResult",
    "input_guardrail",
    "output_guardrail",
]

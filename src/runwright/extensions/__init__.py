"""``agents.extensions`` of the OpenAI Agents SDK: handoff filters, the handoff prompt, and
``ToolOutputTrimmer`` (its code lives in runwright/_tools/output_trimmer.py)."""

from runwright._tools.output_trimmer import ToolOutputTrimmer

__all__: list[str] = ["ToolOutputTrimmer"]

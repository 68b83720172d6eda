"""Tools the model can call: function tools, their schemas, context and guardrails."""

from runwright._tools.context import ToolContext
from runwright._tools.function_tool import (
    FunctionTool,
    Tool,
    default_tool_error_function,
    function_tool,
    tool_output_text,
)

__all__ = [
    "FunctionTool",
    "Tool",
    "ToolContext",
    "default_tool_error_function",
    "function_tool",
    "tool_output_text",
]

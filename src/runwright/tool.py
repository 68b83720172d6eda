"""``agents.tool`` of the OpenAI Agents SDK: tools.

Public face: the code lives in runwright/_tools/.
"""

from __future__ import annotations

from runwright._tools.function_tool import (
    FunctionTool,
    Tool,
    default_tool_error_function,
    function_tool,
)
from runwright._tools.hosted import (
    CodeInterpreterTool,
    FileSearchTool,
    HostedMCPTool,
    ImageGenerationTool,
    MCPToolApprovalFunction,
    MCPToolApprovalFunctionResult,
    MCPToolApprovalRequest,
    WebSearchTool,
)
from runwright._tools.outputs import (
    ToolOutputFileContent,
    ToolOutputFileContentDict,
    ToolOutputImage,
    ToolOutputImageDict,
    ToolOutputText,
    ToolOutputTextDict,
)
from runwright._tools.use_behavior import FunctionToolResult

__all__ = [
    "CodeInterpreterTool",
    "FileSearchTool",
    "HostedMCPTool",
    "ImageGenerationTool",
    "MCPToolApprovalFunction",
    "MCPToolApprovalFunctionResult",
    "MCPToolApprovalRequest",
    "ToolOutputFileContent",
    "ToolOutputFileContentDict",
    "ToolOutputImage",
    "ToolOutputImageDict",
    "ToolOutputText",
    "ToolOutputTextDict",
    "WebSearchTool",
    "FunctionTool",
    "FunctionToolResult",
    "Tool",
    "default_tool_error_function",
    "function_tool",
]

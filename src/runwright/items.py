"""Conversation items: light data in the OpenAI Responses API shape.

Public face: the code lives in runwright/_core/items.py.
"""

from __future__ import annotations

from runwright._core.items import (
    HandoffCallItem,
    HandoffOutputItem,
    ItemHelpers,
    MCPApprovalRequestItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MessageOutputItem,
    ModelResponse,
    RawItem,
    ReasoningItem,
    RunItem,
    RunItemName,
    StreamedItem,
    ToolApprovalItem,
    ToolCallItem,
    ToolCallOutputItem,
    TResponseInputItem,
    TypedModelResponse,
    approval_call_id,
    function_call_raw,
    function_output_raw,
    mcp_approval_response_raw,
    message_raw,
    to_raw,
    typed_response,
)

__all__ = [
    "TResponseInputItem",
    "RawItem",
    "to_raw",
    "message_raw",
    "function_call_raw",
    "function_output_raw",
    "RunItem",
    "MessageOutputItem",
    "ToolCallItem",
    "ToolCallOutputItem",
    "ReasoningItem",
    "HandoffCallItem",
    "HandoffOutputItem",
    "MCPListToolsItem",
    "MCPApprovalRequestItem",
    "MCPApprovalResponseItem",
    "mcp_approval_response_raw",
    "ToolApprovalItem",
    "approval_call_id",
    "ModelResponse",
    "TypedModelResponse",
    "typed_response",
    "StreamedItem",
    "ItemHelpers",
    "RunItemName",
]

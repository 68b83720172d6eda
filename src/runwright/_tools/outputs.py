"""What a function tool may return besides text: images and files, as in the SDK.

A tool returns a :class:`ToolOutputText`, :class:`ToolOutputImage` or
:class:`ToolOutputFileContent`, their dict forms (``{"type": "image",
"image_url": ...}``), a list of those, or a list of Responses API input parts
(``{"type": "input_image", ...}``, as MCP tools produce). The model then gets
a ``function_call_output`` whose ``output`` is a list of ``input_text`` /
``input_image`` / ``input_file`` parts; the Chat Completions adapter moves
images and files into a user message right after the tool messages, since
tool messages there carry text only. Anything else is written as text
(:func:`~runwright._tools.function_tool.tool_output_text`).

The classes are pydantic models (as in the SDK); the conversion
(:mod:`runwright._tools.output_parts`) recognises them without importing
pydantic, so tools that return text pay nothing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, model_validator
from typing_extensions import NotRequired, TypedDict


class ToolOutputText(BaseModel):
    """Text for the model."""

    type: Literal["text"] = "text"
    text: str


class ToolOutputImage(BaseModel):
    """An image for the model: an ``image_url`` (URL or data URL) or an uploaded ``file_id``."""

    type: Literal["image"] = "image"
    image_url: str | None = None
    file_id: str | None = None
    detail: Literal["low", "high", "auto"] | None = None

    @model_validator(mode="after")
    def check_at_least_one_required_field(self) -> ToolOutputImage:
        """Refuses an image with neither ``image_url`` nor ``file_id`` (the SDK's name)."""
        if self.image_url is None and self.file_id is None:
            raise ValueError("ToolOutputImage needs image_url or file_id")
        return self


class ToolOutputFileContent(BaseModel):
    """A file for the model: ``file_data`` (base64), ``file_url`` or ``file_id``."""

    type: Literal["file"] = "file"
    file_data: str | None = None
    file_url: str | None = None
    file_id: str | None = None
    filename: str | None = None

    @model_validator(mode="after")
    def check_at_least_one_required_field(self) -> ToolOutputFileContent:
        """Refuses a file with no ``file_data``, ``file_url`` or ``file_id`` (the SDK's name)."""
        if self.file_data is None and self.file_url is None and self.file_id is None:
            raise ValueError("ToolOutputFileContent needs file_data, file_url or file_id")
        return self


class ToolOutputTextDict(TypedDict, total=False):
    """Dict form of :class:`ToolOutputText`."""

    type: Literal["text"]
    text: str


class ToolOutputImageDict(TypedDict, total=False):
    """Dict form of :class:`ToolOutputImage`."""

    type: Literal["image"]
    image_url: NotRequired[str]
    file_id: NotRequired[str]
    detail: NotRequired[Literal["low", "high", "auto"]]


class ToolOutputFileContentDict(TypedDict, total=False):
    """Dict form of :class:`ToolOutputFileContent`."""

    type: Literal["file"]
    file_data: NotRequired[str]
    file_url: NotRequired[str]
    file_id: NotRequired[str]
    filename: NotRequired[str]

"""Typed payloads of spans: what an agent turn, model call, tool call... recorded.

Each class has a ``type`` string and an ``export()`` dict whose keys follow the
OpenAI Agents SDK's span data, so processors written for that SDK read them
unchanged. Model and tool payloads can be built with ``include_data=False``:
their inputs and outputs are then never stored, whatever is assigned later.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import Any

from runwright._tracing.util import safe_str, usage_dict


class SpanData(abc.ABC):
    """Base of every span payload."""

    __slots__ = ()

    @property
    @abc.abstractmethod
    def type(self) -> str:
        """The span kind: ``"agent"``, ``"generation"``, ``"function"``..."""

    @abc.abstractmethod
    def export(self) -> dict[str, Any]:
        """The payload as a dict (values as recorded; the store makes them JSON)."""


class AgentSpanData(SpanData):
    """One agent's stretch of a run: its name, handoffs, tools and output type."""

    __slots__ = ("handoffs", "metadata", "name", "output_type", "tools")

    def __init__(
        self,
        name: str,
        handoffs: list[str] | None = None,
        tools: list[str] | None = None,
        output_type: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.handoffs = handoffs
        self.tools = tools
        self.output_type = output_type
        self.metadata = metadata

    @property
    def type(self) -> str:
        return "agent"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "handoffs": self.handoffs,
            "tools": self.tools,
            "output_type": self.output_type,
        }


class _RecordsData(SpanData):
    """Span data with an ``input`` and an ``output`` that record nothing when
    ``include_data`` is False (``trace_include_sensitive_data=False``)."""

    __slots__ = ("_input", "_output", "include_data")
    _input: Any
    _output: Any
    include_data: bool

    @property
    def input(self) -> Any | None:
        """What went in (tool arguments, model input)."""
        return self._input

    @input.setter
    def input(self, value: Any | None) -> None:
        if self.include_data:
            self._input = value

    @property
    def output(self) -> Any | None:
        """What came out (tool result, model output)."""
        return self._output

    @output.setter
    def output(self, value: Any | None) -> None:
        if self.include_data:
            self._output = value


class FunctionSpanData(_RecordsData):
    """A function tool call: tool name, arguments (``input``) and ``output``.

    With ``include_data=False`` input and output stay ``None`` even when assigned.
    """

    __slots__ = ("mcp_data", "name")

    def __init__(
        self,
        name: str,
        input: str | None = None,
        output: Any | None = None,
        mcp_data: dict[str, Any] | None = None,
        *,
        include_data: bool = True,
    ) -> None:
        self.name = name
        self.include_data = include_data
        self.mcp_data = mcp_data
        self._input = input if include_data else None
        self._output = output if include_data else None

    @property
    def type(self) -> str:
        return "function"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "input": self._input,
            "output": None if self._output is None else safe_str(self._output),
            "mcp_data": self.mcp_data,
        }


class GenerationSpanData(_RecordsData):
    """A Chat Completions style model call: input messages, output, model, config, usage.

    With ``include_data=False`` input and output stay ``None`` even when assigned;
    model, model_config and usage are still recorded.
    """

    __slots__ = ("model", "model_config", "usage")

    def __init__(
        self,
        input: Any | None = None,
        output: Any | None = None,
        model: str | None = None,
        model_config: Mapping[str, Any] | None = None,
        usage: Any | None = None,
        *,
        include_data: bool = True,
    ) -> None:
        self.include_data = include_data
        self._input = input if include_data else None
        self._output = output if include_data else None
        self.model = model
        self.model_config = model_config
        self.usage = usage

    @property
    def type(self) -> str:
        return "generation"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "input": self._input,
            "output": self._output,
            "model": self.model,
            "model_config": self.model_config,
            "usage": usage_dict(self.usage),
        }


class ResponseSummary:
    """What a response span keeps of a model response: id, model, usage, output.

    Stands in for the SDK's ``openai`` Response object on
    :attr:`ResponseSpanData.response`, so ``span_data.response.id`` and
    ``.usage`` work without importing ``openai``.
    """

    __slots__ = ("id", "model", "output", "usage")

    def __init__(
        self,
        id: str | None = None,
        model: str | None = None,
        output: Any | None = None,
        usage: Any | None = None,
    ) -> None:
        self.id = id
        self.model = model
        self.output = output
        self.usage = usage


def _field(obj: Any, *names: str) -> Any:
    # dict is checked first: isinstance against the Mapping ABC alone is slow.
    mapping = isinstance(obj, (dict, Mapping))
    for name in names:
        value = obj.get(name) if mapping else getattr(obj, name, None)
        if value is not None:
            return value
    return None


class ResponseSpanData(_RecordsData):
    """A Responses API model call: response id, model, usage, input and output.

    ``response`` may be set to any response-like object (an ``openai`` Response,
    a :class:`~runwright.items.ModelResponse`, a dict): its id, model, output and
    usage are read from it. With ``include_data=False`` input and output stay
    ``None``.
    """

    __slots__ = ("model", "response_id", "usage")

    def __init__(
        self,
        response: Any | None = None,
        input: Any | None = None,
        *,
        response_id: str | None = None,
        output: Any | None = None,
        usage: Any | None = None,
        model: str | None = None,
        include_data: bool = True,
    ) -> None:
        self.include_data = include_data
        self._input = input if include_data else None
        self._output = output if include_data else None
        self.response_id = response_id
        self.usage = usage
        self.model = model
        if response is not None:
            self.response = response

    @property
    def response(self) -> ResponseSummary | None:
        """The recorded response (``None`` until one is set)."""
        if self.response_id is None and self._output is None and self.usage is None:
            return None
        return ResponseSummary(self.response_id, self.model, self._output, self.usage)

    @response.setter
    def response(self, value: Any | None) -> None:
        if value is None:
            return
        self.response_id = _field(value, "response_id", "id")
        self.model = _field(value, "model") or self.model
        self.usage = _field(value, "usage")
        self.output = _field(value, "output")

    @property
    def type(self) -> str:
        return "response"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "response_id": self.response_id,
            "model": self.model,
            "usage": usage_dict(self.usage),
            "input": self._input,
            "output": self._output,
        }


class HandoffSpanData(SpanData):
    """A handoff from one agent to another."""

    __slots__ = ("from_agent", "to_agent")

    def __init__(self, from_agent: str | None, to_agent: str | None) -> None:
        self.from_agent = from_agent
        self.to_agent = to_agent

    @property
    def type(self) -> str:
        return "handoff"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "from_agent": self.from_agent, "to_agent": self.to_agent}


class GuardrailSpanData(SpanData):
    """A guardrail check: its name and whether its tripwire triggered."""

    __slots__ = ("name", "triggered")

    def __init__(self, name: str, triggered: bool = False) -> None:
        self.name = name
        self.triggered = triggered

    @property
    def type(self) -> str:
        return "guardrail"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "triggered": self.triggered}


class CustomSpanData(SpanData):
    """A user-defined span with a name and a free-form data dict."""

    __slots__ = ("data", "name")

    def __init__(self, name: str, data: dict[str, Any] | None = None) -> None:
        self.name = name
        self.data = data if data is not None else {}

    @property
    def type(self) -> str:
        return "custom"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "data": self.data}


class MCPListToolsSpanData(SpanData):
    """Listing the tools of an MCP server: server name and tool names."""

    __slots__ = ("result", "server")

    def __init__(self, server: str | None = None, result: list[str] | None = None) -> None:
        self.server = server
        self.result = result

    @property
    def type(self) -> str:
        return "mcp_tools"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "server": self.server, "result": self.result}


class TaskSpanData(SpanData):
    """One top-level run (the root span of a run's trace): its workflow name and usage.

    Exported as a ``custom`` span named ``"task"`` (the OpenAI Agents SDK's
    shape), ``data`` holding ``sdk_span_type``, ``name`` and, once the run
    ends, the run's ``usage``.
    """

    __slots__ = ("metadata", "name", "usage")

    def __init__(
        self,
        name: str,
        usage: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.usage = usage
        self.metadata = metadata

    @property
    def type(self) -> str:
        return "task"

    def export(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sdk_span_type": "task", "name": self.name}
        if self.usage is not None:
            data["usage"] = self.usage
        return {"type": "custom", "name": "task", "data": data}


class TurnSpanData(SpanData):
    """One turn of the agent loop (a model call and the tools it asked for).

    Exported as a ``custom`` span named ``"turn"``, ``data`` holding
    ``sdk_span_type``, ``turn`` (1-based), ``agent_name`` and the turn's ``usage``.
    """

    __slots__ = ("agent_name", "metadata", "turn", "usage")

    def __init__(
        self,
        turn: int,
        agent_name: str,
        usage: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.turn = turn
        self.agent_name = agent_name
        self.usage = usage
        self.metadata = metadata

    @property
    def type(self) -> str:
        return "turn"

    def export(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "sdk_span_type": "turn",
            "turn": self.turn,
            "agent_name": self.agent_name,
        }
        if self.usage is not None:
            data["usage"] = self.usage
        return {"type": "custom", "name": "turn", "data": data}


class TranscriptionSpanData(SpanData):
    """Speech to text: the audio in (base64 data and its format), the text out, the model."""

    __slots__ = ("input", "input_format", "model", "model_config", "output")

    def __init__(
        self,
        input: str | None = None,
        input_format: str | None = "pcm",
        output: str | None = None,
        model: str | None = None,
        model_config: Mapping[str, Any] | None = None,
    ) -> None:
        self.input = input
        self.input_format = input_format
        self.output = output
        self.model = model
        self.model_config = model_config

    @property
    def type(self) -> str:
        return "transcription"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "input": {"data": self.input or "", "format": self.input_format},
            "output": self.output,
            "model": self.model,
            "model_config": self.model_config,
        }


class SpeechSpanData(SpanData):
    """Text to speech: the text in, the audio out (base64 data and its format), the model,
    and when the first audio arrived (``first_content_at``, ISO 8601)."""

    __slots__ = ("first_content_at", "input", "model", "model_config", "output", "output_format")

    def __init__(
        self,
        input: str | None = None,
        output: str | None = None,
        output_format: str | None = "pcm",
        model: str | None = None,
        model_config: Mapping[str, Any] | None = None,
        first_content_at: str | None = None,
    ) -> None:
        self.input = input
        self.output = output
        self.output_format = output_format
        self.model = model
        self.model_config = model_config
        self.first_content_at = first_content_at

    @property
    def type(self) -> str:
        return "speech"

    def export(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "input": self.input,
            "output": {"data": self.output or "", "format": self.output_format},
            "model": self.model,
            "model_config": self.model_config,
            "first_content_at": self.first_content_at,
        }


class SpeechGroupSpanData(SpanData):
    """Groups the speech spans that voice one text (``input``)."""

    __slots__ = ("input",)

    def __init__(self, input: str | None = None) -> None:
        self.input = input

    @property
    def type(self) -> str:
        return "speech_group"

    def export(self) -> dict[str, Any]:
        return {"type": self.type, "input": self.input}

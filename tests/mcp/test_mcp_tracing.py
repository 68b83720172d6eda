"""Traces of runs with MCP servers: an mcp_tools span per listing, function spans per call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mcp_support import stdio_params

from runwright import Agent, Runner
from runwright._tracing import provider as provider_module
from runwright.mcp import MCPServerStdio
from runwright.testing import tool_call
from runwright.tracing import Span, Trace, TracingProcessor
from runwright.tracing.provider import TraceProvider, set_trace_provider


class Spans(TracingProcessor):
    def __init__(self) -> None:
        self.ended: list[Span[Any]] = []

    def on_trace_start(self, trace: Trace) -> None: ...
    def on_trace_end(self, trace: Trace) -> None: ...
    def on_span_start(self, span: Span[Any]) -> None: ...

    def on_span_end(self, span: Span[Any]) -> None:
        self.ended.append(span)

    def shutdown(self) -> None: ...
    def force_flush(self) -> None: ...


@pytest.fixture
def spans() -> Iterator[Spans]:
    old = provider_module._provider
    fresh = TraceProvider(local_store=False)
    set_trace_provider(fresh)
    rec = Spans()
    fresh.register_processor(rec)
    try:
        yield rec
    finally:
        fresh.shutdown()
        provider_module._provider = old


async def test_listing_and_calls_are_traced(scripted: Any, spans: Spans) -> None:
    model = scripted([tool_call("echo", {"text": "t"}), "done"])
    server = MCPServerStdio(params=stdio_params(), name="tools-srv")
    async with server:
        await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "go")
    listings = [s for s in spans.ended if s.span_data.type == "mcp_tools"]
    assert len(listings) == 2  # one per turn
    data = listings[0].span_data.export()
    assert data["server"] == "tools-srv" and "echo" in data["result"]
    [call] = [s for s in spans.ended if s.span_data.type == "function"]
    assert call.span_data.export()["name"] == "echo"
    agent_span = next(s for s in spans.ended if s.span_data.type == "agent")
    assert {s.trace_id for s in listings} == {agent_span.trace_id}

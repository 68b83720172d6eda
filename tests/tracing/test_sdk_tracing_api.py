"""The rest of the SDK's tracing API: task/turn and voice spans, TracingConfig, TraceCtxManager,
Trace.to_json, exporters and the batching processor (which send nothing unless registered)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from _tracing_recorder import Recorder

import runwright
from runwright import Agent, Runner
from runwright.exceptions import UserError
from runwright.testing import ScriptedModel, assistant_message
from runwright.tracing import (
    SpeechGroupSpanData,
    SpeechSpanData,
    TaskSpanData,
    TraceCtxManager,
    TracingConfig,
    TracingExporter,
    TranscriptionSpanData,
    TurnSpanData,
    add_trace_processor,
    get_current_trace,
    set_tracing_export_api_key,
    speech_group_span,
    speech_span,
    task_span,
    trace,
    transcription_span,
    turn_span,
)
from runwright.tracing.processors import (
    BackendSpanExporter,
    BatchTraceProcessor,
    ConsoleSpanExporter,
    default_exporter,
    default_processor,
)


def test_task_and_turn_span_data_export_as_custom_spans() -> None:
    task = TaskSpanData("Support")
    assert task.type == "task"
    assert task.export() == {
        "type": "custom",
        "name": "task",
        "data": {"sdk_span_type": "task", "name": "Support"},
    }
    task.usage = {"input_tokens": 3}
    assert task.export()["data"]["usage"] == {"input_tokens": 3}
    turn = TurnSpanData(2, "triage", metadata={"k": "v"})
    assert turn.type == "turn" and turn.metadata == {"k": "v"}
    assert turn.export()["data"] == {"sdk_span_type": "turn", "turn": 2, "agent_name": "triage"}


def test_voice_span_data_shapes() -> None:
    assert TranscriptionSpanData("QUJD", output="hi", model="whisper").export() == {
        "type": "transcription",
        "input": {"data": "QUJD", "format": "pcm"},
        "output": "hi",
        "model": "whisper",
        "model_config": None,
    }
    speech = SpeechSpanData("hi", output=None, first_content_at="t0").export()
    assert speech["type"] == "speech" and speech["output"] == {"data": "", "format": "pcm"}
    assert speech["first_content_at"] == "t0"
    assert SpeechGroupSpanData("hello").export() == {"type": "speech_group", "input": "hello"}


def test_span_functions_nest_under_the_current_trace(recorder: Recorder) -> None:
    with trace("voice"), task_span("job") as task, turn_span(1, "agent") as turn:
        with (
            speech_group_span(input="hello") as group,
            speech_span(model="tts", input="hello", output_format="mp3") as speech,
        ):
            pass
        with transcription_span(model="stt", input="QUJD", output="hello") as heard:
            pass
    assert turn.parent_id == task.span_id
    assert group.parent_id == turn.span_id and speech.parent_id == group.span_id
    assert heard.parent_id == turn.span_id
    assert speech.span_data.output_format == "mp3"
    kinds = [s.span_data.type for s in recorder.ended_spans()]
    assert kinds == ["speech", "speech_group", "transcription", "turn", "task"]


def test_spans_outside_a_trace_or_disabled_record_nothing(recorder: Recorder) -> None:
    with task_span("job"), turn_span(1, "a", disabled=True):
        pass
    assert recorder.events == []


def test_trace_tracing_config_and_to_json(recorder: Recorder) -> None:
    config: TracingConfig = {"api_key": "sk-123"}
    with trace("wf", group_id="g", tracing=config) as t, task_span("x") as span:
        pass
    assert t.tracing_api_key == "sk-123" and span.tracing_api_key == "sk-123"
    data = t.to_json()
    assert data is not None and data["workflow_name"] == "wf" and data["group_id"] == "g"
    assert "tracing_api_key" not in data
    with_key = t.to_json(include_tracing_api_key=True)
    assert with_key is not None and with_key["tracing_api_key"] == "sk-123"
    assert trace("off", disabled=True).to_json() is None
    with pytest.raises(UserError, match="TracingConfig"):
        trace("bad", tracing="sk-123")  # type: ignore[arg-type]


def test_trace_ctx_manager_opens_joins_and_masks(recorder: Recorder) -> None:
    with TraceCtxManager("wf", None, None, None, None, False) as ctx:
        assert ctx.trace is not None and get_current_trace() is ctx.trace
    assert get_current_trace() is None
    with trace("outer") as outer:
        with TraceCtxManager("wf", None, None, None, None, False) as inner:
            assert inner.trace is None and get_current_trace() is outer
        with TraceCtxManager("wf", None, None, None, None, True) as hidden:
            assert get_current_trace() is hidden.trace and hidden.trace is not outer
            assert hidden.trace is not None and hidden.trace.disabled
        assert get_current_trace() is outer
    assert list(recorder.kinds()) == ["trace_start", "trace_end"] * 2


def test_add_trace_processor_takes_span_processor(provider: Any) -> None:
    rec = Recorder()
    add_trace_processor(span_processor=rec)
    assert rec in provider.processors


class _Collect(TracingExporter):
    def __init__(self) -> None:
        self.batches: list[list[Any]] = []

    def export(self, items: list[Any]) -> None:
        self.batches.append(list(items))


def test_batch_processor_exports_traces_and_ended_spans_in_batches(provider: Any) -> None:
    exporter = _Collect()
    processor = BatchTraceProcessor(exporter, max_batch_size=2, schedule_delay=60)
    provider.register_processor(processor)
    with trace("wf") as t, task_span("a"), turn_span(1, "x"):
        pass
    processor.force_flush()
    items = [item for batch in exporter.batches for item in batch]
    assert items[0] is t
    assert [i.span_data.type for i in items[1:]] == ["turn", "task"]
    assert all(len(batch) <= 2 for batch in exporter.batches)
    processor.shutdown()


def test_console_exporter_prints(capsys: pytest.CaptureFixture[str], provider: Any) -> None:
    with trace("wf") as t, task_span("a") as span:
        pass
    ConsoleSpanExporter().export([t, span])
    out = capsys.readouterr().out
    assert f"trace_id={t.trace_id}, name=wf" in out and "'sdk_span_type': 'task'" in out


class _Ingest(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], Any]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append(({k.lower(): v for k, v in self.headers.items()}, json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def ingest() -> Any:
    server = HTTPServer(("127.0.0.1", 0), _Ingest)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Ingest.received = []
    yield f"http://127.0.0.1:{server.server_port}/v1/traces/ingest", _Ingest.received
    server.shutdown()


def test_backend_exporter_posts_with_each_traces_key(
    ingest: Any, provider: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    url, received = ingest
    exporter = BackendSpanExporter(api_key="sk-default", endpoint=url, project="p1")
    with trace("one") as first, task_span("a") as span:
        pass
    with trace("two", tracing={"api_key": "sk-own"}) as second:
        pass
    exporter.export([first, span, second])
    by_key = {headers["authorization"]: body["data"] for headers, body in received}
    assert set(by_key) == {"Bearer sk-default", "Bearer sk-own"}
    assert [d["object"] for d in by_key["Bearer sk-default"]] == ["trace", "trace.span"]
    assert by_key["Bearer sk-own"][0]["workflow_name"] == "two"
    headers = received[0][0]
    assert headers["openai-beta"] == "traces=v1" and headers["openai-project"] == "p1"


def test_backend_exporter_without_a_key_sends_nothing(
    ingest: Any, provider: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    url, received = ingest
    with trace("one") as t:
        pass
    BackendSpanExporter(endpoint=url).export([t])
    assert received == []


async def test_set_tracing_export_api_key_sends_nothing_by_itself(provider: Any) -> None:
    set_tracing_export_api_key("sk-test")
    assert default_exporter().api_key == "sk-test"
    assert runwright.set_tracing_export_api_key is set_tracing_export_api_key
    processor = default_processor()
    assert processor not in provider.processors
    model = ScriptedModel([[assistant_message("hi")]])
    await Runner.run(Agent(name="a", model=model), "hi")
    assert processor._queue.qsize() == 0
    with pytest.raises(UserError):
        set_tracing_export_api_key("")

"""The sensitive-data switch: no model input/output or tool arguments/results when off."""

from __future__ import annotations

from _tracing_recorder import Recorder

from runwright.items import ModelResponse
from runwright.tracing import (
    FunctionSpanData,
    GenerationSpanData,
    ResponseSpanData,
    function_span,
    generation_span,
    response_span,
    run_trace,
    trace,
)
from runwright.usage import Usage

SECRET = "my card is 4242"


def _record_everything() -> None:
    with function_span("lookup", input=SECRET) as tool:
        tool.span_data.input = SECRET
        tool.span_data.output = SECRET
    with generation_span(input=[{"role": "user", "content": SECRET}], model="m") as gen:
        gen.span_data.output = [{"role": "assistant", "content": SECRET}]
        gen.span_data.usage = {"prompt_tokens": 5, "completion_tokens": 7}
    with response_span(input=[{"content": SECRET}]) as resp:
        resp.span_data.response = ModelResponse(
            output=[{"type": "message", "content": SECRET}],
            usage=Usage(input_tokens=5, output_tokens=7),
            response_id="resp_9",
        )


def test_include_data_false_records_no_inputs_or_outputs(recorder: Recorder) -> None:
    with trace("t"):
        with function_span("f", input=SECRET, include_data=False) as tool:
            tool.span_data.output = SECRET
        with generation_span(input=SECRET, output=SECRET, include_data=False) as gen:
            gen.span_data.input = SECRET
        with response_span(input=SECRET, include_data=False) as resp:
            resp.span_data.response = {"id": "r", "output": SECRET, "usage": {}}
    for span in (tool, gen, resp):
        exported = span.export()
        assert SECRET not in repr(exported)
    assert resp.span_data.response is not None and resp.span_data.response.output is None
    assert resp.span_data.response_id == "r"


def test_run_switch_applies_to_every_helper_inside_the_run(recorder: Recorder) -> None:
    with run_trace("private", include_sensitive_data=False):
        _record_everything()
    exported = [s.export() for s in recorder.ended_spans()]
    assert len(exported) == 3
    assert SECRET not in repr(exported)
    gen, resp = exported[1]["span_data"], exported[2]["span_data"]  # type: ignore[index]
    # What is not sensitive is still there.
    assert gen["model"] == "m" and gen["usage"] == {"prompt_tokens": 5, "completion_tokens": 7}
    assert resp["response_id"] == "resp_9" and resp["usage"]["output_tokens"] == 7


def test_sensitive_data_is_recorded_by_default(recorder: Recorder) -> None:
    with run_trace("open"):
        _record_everything()
    tool, gen, resp = (s.span_data for s in recorder.ended_spans())
    assert isinstance(tool, FunctionSpanData) and tool.output == SECRET
    assert isinstance(gen, GenerationSpanData) and gen.input[0]["content"] == SECRET
    assert isinstance(resp, ResponseSpanData)
    assert resp.export()["output"] == [{"type": "message", "content": SECRET}]


def test_explicit_include_data_overrides_the_run_switch(recorder: Recorder) -> None:
    with (
        run_trace("private", include_sensitive_data=False),
        function_span("f", input=SECRET, include_data=True) as span,
    ):
        pass
    assert span.span_data.input == SECRET
    with run_trace("again"), function_span("f", input=SECRET) as after:
        pass
    # The switch was restored when the private run ended.
    assert after.span_data.input == SECRET

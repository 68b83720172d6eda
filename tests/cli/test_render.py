"""The terminal views read stream events in either form: a mapping, or the typed ``openai`` event.

``RawResponsesStreamEvent.data`` is becoming the SDK's ``openai.types.responses`` object; the
CLI's StreamView and ``runwright.repl`` must print text deltas from both.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from openai.types.responses import ResponseCreatedEvent, ResponseTextDeltaEvent
from rich.console import Console

from runwright import RawResponsesStreamEvent
from runwright._cli.render import StreamView
from runwright._core.stream_text import text_delta
from runwright._loop.repl import _print_event


def _delta(text: str, typed: bool) -> Any:
    fields = {
        "type": "response.output_text.delta",
        "delta": text,
        "item_id": "msg_1",
        "output_index": 0,
        "content_index": 0,
        "sequence_number": 1,
        "logprobs": [],
    }
    return ResponseTextDeltaEvent(**fields) if typed else fields


@pytest.mark.parametrize("typed", [False, True], ids=["mapping", "openai-type"])
def test_stream_view_prints_text_deltas(typed: bool) -> None:
    out = io.StringIO()
    view = StreamView(Console(file=out, width=60, force_terminal=False))
    for text in ("Hel", "lo"):
        view.on_event(RawResponsesStreamEvent(data=_delta(text, typed)))
    view._end_line()
    assert out.getvalue() == "agent: Hello\n"


@pytest.mark.parametrize("typed", [False, True], ids=["mapping", "openai-type"])
def test_run_demo_loop_prints_text_deltas(typed: bool, capsys: pytest.CaptureFixture[str]) -> None:
    for text in ("Hel", "lo"):
        _print_event(RawResponsesStreamEvent(data=_delta(text, typed)))
    assert capsys.readouterr().out == "Hello"


def test_other_events_are_not_text() -> None:
    created = ResponseCreatedEvent.model_construct(type="response.created", sequence_number=0)
    assert text_delta(created) is None
    assert text_delta({"type": "response.created"}) is None
    assert text_delta(_delta("x", typed=True)) == "x"

"""Small helpers the SDK's examples use, written as those programs write them."""

from __future__ import annotations

import builtins
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from runwright import Agent, Runner, Usage, enable_verbose_stdout_logging, function_tool
from runwright.extensions.handoff_prompt import (
    RECOMMENDED_PROMPT_PREFIX,
    prompt_with_handoff_instructions,
)
from runwright.models import get_default_model, get_default_model_settings, is_gpt_5_default
from runwright.repl import run_demo_loop
from runwright.testing import ScriptedModel, handoff_call, tool_call
from runwright.usage import RequestUsage

# ----- Usage.request_usage_entries -------------------------------------------------------


async def test_request_usage_entries_keep_each_requests_tokens() -> None:
    @function_tool
    def lookup(city: str) -> str:
        """Looks a city up."""
        return f"{city}: sunny"

    # "estimate": token counts from the text, so the two requests differ.
    model = ScriptedModel(
        [tool_call("lookup", {"city": "Oslo"}), "Sunny in Oslo."], usage="estimate"
    )
    agent = Agent(name="a", model=model, tools=[lookup])
    result = await Runner.run(agent, "Weather in Oslo?")

    usage = result.context_wrapper.usage
    entries = usage.request_usage_entries
    assert len(entries) == usage.requests == 2
    assert [e.input_tokens for e in entries] == [r.usage.input_tokens for r in result.raw_responses]
    assert sum(e.input_tokens for e in entries) == usage.input_tokens
    assert sum(e.output_tokens for e in entries) == usage.output_tokens
    assert entries[0].total_tokens == entries[0].input_tokens + entries[0].output_tokens


def test_adding_usages_merges_their_entries_as_the_sdk_does() -> None:
    first = Usage(requests=1, input_tokens=100_000, output_tokens=10)
    second = Usage(requests=1, input_tokens=150_000, output_tokens=20)
    empty = Usage(requests=1)  # a request that reported no tokens makes no entry
    run = Usage()
    for usage in (first, second, empty):
        run.add(usage)
    assert [e.input_tokens for e in run.request_usage_entries] == [100_000, 150_000]
    total = Usage()
    total.add(run)  # an aggregate brings its entries along
    total.add(Usage(requests=1, input_tokens=80_000))
    assert [e.input_tokens for e in total.request_usage_entries] == [100_000, 150_000, 80_000]
    assert isinstance(total.request_usage_entries[0], RequestUsage)
    total.request_usage_entries[0].input_tokens = 1  # copies, not shared
    assert run.request_usage_entries[0].input_tokens == 100_000


# ----- default model helpers -------------------------------------------------------------


def test_default_model_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_DEFAULT_MODEL", raising=False)
    assert get_default_model() == "gpt-5.6-luna"  # the SDK's default
    assert is_gpt_5_default()
    default = get_default_model_settings()
    assert default.reasoning == {"effort": "none"} and default.verbosity == "low"
    monkeypatch.setenv("OPENAI_DEFAULT_MODEL", "gpt-4.1")
    assert not is_gpt_5_default()
    assert get_default_model_settings().reasoning is None
    monkeypatch.setenv("OPENAI_DEFAULT_MODEL", "GPT-5")
    assert get_default_model() == "gpt-5"
    assert is_gpt_5_default()
    settings = get_default_model_settings()
    assert settings.reasoning == {"effort": "low"} and settings.verbosity == "low"
    assert get_default_model_settings("gpt-5-2025-08-07").reasoning == {"effort": "low"}
    assert get_default_model_settings("gpt-5.2-pro").reasoning == {"effort": "medium"}
    assert get_default_model_settings("gpt-5-chat-latest").reasoning is None
    assert get_default_model_settings("gpt-5-mini").reasoning is None  # verbosity only
    assert get_default_model_settings("gpt-5-mini").verbosity == "low"
    assert get_default_model_settings("gpt-4o").verbosity is None
    assert get_default_model_settings() is not get_default_model_settings()


# ----- enable_verbose_stdout_logging -----------------------------------------------------


@pytest.fixture
def runwright_logger() -> Iterator[logging.Logger]:
    logger = logging.getLogger("runwright")
    handlers, level = list(logger.handlers), logger.level
    yield logger
    logger.handlers[:] = handlers
    logger.setLevel(level)
    import runwright._core.logger as module

    module._verbose_handler = None


def test_verbose_stdout_logging_prints_runwright_debug_lines(
    runwright_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    enable_verbose_stdout_logging()
    enable_verbose_stdout_logging()  # idempotent: one handler
    logging.getLogger("runwright.tracing").debug("a debug line")
    assert capsys.readouterr().out.count("a debug line") == 1
    stream_handlers = [h for h in runwright_logger.handlers if isinstance(h, logging.StreamHandler)]
    assert len(stream_handlers) == 1
    assert stream_handlers[0].stream is sys.stdout


# ----- handoff prompt --------------------------------------------------------------------


def test_handoff_prompt_prefix() -> None:
    prompt = prompt_with_handoff_instructions("You answer billing questions.")
    assert prompt.startswith(RECOMMENDED_PROMPT_PREFIX)
    assert prompt.endswith("\n\nYou answer billing questions.")
    assert "transfer_to_" in RECOMMENDED_PROMPT_PREFIX


# ----- run_demo_loop ---------------------------------------------------------------------


def _typing(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> None:
    feed = iter(lines)

    def fake_input(prompt: str = "") -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr(builtins, "input", fake_input)


@pytest.mark.parametrize("stream", [True, False])
async def test_run_demo_loop_keeps_the_conversation_and_the_agent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stream: bool
) -> None:
    billing_model = ScriptedModel(["Refund issued.", "You're welcome."])
    billing = Agent(name="Billing", model=billing_model)
    triage = Agent(
        name="Triage", model=ScriptedModel([handoff_call("Billing")]), handoffs=[billing]
    )
    _typing(monkeypatch, ["I want a refund", "", "thanks", "quit", "never read"])
    await run_demo_loop(triage, stream=stream)
    out = capsys.readouterr().out
    assert "Refund issued." in out and "You're welcome." in out
    if stream:
        assert "[Agent updated: Billing]" in out
    # The second turn went to Billing (the handoff stuck) with the first turn's history.
    texts = [str(item.get("content")) for item in billing_model.calls[1].input]
    assert "I want a refund" in texts and "thanks" in texts


async def test_run_demo_loop_stops_at_end_of_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _typing(monkeypatch, [])
    agent: Any = Agent(name="a", model=ScriptedModel([]))
    await run_demo_loop(agent)
    assert capsys.readouterr().out == "\n"

"""``agents.repl`` of the OpenAI Agents SDK: :func:`run_demo_loop`, an agent in the terminal."""

from __future__ import annotations

from typing import Any

from runwright._agent.agent import Agent
from runwright._core.events import (
    AgentUpdatedStreamEvent,
    RawResponsesStreamEvent,
    RunItemStreamEvent,
)
from runwright._core.stream_text import text_delta
from runwright._loop.runner import DEFAULT_MAX_TURNS, Runner

_NO_LIMIT = 2**31 - 1


async def run_demo_loop(
    agent: Agent[Any],
    *,
    stream: bool = True,
    context: Any = None,
    max_turns: int | None = DEFAULT_MAX_TURNS,
) -> None:
    """Chat with ``agent`` on stdin/stdout until ``exit``, ``quit``, end of input or Ctrl-C.

    Each line is one user turn; the conversation (and the agent a handoff
    moved to) carries over between turns. With ``stream`` the answer prints as
    it arrives, with tool calls, tool outputs and agent changes marked.

    Args:
        agent: The agent the conversation starts with.
        stream: Print the answer as it streams (else when the turn is done).
        context: The run context passed to every turn.
        max_turns: The turn limit of each run (None: no practical limit, as in the SDK).
    """
    current = agent
    history: list[Any] = []
    while True:
        try:
            line = input(" > ")  # noqa: ASYNC250 - the terminal is the point of a REPL
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if line.strip().lower() in ("exit", "quit"):
            return
        if not line.strip():
            continue
        history.append({"role": "user", "content": line})
        turns = _NO_LIMIT if max_turns is None else max_turns
        if stream:
            result: Any = Runner.run_streamed(current, history, context=context, max_turns=turns)
            async for event in result.stream_events():
                _print_event(event)
            print()
        else:
            result = await Runner.run(current, history, context=context, max_turns=turns)
            if result.final_output is not None:
                print(result.final_output)
        current = result.last_agent
        history = result.to_input_list()


def _print_event(event: Any) -> None:
    if isinstance(event, RawResponsesStreamEvent):
        delta = text_delta(event.raw)  # the plain event: no openai object is built
        if delta:
            print(delta, end="", flush=True)
    elif isinstance(event, RunItemStreamEvent):
        if event.item.type == "tool_call_item":
            print("\n[tool called]", flush=True)
        elif event.item.type == "tool_call_output_item":
            print(f"\n[tool output: {getattr(event.item, 'output', '')}]", flush=True)
    elif isinstance(event, AgentUpdatedStreamEvent):
        print(f"\n[Agent updated: {event.new_agent.name}]", flush=True)

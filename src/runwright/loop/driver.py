"""The driver: the one loop every run goes through, streamed or not.

Each turn: plan the agent → call the model → classify (pure) → run tools →
decide (pure) → act on the decision. Events go to the run's sink; whether
anyone listens makes no difference to what happens.
"""

from __future__ import annotations

from typing import Any

from ..events import AgentUpdatedStreamEvent
from ..exceptions import MaxTurnsExceeded
from ..state import RunState
from .decide import classify_response, decide_next_step
from .env import RunEnv
from .executor import Executor
from .steps import AskToolUseFunction, FinalOutput, HandoffTo


async def drive(env: RunEnv, state: RunState[Any]) -> RunState[Any]:
    """Advances ``state`` until a final output, an error, or a requested stop.

    Raises:
        MaxTurnsExceeded: the run needed more than ``state.max_turns`` turns.
    """
    executor = Executor(env)
    sink = env.sink
    if sink.streaming:
        sink.emit(AgentUpdatedStreamEvent(state.current_agent))
    while not state.is_finished:
        if state.current_turn >= state.max_turns:
            raise MaxTurnsExceeded(f"Max turns ({state.max_turns}) exceeded", run_state=state)
        agent = state.current_agent
        plan = await executor.plan_for(agent)
        if not state.agent_started:
            await executor.start_agent(state, agent)
        state.begin_turn()
        response = await executor.call_model(state, plan)
        processed = classify_response(plan, response)
        state.record(processed.new_items)
        executor.mark_server_sent(state)
        _announce(sink, processed.new_items)
        results = []
        if processed.tool_runs:
            results = await executor.run_tools(state, plan, processed.tool_runs)
            outputs = [r.run_item for r in results]
            state.record(outputs)  # type: ignore[arg-type]
            _announce(sink, outputs)
        step = decide_next_step(plan, processed, results)
        if isinstance(step, AskToolUseFunction):
            step = await executor.ask_tool_use_function(step)
        if isinstance(step, FinalOutput):
            await executor.finish(state, step.output)
        elif isinstance(step, HandoffTo):
            _announce(sink, await executor.hand_off(state, step))
            if sink.streaming and state.current_agent is not agent:
                sink.emit(AgentUpdatedStreamEvent(state.current_agent))
        if env.cancel.after_turn:
            break
    return state


def _announce(sink: Any, items: list[Any]) -> None:
    if sink.streaming:
        for item in items:
            sink.emit_item(item)

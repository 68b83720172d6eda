"""Withholding a tool's output that an output guardrail rejected as the final output.

When an agent's ``tool_use_behavior`` makes a tool's result the final output and
an output guardrail trips on it, that result must not live on in the run: the
tool outputs of the turn are replaced, in the run's items, transcript and state
(and so in ``error.run_data``, a saved RunState or a checkpoint), by a data-free
placeholder; the guardrail results keep the placeholder instead of the output and
no ``output_info``. ``RunConfig.output_guardrail_blocked_message`` chooses the
placeholder. The tripwire is raised as before.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from runwright._agent.guardrails import GuardrailFunctionOutput, OutputGuardrailResult
from runwright._core.config import OutputGuardrailBlockedMessageArgs
from runwright._core.items import ToolCallOutputItem
from runwright._core.logger import logger

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._core.exceptions import OutputGuardrailTripwireTriggered
    from runwright._loop.env import RunEnv
    from runwright._state.run_state import RunState

WITHHELD_MESSAGE = "Output withheld by an output guardrail."
"""The placeholder kept instead of a rejected tool output (the SDK's words)."""


def withhold_tool_outputs(
    env: RunEnv,
    state: RunState[Any],
    agent: Agent[Any],
    tripped: OutputGuardrailTripwireTriggered,
) -> None:
    """Replaces the turn's tool outputs and the guardrail results by the placeholder."""
    message = blocked_message(env, agent, tripped)
    for item in state.generated_items[state.turn_start_index :]:
        if isinstance(item, ToolCallOutputItem):
            # In place: the transcript and any checkpoint hold this very raw item.
            raw = item.raw_item
            if "output" in raw:
                raw["output"] = message
            item.output = message
            if item.custom_data is not None:
                item.custom_data = None
    rejected = tripped.guardrail_result.agent_output
    results = state.output_guardrail_results
    for index, result in enumerate(results):
        if result.agent_output is rejected:
            clean = _data_free(result, message)
            results[index] = clean
            if result is tripped.guardrail_result:
                tripped.guardrail_result = clean
    if tripped.guardrail_result.agent_output is rejected:  # not recorded on the state
        tripped.guardrail_result = _data_free(tripped.guardrail_result, message)


def _data_free(result: OutputGuardrailResult, message: str) -> OutputGuardrailResult:
    return OutputGuardrailResult(
        guardrail=result.guardrail,
        agent_output=message,
        agent=result.agent,
        output=GuardrailFunctionOutput(
            output_info=None, tripwire_triggered=result.output.tripwire_triggered
        ),
    )


def blocked_message(
    env: RunEnv, agent: Agent[Any], tripped: OutputGuardrailTripwireTriggered
) -> str:
    """The placeholder: RunConfig's string, its formatter's answer, or the default.

    A formatter that fails, or returns anything but a non-empty string, gives the
    default (it runs at a point where the rejected output must not escape).
    """
    configured = env.run_config.output_guardrail_blocked_message
    if configured is None:
        return WITHHELD_MESSAGE
    if isinstance(configured, str):
        return configured or WITHHELD_MESSAGE
    guardrail = tripped.guardrail_result.guardrail
    name = guardrail.get_name() if hasattr(guardrail, "get_name") else str(guardrail)
    args = OutputGuardrailBlockedMessageArgs(
        default_message=WITHHELD_MESSAGE,
        guardrail_name=name,
        agent=agent,
        run_context=env.context_wrapper,
    )
    try:
        value: Any = configured(args)
    except Exception:
        logger.warning("output_guardrail_blocked_message formatter failed; using the default")
        return WITHHELD_MESSAGE
    if inspect.iscoroutine(value):  # an async formatter: not awaited here
        value.close()
        return WITHHELD_MESSAGE
    return value if isinstance(value, str) and value else WITHHELD_MESSAGE

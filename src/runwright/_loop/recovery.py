"""Recovering from run-ending errors through the run's error handlers.

Only reached when a run is about to fail (max turns, an invalid or missing
structured output, a refusal): runs that do not fail never come here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from runwright._agent.output_schema import _WRAPPER_KEY
from runwright._core.error_handlers import (
    ErrorKind,
    RunErrorData,
    RunErrorHandlerInput,
    call_error_handler,
)
from runwright._core.exceptions import (
    AgentsException,
    ModelBehaviorError,
    RunErrorDetails,
    UserError,
)
from runwright._core.items import (
    ItemHelpers,
    MessageOutputItem,
    ModelResponse,
    message_raw,
    typed_response,
)
from runwright._loop.steps import FinalOutput

if TYPE_CHECKING:
    from runwright._agent.output_schema import AgentOutputSchemaBase
    from runwright._loop.env import RunEnv
    from runwright._state.run_state import RunState


async def recover(
    env: RunEnv,
    state: RunState[Any],
    schema: AgentOutputSchemaBase | None,
    kind: ErrorKind,
    error: AgentsException,
    responses: list[ModelResponse],
) -> FinalOutput | None:
    """The final output the ``kind`` handler gives for ``error``; None when there is none.

    With ``include_in_history`` the output is recorded (and streamed) as an
    assistant message of the current agent.

    Raises:
        UserError: the handler's output does not fit the agent's output type.
    """
    handlers = env.error_handlers
    handler = handlers.get(kind) if handlers is not None else None
    if handler is None:
        return None
    if error.run_data is None:
        error.run_data = run_error_details(state)
    data = RunErrorHandlerInput(error, state.context_wrapper, run_error_data(state, responses))
    result = await call_error_handler(handler, data)
    if result is None:
        return None
    output, text = settle_output(schema, result.final_output)
    if result.include_in_history:
        item = MessageOutputItem(state.current_agent, message_raw(text))
        state.record([item])
        if env.sink.streaming:
            env.sink.emit_item(item)
    return FinalOutput(output)


def run_error_data(state: RunState[Any], responses: list[ModelResponse]) -> RunErrorData:
    """A snapshot of the run for an error handler."""
    output = [item.to_input_item() for item in state.generated_items if item.in_transcript]
    history = ItemHelpers.input_to_new_input_list(state.original_input) + output
    return RunErrorData(
        input=state.original_input,
        new_items=list(state.generated_items),
        history=history,
        output=output,
        raw_responses=[typed_response(r) for r in responses],  # typed items, built on read
        last_agent=state.current_agent,
    )


def run_error_details(state: RunState[Any]) -> RunErrorDetails:
    """What the run had produced, as attached to errors (``error.run_data``)."""
    return RunErrorDetails(
        input=state.original_input,
        new_items=state.generated_items,
        raw_responses=[typed_response(r) for r in state.model_responses],
        last_agent=state.current_agent,
        context_wrapper=state.context_wrapper,
        input_guardrail_results=state.input_guardrail_results,
        output_guardrail_results=state.output_guardrail_results,
        tool_input_guardrail_results=state.tool_input_guardrail_results,
        tool_output_guardrail_results=state.tool_output_guardrail_results,
    )


def settle_output(schema: AgentOutputSchemaBase | None, value: Any) -> tuple[Any, str]:
    """A handler's output validated into the output type, and its text for the transcript.

    Raises:
        UserError: the value cannot be written as, or validated into, the output type.
    """
    if schema is None or schema.is_plain_text():
        return value, str(value)
    text = _as_json(schema, value)
    try:
        return schema.validate_json(text), text
    except ModelBehaviorError as error:
        raise UserError(
            f"An error handler's final_output does not fit the agent's output type "
            f"{schema.name()}: {error.message}"
        ) from None


def _as_json(schema: AgentOutputSchemaBase, value: Any) -> str:
    """The value as the model would have written it (wrapped when the schema wraps)."""
    is_wrapped = getattr(schema, "is_wrapped", None)
    already = isinstance(value, dict) and _WRAPPER_KEY in value
    payload = (
        {_WRAPPER_KEY: value} if callable(is_wrapped) and is_wrapped() and not already else value
    )
    adapter = getattr(schema, "_adapter", None)
    try:
        if adapter is not None:
            return str(adapter.dump_json(payload, warnings=False).decode())
        return json.dumps(payload, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise UserError(
            f"An error handler's final_output cannot be written as JSON for the output type "
            f"{schema.name()}: {error}"
        ) from None

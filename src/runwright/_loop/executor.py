"""The executor: every side effect of the run loop (model calls, tools, handoffs, hooks).

The driver decides nothing here and the executor decides nothing there:
the executor performs one step and records its outcome on the RunState.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
from collections.abc import Awaitable
from functools import partial
from typing import Any

from runwright._agent.agent import Agent, AgentBase, resolve_tools
from runwright._agent.handoff_history import nest_handoff_history
from runwright._agent.handoffs import Handoff, HandoffInputData, handoff
from runwright._agent.output_schema import AgentOutputSchemaBase, output_schema_for
from runwright._core.config import ModelSettings
from runwright._core.context import AgentHookContext
from runwright._core.default_models import implicit_settings_swap
from runwright._core.error_handlers import ErrorKind
from runwright._core.events import RawResponsesStreamEvent
from runwright._core.exceptions import (
    AgentsException,
    MaxTurnsExceeded,
    ModelBehaviorError,
    ModelRefusalError,
    OutputGuardrailTripwireTriggered,
    UserError,
)
from runwright._core.items import (
    HandoffOutputItem,
    ModelResponse,
    RawItem,
    RunItem,
    ToolCallOutputItem,
    function_output_raw,
    light_response,
    to_raw,
    typed_response,
)
from runwright._core.lifecycle import notify_hooks
from runwright._core.logger import logger
from runwright._core.usage import Usage
from runwright._loop.budget import model_name
from runwright._loop.collisions import resolve_name_collisions
from runwright._loop.env import RunEnv
from runwright._loop.guarding import check_output, input_guardrails_for, with_input_guardrails
from runwright._loop.memory import save_input, save_turn
from runwright._loop.model_input import filter_model_input, omit_reasoning_ids
from runwright._loop.recovery import recover
from runwright._loop.steps import (
    RUN_AGAIN,
    AgentPlan,
    AskToolUseFunction,
    FinalOutput,
    HandoffTo,
    InvalidFinalOutput,
    NextStep,
    Refusal,
    ToolRun,
)
from runwright._loop.tool_batch import ToolBatch, run_tool_batch
from runwright._loop.withheld import withhold_tool_outputs
from runwright._models.default_provider import default_model_provider
from runwright._models.interface import Model, ModelTracing
from runwright._models.timeouts import stream_within_timeout, within_timeout
from runwright._state.run_state import RunState
from runwright._tools.function_tool import format_tool_error
from runwright._tools.hosted import HostedTool
from runwright._tools.native import NativeTool


class Executor:
    """Performs the steps of one run. Created per run; caches per-agent plans for it."""

    def __init__(self, env: RunEnv) -> None:
        self.env = env
        self._plan: AgentPlan | None = None
        """The last static plan used in this run (a dict per run would be one more
        GC-tracked object per run in flight)."""
        config = env.run_config
        if config.tracing_disabled:
            self._tracing = ModelTracing.DISABLED
        elif config.trace_include_sensitive_data:
            self._tracing = ModelTracing.ENABLED
        else:
            self._tracing = ModelTracing.ENABLED_WITHOUT_DATA
        self._trace: Any = None
        if env.tracing:
            # tracing loads with the first traced run, not with `import runwright`
            from runwright._tracing import create as tracing

            self._trace = tracing
        self._agent_span: Any = None
        self._span_agent: Agent[Any] | None = None
        self._task_span: Any = None
        self._turn_span: Any = None
        self._usage_marks: Any = None
        """Usage counters at the start of the task and turn spans (for their usage)."""
        self._steps_traced = self._trace is not None and (
            not isinstance(config.tracing, dict)
            or config.tracing.get("include_task_and_turn_spans", True) is not False
        )
        """The run records a task span and a span per turn (TracingConfig's default)."""
        self._input_filter = config.call_model_input_filter
        """RunConfig.call_model_input_filter (None: the transcript goes to the model as is)."""
        self.set_up_tools: list[NativeTool] = []
        """Tools set up for this run (a ComputerTool's computer), released when it ends."""
        self.missing_ok = config.tool_not_found_behavior == "return_error_to_model"
        """Calls of unknown tools are answered with an error instead of failing the run."""

    # ----- task, turn and agent spans ----------------------------------------

    def enter_task(self) -> None:
        """Opens the run's task span (the parent of its agent spans)."""
        if not self._steps_traced:
            return
        span = self._trace.task_span(self.env.run_config.workflow_name or "Agent workflow")
        span.start(mark_as_current=True)
        self._task_span = span
        self._usage_marks = [self._trace.usage_mark(self.env.context_wrapper.usage), None]

    def leave_task(self) -> None:
        """Finishes the task span with the run's usage."""
        self.leave_turn()
        span, self._task_span = self._task_span, None
        if span is not None:
            usage = self.env.context_wrapper.usage
            self._trace.finish_with_usage(span, self._usage_marks[0], usage)

    def enter_turn(self, turn: int, agent: Agent[Any]) -> None:
        """Opens the span of turn number ``turn`` (under the agent's span)."""
        if not self._steps_traced:
            return
        span = self._trace.turn_span(turn, agent.name)
        span.start(mark_as_current=True)
        self._turn_span = span
        self._usage_marks[1] = self._trace.usage_mark(self.env.context_wrapper.usage)

    def leave_turn(self) -> None:
        """Finishes the open turn span, if any, with the turn's usage."""
        span, self._turn_span = self._turn_span, None
        if span is not None:
            usage = self.env.context_wrapper.usage
            self._trace.finish_with_usage(span, self._usage_marks[1], usage)

    def enter_agent(self, plan: AgentPlan) -> None:
        """Opens the agent's span (closing the previous agent's) when the agent changed."""
        if self._span_agent is plan.agent or not self.env.tracing:
            return
        self.leave_agent()
        schema = plan.output_schema
        span = self._trace.agent_span(
            plan.agent.name,
            handoffs=plan.span_handoffs,
            tools=plan.span_tools,
            output_type=schema.name() if schema is not None else "str",
        )
        span.start(mark_as_current=True)
        self._agent_span, self._span_agent = span, plan.agent

    def leave_agent(self, error: BaseException | None = None) -> None:
        """Finishes the open agent span, recording ``error`` on it."""
        span, self._agent_span, self._span_agent = self._agent_span, None, None
        if span is None:
            return
        if error is not None:
            span.set_error({"message": f"{type(error).__name__}: {error}", "data": None})
        span.finish(reset_current=True)

    # ----- turn preparation ------------------------------------------------

    async def plan_for(self, agent: Agent[Any]) -> AgentPlan:
        """The agent's tools, handoffs, model and schema for this turn.

        A plan with no dynamic ``is_enabled`` is static: it is kept for the run,
        and across runs while the agent and run config it was built from are
        unchanged (same tool, handoff, model and settings objects).
        """
        plan = self._plan
        if plan is not None and plan.agent is agent:
            return plan
        key = _plan_key(agent, self.env.run_config)
        cached = agent.__dict__.get("_runwright_plan")
        if cached is not None and _same_key(cached[0], key):
            plan = cached[1]
        else:
            plan, static = await self._build_plan(agent)
            if not static:
                return plan
            # Kept on the agent itself (a cycle the GC frees with the agent), not in a
            # global registry that would keep agents alive.
            agent.__dict__["_runwright_plan"] = (key, plan)
        self._plan = plan
        return plan

    async def _build_plan(self, agent: Agent[Any]) -> tuple[AgentPlan, bool]:
        ctx = self.env.context_wrapper
        if type(agent).get_all_tools is AgentBase.get_all_tools:
            tools, static = await resolve_tools(agent, ctx)
        else:  # a subclass decides each turn's tools itself
            tools, static = list(await agent.get_all_tools(ctx)), False
        handoffs: list[Handoff[Any]] = []
        for target in agent.handoffs:
            h = target if isinstance(target, Handoff) else handoff(target)
            enabled = h.is_enabled
            if enabled is True or (enabled is not False and await _check(enabled, ctx, agent)):
                handoffs.append(h)
            static = static and isinstance(enabled, bool)
        # The model calls function tools by name; hosted tools (two hosted MCP servers,
        # say) share a class-level name and are never called that way.
        callable_tools = [t for t in tools if not isinstance(t, HostedTool)]
        tool_map = {t.name: t for t in callable_tools}
        if len(tool_map) != len(callable_tools) or any(h.tool_name in tool_map for h in handoffs):
            tools, handoffs = resolve_name_collisions(
                agent, tools, handoffs, self.env.run_config.tool_name_collision_policy
            )
            tool_map = {t.name: t for t in tools if not isinstance(t, HostedTool)}
        elif len({h.tool_name for h in handoffs}) != len(handoffs):
            tools, handoffs = resolve_name_collisions(
                agent, tools, handoffs, self.env.run_config.tool_name_collision_policy
            )
        plan = AgentPlan(
            agent=agent,
            model=self._resolve_model(agent),
            tools=tools,
            tool_map=tool_map,
            handoffs=handoffs,
            handoff_map={h.tool_name: h for h in handoffs},
            output_schema=_output_schema(agent.output_type),
            span_tools=[t.name for t in tools],
            span_handoffs=[h.agent_name for h in handoffs],
            implicit_settings=self._implicit_settings(agent),
            run_scoped=tuple(t for t in tools if isinstance(t, NativeTool) and t.run_scoped),
        )
        return plan, static

    def _implicit_settings(self, agent: Agent[Any]) -> tuple[ModelSettings, ModelSettings] | None:
        """An agent's initial settings and the run model's defaults that replace them
        (see _core/default_models.py); None when the run names no other model."""
        return implicit_settings_swap(agent.model, self.env.run_config.model)

    def _resolve_model(self, agent: Agent[Any]) -> Model:
        chosen = self.env.run_config.model or agent.model
        if isinstance(chosen, Model):
            return chosen
        if chosen is not None and not isinstance(chosen, str):
            raise UserError(
                f"Agent {agent.name!r}: model must be a model name or a Model, got {chosen!r}."
            )
        provider = self.env.run_config.model_provider
        if provider is None:
            provider = default_model_provider()
        return provider.get_model(chosen)

    async def _set_up(self, tools: tuple[NativeTool, ...]) -> None:
        for tool in tools:
            if tool not in self.set_up_tools:
                await tool.set_up_for_run(self.env.context_wrapper)
                self.set_up_tools.append(tool)

    async def release_tools(self) -> None:
        """Releases what tools set up for this run (disposes per-run computers)."""
        tools, self.set_up_tools = self.set_up_tools, []
        for tool in tools:
            await tool.release_after_run(self.env.context_wrapper)

    async def start_agent(self, state: RunState[Any], agent: Agent[Any]) -> None:
        """on_agent_start hooks, once per agent taking over."""
        state.agent_started = True
        if self.env.hooks is not None or agent.hooks is not None:
            ctx = AgentHookContext.of(self.env.context_wrapper)
            await notify_hooks(self.env.hooks, agent, "on_agent_start", ctx)

    # ----- model call ------------------------------------------------------

    async def call_model(self, state: RunState[Any], plan: AgentPlan) -> ModelResponse:
        """One model call for the current turn; deltas go to the sink when streaming."""
        env, agent, ctx = self.env, plan.agent, self.env.context_wrapper
        if plan.run_scoped:
            await self._set_up(plan.run_scoped)
        instructions = await agent.get_system_prompt(ctx)
        # Resolved per call (not cached with the plan): settings may be edited in place.
        settings = agent.model_settings
        swap = plan.implicit_settings
        if swap is not None and settings == swap[0]:
            settings = swap[1]
        settings = settings.resolve(env.run_config.model_settings)
        if (
            agent.reset_tool_choice
            and settings.tool_choice not in (None, "auto", "none")
            and agent.name in state.agents_that_used_tools
        ):
            settings = dataclasses.replace(settings, tool_choice=None)
        input_items, previous_id = self._model_input(state)
        if getattr(agent, "_runwright_sandbox", False):  # SandboxAgent capabilities' hooks
            settings = agent.sandbox_model_settings(settings)  # type: ignore[attr-defined]
            input_items = agent.sandbox_model_input(input_items)  # type: ignore[attr-defined]
        if self._input_filter is not None or state.reasoning_item_id_policy is not None:
            instructions, input_items = await self._shape_input(
                state, agent, instructions, input_items
            )
        if env.hooks is not None or agent.hooks is not None:
            await notify_hooks(env.hooks, agent, "on_llm_start", ctx, instructions, input_items)
        args = (
            instructions,
            input_items,
            settings,
            plan.tools,
            plan.output_schema,
            plan.handoffs,
            self._tracing,
        )
        kwargs: dict[str, Any] = {
            "previous_response_id": previous_id,
            "conversation_id": env.conversation_id,
        }
        if agent.prompt is not None:  # passed only when set: custom Models may lack `prompt`
            kwargs["prompt"] = await agent.get_prompt(ctx)
        # No closure here: its cells would live (GC-tracked) for every model call in flight.
        guardrails = input_guardrails_for(env, state)
        if guardrails:
            call = partial(self._traced_call, plan, input_items, settings, args, kwargs)
            response = await with_input_guardrails(env, state, guardrails, call)
        else:
            response = await self._traced_call(plan, input_items, settings, args, kwargs)
        state.record_response(response)
        if env.hooks is not None or agent.hooks is not None:
            # hooks see openai's typed output items (built only if they read them)
            await notify_hooks(env.hooks, agent, "on_llm_end", ctx, typed_response(response))
        return response

    async def _traced_call(
        self,
        plan: AgentPlan,
        input_items: list[Any],
        settings: Any,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> ModelResponse:
        """The model call inside its span: "generation" for Chat Completions models,
        "response" for the others (Responses API shape)."""
        model = plan.model
        if not self.env.tracing:
            response = _checked_response(model, await self._fetch(model, args, kwargs))
            # What prices the call when someone asks (the price is computed when read).
            response.usage._pricing = (model_name(model), self.env.run_config.price_fn)
            return response
        name = getattr(model, "model", None) or getattr(model, "name", None)
        name = name if isinstance(name, str) else type(model).__name__
        if getattr(model, "trace_span_kind", "response") == "generation":
            span: Any = self._trace.generation_span(
                input=input_items, model=name, model_config=settings.to_json_dict()
            )
        else:
            span = self._trace.response_span(input=input_items, model=name)
        # Entered and exited by hand: a `with` keeps a bound __exit__ method alive (one
        # more GC-tracked object) for every model call in flight.
        span.__enter__()
        try:
            response = _checked_response(model, await self._fetch(model, args, kwargs))
        except BaseException as error:
            span.__exit__(type(error), error, error.__traceback__)
            raise
        response.usage._pricing = (model_name(model), self.env.run_config.price_fn)
        data = span.span_data
        if data.type == "generation":
            data.output = response.output
            data.usage = usage = response.usage.to_json_dict()
            if response.usage.input_tokens or response.usage.output_tokens:
                cost = response.usage.cost_json()  # a dict span keeps its cost now
                if cost is not None:
                    usage["cost_usd"] = cost
        else:  # plain assignments: ModelResponse's fields are known, no probing needed
            data.response_id = response.response_id
            data.usage = response.usage
            data.output = response.output
        span.__exit__(None, None, None)
        return response

    def _fetch(
        self, model: Model, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Awaitable[ModelResponse]:
        """The model's response: streamed into the sink when someone listens, else whole.

        ``ModelSettings.timeout`` (``args[2]``) bounds the call, unless the model applies
        it to each request itself (the OpenAI models, so that retries see it).
        """
        if "prompt" not in kwargs and _needs_prompt(type(model)):
            kwargs = {**kwargs, "prompt": None}  # a custom Model that requires the argument
        if self.env.sink.streaming:
            return self._stream_model(model, args, kwargs)
        timeout = args[2].timeout
        if timeout is None or getattr(model, "_applies_model_timeout", False):
            return model.get_response(*args, **kwargs)
        return within_timeout(model.get_response(*args, **kwargs), timeout)

    async def _shape_input(
        self, state: RunState[Any], agent: Agent[Any], instructions: Any, items: list[Any]
    ) -> tuple[Any, list[Any]]:
        """The reasoning id policy, then RunConfig.call_model_input_filter, applied."""
        if state.reasoning_item_id_policy == "omit":
            # The run's input stays as given; what the run generated loses reasoning ids.
            start = 0
            if not state.transcript_epoch:
                start = len(state.input_items)
                env = self.env
                if env.server_managed:
                    start = max(0, start - state.server_sent_index)  # items is a suffix
            items = omit_reasoning_ids(items, start)
        if self._input_filter is not None:
            instructions, items = await filter_model_input(
                self._input_filter, agent, self.env.context_wrapper, instructions, items
            )
        return instructions, items

    def _model_input(self, state: RunState[Any]) -> tuple[list[Any], str | None]:
        env = self.env
        if not env.server_managed:
            return list(state.transcript), None
        # The server holds the conversation: send only what it has not seen.
        items = state.transcript[state.server_sent_index :]
        previous = state.last_response_id or env.previous_response_id
        return items, (None if env.conversation_id is not None else previous)

    async def _stream_model(
        self, model: Model, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> ModelResponse:
        emit = self.env.sink.emit
        completed: Any = None
        events = model.stream_response(*args, **kwargs)
        if args[2].timeout is not None:
            events = stream_within_timeout(events, args[2].timeout)
        async for event in events:
            emit(RawResponsesStreamEvent(event))
            if _get(event, "type") == "response.completed":
                completed = _get(event, "response")
        if completed is None:
            raise ModelBehaviorError("The model's stream ended without a response.completed event.")
        usage = to_raw(_get(completed, "usage"))
        response = ModelResponse(
            output=to_raw(list(_get(completed, "output") or [])),
            usage=Usage.from_wire(usage),
            response_id=_get(completed, "id"),
        )
        if args[2].preserve_raw_usage is True and isinstance(usage, dict):
            response.raw_usage = json.loads(json.dumps(usage, default=str))  # detached copy
        return response

    def mark_server_sent(self, state: RunState[Any]) -> None:
        """After recording a response: the server already has everything so far."""
        if self.env.server_managed:
            state.server_sent_index = len(state.transcript)

    # ----- tools -----------------------------------------------------------

    async def run_tools(
        self, state: RunState[Any], plan: AgentPlan, runs: list[ToolRun]
    ) -> ToolBatch:
        """Runs the calls concurrently; outputs are recorded in call order."""
        checkpoint = self.checkpoint if self.env.durable is not None else None
        return await run_tool_batch(self.env, state, plan, runs, checkpoint)

    async def answer_missing(self, state: RunState[Any], calls: list[Any]) -> list[RunItem]:
        """Records an error output for each call of a tool the agent does not offer."""
        agent, ctx = state.current_agent, self.env.context_wrapper
        outputs: list[RunItem] = []
        for call in calls:
            name, call_id = str(call.get("name")), call["call_id"]
            text = await format_tool_error(
                self.env.run_config,
                "tool_not_found",
                name,
                call_id,
                f"Tool '{name}' not found.",
                ctx,
            )
            outputs.append(ToolCallOutputItem(agent, function_output_raw(call_id, text), text))
        state.record(outputs)
        return outputs

    async def ask_tool_use_function(self, step: AskToolUseFunction) -> NextStep:
        """Runs a custom tool_use_behavior function."""
        verdict = step.function(self.env.context_wrapper, step.results)
        if inspect.isawaitable(verdict):
            verdict = await verdict
        if not hasattr(verdict, "is_final_output"):
            raise UserError(
                "A tool_use_behavior function must return ToolsToFinalOutputResult, "
                f"got {type(verdict).__name__}."
            )
        if not verdict.is_final_output:
            return RUN_AGAIN
        return FinalOutput(verdict.final_output, from_tools=True)

    async def settle_failure(
        self, state: RunState[Any], plan: AgentPlan, step: InvalidFinalOutput | Refusal
    ) -> NextStep:
        """What follows an unusable final answer: a re-ask, an error handler's output,
        another model call (a missing structured output), or the error raised."""
        error: AgentsException
        if isinstance(step, Refusal):
            kind: ErrorKind = "model_refusal"
            error = ModelRefusalError(step.refusal)
        else:
            if not step.missing and self._reask(state, step.error):
                return RUN_AGAIN
            kind = "invalid_final_output"
            error = step.error  # type: ignore[assignment]
        responses = state.model_responses[-1:]
        final = await recover(self.env, state, plan.output_schema, kind, error, responses)
        if final is not None:
            return final
        if isinstance(step, InvalidFinalOutput) and step.missing:
            return RUN_AGAIN
        raise error

    async def out_of_turns(self, state: RunState[Any], plan: AgentPlan) -> FinalOutput:
        """The run used up max_turns: the max_turns handler's output, or the error raised.

        Raises:
            MaxTurnsExceeded: no handler, or the handler returned None.
        """
        error = MaxTurnsExceeded(f"Max turns ({state.max_turns}) exceeded", run_state=state)
        responses = state.model_responses
        final = await recover(self.env, state, plan.output_schema, "max_turns", error, responses)
        if final is None:
            raise error
        return final

    def _reask(self, state: RunState[Any], error: Exception) -> bool:
        """With re-asks left (RunConfig.output_retries), tells the model what was wrong."""
        if state.output_retries_used >= self.env.run_config.output_retries:
            return False
        state.output_retries_used += 1
        state.transcript.append(
            {
                "role": "user",
                "content": (
                    f"Your last answer did not match the required output format: {error} "
                    "Answer again with only the corrected output."
                ),
            }
        )
        return True

    # ----- handoffs --------------------------------------------------------

    async def hand_off(self, state: RunState[Any], step: HandoffTo) -> list[RunItem]:
        """Invokes the handoff, records its output, applies input filters, switches agent."""
        env, source, call = self.env, state.current_agent, step.run.call
        h = step.run.handoff
        try:
            if self._trace is None:
                target = await h.on_invoke_handoff(env.context_wrapper, call.get("arguments") or "")
            else:
                with self._trace.handoff_span(from_agent=source.name, to_agent=h.agent_name):
                    target = await h.on_invoke_handoff(
                        env.context_wrapper, call.get("arguments") or ""
                    )
        except ModelBehaviorError as error:
            failed = [_error_output(source, call, f"Handoff failed: {error.message}")]
            state.record(failed)
            return failed
        output = HandoffOutputItem(
            source,
            function_output_raw(call["call_id"], json.dumps({"assistant": target.name})),
            source_agent=source,
            target_agent=target,
        )
        ignored = [
            _error_output(source, r.call, "Multiple handoffs requested; only the first was taken.")
            for r in step.ignored
        ]
        recorded: list[RunItem] = [output, *ignored]
        state.record(recorded)
        if env.hooks is not None:
            await env.hooks.on_handoff(env.context_wrapper, source, target)
        if target.hooks is not None:
            await target.hooks.on_handoff(env.context_wrapper, target, source)
        await self._filter_handoff_input(state, h)
        state.current_agent = target
        state.agent_started = False
        return recorded

    async def _filter_handoff_input(self, state: RunState[Any], h: Handoff[Any]) -> None:
        config = self.env.run_config
        input_filter = h.input_filter or config.handoff_input_filter
        if input_filter is None:
            nest = h.nest_handoff_history
            if nest if nest is not None else config.nest_handoff_history:
                if self.env.server_managed:  # the server holds the history: as the SDK
                    logger.warning(
                        "Server-managed conversations do not support nest_handoff_history "
                        "(handoff %s -> %s); the next agent continues the server's history.",
                        state.current_agent.name,
                        h.agent_name,
                    )
                    return
                self._nest_history(state, config.handoff_history_mapper)
            return
        if self.env.server_managed:
            raise UserError(
                "Server-managed conversations do not support handoff input filters: remove "
                "Handoff.input_filter / RunConfig.handoff_input_filter, or run without "
                "conversation_id, previous_response_id and auto_previous_response_id."
            )
        data = HandoffInputData(
            input_history=tuple(state.input_items),
            pre_handoff_items=tuple(state.generated_items[: state.turn_start_index]),
            new_items=tuple(state.generated_items[state.turn_start_index :]),
            run_context=self.env.context_wrapper,
        )
        filtered = input_filter(data)
        if inspect.isawaitable(filtered):
            filtered = await filtered
        if not isinstance(filtered, HandoffInputData):
            raise UserError(
                f"Handoff input filter returned {type(filtered).__name__}; "
                "it must return HandoffInputData."
            )
        history = filtered.input_history
        transcript = (
            [{"content": history, "role": "user"}] if isinstance(history, str) else list(history)
        )
        seen = filtered.new_items if filtered.input_items is None else filtered.input_items
        for item in (*filtered.pre_handoff_items, *seen):
            if item.in_transcript:
                transcript.append(item.to_input_item())
        state.replace_transcript(transcript)
        # As in the SDK, the run's input (`result.input`) becomes the filtered history.
        state.original_input = history if isinstance(history, str) else list(history)
        # As in the SDK: earlier turns' items stay in the run's record (they are recorded
        # already); this turn's become the filtered ones.
        earlier = state.generated_items[: state.turn_start_index]
        state.replace_generated(earlier, list(filtered.new_items))

    def _nest_history(self, state: RunState[Any], mapper: Any) -> None:
        """The next agent sees the conversation summarised (``nest_handoff_history``).

        As in the SDK: the history is what came before this agent took over (an
        earlier nested summary included), the items are this agent's (before
        this turn and this turn's); every item stays in ``result.new_items``.
        """
        generated, start = state.generated_items, state.turn_start_index
        begin = start
        while begin > 0 and not isinstance(generated[begin - 1], HandoffOutputItem):
            begin -= 1
        pre, new = tuple(generated[begin:start]), tuple(generated[start:])
        own = {id(item.to_input_item()) for item in (*pre, *new) if item.in_transcript}
        data = HandoffInputData(
            input_history=tuple(x for x in state.transcript if id(x) not in own),
            pre_handoff_items=pre,
            new_items=new,
            run_context=self.env.context_wrapper,
        )
        history = nest_handoff_history(data, history_mapper=mapper).input_history
        state.replace_transcript(
            [{"content": history, "role": "user"}] if isinstance(history, str) else list(history)
        )
        # As in the SDK, the run's input (`result.input`) becomes the nested summary.
        state.original_input = history if isinstance(history, str) else list(history)

    # ----- persistence -----------------------------------------------------

    async def checkpoint(self, state: RunState[Any]) -> None:
        """Saves the state to the durable store, when the run has one."""
        if self.env.durable is not None:
            await self.env.durable.save(state)

    async def end_turn(self, state: RunState[Any]) -> None:
        """A step is complete: save the session's new items, then checkpoint."""
        await save_turn(self.env, state)
        await self.checkpoint(state)

    # ----- final output ----------------------------------------------------

    async def finish(self, state: RunState[Any], output: Any, from_tools: bool = False) -> None:
        """Records the final output and runs on_agent_end hooks.

        A tool's output (``from_tools``) that an output guardrail rejects is withheld:
        the run keeps a placeholder in its place (see loop/withheld.py).
        """
        agent = state.current_agent
        try:
            await check_output(self.env, state, agent, output)
        except OutputGuardrailTripwireTriggered as tripped:
            if from_tools:  # the session and checkpoint keep the turn, data-free
                withhold_tool_outputs(self.env, state, agent, tripped)
                await self.end_turn(state)
            else:  # the user's input is kept; the rejected answer is not
                await save_input(self.env, state)
            raise
        state.finish(output)
        if self.env.hooks is not None or agent.hooks is not None:
            ctx = AgentHookContext.of(self.env.context_wrapper)
            await notify_hooks(self.env.hooks, agent, "on_agent_end", ctx, output)


def _checked_response(model: Model, response: Any) -> ModelResponse:
    """The response as the loop reads it: output items as RawItems.

    A user's own Model may build its ModelResponse from openai's typed items (as SDK
    custom models do); those are converted once here. Anything that is not a
    ModelResponse is the Model's mistake, reported with its name.
    """
    if not isinstance(response, ModelResponse):
        raise UserError(
            f"{type(model).__name__}.get_response() must return a ModelResponse, got "
            f"{type(response).__name__}."
        )
    checked = light_response(response)  # the OpenAI adapters answer with a typed view
    output = checked.output
    if not isinstance(output, list):
        raise UserError(
            f"{type(model).__name__} returned a ModelResponse whose output is a "
            f"{type(output).__name__}, not a list of output items."
        )
    for item in output:
        if type(item) is not RawItem:
            converted = to_raw(list(output))
            bad = next((x for x in converted if not isinstance(x, dict)), None)
            if bad is not None:
                raise UserError(
                    f"{type(model).__name__} returned an output item that is neither a dict "
                    f"nor an openai output item: {bad!r:.200}."
                )
            checked.output = converted
            break
    if not isinstance(checked.usage, Usage):
        checked.usage = Usage()
    return checked


def _plan_key(agent: Agent[Any], config: Any) -> tuple[Any, ...]:
    """What a static plan was built from; compared element by element with ``is``."""
    return (
        *agent.tools,
        None,
        *agent.handoffs,
        None,
        *agent.mcp_servers,
        None,
        agent.model,
        agent.model_settings,
        agent.output_type,
        config.model,
        config.model_provider,
        config.model_settings,
        config.tool_name_collision_policy,
    )


def _same_key(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _error_output(agent: Agent[Any], call: Any, message: str) -> RunItem:
    return ToolCallOutputItem(agent, function_output_raw(call["call_id"], message), message)


async def _check(predicate: Any, ctx: Any, agent: Agent[Any]) -> bool:
    if not callable(predicate):
        return bool(predicate)
    value = predicate(ctx, agent)
    if inspect.isawaitable(value):
        value = await value
    return bool(value)


def _get(obj: Any, name: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _output_schema(output_type: Any) -> AgentOutputSchemaBase | None:
    if output_type is None or output_type is str:
        return None
    if isinstance(output_type, AgentOutputSchemaBase):
        return output_type

    schema: AgentOutputSchemaBase | None = output_schema_for(output_type)
    return schema


_NEEDS_PROMPT: dict[type[Any], bool] = {}


def _needs_prompt(kind: type[Any]) -> bool:
    """Whether a Model class's get_response/stream_response require ``prompt`` (SDK
    programs' own Model subclasses declare it without a default; known once per class)."""
    known = _NEEDS_PROMPT.get(kind)
    if known is None:
        known = False
        for name in ("get_response", "stream_response"):
            try:
                parameter = inspect.signature(getattr(kind, name)).parameters.get("prompt")
            except (TypeError, ValueError, AttributeError):
                continue
            if parameter is not None and parameter.default is inspect.Parameter.empty:
                known = True
        _NEEDS_PROMPT[kind] = known
    return known

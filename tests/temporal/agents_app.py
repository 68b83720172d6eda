"""The agents, tools, scripted model and workflows the Temporal tests run.

Imported by the tests, by the worker subprocesses (worker_main.py) and, inside
the workflow sandbox, by Temporal itself. Tools append what they do to the
file named by $RUNWRIGHT_TEMPORAL_TOOL_LOG, so tests can count executions
across processes.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
from datetime import timedelta
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from runwright import Agent, RunContextWrapper, Runner, function_tool
    from runwright.items import ModelResponse
    from runwright.models.interface import Model, ModelProvider
    from runwright.temporal.workflow import run_in_workflow, wait_for_approvals
    from runwright.testing import handoff_call, message, tool_call
    from runwright.usage import Usage

LOG_ENV = "RUNWRIGHT_TEMPORAL_TOOL_LOG"


def note(text: str) -> None:
    """Appends one line to the tool log (one write, so lines from processes never mix)."""
    path = os.environ.get(LOG_ENV)
    if path:
        with open(path, "a") as f:
            f.write(f"{text} pid={os.getpid()}\n")


# ----- tools (run as activities on whichever worker picks them up) ---------------------------


@function_tool
def lookup_order(order_id: str) -> str:
    """Looks an order up.

    Args:
        order_id: The order's id.
    """
    note(f"lookup_order:{order_id}")
    return f"order {order_id}: 2 books, shipped"


@function_tool
async def add(a: int, b: int) -> int:
    """Adds two numbers."""
    note(f"add:{a}+{b}")
    return a + b


@function_tool
def refund(order_id: str) -> str:
    """Refunds an order."""
    note(f"refund:{order_id}")
    return f"refunded {order_id}"


@function_tool(needs_approval=True)
def issue_refund(order_id: str, amount: int) -> str:
    """Issues a refund (a human approves it first)."""
    note(f"issue_refund:{order_id}:{amount}")
    return f"refund of {amount} issued for {order_id}"


@function_tool
async def fast(n: int) -> str:
    """A quick step."""
    note(f"fast-start:{n}")
    note(f"fast-done:{n}")
    return f"fast {n} ok"


@function_tool
async def slow(n: int) -> str:
    """A long step (long enough to kill its worker in the middle)."""
    note(f"slow-start:{n}")
    await asyncio.sleep(2.0)
    note(f"slow-done:{n}")
    return f"slow {n} ok"


@dataclasses.dataclass
class Customer:
    name: str
    tier: str


@function_tool
def whoami(ctx: RunContextWrapper[Customer], greeting: str) -> str:
    """Greets the customer of this run (the run context reaches the tool's activity)."""
    note(f"whoami:{type(ctx.context).__name__}:{ctx.context.name}")
    return f"{greeting}, {ctx.context.name} ({ctx.context.tier})"


@function_tool(idempotent=False)
async def charge_card(amount: int) -> str:
    """Charges the card (not safe to repeat)."""
    note(f"charge-start:{amount}")
    await asyncio.sleep(2.0)
    note(f"charge-done:{amount}")
    return f"charged {amount}"


# ----- a scripted model that any worker can answer for -----------------------------------------


def _turns_so_far(items: list[Any]) -> int:
    """How many tool-calling responses the conversation holds (runs of function calls)."""
    turns, previous = 0, None
    for item in items:
        kind = item.get("type")
        if kind == "function_call" and previous != "function_call":
            turns += 1
        previous = kind
    return turns


def _calls(turn: int, *calls: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for index, call in enumerate(calls):
        call = dict(call)
        call["call_id"] = f"call_{turn}_{index}"
        out.append(call)
    return out


SCRIPTS: dict[str, list[Any]] = {
    # triage: three tools in parallel, then a handoff; specialist: a tool, then the answer.
    "triage": [
        _calls(
            0,
            tool_call("lookup_order", {"order_id": "A1"}),
            tool_call("lookup_order", {"order_id": "B2"}),
            tool_call("add", {"a": 2, "b": 3}),
        ),
        _calls(1, handoff_call("Specialist")),
    ],
    "specialist": [
        None,
        None,
        _calls(2, tool_call("refund", {"order_id": "A1"})),
        [message("Refunded A1; B2 is on its way; 2+3=5.")],
    ],
    "approval": [
        _calls(0, tool_call("issue_refund", {"order_id": "A1", "amount": 30})),
        [message("Done: the refund was issued.")],
    ],
    "context": [_calls(0, tool_call("whoami", {"greeting": "Hello"})), [message("Greeted.")]],
    "charge": [_calls(0, tool_call("charge_card", {"amount": 5})), [message("Charge attempted.")]],
    "crash": [
        _calls(
            0, tool_call("fast", {"n": 1}), tool_call("fast", {"n": 2}), tool_call("fast", {"n": 3})
        ),
        _calls(1, tool_call("slow", {"n": 4})),
        [message("All steps done.")],
    ],
}


class ConversationScript(Model):
    """Answers from a script, picking the step from the conversation itself.

    Stateless, so a retried call or a call on another worker gets the same answer.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.script = SCRIPTS[name]

    async def get_response(
        self, system_instructions: Any, input: Any, *args: Any, **kwargs: Any
    ) -> ModelResponse:
        items = [{"role": "user", "content": input}] if isinstance(input, str) else list(input)
        step = self.script[_turns_so_far(items)]
        return ModelResponse(
            output=list(step), usage=Usage(requests=1, input_tokens=10, output_tokens=5)
        )

    def stream_response(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError


class ScriptProvider(ModelProvider):
    """The worker's model provider: model names are script names."""

    def get_model(self, model_name: str | None) -> Model:
        return ConversationScript(model_name or "triage")


# ----- agents and workflows --------------------------------------------------------------------

specialist = Agent(name="Specialist", instructions="Refunds.", model="specialist", tools=[refund])
triage = Agent(
    name="Triage",
    instructions="Route the customer.",
    model="triage",
    tools=[lookup_order, add],
    handoffs=[specialist],
)
approver = Agent(
    name="Refunds", instructions="Issue refunds.", model="approval", tools=[issue_refund]
)
context_agent = Agent(name="Greeter", instructions="Greet.", model="context", tools=[whoami])
charge_agent = Agent(name="Billing", instructions="Bill.", model="charge", tools=[charge_card])
crash_agent = Agent(name="Steps", instructions="Do the steps.", model="crash", tools=[fast, slow])


@workflow.defn
class SupportWorkflow:
    @workflow.run
    async def run(self, question: str) -> dict[str, Any]:
        result = await Runner.run(triage, question)
        return {
            "final_output": result.final_output,
            "last_agent": result.last_agent.name,
            "items": [item.type for item in result.new_items],
            "requests": result.context_wrapper.usage.requests,
        }


@workflow.defn
class ApprovalWorkflow:
    @workflow.run
    async def run(self, question: str) -> str:
        result = await Runner.run(approver, question)
        while result.interruptions:
            state = await wait_for_approvals(result)
            result = await Runner.run(approver, state)
        return str(result.final_output)


@workflow.defn
class CrashWorkflow:
    @workflow.run
    async def run(self, question: str) -> str:
        result = await Runner.run(crash_agent, question)
        return str(result.final_output)


@workflow.defn
class ChargeWorkflow:
    @workflow.run
    async def run(self, question: str) -> dict[str, Any]:
        result = await Runner.run(charge_agent, question)
        outputs = [i.output for i in result.new_items if i.type == "tool_call_output_item"]
        return {"final_output": result.final_output, "outputs": outputs}


@workflow.defn
class StreamedContextWorkflow:
    @workflow.run
    async def run(self, name: str) -> dict[str, Any]:
        result = Runner.run_streamed(context_agent, "greet me", context=Customer(name, "gold"))
        events = [e.name async for e in result.stream_events() if e.type == "run_item_stream_event"]
        outputs = [i.output for i in result.new_items if i.type == "tool_call_output_item"]
        return {"events": events, "final_output": result.final_output, "outputs": outputs}


# The same workflow type with its tools run as workflow code: replaying SupportWorkflow's
# history with it must fail (fewer activities), which shows the replay check has teeth.
inline_triage = triage.clone(
    tools=[lookup_order, run_in_workflow(dataclasses.replace(add, _extra={}))]
)


@workflow.defn(name="SupportWorkflow")
class ChangedSupportWorkflow:
    @workflow.run
    async def run(self, question: str) -> dict[str, Any]:
        result = await Runner.run(inline_triage, question)
        return {"final_output": result.final_output}


@workflow.defn
class ModelObjectWorkflow:
    """Puts a Model object on an agent, which a workflow cannot call: a clear failure."""

    @workflow.run
    async def run(self, question: str) -> str:
        agent = Agent(name="Direct", model=ConversationScript("approval"))
        result = await Runner.run(agent, question)
        return str(result.final_output)


TIMEOUT = timedelta(seconds=30)

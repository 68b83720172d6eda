"""The demo's agents: a triage agent handing off to billing and technical specialists.

The tools are real: they read and update the orders database (see
:mod:`demo_data`) through the run context. ``issue_refund`` needs a human's
approval before it runs. The triage agent's input guardrail blocks requests
that have nothing to do with the shop, before any model call is made.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from runwright._agent.agent import Agent
from runwright._agent.guardrails import GuardrailFunctionOutput, InputGuardrail, input_guardrail
from runwright._cli.demo_data import (
    REFUND_POLICY,
    OrdersDB,
    refund_amount_cents,
    search_help_centre,
)
from runwright._core.context import RunContextWrapper
from runwright._core.items import TResponseInputItem
from runwright._tools.function_tool import (
    FunctionTool,
    function_tool,
)

TRIAGE, BILLING, TECHNICAL = "Triage", "Billing", "Technical"

# Words that make a message a customer-support request (or a greeting that may lead to one).
_ON_TOPIC = re.compile(
    r"\b(order|refund|charge|bill|invoice|payment|paid|deliver|ship|package|return|damaged|"
    r"broken|app|login|log in|sign in|password|crash|error|bug|account|help|support|hi|hello|"
    r"hey|again|news|status)",
    re.IGNORECASE,
)


@dataclass
class DemoContext:
    """What the demo's tools work on (the run's context object)."""

    orders: OrdersDB


@function_tool
def lookup_order(ctx: RunContextWrapper[DemoContext], order_id: int) -> str:
    """Look up an order by its number.

    Args:
        order_id: The order number, e.g. 1042.
    """
    order = ctx.context.orders.get(order_id)
    if order is None:
        return json.dumps({"error": f"no order #{order_id}"})
    return json.dumps(order.to_dict())


@function_tool
def compute_refund(ctx: RunContextWrapper[DemoContext], order_id: int, reason: str) -> str:
    """Compute the refund the shop's policy allows for an order.

    Args:
        order_id: The order number.
        reason: One of damaged, not_delivered, late, changed_mind.
    """
    order = ctx.context.orders.get(order_id)
    if order is None:
        return json.dumps({"error": f"no order #{order_id}"})
    try:
        cents = refund_amount_cents(order, reason)
    except ValueError as error:
        return json.dumps({"error": str(error)})
    share = REFUND_POLICY[reason]
    return json.dumps(
        {"order_id": order_id, "reason": reason, "share": share, "amount": cents / 100}
    )


@function_tool(needs_approval=True)
def issue_refund(ctx: RunContextWrapper[DemoContext], order_id: int, amount: float) -> str:
    """Refund money to the customer's card. A human must approve this first.

    Args:
        order_id: The order number.
        amount: The amount to refund, in dollars.
    """
    try:
        order = ctx.context.orders.refund(order_id, round(amount * 100))
    except ValueError as error:
        return json.dumps({"error": str(error)})
    return json.dumps({"refunded": amount, "order": order.to_dict()})


@function_tool
def search_help_center(query: str) -> str:
    """Search the help centre for articles about a technical problem.

    Args:
        query: The problem in a few words.
    """
    articles = search_help_centre(query)
    return json.dumps({"articles": articles or ["No article matches; escalate to a human."]})


def _last_user_text(input: str | list[TResponseInputItem]) -> str:
    if isinstance(input, str):
        return input
    for item in reversed(input):
        if item.get("role") == "user":
            content = item.get("content")
            return content if isinstance(content, str) else json.dumps(content)
    return ""


@input_guardrail(name="shop_topics_only", run_in_parallel=False)
def shop_topics_only(
    ctx: RunContextWrapper[Any], agent: Agent[Any], input: str | list[TResponseInputItem]
) -> GuardrailFunctionOutput:
    """Trips on requests unrelated to the shop (checked before the model is called)."""
    text = _last_user_text(input)
    on_topic = bool(_ON_TOPIC.search(text))
    reason = "about the shop" if on_topic else "not about orders, billing or the app"
    return GuardrailFunctionOutput(output_info={"reason": reason}, tripwire_triggered=not on_topic)


def build_agents(models: dict[str, Any] | None = None) -> Agent[DemoContext]:
    """The triage agent, with the specialists as its handoffs.

    Args:
        models: A Model (or model name) per agent name; agents without one use
            the run's model.
    """
    models = models or {}
    billing = Agent[DemoContext](
        name=BILLING,
        handoff_description="Orders, charges and refunds.",
        instructions=(
            "You are the shop's billing specialist. Look orders up before answering. For a "
            "refund: compute it with compute_refund (reasons: damaged, not_delivered, late, "
            "changed_mind), then call issue_refund with that amount. Be brief and friendly."
        ),
        tools=_tools(lookup_order, compute_refund, issue_refund),
        model=models.get(BILLING),
    )
    technical = Agent[DemoContext](
        name=TECHNICAL,
        handoff_description="Problems with the app, the website or signing in.",
        instructions=(
            "You are the shop's technical specialist. Search the help centre, then give the "
            "customer the fix in two or three short sentences."
        ),
        tools=_tools(search_help_center),
        model=models.get(TECHNICAL),
    )
    return Agent[DemoContext](
        name=TRIAGE,
        instructions=(
            "You are the front desk of an online shop. Hand billing questions (orders, "
            "charges, refunds) to Billing and app or sign-in problems to Technical. Greet "
            "returning customers by name when the conversation history tells you who they are."
        ),
        handoffs=[billing, technical],
        input_guardrails=_guardrails(shop_topics_only),
        model=models.get(TRIAGE),
    )


def _tools(*tools: FunctionTool) -> list[FunctionTool]:
    return list(tools)


def _guardrails(*guardrails: InputGuardrail[Any]) -> list[Any]:
    return list(guardrails)

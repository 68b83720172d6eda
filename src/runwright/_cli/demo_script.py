"""The embedded default model of ``runwright demo``: scripted choices, real everything else.

With no model configured, each demo agent runs on a :class:`ScriptedModel`
whose every step is a function of the model call: it reads the conversation
it is given (``call.input``) and answers the way a capable model would —
hand off, call a tool, or reply. The runtime around it is the real one: the
handoffs, the tools and their database, the guardrail, the approval, the
session that feeds the history back in, and the trace.
"""

from __future__ import annotations

import json
import re
from typing import Any

from runwright._cli.demo_agents import BILLING, TECHNICAL, TRIAGE
from runwright._core.items import TResponseInputItem
from runwright._models.scripted import ModelCall, ScriptedModel, handoff_call, message, tool_call

# Plenty for one demo invocation; what is left is cleared when the demo ends.
_STEPS_PER_AGENT = 40
_NAME = re.compile(r"\bI'?m ([A-Z][a-z]+)")
_ORDER = re.compile(r"#?\b(\d{4})\b")
_FOLLOW_UP = re.compile(r"\b(again|news|status|update)\b", re.IGNORECASE)


def scripted_models(*, delay: float = 0.35, event_delay: float = 0.012) -> dict[str, Any]:
    """A ScriptedModel per demo agent (``delay``: simulated seconds before each answer)."""
    policies = {TRIAGE: triage_step, BILLING: billing_step, TECHNICAL: technical_step}
    return {
        name: ScriptedModel(
            [policy] * _STEPS_PER_AGENT,
            delay=delay,
            event_delay=event_delay,
            chunk_size=6,
            usage="estimate",
            name=f"scripted-{name.lower()}",
        )
        for name, policy in policies.items()
    }


# ----- reading the conversation -------------------------------------------------


def _user_texts(items: list[TResponseInputItem]) -> list[str]:
    return [
        item["content"]
        for item in items
        if item.get("role") == "user" and isinstance(item.get("content"), str)
    ]


def _this_turn(items: list[TResponseInputItem]) -> list[TResponseInputItem]:
    """The items after the last user message: what happened since the customer spoke."""
    for index in range(len(items) - 1, -1, -1):
        if items[index].get("role") == "user":
            return items[index + 1 :]
    return list(items)


def _tool_outputs(items: list[TResponseInputItem]) -> dict[str, str]:
    """Output of each tool called in this turn, by tool name."""
    names = {i.get("call_id"): i.get("name") for i in items if i.get("type") == "function_call"}
    return {
        str(names.get(i.get("call_id"))): str(i.get("output"))
        for i in items
        if i.get("type") == "function_call_output"
    }


def _order_id(items: list[TResponseInputItem]) -> int | None:
    for text in reversed(_user_texts(items)):
        match = _ORDER.search(text)
        if match:
            return int(match.group(1))
    return None


def _json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# ----- the agents' choices -----------------------------------------------------


def triage_step(call: ModelCall) -> Any:
    """Greets returning customers from the session history; routes to a specialist."""
    text = call.last_user_text or ""
    if _FOLLOW_UP.search(text):
        return [message(_welcome(call.input)), handoff_call(BILLING)]
    # App problems first: "the app crashes on my order history" is not a billing question.
    if re.search(r"\b(app|crash\w*|login|log in|password|bug)\b", text, re.IGNORECASE):
        return handoff_call(TECHNICAL)
    if re.search(r"refund|order|charge|bill|invoice|payment", text, re.IGNORECASE):
        return handoff_call(BILLING)
    return "I can help with orders, billing and our app. What do you need?"


def _welcome(items: list[TResponseInputItem]) -> str:
    earlier = _user_texts(items)[:-1]  # the history the session loaded, without today's message
    names = [m.group(1) for m in map(_NAME.search, earlier) if m]
    if not names:
        return "Hello! I don't see an earlier conversation with you; let me ask Billing."
    order = _order_id(items[: _last_user_index(items)])
    about = f" Last time we talked about order #{order}." if order else ""
    return f"Welcome back, {names[-1]}!{about} Let me check with Billing."


def _last_user_index(items: list[TResponseInputItem]) -> int:
    return max((i for i, item in enumerate(items) if item.get("role") == "user"), default=0)


def billing_step(call: ModelCall) -> Any:
    """Looks the order up; computes, issues (with approval) and reports a refund."""
    order_id = _order_id(call.input)
    if order_id is None:
        return "Could you tell me your order number? It starts with #10."
    done = _tool_outputs(_this_turn(call.input))
    if "lookup_order" not in done:
        return tool_call("lookup_order", {"order_id": order_id})
    order = _json(done["lookup_order"])
    if "error" in order:
        return f"I couldn't find that order ({order['error']}). Could you check the number?"
    text = call.last_user_text or ""
    if _FOLLOW_UP.search(text) or "refund" not in text.lower():
        return _order_status(order)
    if "compute_refund" not in done:
        reason = "damaged" if re.search(r"damaged|broken", text, re.IGNORECASE) else "changed_mind"
        return tool_call("compute_refund", {"order_id": order_id, "reason": reason})
    quote = _json(done["compute_refund"])
    if "issue_refund" not in done:
        return tool_call("issue_refund", {"order_id": order_id, "amount": quote.get("amount", 0)})
    return _refund_outcome(order_id, done["issue_refund"])


def _order_status(order: dict[str, Any]) -> str:
    if order.get("status") == "refunded":
        return (
            f"Order #{order['id']} ({order['item']}) is refunded: ${order['refunded']:.2f} is on "
            "its way back to your card."
        )
    return f"Order #{order['id']} ({order['item']}) is {order.get('status')}."


def _refund_outcome(order_id: int, output: str) -> str:
    result = _json(output)
    if "refunded" in result:
        return (
            f"Done! I've refunded ${result['refunded']:.2f} for order #{order_id}. It will be "
            "back on your card in 3-5 business days."
        )
    if "error" in result:
        return f"I couldn't issue the refund: {result['error']}."
    return (
        f"The refund for order #{order_id} was not approved, so I haven't issued it. "
        "A teammate will review it and get back to you."
    )


def technical_step(call: ModelCall) -> Any:
    """Searches the help centre, then answers with the best article."""
    done = _tool_outputs(_this_turn(call.input))
    if "search_help_center" not in done:
        return tool_call("search_help_center", {"query": call.last_user_text or ""})
    articles = _json(done["search_help_center"]).get("articles") or []
    best = articles[0] if articles else "I couldn't find an article about that."
    return f"That's a known issue. {best}"

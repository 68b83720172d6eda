"""``agents.extensions`` of the OpenAI Agents SDK: handoff filters and the handoff prompt."""

__all__: list[str] = []

"""What an agent is made of: the Agent, agents as tools, handoffs, guardrails, output types."""

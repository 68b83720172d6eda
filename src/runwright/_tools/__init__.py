"""Tools the model can call: function tools, their schemas, context, guardrails, hosted tools."""

"""Model ports (interface) and adapters (OpenAI Responses, Chat Completions, scripted)."""

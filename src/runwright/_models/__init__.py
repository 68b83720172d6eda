"""Models: the Model/ModelProvider ports, OpenAI adapters, retries, fallback, the scripted model."""

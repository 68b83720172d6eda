"""Agent runs on Temporal: the plugin, the workflow-side runner, model and tool activities."""

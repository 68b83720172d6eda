"""Synthetic healthcare support sandbox example."""

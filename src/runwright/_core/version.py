"""The runwright version (the SDK has ``agents.version``)."""

__version__ = "0.1.0"

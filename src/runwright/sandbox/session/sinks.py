"""Sinks for sandbox session events.

Public face: the code lives in runwright/_sandbox/events.py.
"""

from __future__ import annotations

from runwright._sandbox.events import (
    CallbackSink,
    ChainedSink,
    EventSink,
    HttpProxySink,
    JsonlOutboxSink,
    WorkspaceJsonlSink,
    event_to_json_line,
)

__all__ = [
    "CallbackSink",
    "ChainedSink",
    "EventSink",
    "HttpProxySink",
    "JsonlOutboxSink",
    "WorkspaceJsonlSink",
    "event_to_json_line",
]

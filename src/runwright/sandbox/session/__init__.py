"""Sandbox sessions: the session API, its state, clients, dependencies, events and sinks.

Public face: the code lives in runwright/_sandbox/sandbox_client.py,
runwright/_sandbox/session.py, runwright/_sandbox/events.py,
runwright/_sandbox/dependencies.py, runwright/_sandbox/types.py.
"""

from __future__ import annotations

from runwright._sandbox.dependencies import (
    Dependencies,
    DependenciesBindingError,
    DependenciesError,
    DependenciesMissingDependencyError,
    DependencyKey,
)
from runwright._sandbox.events import (
    CallbackSink,
    ChainedSink,
    EventPayloadPolicy,
    EventSink,
    HttpProxySink,
    Instrumentation,
    JsonlOutboxSink,
    SandboxSessionEvent,
    SandboxSessionFinishEvent,
    SandboxSessionStartEvent,
    WorkspaceJsonlSink,
    event_to_json_line,
    validate_sandbox_session_event,
)
from runwright._sandbox.sandbox_client import (
    BaseSandboxClient,
    BaseSandboxClientOptions,
    ClientOptionsT,
)
from runwright._sandbox.session import (
    BaseSandboxSession,
    SandboxSession,
    SandboxSessionState,
)
from runwright._sandbox.types import (
    ExposedPortEndpoint,
)

__all__ = [
    "BaseSandboxClient",
    "BaseSandboxClientOptions",
    "ClientOptionsT",
    "BaseSandboxSession",
    "SandboxSession",
    "SandboxSessionState",
    "CallbackSink",
    "ChainedSink",
    "EventPayloadPolicy",
    "EventSink",
    "HttpProxySink",
    "Instrumentation",
    "JsonlOutboxSink",
    "SandboxSessionEvent",
    "SandboxSessionFinishEvent",
    "SandboxSessionStartEvent",
    "WorkspaceJsonlSink",
    "event_to_json_line",
    "validate_sandbox_session_event",
    "Dependencies",
    "DependenciesBindingError",
    "DependenciesError",
    "DependenciesMissingDependencyError",
    "DependencyKey",
    "ExposedPortEndpoint",
]

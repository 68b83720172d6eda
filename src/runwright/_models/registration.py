"""Agent registration with OpenAI: the *harness id* a run's traces carry.

A harness id names the program (the "agent harness") that drives the model. It
is taken, in order, from the run's model provider (``OpenAIProvider(agent_registration=...)``
or ``MultiProvider(openai_agent_registration=...)``), from
:func:`set_default_openai_agent_registration` / :func:`set_default_openai_harness`,
then from the ``OPENAI_AGENT_HARNESS_ID`` environment variable. A run whose
provider is an OpenAI one records it in its trace metadata under
``"agent_harness_id"`` (unless the metadata already has that key).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from runwright._core.exceptions import UserError

HARNESS_ID_ENV = "OPENAI_AGENT_HARNESS_ID"
HARNESS_ID_METADATA_KEY = "agent_harness_id"


@dataclass(frozen=True)
class OpenAIAgentRegistrationConfig:
    """How runs register with OpenAI: ``harness_id`` (None: the default, then the
    ``OPENAI_AGENT_HARNESS_ID`` environment variable)."""

    harness_id: str | None

    def __post_init__(self) -> None:
        if self.harness_id is not None and not isinstance(self.harness_id, str):
            raise UserError(
                "OpenAIAgentRegistrationConfig(harness_id=...) must be a string or None, "
                f"got {type(self.harness_id).__name__}."
            )


_default: list[OpenAIAgentRegistrationConfig | None] = [None]


def coerce_registration(config: Any) -> OpenAIAgentRegistrationConfig | None:
    """``config`` as an OpenAIAgentRegistrationConfig (a dict with ``harness_id`` works too)."""
    if config is None or isinstance(config, OpenAIAgentRegistrationConfig):
        return config
    if isinstance(config, Mapping):
        unknown = sorted(str(k) for k in config if k != "harness_id")
        if unknown:
            raise UserError(
                f"Unknown OpenAI agent registration settings: {', '.join(unknown)} "
                "(the only one is 'harness_id')."
            )
        return OpenAIAgentRegistrationConfig(harness_id=config.get("harness_id"))
    raise UserError(
        "An OpenAI agent registration must be an OpenAIAgentRegistrationConfig, a dict or "
        f"None, got {type(config).__name__}."
    )


def set_default_openai_agent_registration(
    config: OpenAIAgentRegistrationConfig | dict[str, Any] | None,
) -> None:
    """The registration OpenAI providers use when given none (None: clear it, so the
    ``OPENAI_AGENT_HARNESS_ID`` environment variable applies)."""
    _default[0] = coerce_registration(config)


def set_default_openai_harness(harness_id: str | None) -> None:
    """Shorthand for ``set_default_openai_agent_registration(
    OpenAIAgentRegistrationConfig(harness_id=harness_id))``; None clears the default."""
    set_default_openai_agent_registration(
        None if harness_id is None else OpenAIAgentRegistrationConfig(harness_id=harness_id)
    )


def get_default_openai_agent_registration() -> OpenAIAgentRegistrationConfig | None:
    """The registration set with :func:`set_default_openai_agent_registration` (or None)."""
    return _default[0]


def _clean(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


# Every traced run asks for the variable: a missing key is answered from the environ's own
# table, without the KeyError that os.environ.get raises and catches (CPython; else .get).
_ENV_TABLE: Any = getattr(os.environ, "_data", None)
_ENV_KEY: Any = os.environ.encodekey(HARNESS_ID_ENV) if hasattr(os.environ, "encodekey") else None


def _env_harness_id() -> str | None:
    if _ENV_TABLE is not None and _ENV_KEY is not None and _ENV_KEY not in _ENV_TABLE:
        return None
    return os.environ.get(HARNESS_ID_ENV)


def resolve_harness_id(config: OpenAIAgentRegistrationConfig | None = None) -> str | None:
    """The harness id from ``config``, else the default, else the environment."""
    default = _default[0]
    for candidate in (
        config.harness_id if config is not None else None,
        default.harness_id if default is not None else None,
    ):
        found = _clean(candidate)
        if found is not None:
            return found
    return _clean(_env_harness_id())


def harness_id_for_provider(provider: Any) -> str | None:
    """The harness id a run with ``provider`` (None: the default provider) records.

    Only OpenAI providers carry one: the default provider, :class:`OpenAIProvider`,
    and :class:`MultiProvider` (through its OpenAI provider).
    """
    if provider is None:
        return resolve_harness_id()
    seen = 0
    while provider is not None and seen < 4:  # MultiProvider -> its OpenAIProvider
        registration = getattr(provider, "agent_registration", None)
        if isinstance(registration, OpenAIAgentRegistrationConfig):
            return resolve_harness_id(registration)
        if getattr(provider, "_openai_registration_aware", False):
            return resolve_harness_id()
        provider = getattr(provider, "openai_provider", None)
        seen += 1
    return None


def with_harness_metadata(metadata: dict[str, Any] | None, provider: Any) -> dict[str, Any] | None:
    """``metadata`` with the provider's harness id added (the same dict when there is none
    or the key is already set)."""
    if (  # the usual case, checked first: nothing configured anywhere
        provider is None
        and _default[0] is None
        and _ENV_TABLE is not None
        and _ENV_KEY is not None
        and _ENV_KEY not in _ENV_TABLE
    ):
        return metadata
    if metadata is not None and HARNESS_ID_METADATA_KEY in metadata:
        return metadata
    harness_id = harness_id_for_provider(provider)
    if harness_id is None:
        return metadata
    return {**(metadata or {}), HARNESS_ID_METADATA_KEY: harness_id}

"""Runs that share one warm Responses websocket: :func:`responses_websocket_session`.

``async with responses_websocket_session() as ws:`` makes a :class:`MultiProvider`
whose OpenAI provider uses the websocket transport, and a RunConfig with it;
``ws.run(agent, input)`` / ``ws.run_streamed(...)`` are ``Runner.run`` /
``Runner.run_streamed`` with that RunConfig, so every turn of every run (agents
used as tools included, as they inherit the RunConfig) reuses the same
connection per model. Leaving the block closes the connections.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runwright._core.config import RunConfig
from runwright._core.exceptions import UserError
from runwright._loop.runner import Runner

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._loop.result import RunResult, RunResultStreaming
    from runwright._models.openai_ws import OpenAIResponsesWebSocketOptions
    from runwright._models.provider import MultiProvider, OpenAIProvider


@dataclass(frozen=True)
class ResponsesWebSocketSession:
    """Runs pinned to one websocket-capable OpenAI provider.

    ``run_config.model_provider`` must be a :class:`MultiProvider` whose
    ``openai_provider`` is ``provider``.
    """

    provider: OpenAIProvider
    run_config: RunConfig

    def __post_init__(self) -> None:
        if isinstance(self.run_config, Mapping):
            object.__setattr__(self, "run_config", RunConfig(**self.run_config))
        if not isinstance(self.run_config, RunConfig):
            raise UserError(
                "ResponsesWebSocketSession(run_config=...) must be a RunConfig or a dict, "
                f"got {type(self.run_config).__name__}."
            )
        self._multi_provider()

    def _multi_provider(self) -> MultiProvider:
        provider: Any = self.run_config.model_provider
        # a MultiProvider, known by its OpenAI provider (the provider module loads lazily)
        if not hasattr(provider, "openai_provider") or not hasattr(provider, "aclose"):
            raise UserError(
                "ResponsesWebSocketSession.run_config.model_provider must be a MultiProvider."
            )
        if provider.openai_provider is not self.provider:
            raise UserError(
                "ResponsesWebSocketSession: provider is not the OpenAI provider of "
                "run_config.model_provider."
            )
        multi: MultiProvider = provider
        return multi

    def _runner_kwargs(self, method: str, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        self._multi_provider()
        if "run_config" in kwargs:
            raise UserError(
                f"ResponsesWebSocketSession.{method}() takes no run_config: the session's "
                "own is used."
            )
        return {**kwargs, "run_config": self.run_config}

    async def run(self, starting_agent: Agent[Any], input: Any, **kwargs: Any) -> RunResult:
        """``Runner.run`` with the session's RunConfig."""
        return await Runner.run(starting_agent, input, **self._runner_kwargs("run", kwargs))

    def run_streamed(
        self, starting_agent: Agent[Any], input: Any, **kwargs: Any
    ) -> RunResultStreaming:
        """``Runner.run_streamed`` with the session's RunConfig."""
        return Runner.run_streamed(
            starting_agent, input, **self._runner_kwargs("run_streamed", kwargs)
        )

    async def aclose(self) -> None:
        """Closes the providers' websocket connections."""
        await self._multi_provider().aclose()


@asynccontextmanager
async def responses_websocket_session(
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    websocket_base_url: str | None = None,
    organization: str | None = None,
    project: str | None = None,
    openai_prefix_mode: str = "alias",
    unknown_prefix_mode: str = "error",
    responses_websocket_options: OpenAIResponsesWebSocketOptions | None = None,
) -> AsyncIterator[ResponsesWebSocketSession]:
    """A :class:`ResponsesWebSocketSession` whose connections close when the block ends.

    ``openai_prefix_mode`` / ``unknown_prefix_mode`` are passed to the MultiProvider
    when it knows them; with one that does not, only their defaults are accepted.
    Finish (or close) streamed runs before the block ends: a request still in flight
    then loses its connection.
    """
    extra: dict[str, Any] = {}
    for name, value, default in (
        ("openai_prefix_mode", openai_prefix_mode, "alias"),
        ("unknown_prefix_mode", unknown_prefix_mode, "error"),
    ):
        if value != default:
            extra[name] = value
    # the providers load with the first session, not with `import runwright`
    from runwright._models.provider import MultiProvider

    try:
        provider = MultiProvider(
            openai_api_key=api_key,
            openai_base_url=base_url,
            openai_websocket_base_url=websocket_base_url,
            openai_organization=organization,
            openai_project=project,
            openai_use_responses=True,
            openai_use_responses_websocket=True,
            openai_responses_websocket_options=responses_websocket_options,
            **extra,
        )
    except TypeError as error:
        raise UserError(f"responses_websocket_session(): {error}") from None
    session = ResponsesWebSocketSession(
        provider=provider.openai_provider, run_config=RunConfig(model_provider=provider)
    )
    try:
        yield session
    finally:
        await session.aclose()

"""Model ports (interface) and adapters (OpenAI Responses, Chat Completions, scripted)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .interface import ModelProvider

_default_provider: ModelProvider | None = None


def default_model_provider() -> ModelProvider:
    """The provider that resolves model names when RunConfig names none.

    Created on first use (it imports the ``openai`` client lazily).
    """
    global _default_provider
    if _default_provider is None:
        from .provider import MultiProvider  # type: ignore[import-not-found,unused-ignore]

        _default_provider = MultiProvider()
    return _default_provider

"""The process-wide default model provider, made on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runwright._models.interface import ModelProvider

_default_provider: ModelProvider | None = None


def default_model_provider() -> ModelProvider:
    """The provider that resolves model names when RunConfig names none.

    Created on first use (it imports the ``openai`` client lazily).
    """
    global _default_provider
    if _default_provider is None:
        # the provider and its converters load at the first model call, not at import
        from runwright._models.provider import MultiProvider

        _default_provider = MultiProvider()
    return _default_provider

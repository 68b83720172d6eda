"""AnyLLMModel and AnyLLMProvider: models through any-llm (``pip install runwright[any-llm]``).

any-llm (``any-llm-sdk``) calls each vendor's own client behind one Chat Completions
interface. Model names are ``"<provider>/<model>"`` (``"openai/gpt-4.1"``,
``"mistral/mistral-small-latest"``). Requests and answers go through the same Chat
Completions conversion as :class:`LitellmModel`; ``any_llm`` is imported on the first
model call. This version uses any-llm's Chat Completions route only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal

from runwright._core.default_models import get_default_model
from runwright._core.exceptions import UserError
from runwright._models.interface import Model, ModelProvider
from runwright._models.litellm_model import LitellmModel

AnyLLMApi = Literal["responses", "chat_completions"]

DEFAULT_MODEL: str = f"openai/{get_default_model()}"
"""Kept for the SDK's form; ``openai/`` plus :func:`get_default_model` is the default."""


def _any_llm() -> Any:
    try:
        import any_llm
    except ImportError as exc:
        raise UserError(
            "AnyLLMModel needs the 'any-llm-sdk' package (Python 3.11+): "
            "pip install runwright[any-llm]"
        ) from exc
    return any_llm


class AnyLLMModel(LitellmModel):
    """A model reached through any-llm's ``acompletion``.

    Args:
        model: ``"<provider>/<model>"``, e.g. ``"openai/gpt-4.1"``.
        base_url: The provider's base URL (any-llm's ``api_base``); ``None``: its own.
        api_key: The key; ``None``: any-llm reads the provider's environment variable.
        api: ``"chat_completions"`` (used when ``None``); ``"responses"`` is not
            supported by runwright's AnyLLMModel yet (a UserError says so).

    Raises:
        UserError: the name has no ``provider/`` part, or ``api`` is not valid.
    """

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        api: AnyLLMApi | None = None,
    ) -> None:
        if api not in (None, "responses", "chat_completions"):
            raise UserError(
                f"AnyLLMModel(api={api!r}): use None, 'responses' or 'chat_completions'"
            )
        if api == "responses":
            raise UserError(
                "AnyLLMModel(api='responses') is not supported by runwright yet: use "
                "api='chat_completions' (or None), or an OpenAI Responses model"
            )
        if not isinstance(model, str) or "/" not in model.strip("/"):
            raise UserError(
                f"AnyLLMModel(model={model!r}): write it as '<provider>/<model>', "
                "e.g. 'openai/gpt-4.1'"
            )
        super().__init__(model, base_url=base_url, api_key=api_key)
        self.api: AnyLLMApi | None = api
        self._provider_name, self._provider_model = model.split("/", 1)

    def __repr__(self) -> str:
        return f"AnyLLMModel({self.model!r})"

    def _where(self) -> str:
        return f"{self.base_url or 'any-llm'} (model {self.model!r})"

    def _sender(self) -> Callable[[dict[str, Any]], Awaitable[Any]]:
        any_llm = _any_llm()
        provider, name = self._provider_name, self._provider_model

        def send(kwargs: dict[str, Any]) -> Awaitable[Any]:
            call = dict(kwargs)
            call["model"] = name
            if "base_url" in call:
                call["api_base"] = call.pop("base_url")
            return any_llm.acompletion(provider=provider, **call)  # type: ignore[no-any-return]

        return send


class AnyLLMProvider(ModelProvider):
    """Gives an :class:`AnyLLMModel` for ``"<provider>/<model>"`` names.

    Args:
        api_key: The key for every model (``None``: the providers' environment variables).
        base_url: The base URL for every model.
        api: As for :class:`AnyLLMModel`.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        api: AnyLLMApi | None = None,
    ) -> None:
        self.api_key = api_key
        self.base_url = base_url
        self.api = api

    def get_model(self, model_name: str | None) -> Model:
        return AnyLLMModel(
            model=model_name or f"openai/{get_default_model()}",
            api_key=self.api_key,
            base_url=self.base_url,
            api=self.api,
        )

"""Falling back from the Responses API to Chat Completions, per server.

A bare model name uses the Responses API, as in the OpenAI Agents SDK. Many
OpenAI-compatible servers (older vLLM, llama.cpp, Ollama, ...) have no
``/responses`` endpoint and answer it with 404 or 405. When a model whose API
was *chosen by default* gets such an answer, the server's base URL is
remembered here and that call, and every later one to the same base URL, goes
through Chat Completions instead; a log line says so once.

The registry is process-wide and documented (a set of base URLs); it only ever
grows, and :func:`forget_chat_only_servers` clears it (tests).
"""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from runwright._models.retry import status_of

logger = logging.getLogger("runwright")

_CHAT_ONLY: set[str] = set()
_NO_ENDPOINT = frozenset({404, 405})


def base_url_of(client: object) -> str:
    """The client's base URL as a string ('' if it has none)."""
    return str(getattr(client, "base_url", "") or "").rstrip("/")


def is_chat_only(base_url: str) -> bool:
    """Whether ``base_url`` is known to have no Responses endpoint."""
    return base_url in _CHAT_ONLY


def _is_openai(base_url: str) -> bool:
    host = urlparse(base_url).hostname or ""
    return host == "api.openai.com" or host.endswith(".api.openai.com")


def lacks_responses_endpoint(error: BaseException, base_url: str) -> bool:
    """Whether ``error`` says the server at ``base_url`` has no ``/responses`` endpoint.

    OpenAI itself answers 404 for an unknown model too, so its hosts never fall
    back, nor does any 404 whose error code is ``model_not_found``.
    """
    if status_of(error) not in _NO_ENDPOINT or _is_openai(base_url):
        return False
    return getattr(error, "code", None) != "model_not_found"


def remember_chat_only(base_url: str, status: int | None) -> None:
    """Records that ``base_url`` has no Responses endpoint (logged the first time)."""
    if base_url not in _CHAT_ONLY:
        _CHAT_ONLY.add(base_url)
        logger.warning(
            "%s answered POST /responses with HTTP %s: using the Chat Completions API for "
            "this server from now on (force one API with a 'responses/' or 'chat/' model "
            "prefix, or set_default_openai_api).",
            base_url or "The server",
            status,
        )


def forget_chat_only_servers() -> None:
    """Clears the registry (every server is tried with the Responses API again)."""
    _CHAT_ONLY.clear()

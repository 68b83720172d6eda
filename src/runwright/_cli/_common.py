"""What every command shares: the user-error type, the console, model configuration.

A :class:`CliError` is a mistake the user can fix (a bad flag, an unreachable
server, an unknown trace id): ``main()`` prints its message as one line on
stderr and exits with status 2, never with a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runwright._core.config import RunConfig
from runwright._models.retry import RetrySettings

if TYPE_CHECKING:
    from rich.console import Console

EXIT_USAGE = 2
DEFAULT_OPENAI_MODEL = "gpt-4.1-mini"


class CliError(Exception):
    """A user error: printed as one line on stderr, exit status 2."""


def make_console() -> Console:
    """A rich console on stdout (colours and spinners only on a terminal)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/runwright``, else ``~/.local/share/runwright``."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join("~", ".local", "share")
    return Path(base).expanduser() / "runwright"


@dataclass(frozen=True)
class ModelChoice:
    """Which model a command runs on, from flags and environment.

    ``configured`` is False when neither a key, a base URL nor a model name was
    given: the caller decides what that means (the demo plays its script, chat
    refuses unless the agent brings its own Model object).
    """

    model: str | None
    base_url: str | None
    api_key: str | None

    @property
    def configured(self) -> bool:
        return bool(self.api_key or self.base_url or self.model)

    def describe(self) -> str:
        """A short human description, e.g. ``gpt-4.1-mini at http://127.0.0.1:8000/v1``."""
        where = self.base_url or "api.openai.com"
        return f"{self.model or DEFAULT_OPENAI_MODEL} at {where}"

    def run_config(self, **fields: Any) -> RunConfig:
        """A RunConfig routing every agent to this model (extra RunConfig ``fields`` too)."""
        # the model provider (and the openai client) loads only for commands that call a model
        from runwright._models.provider import OpenAIProvider

        # One retry only: a CLI user waiting on an unreachable server wants the error soon.
        provider = OpenAIProvider(
            api_key=self.api_key, base_url=self.base_url, retry=RetrySettings(max_attempts=2)
        )
        return RunConfig(
            model=self.model or DEFAULT_OPENAI_MODEL, model_provider=provider, **fields
        )


def model_choice(model: str | None, base_url: str | None) -> ModelChoice:
    """The model selected by ``--model`` / ``--base-url`` and OPENAI_* variables."""
    return ModelChoice(
        model=model or None,
        base_url=base_url or os.environ.get("OPENAI_BASE_URL") or None,
        api_key=os.environ.get("OPENAI_API_KEY") or None,
    )


def describe_model_error(error: BaseException, choice: ModelChoice | None) -> str | None:
    """One line for a model-side failure the user can act on, or None if it is a bug.

    Looks at the exception chain by class name so the ``openai`` package does not
    have to be imported to recognise its errors.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    where = f" ({choice.describe()})" if choice is not None else ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = type(current).__name__
        if name in ("APIConnectionError", "APITimeoutError", "ConnectError", "ConnectTimeout"):
            return f"cannot reach the model server{where}: {_short(current)}"
        if name in ("AuthenticationError", "PermissionDeniedError"):
            return f"the model server refused the API key{where}: {_short(current)}"
        if name in ("NotFoundError", "BadRequestError") and type(current).__module__.startswith(
            "openai"
        ):
            return f"the model server rejected the request{where}: {_short(current)}"
        current = current.__cause__ or current.__context__
    return None


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 200 else text[:197] + "..."


def shorten(text: str, limit: int = 120) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def format_usd(cost: float) -> str:
    """A cost in US dollars, with enough digits for fractions of a cent."""
    if cost >= 1:
        return f"${cost:.2f}"
    whole, _, cents = f"{cost:.6f}".rstrip("0").partition(".")
    return f"${whole}.{cents.ljust(2, '0')}"

"""Output schemas: how an agent's ``output_type`` is described to the model and validated."""

from __future__ import annotations

import abc
from typing import Any


class AgentOutputSchemaBase(abc.ABC):
    """Describes and validates an agent's final output."""

    @abc.abstractmethod
    def is_plain_text(self) -> bool:
        """True when the output is plain text (no JSON schema is sent)."""

    @abc.abstractmethod
    def name(self) -> str:
        """A name for the output type (used as the JSON schema's name on the wire)."""

    @abc.abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """The JSON schema the model's output must match."""

    @abc.abstractmethod
    def is_strict_json_schema(self) -> bool:
        """Whether the schema is in strict mode (additionalProperties false, all required)."""

    @abc.abstractmethod
    def validate_json(self, json_str: str) -> Any:
        """Parses and validates the model's text; raises ModelBehaviorError when invalid."""

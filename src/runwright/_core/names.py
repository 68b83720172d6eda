"""Names the model sees, derived from names people write (as the OpenAI Agents SDK derives them)."""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s")
_NOT_WORD = re.compile(r"[^a-zA-Z0-9_]")


def function_style_name(name: str) -> str:
    """``name`` as a function-style tool name: whitespace and every character other than
    ASCII letters, digits and ``_`` become ``_``, then lower case ("FAQ-bot" → "faq_bot")."""
    return _NOT_WORD.sub("_", _WHITESPACE.sub("_", name)).lower()

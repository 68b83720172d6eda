"""Module ``__getattr__`` for public faces whose names load a heavier module on first access."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module


def forward_lazy(face: str, homes: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``face``: each name in ``homes`` is imported from its
    home module when first asked for, and kept on the face.

    The home module imports the heavy dependency (sqlite3, opentelemetry, a database
    client, the openai client), so ``import runwright.<face>`` stays light.
    """
    table = dict(homes)

    def __getattr__(name: str) -> object:
        home = table.get(name)
        if home is None:
            raise AttributeError(f"module {face!r} has no attribute {name!r}")
        value = getattr(import_module(home), name)
        import_module(face).__dict__[name] = value
        return value

    return __getattr__

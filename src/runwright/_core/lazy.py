"""Module ``__getattr__`` for public faces whose names load a heavier module on first access."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module


def forward_lazy(face: str, room: str, names: Iterable[str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``face``: ``names`` come from ``room`` when first asked for.

    The room imports the heavy module (sqlite3, opentelemetry, a database client) in its
    own ``__getattr__``; the face keeps ``import runwright.<face>`` as light as the room.
    """
    lazy = frozenset(names)

    def __getattr__(name: str) -> object:
        if name not in lazy:
            raise AttributeError(f"module {face!r} has no attribute {name!r}")
        return getattr(import_module(room), name)

    return __getattr__

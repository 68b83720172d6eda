"""Dependencies: named values and factories a session's helpers look up (e.g. the
client a RemoteSnapshot uploads through)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

DependencyKey = str
"""The name a dependency is bound under."""


class DependenciesError(RuntimeError):
    """A dependency could not be bound or found."""


class DependenciesBindingError(DependenciesError, ValueError):
    """A key is bound twice (without ``overwrite=True``)."""


class DependenciesMissingDependencyError(DependenciesError, LookupError):
    """``require`` found nothing under the key."""


class Dependencies:
    """A registry of values (``bind_value``) and factories (``bind_factory``)."""

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}
        self._factories: dict[str, tuple[Callable[..., Any], bool, bool]] = {}
        self._owned: list[Any] = []

    @classmethod
    def with_values(cls, values: dict[str, Any]) -> Dependencies:
        """A registry holding ``values``."""
        deps = cls()
        for key, value in values.items():
            deps.bind_value(key, value)
        return deps

    def _check_free(self, key: DependencyKey, overwrite: bool) -> None:
        if not isinstance(key, str) or not key:
            raise DependenciesBindingError("A dependency key must be a non-empty string.")
        if not overwrite and (key in self._values or key in self._factories):
            raise DependenciesBindingError(f"Dependency {key!r} is already bound.")

    def bind_value(self, key: DependencyKey, value: object, *, overwrite: bool = False) -> Any:
        """Binds ``value`` under ``key``; returns self."""
        self._check_free(key, overwrite)
        self._factories.pop(key, None)
        self._values[key] = value
        return self

    def bind_factory(
        self,
        key: DependencyKey,
        factory: Callable[..., Any],
        *,
        cache: bool = True,
        overwrite: bool = False,
        owns_result: bool = False,
    ) -> Any:
        """Binds a factory (sync or async, called with this registry or nothing);
        returns self."""
        if not callable(factory):
            raise DependenciesBindingError(f"Dependency factory for {key!r} is not callable.")
        self._check_free(key, overwrite)
        self._values.pop(key, None)
        self._factories[key] = (factory, cache, owns_result)
        return self

    def clone(self) -> Dependencies:
        """A copy with the same bindings (cached factory results are not shared)."""
        other = Dependencies()
        other._values = dict(self._values)
        other._factories = dict(self._factories)
        return other

    async def get(self, key: DependencyKey) -> object | None:
        """The value under ``key``, or None."""
        if key in self._values:
            found: object = self._values[key]
            return found
        entry = self._factories.get(key)
        if entry is None:
            return None
        factory, cache, owns = entry
        try:
            wants_registry = bool(inspect.signature(factory).parameters)
        except (TypeError, ValueError):
            wants_registry = False
        value = factory(self) if wants_registry else factory()
        if inspect.isawaitable(value):
            value = await value
        if cache:
            self._values[key] = value
            del self._factories[key]
        if owns:
            self._owned.append(value)
        made: object = value
        return made

    async def require(self, key: DependencyKey, *, consumer: str | None = None) -> object:
        """The value under ``key``; DependenciesMissingDependencyError if none."""
        if key not in self._values and key not in self._factories:
            who = f" (needed by {consumer})" if consumer else ""
            raise DependenciesMissingDependencyError(
                f"No sandbox dependency is bound under {key!r}{who}: bind it with "
                f"Dependencies().bind_value({key!r}, ...)."
            )
        return await self.get(key)

    async def aclose(self) -> None:
        """Closes the factory results this registry owns."""
        owned, self._owned = self._owned, []
        for value in reversed(owned):
            close = getattr(value, "aclose", None) or getattr(value, "close", None)
            if callable(close):
                result = close()
                if inspect.isawaitable(result):
                    await result

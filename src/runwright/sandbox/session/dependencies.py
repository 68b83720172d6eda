"""Dependencies: values and factories a session's helpers look up.

Public face: the code lives in runwright/_sandbox/dependencies.py.
"""

from __future__ import annotations

from runwright._sandbox.dependencies import (
    Dependencies,
    DependenciesBindingError,
    DependenciesError,
    DependenciesMissingDependencyError,
    DependencyKey,
)

__all__ = [
    "Dependencies",
    "DependenciesBindingError",
    "DependenciesError",
    "DependenciesMissingDependencyError",
    "DependencyKey",
]

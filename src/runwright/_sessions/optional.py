"""Imports of optional backend packages, failing with the pip command to run."""

from __future__ import annotations

import importlib
from typing import Any

from runwright._core.exceptions import UserError


def import_optional(module: str, *, extra: str, needed_by: str) -> Any:
    """Imports ``module`` or raises a UserError naming the extra that provides it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise UserError(
            f"{needed_by} needs the {module.split('.')[0]!r} package: "
            f"pip install runwright[{extra}]"
        ) from exc

"""The model port: what the run loop needs from a model and from a provider of models.

Public face: the code lives in runwright/_models/interface.py.
"""

from __future__ import annotations

from runwright._models.interface import (
    Model,
    ModelProvider,
    ModelTracing,
)

__all__ = [
    "ModelTracing",
    "Model",
    "ModelProvider",
]

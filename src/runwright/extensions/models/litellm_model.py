"""``agents.extensions.models.litellm_model`` of the OpenAI Agents SDK: LitellmModel.

``litellm`` itself is imported on the first model call (``pip install runwright[litellm]``).

Public face: the code lives in runwright/_models/litellm_model.py.
"""

from __future__ import annotations

from runwright._models.litellm_model import LitellmModel

__all__ = [
    "LitellmModel",
]

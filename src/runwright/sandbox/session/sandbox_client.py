"""BaseSandboxClient: what a sandbox backend implements.

Public face: the code lives in runwright/_sandbox/sandbox_client.py.
"""

from __future__ import annotations

from runwright._sandbox.sandbox_client import (
    BaseSandboxClient,
    BaseSandboxClientOptions,
    ClientOptionsT,
)

__all__ = [
    "BaseSandboxClient",
    "BaseSandboxClientOptions",
    "ClientOptionsT",
]

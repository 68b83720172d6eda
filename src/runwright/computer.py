"""``agents.computer`` of the OpenAI Agents SDK: the computer interfaces a ComputerTool drives.

Public face: the code lives in runwright/_tools/computer.py.
"""

from __future__ import annotations

from runwright._tools.computer import AsyncComputer, Button, Computer, Environment

__all__ = ["AsyncComputer", "Button", "Computer", "Environment"]

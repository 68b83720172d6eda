"""Finding the agent named by ``--agent``: ``package.module:attr`` or ``path/to/file.py:attr``."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

from runwright._agent.agent import Agent
from runwright._cli._common import CliError


def load_agent(spec: str) -> Agent[Any]:
    """The Agent at ``spec``; CliError (one clear line) for anything wrong with it.

    ``attr`` may be dotted (``module:registry.support``) and may name a
    function taking no arguments that returns the agent.
    """
    target, sep, attr = spec.rpartition(":")
    if not sep or not target or not attr:
        raise CliError(
            f"--agent {spec!r}: expected MODULE:ATTR or FILE.py:ATTR, e.g. my_agents:support"
        )
    module = _load_file(target) if _is_path(target) else _load_module(target)
    value: Any = module
    for part in attr.split("."):
        if not hasattr(value, part):
            raise CliError(f"--agent {spec!r}: {target} has no attribute {attr!r}")
        value = getattr(value, part)
    if callable(value) and not isinstance(value, Agent):
        value = value()
    if not isinstance(value, Agent):
        raise CliError(f"--agent {spec!r} is a {type(value).__name__}, not a runwright Agent")
    return value


def _is_path(target: str) -> bool:
    return target.endswith(".py") or "/" in target or "\\" in target


def _load_module(name: str) -> Any:
    # Agents usually live next to where the user runs the command.
    if "" not in sys.path and str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name is not None and name.startswith(error.name):
            raise CliError(f"--agent: no module named {name!r} (from {Path.cwd()})") from None
        raise CliError(f"--agent: importing {name!r} failed: {error}") from None
    except Exception as error:
        raise CliError(
            f"--agent: importing {name!r} failed: {type(error).__name__}: {error}"
        ) from None


def _load_file(target: str) -> Any:
    path = Path(target).expanduser()
    if not path.is_file():
        raise CliError(f"--agent: no such file {str(path)!r}")
    name = f"_runwright_agent_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CliError(f"--agent: cannot load {str(path)!r} as Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look modules up here
    sys.path.insert(0, str(path.parent.resolve()))  # so the file can import its neighbours
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[name]
        raise CliError(
            f"--agent: running {str(path)!r} failed: {type(error).__name__}: {error}"
        ) from None
    return module

"""Running a program written for the OpenAI Agents SDK as a user would after switching:
``agents`` becomes ``runwright`` in its imports, and it runs as its own process."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping, Sequence


def swap_imports(source: str) -> str:
    """The one change a user makes: ``agents`` becomes ``runwright`` in imports."""
    source = re.sub(r"^(\s*)from agents(\.|\s)", r"\1from runwright\2", source, flags=re.M)
    return re.sub(r"^(\s*)import agents\b", r"\1import runwright", source, flags=re.M)


async def run_with_deadline(
    argv: Sequence[str], *, cwd: str, env: Mapping[str, str], timeout: float
) -> tuple[int, bytes, bytes]:
    """(exit code, stdout, stderr) of ``argv``, with no stdin; a program still running
    after ``timeout`` seconds is killed and ``[timed out]`` ends its stderr."""
    proc = await asyncio.create_subprocess_exec(
        *argv,
        cwd=cwd,
        env=dict(env),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except asyncio.TimeoutError:
        proc.kill()
        out, err = await proc.communicate()
        err += b"\n[timed out]"
    return (proc.returncode if proc.returncode is not None else -1), out, err

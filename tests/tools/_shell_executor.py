"""A local shell executor as SDK programs write one: each command in /bin/sh, for real."""

from __future__ import annotations

import asyncio

from runwright import ShellCallOutcome, ShellCommandOutput, ShellCommandRequest, ShellResult


class LocalExecutor:
    """Runs the commands in ``cwd``; records what it ran."""

    def __init__(self, cwd: str) -> None:
        self.cwd = cwd
        self.ran: list[str] = []

    async def __call__(self, request: ShellCommandRequest) -> ShellResult:
        action = request.data.action
        timeout = (action.timeout_ms or 10_000) / 1000
        outputs = []
        for command in action.commands:
            self.ran.append(command)
            process = await asyncio.create_subprocess_shell(
                command,
                cwd=self.cwd,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            try:
                out, err = await asyncio.wait_for(process.communicate(), timeout)
                outcome = ShellCallOutcome(type="exit", exit_code=process.returncode)
            except asyncio.TimeoutError:
                process.kill()
                out, err = await process.communicate()
                outcome = ShellCallOutcome(type="timeout")
            outputs.append(
                ShellCommandOutput(
                    stdout=out.decode(), stderr=err.decode(), outcome=outcome, command=command
                )
            )
        return ShellResult(output=outputs, provider_data={"cwd": self.cwd})

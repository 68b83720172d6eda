"""The ``runwright`` command (demo, chat, traces): its code, loaded only when the command runs."""

from runwright._cli.main import CliError, build_parser, main

__all__ = ["CliError", "build_parser", "main"]

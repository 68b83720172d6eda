"""Parsing and dispatch of the ``runwright`` command; :mod:`runwright.cli` documents it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from runwright._cli._common import EXIT_USAGE, CliError, describe_model_error
from runwright._core.exceptions import UserError
from runwright._core.version import __version__


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``runwright`` command and its subcommands."""
    # the subcommands (and rich) load to parse a command line, not on `import runwright.cli`
    from runwright._cli import chat, demo, traces

    parser = argparse.ArgumentParser(
        prog="runwright",
        description="Run agents, chat with them, and look at their traces.",
        epilog="Start with `runwright demo`; `runwright COMMAND --help` tells more.",
    )
    parser.add_argument("--version", action="version", version=f"runwright {_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    demo.add_parser(commands)
    chat.add_parser(commands)
    traces.add_parser(commands)
    return parser


def _version() -> str:
    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns (and, as a console script, exits with) the status."""
    if not _rich_available():
        print(
            "runwright: the command line needs 'rich', which is missing "
            "(installed with --no-deps?): pip install 'rich>=13'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        status: int = handler(args)
    except CliError as error:
        return _fail(str(error))
    except UserError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        print("\nrunwright: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        message = describe_model_error(error, None)
        if message is None:
            raise  # a bug: the traceback is the useful report
        return _fail(message)
    return status


def _fail(message: str) -> int:
    first_line = message.strip().splitlines()[0] if message.strip() else "failed"
    print(f"runwright: error: {first_line}", file=sys.stderr)
    return EXIT_USAGE


def _rich_available() -> bool:
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True

"""The ``qawl`` command line: one subcommand per module of ``qawl.commands``.

Made for batches: each input problem is one line on stderr and the rest of the input
is still processed.  The exit code says how it went: 0 all fine, 1 some items failed,
2 usage error or nothing done at all, 130 interrupted, 141 the reader closed the pipe.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .commands import COMMANDS
from .commands.common import (EXIT_BROKEN_PIPE, EXIT_FAILED, EXIT_INTERRUPTED, internal_error, say,
                              silence_stdout)
from .options import Options
from .pipeline import Pipeline, PipelineError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qawl", description="Who said what in Arabic news, through whom.")
    parser.add_argument("--version", action="version", version=f"qawl {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"{__package__}.commands.{name}").register(commands)
    return parser


def options_from_args(args: argparse.Namespace) -> Options:
    """The one place where command-line arguments become ``Options``."""
    only = getattr(args, "only", None)
    return Options(only=tuple(only) if only else None, explain=bool(getattr(args, "explain", False)),
                   entities=getattr(args, "entities", None) or "default")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as e:  # a bug outside any one article (say, in a reader): still one line
        internal_error(None, e)
        return EXIT_FAILED


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version and usage errors: return the code, as for the rest
        return e.code if isinstance(e.code, int) else EXIT_FAILED
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_FAILED
    options = options_from_args(args)
    try:
        Pipeline(options.only)  # an unknown stage is a usage error, before any input is read
    except PipelineError as e:
        say(f"error: {e}")
        return EXIT_FAILED
    return args.run(args, options)

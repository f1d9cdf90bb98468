"""The ``qawl`` command: ``qawl analyze PATH... [--json] [--only STAGE,...]``.

Made for batches: each input problem is one line on stderr (``qawl: error: WHERE:
MESSAGE``) and the rest of the input is still processed.  The exit code says how it
went: 0 all fine, 1 some items failed, 2 usage error or nothing analysed at all,
130 interrupted.  A bug is reported the same way, as an ``internal error`` line
(``QAWL_DEBUG=1`` shows its traceback instead).  Output streams: one article is
written (and flushed) before the next is read, so ``| head`` and a 1 GB input both behave.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import __version__, api
from .io.readers import Article, BadInput, read_inputs
from .options import Options
from .pipeline import Pipeline, PipelineError
from .report import print_doc, report_console
from .text.doc import Doc

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 130
#: What a shell reports for a process killed by SIGPIPE; a closed pipe ends qawl the same way.
EXIT_BROKEN_PIPE = 141
#: Messages are cut here so that one bad item stays one readable line.
MAX_MESSAGE_CHARS = 400

Emit = Callable[[Doc], None]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qawl", description="Who said what in Arabic news, through whom.")
    parser.add_argument("--version", action="version", version=f"qawl {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    analyze = commands.add_parser("analyze", help="find the attributions of articles", description=(
        "Analyse articles: .jsonl (one article per line), .txt, .html/.htm, a directory of those, or - for stdin."))
    analyze.add_argument("paths", nargs="+", metavar="PATH")
    analyze.add_argument("--json", action="store_true", help="one JSON object per article (JSONL), as in CONTRACT.md")
    analyze.add_argument("--only", type=_stage_list, action="extend", metavar="STAGE,...",
                         help="run only these stages (and what they need), e.g. --only sentences")
    return parser


def _stage_list(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected stage names, e.g. sentences,attributions")
    return names


def options_from_args(args: argparse.Namespace) -> Options:
    """The one place where command-line arguments become ``Options``."""
    return Options(only=tuple(args.only) if args.only else None)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as e:  # a bug outside any one article (say, in a reader): still one line
        _internal_error(None, e)
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
        _say(f"error: {e}")
        return EXIT_FAILED
    return analyze_paths(args.paths, options, json_output=args.json)


def analyze_paths(paths: list[str], options: Options, *, json_output: bool) -> int:
    """Analyse every article of ``paths`` in order, writing each as soon as it is done."""
    _utf8(sys.stdout)
    emit = _json_emitter(sys.stdout) if json_output else _report_emitter(report_console(sys.stdout))
    analysed = failed = 0
    with _Progress() as progress:
        for item in read_inputs(paths, options):
            if isinstance(item, BadInput):
                _error(item.where, item.message)
                failed += 1
            elif _analyze_one(item, options, emit):
                analysed += 1
            else:
                failed += 1
            progress.advance(analysed, failed)
    if not analysed:
        return EXIT_FAILED
    return EXIT_PARTIAL if failed else EXIT_OK


def _analyze_one(article: Article, options: Options, emit: Emit) -> bool:
    """Analyse and write one article; report (never raise) what goes wrong with it."""
    try:
        doc = api.analyze_record(article.record, options)
        for warning in doc.warnings:
            _say(f"warning: {warning}")
        emit(doc)
        return True
    except BrokenPipeError:
        raise
    except api.InputError as e:
        _error(article.where, str(e))
    except Exception as e:  # a bug in one stage must not stop the batch
        _internal_error(str(article.record.get("id", article.where)), e)
    return False


def _json_emitter(out: TextIO) -> Emit:
    def emit(doc: Doc) -> None:
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        out.flush()

    return emit


def _report_emitter(console: Console) -> Emit:
    def emit(doc: Doc) -> None:
        print_doc(doc, console)
        console.file.flush()

    return emit


class _Progress:
    """A live count of articles on stderr.

    Shown only when stderr is a terminal and stdout is not (output goes to a file or a
    pipe): when both are the terminal the streaming output already shows progress, and
    a live bar would tear it.  It starts at the second item, so one article stays quiet.
    """

    def __init__(self) -> None:
        self._enabled = sys.stderr.isatty() and not sys.stdout.isatty()
        self._bar: Progress | None = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        return self

    def advance(self, analysed: int, failed: int) -> None:
        if not self._enabled or analysed + failed < 2:
            return
        if self._bar is None:
            # stderr goes through the bar so that error lines print above it, unwrapped
            self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=Console(stderr=True, soft_wrap=True), transient=True, redirect_stdout=False)
            self._task = self._bar.add_task("")
            self._bar.start()
        self._bar.update(self._task, description=f"{analysed:,} articles analysed, {failed:,} failed")

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def _internal_error(where: str | None, e: Exception) -> None:
    """Report a bug in one line; ``QAWL_DEBUG=1`` re-raises it, for the traceback."""
    if os.environ.get("QAWL_DEBUG"):
        raise e
    message = f"internal error: {type(e).__name__}: {e}"
    if where is None:
        _say(f"error: {message}")
    else:
        _error(where, message)


def _error(where: str, message: str) -> None:
    _say(f"error: {where}: {message}")


def _say(message: str) -> None:
    """One line on stderr, whatever the message holds."""
    line = " ".join(message.split())
    if len(line) > MAX_MESSAGE_CHARS:
        line = line[: MAX_MESSAGE_CHARS - 1] + "…"
    print(f"qawl: {line}", file=sys.stderr, flush=True)


def _utf8(stream: Any) -> None:
    """Write Arabic whatever the locale says: a latin-1 terminal gets UTF-8, not a crash."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8")


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass

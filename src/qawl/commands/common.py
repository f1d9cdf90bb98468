"""What every ``qawl`` command shares: exit codes, one-line messages, a progress count.

Each input problem is one line on stderr (``qawl: error: WHERE: MESSAGE``) and the rest
of the input is still processed; a bug is reported the same way, as an ``internal error``
line (``QAWL_DEBUG=1`` shows its traceback instead).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress as _RichProgress, SpinnerColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)

if TYPE_CHECKING:
    from ..formats import Writer

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 130
#: What a shell reports for a process killed by SIGPIPE; a closed pipe ends qawl the same way.
EXIT_BROKEN_PIPE = 141
#: Messages are cut here so that one bad item stays one readable line.
MAX_MESSAGE_CHARS = 400


class Progress:
    """A progress bar on stderr, and a summary line when the work is done.

    The bar is shown only when stderr is a terminal and stdout is not (output goes to a
    file or a pipe): when both are the terminal the streaming output already shows
    progress, and a live bar would tear it.  It starts at the second item, so one article
    stays quiet.  With a ``total`` (``expected`` counts it, only when the bar can show)
    it has an end and an estimate of the time left; without, it counts.  The summary
    line (``N analysed, M failed, S s``) is printed whenever stderr is a terminal, so
    that a script reading stderr sees only errors.
    """

    def __init__(self, *, streams_output: bool = True, expected: Callable[[], int | None] | None = None) -> None:
        # a command that prints only a summary at the end (ingest) shows it on a terminal too
        self._terminal = sys.stderr.isatty()
        self._enabled = self._terminal and not (streams_output and sys.stdout.isatty())
        self._total = _count(expected) if (expected is not None and self._enabled) else None
        self._bar: _RichProgress | None = None
        self._task: Any = None
        self._started = time.perf_counter()
        self._done = self._failed = 0
        self._what = "articles analysed"

    def __enter__(self) -> Progress:
        return self

    def advance(self, done: int, failed: int, what: str = "articles analysed") -> None:
        self._done, self._failed, self._what = done, failed, what
        if not self._enabled or done + failed < 2:
            return
        if self._bar is None:
            # stderr goes through the bar so that error lines print above it, unwrapped
            columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("ETA"), TimeRemainingColumn()]
            if self._total is None:
                columns = [SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn()]
            self._bar = _RichProgress(*columns, console=Console(stderr=True, soft_wrap=True), transient=True,
                                      redirect_stdout=False)
            self._task = self._bar.add_task("", total=self._total)
            self._bar.start()
        total = self._total if self._total is None else max(self._total, done + failed)
        self._bar.update(self._task, description=f"{done:,} {what}, {failed:,} failed", completed=done + failed,
                         total=total)

    def status(self, text: str) -> None:
        """Say on the bar what is being done after the items (the summary line stays a count)."""
        if self._bar is not None:
            self._bar.update(self._task, description=text)

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
        if self._terminal and exc_type is None and self._done + self._failed:
            noun, _, rest = self._what.partition(" ")
            noun = noun.removesuffix("s") if self._done == 1 else noun  # 1 article analysed
            say(f"{self._done:,} {noun} {rest}, {self._failed:,} failed, {time.perf_counter() - self._started:.1f} s")


@contextmanager
def writing(args: argparse.Namespace) -> Iterator[Writer | None]:
    """The writer of ``--format``/``-o`` (``qawl.formats``), or None after one error line
    (an output file that cannot be written: exit 2)."""
    from ..formats import OutputError, output

    try:
        with output(args) as out:
            yield out
    except OutputError as e:
        say(f"error: {e}")
        yield None


def _count(expected: Callable[[], int | None]) -> int | None:
    try:
        return expected()
    except OSError:  # the input's own error line comes when it is read
        return None


def internal_error(where: str | None, e: Exception) -> None:
    """Report a bug in one line; ``QAWL_DEBUG=1`` re-raises it, for the traceback."""
    if os.environ.get("QAWL_DEBUG"):
        raise e
    message = f"internal error: {type(e).__name__}: {e}"
    if where is None:
        say(f"error: {message}")
    else:
        error(where, message)


def error(where: str, message: str) -> None:
    say(f"error: {where}: {message}")


def say(message: str) -> None:
    """One line on stderr, whatever the message holds."""
    line = " ".join(message.split())
    if len(line) > MAX_MESSAGE_CHARS:
        line = line[: MAX_MESSAGE_CHARS - 1] + "…"
    print(f"qawl: {line}", file=sys.stderr, flush=True)


def utf8(stream: Any) -> None:
    """Write Arabic whatever the locale says: a latin-1 terminal gets UTF-8, not a crash."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8")


def silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def positive_int(what: str) -> Callable[[str], int]:
    """An argparse type for a whole number from 1 up; ``what`` names it in the message."""

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            n = 0
        if n < 1:
            raise argparse.ArgumentTypeError(f"expected a whole number of {what}, 1 or more, not {value!r}")
        return n

    return parse

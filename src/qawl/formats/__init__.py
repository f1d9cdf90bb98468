"""Output formats: one module each, one registry, one ``--format`` option for every command.

A command turns what it found into ``Record`` objects (an article, a verdict, a search
hit, a speaker, a pair, a story) and hands them to the writer the user chose; it never
formats output itself.  A format is a module of this package with a ``Writer`` class
(``write(record)``, ``note(text)``, ``close()``) and a one-line docstring: adding a
format is adding a module, and ``--format``'s choices and help list it by itself.

The formats: ``report`` (readable lines for a terminal, the default), ``jsonl`` (one
JSON object a line, docs/output.md), ``csv`` and ``markdown`` (a row per attribution,
claim, sentence...), ``html`` (one page; an article shown marked as on the web page).
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from rich.text import Text

    from ..text.doc import Doc

#: The format of a command that is not told otherwise.
DEFAULT = "report"
#: ``-o FILE`` without ``--format`` picks the format by the file's suffix.
SUFFIXES = {".jsonl": "jsonl", ".json": "jsonl", ".csv": "csv", ".md": "markdown", ".html": "html",
            ".htm": "html", ".txt": "report"}


@dataclass
class Record:
    """One thing a command prints, in the shapes every format needs.

    ``data`` is the JSON object; ``rows`` the table rows (``columns`` their keys, the same
    for every record of one command); ``lines`` renders the readable report; ``doc`` is
    the analysed article, when the record is one (html marks it)."""

    kind: str
    data: dict[str, Any]
    title: str = ""
    columns: tuple[str, ...] = ()
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: Callable[[], list[Text]] | None = None
    doc: Doc | None = None
    #: the record as its format writes it, made where the article was analysed (``written``):
    #: with ``--jobs``, only this text crosses processes, not the data it was made of
    text: str | None = None


class Writer(Protocol):
    def write(self, record: Record) -> None: ...
    def note(self, text: str) -> None: ...  # a closing remark for readers ("3 found"); data formats drop it
    def close(self) -> None: ...


def names() -> list[str]:
    """The formats, as the modules of this package name them (none is imported)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def writer(name: str, out: TextIO) -> Writer:
    """A writer of format ``name`` on ``out``."""
    return importlib.import_module(f"{__name__}.{name}").Writer(out)


def reads_only_data(name: str) -> bool:
    """Whether format ``name`` reads only a record's data and rows, never its report lines or
    its Doc: the module says so with ``READS_ONLY_DATA = True``. Such records can be built
    where the article is analysed (``--jobs``) and cross processes without the Doc."""
    return bool(getattr(importlib.import_module(f"{__name__}.{name}"), "READS_ONLY_DATA", False))


def written(name: str, record: Record) -> Record:
    """``record`` already written out by format ``name``, when that format writes each record
    on its own (its module's ``line(record)``: jsonl); else ``record`` as it is.  A ``--jobs``
    worker sends the text back instead of the data: unpickling the data and encoding it again in
    the main process was most of that process's time, which the workers then waited on (issue 19)."""
    line = getattr(importlib.import_module(f"{__name__}.{name}"), "line", None)
    if line is None:
        return record
    return Record(record.kind, {}, record.title, record.columns, text=line(record))


def add_format_options(parser: argparse.ArgumentParser) -> None:
    """``--format NAME``, ``--json`` (= ``--format jsonl``) and ``-o PATH``."""
    parser.add_argument("--format", choices=names(), default=None, metavar="FORMAT",
                        help=f"how to print: {', '.join(names())} (default {DEFAULT}; or from -o's suffix)")
    parser.add_argument("--json", dest="format", action="store_const", const="jsonl",
                        help="one JSON object a line: the same as --format jsonl (docs/output.md)")
    parser.add_argument("-o", "--output", metavar="PATH", default=None,
                        help="write to PATH instead of standard output")


def chosen(args: argparse.Namespace) -> str:
    """The format the arguments ask for: ``--format``, else ``-o``'s suffix, else the default."""
    if getattr(args, "format", None):
        return args.format
    output = getattr(args, "output", None)
    return SUFFIXES.get(Path(output).suffix.lower(), DEFAULT) if output else DEFAULT


class OutputError(Exception):
    """The output file cannot be opened."""


@contextmanager
def output(args: argparse.Namespace) -> Iterator[Writer]:
    """The writer the arguments ask for, on stdout or on ``-o PATH`` (closed after)."""
    from ..commands.common import utf8

    path = getattr(args, "output", None)
    if path and path != "-":
        try:
            stream: TextIO = open(path, "w", encoding="utf-8", newline="")
        except OSError as e:
            raise OutputError(f"cannot write {path}: {e.strerror or e}") from e
    else:
        utf8(sys.stdout)
        stream = sys.stdout
    w = writer(chosen(args), stream)
    try:
        yield w
        w.close()
    finally:
        if stream is not sys.stdout:
            stream.close()
        else:
            stream.flush()


def flat(value: Any) -> Any:
    """A cell of a table: text as is, a list of texts joined, a span by its text."""
    if isinstance(value, dict):
        return value.get("text", "") if "text" in value else "; ".join(f"{k}={flat(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(str(flat(v)) for v in value)
    return "" if value is None else value

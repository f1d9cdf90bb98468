"""Readable lines for a terminal: labelled fields, Arabic wrapped at word boundaries."""
from __future__ import annotations

from typing import TextIO

from rich.text import Text

from ..report import report_console
from . import Record


class Writer:
    def __init__(self, out: TextIO) -> None:
        self.console = report_console(out)

    def write(self, record: Record) -> None:
        lines = record.lines() if record.lines is not None else [Text(record.title)]
        for line in lines:
            self.console.print(line)
        self.console.file.flush()

    def note(self, text: str) -> None:
        self.console.print(Text(text, style="dim"))

    def close(self) -> None:
        self.console.file.flush()

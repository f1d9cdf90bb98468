"""Markdown: a heading per record, then its rows as a table (for notes and tickets)."""
from __future__ import annotations

from typing import Any, TextIO

from . import Record, flat


def cell(value: Any) -> str:
    return " ".join(str(flat(value)).split()).replace("\\", "\\\\").replace("|", "\\|")


#: Reads a record's data and rows only (``formats.reads_only_data``).
READS_ONLY_DATA = True


class Writer:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, record: Record) -> None:
        lines = [f"## {cell(record.title)}", ""]
        if record.rows:
            lines += ["| " + " | ".join(record.columns) + " |", "|" + "---|" * len(record.columns)]
            lines += ["| " + " | ".join(cell(row.get(c)) for c in record.columns) + " |" for row in record.rows]
            lines.append("")
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()

    def note(self, text: str) -> None:
        self.out.write(f"_{cell(text)}_\n")

    def close(self) -> None:
        self.out.flush()

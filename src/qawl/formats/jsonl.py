"""One JSON object a line (JSONL), Arabic as is: the shape of docs/output.md."""
from __future__ import annotations

import json
from typing import TextIO

from . import Record


#: Reads a record's data and rows only (``formats.reads_only_data``).
READS_ONLY_DATA = True


def line(record: Record) -> str:
    """The record's line: what ``Writer.write`` writes (``formats.written`` makes it ahead)."""
    return json.dumps(record.data, ensure_ascii=False) + "\n"


class Writer:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, record: Record) -> None:
        self.out.write(record.text if record.text is not None else line(record))
        self.out.flush()  # one record at a time: | head and a reader downstream see it at once

    def note(self, text: str) -> None:
        """Not data: left out."""

    def close(self) -> None:
        self.out.flush()

"""Comma-separated rows with a header (UTF-8): one row per attribution, hit, speaker..."""
from __future__ import annotations

import csv
from typing import TextIO

from . import Record, flat


#: Reads a record's data and rows only (``formats.reads_only_data``).
READS_ONLY_DATA = True


class Writer:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.table: csv.DictWriter | None = None

    def write(self, record: Record) -> None:
        if self.table is None:
            self.table = csv.DictWriter(self.out, fieldnames=list(record.columns), extrasaction="ignore",
                                        lineterminator="\n")
            self.table.writeheader()
        for row in record.rows:
            self.table.writerow({k: flat(v) for k, v in row.items()})
        self.out.flush()

    def note(self, text: str) -> None:
        """Not data: left out."""

    def close(self) -> None:
        self.out.flush()

"""One HTML page, right to left, styles inline, no script: an article marked as on the
web page (``qawl.render_html``), then its rows as a table."""
from __future__ import annotations

from html import escape
from typing import TextIO

from . import Record, flat

_HEAD = ('<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>qawl</title></head>\n'
         '<body style="font-family: \'Noto Naskh Arabic\', Tahoma, sans-serif; max-width: 60rem; margin: auto; '
         'line-height: 1.8">\n')
_TABLE = 'style="border-collapse: collapse; margin: .5rem 0 1.5rem"'
_CELL = 'style="border-bottom: 1px solid #e2ddd2; padding: .2rem .5rem; text-align: start; vertical-align: top"'


def table(record: Record) -> str:
    head = "".join(f"<th {_CELL}>{escape(c)}</th>" for c in record.columns)
    body = "".join("<tr>" + "".join(f"<td {_CELL}><bdi>{escape(str(flat(row.get(c))))}</bdi></td>"
                                    for c in record.columns) + "</tr>\n" for row in record.rows)
    return f"<table {_TABLE}><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>\n"


class Writer:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.out.write(_HEAD)

    def write(self, record: Record) -> None:
        if record.doc is not None:
            from ..render import render_html

            self.out.write(render_html(record.doc) + "\n")
        else:
            self.out.write(f"<h2><bdi>{escape(record.title)}</bdi></h2>\n")
        if record.rows:
            self.out.write(table(record))
        self.out.flush()

    def note(self, text: str) -> None:
        self.out.write(f'<p style="color: #5f6b7a">{escape(text)}</p>\n')

    def close(self) -> None:
        self.out.write("</body></html>\n")
        self.out.flush()

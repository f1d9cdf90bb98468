"""How many items an input holds, counted before it is read: a progress bar's total.

Counting is cheap next to analysis (a JSONL file's newlines are counted a megabyte at a
time, about a second a gigabyte) and is done only when a bar is shown.  What cannot be
known without parsing (stdin, feeds, web archives, an unknown suffix) makes the total
unknown, and the bar counts without an end.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .readers import KINDS, STDIN, find_files

_CHUNK = 1 << 20
#: Kinds whose files hold exactly one article.
_ONE_ARTICLE = frozenset({"text", "html"})


def expected_items(paths: Iterable[str]) -> int | None:
    """The number of items ``read_inputs(paths)`` will yield (articles and bad items),
    or None when some input cannot be counted ahead."""
    total = 0
    for path in paths:
        if path == STDIN:
            return None
        files = find_files(Path(path)) if os.path.isdir(path) else [Path(path)]
        for f in files:
            n = _file_items(f)
            if n is None:
                return None
            total += n
        total += not files  # an empty folder is one error line
    return total


def _file_items(path: Path) -> int | None:
    kind = next((k for suffix, k in KINDS.items() if path.name.lower().endswith(suffix)), None)
    if kind in _ONE_ARTICLE:
        return 1
    if kind != "jsonl":
        return None
    try:
        return count_lines(path)
    except OSError:
        return 1  # unreadable: one error line


def count_lines(path: Path | str) -> int:
    """Lines of a file, a last line without a newline included (blank lines too: the
    total is for an estimate of the time left, and the bar ends at what was done)."""
    lines, last = 0, b"\n"
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")

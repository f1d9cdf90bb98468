"""Lexicons and tables shipped with qawl, and the one reader for them.

Data files are UTF-8, one entry a line, ``#`` comment lines and blank lines ignored,
columns separated by tabs.  Each file's columns and allowed values are declared in
``qawl.data.schema``; ``rows`` checks them when it reads the file, so a typo fails loudly
at load (``DataError``, with the file and line) instead of changing behaviour silently.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from .schema import DataError, schema_of

__all__ = ["DataError", "parse", "rows", "word_kinds"]


def parse(name: str, text: str) -> list[list[str]]:
    """The rows of ``text`` read as data file ``name``, checked against its declared schema."""
    return schema_of(name).check(name, text)


def rows(name: str) -> list[list[str]]:
    """The tab-separated rows of data file ``name``, comments, blank lines and a header row left
    out, each checked against the file's schema."""
    return parse(name, (resources.files(__name__) / name).read_text(encoding="utf-8"))


def word_kinds(name: str, key: Callable[[str], str]) -> dict[str, frozenset[str]]:
    """kind -> words (each through ``key``, e.g. to matching form) of a ``word<TAB>kind`` file;
    every declared kind is a key, so a rule that asks for an undeclared kind fails (KeyError)."""
    kind_column = schema_of(name).columns[1]
    kinds: dict[str, set[str]] = {k: set() for k in sorted(kind_column.values or ())}
    for word, kind in rows(name):
        kinds[kind].add(key(word))
    return {k: frozenset(v) for k, v in kinds.items()}

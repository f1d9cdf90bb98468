"""Lexicons and tables shipped with qawl, and the one reader for them.

Data files are UTF-8, one entry a line, ``#`` comment lines and blank lines ignored,
columns separated by tabs.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import resources


def rows(name: str) -> list[list[str]]:
    """The tab-separated rows of data file ``name``, comments and blank lines left out."""
    text = (resources.files(__name__) / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def word_kinds(name: str, key: Callable[[str], str]) -> dict[str, frozenset[str]]:
    """kind -> words (each through ``key``, e.g. to matching form) of a ``word<TAB>kind`` file."""
    kinds: dict[str, set[str]] = {}
    for word, kind in rows(name):
        kinds.setdefault(kind, set()).add(key(word))
    return {k: frozenset(v) for k, v in kinds.items()}

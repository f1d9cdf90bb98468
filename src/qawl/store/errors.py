"""The store's errors: the database cannot be opened or used, or what is given to it conflicts
(a message fit for one line)."""
from __future__ import annotations


class StoreError(RuntimeError):
    """The database cannot be opened or used: a message fit for one line."""


class StoreConflict(StoreError):
    """What is given conflicts with itself (a story id given twice): the web answers 409."""

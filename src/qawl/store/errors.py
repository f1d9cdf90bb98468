"""The store's one error: the database cannot be opened or used (a message fit for one line)."""
from __future__ import annotations


class StoreError(RuntimeError):
    """The database cannot be opened or used: a message fit for one line."""

"""Keep articles and what qawl found in them: SQLite by default, PostgreSQL by URL.

    >>> from qawl.store import open_store
    >>> with open_store(":memory:") as store:
    ...     store.put({"id": "a1", "text": "قال الوزير إن المشروع اكتمل."})
    'added'
"""
from __future__ import annotations

import os

from .db import StoreError
from .errors import StoreConflict
from .store import ADDED, UNCHANGED, UPDATED, Store, article_hash, speaker_key

#: Where the store is when neither ``--db`` nor ``QAWL_DB`` says otherwise.
DEFAULT_DB = "qawl.db"


def default_url() -> str:
    return os.environ.get("QAWL_DB") or DEFAULT_DB


def open_store(url: str | None = None, *, must_exist: bool = False) -> Store:
    """The store at ``url`` (a file path, ``sqlite:///PATH`` or ``postgresql://...``),
    created and migrated to the current schema when needed.  ``must_exist``: a missing
    SQLite file is an error (naming it) instead of a new empty store, for a reader that
    mistyped the path."""
    url = url or default_url()
    path = url.removeprefix("sqlite:///")
    is_file = "://" not in path  # a server URL (or an unknown scheme, which the store refuses) is not
    if must_exist and is_file and path != ":memory:" and not os.path.exists(path):
        raise StoreError(f"no store at {path} (qawl ingest PATH... --db {path} creates one)")
    return Store(url)


__all__ = ["ADDED", "DEFAULT_DB", "UNCHANGED", "UPDATED", "Store", "StoreConflict", "StoreError", "article_hash",
           "default_url", "open_store", "speaker_key"]

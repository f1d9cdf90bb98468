"""``--db PATH|URL``, which every command that reads or writes the store shares."""
from __future__ import annotations

import argparse

from ..store import DEFAULT_DB, Store, StoreError, open_store
from .common import say


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH|URL", default=None, help=(
        f"the store: an SQLite file (default ./{DEFAULT_DB}, or $QAWL_DB) or a postgresql:// URL"))


def open_db(args: argparse.Namespace) -> Store | None:
    """The store the arguments name, or None after one error line."""
    try:
        return open_store(args.db)
    except StoreError as e:
        say(f"error: {e}")
        return None

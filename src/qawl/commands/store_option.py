"""``--db PATH|URL``, which every command that reads or writes the store shares."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ..options import Options
from ..store import DEFAULT_DB, Store, StoreError, open_store
from .common import EXIT_FAILED, say, utf8


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH|URL", default=None, help=(
        f"the store: an SQLite file (default ./{DEFAULT_DB}, or $QAWL_DB) or a postgresql:// URL"))


#: Commands that only read the store: a missing store file is an error, not a new empty store.
READ_ONLY = frozenset({"search", "sources", "story", "serve"})


def open_db(args: argparse.Namespace) -> Store | None:
    """The store the arguments name, or None after one error line."""
    reads_only = getattr(args, "command", None) in READ_ONLY or (
        getattr(args, "stored", False) and not getattr(args, "save", False))
    try:
        return open_store(args.db, must_exist=reads_only)
    except StoreError as e:
        say(f"error: {e}")
        return None


def with_store(fn: Callable[[argparse.Namespace, Options, Store], int]) -> Callable[[argparse.Namespace, Options], int]:
    """A command's ``run`` that gets the open store (closed after it), with UTF-8 stdout;
    a store that cannot be opened or used is one error line and exit 2."""

    def run(args: argparse.Namespace, options: Options) -> int:
        store = open_db(args)
        if store is None:
            return EXIT_FAILED
        utf8(sys.stdout)
        with store:
            try:
                return fn(args, options, store)
            except StoreError as e:  # the database went away or stayed locked: one line, not a bug
                say(f"error: {e}")
                return EXIT_FAILED

    return run


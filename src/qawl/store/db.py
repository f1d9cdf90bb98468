"""One small database interface over SQLite (stdlib) and PostgreSQL (psycopg 3).

The store writes its SQL once, with ``?`` placeholders; what differs between the two
(placeholders, transactions, locks, search, table definitions) is each one's ``Dialect``
(``dialects.py``).  Here is only how each driver connects.  Connections are per thread (the
web server answers from a thread pool; an SQLite connection must stay in its thread),
transactions are explicit.
"""
from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .dialects import POSTGRES, SQLITE, Dialect
from .errors import StoreError

__all__ = ["Database", "PostgresDatabase", "SQLiteDatabase", "StoreError", "connect"]

#: SQLite waits this long for another writer's lock before giving up.
SQLITE_BUSY_TIMEOUT_S = 30.0


class Database:
    """A connection per thread to one database, and the dialect its SQL is written in."""

    dialect: Dialect

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    # -- what each driver provides
    def _connect(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Execute on this thread's connection; a database another process keeps locked is a
        ``StoreError`` (one line, and the caller stops) rather than a driver error per item."""
        try:
            return self.conn.execute(self.dialect.sql(sql), tuple(params))
        except sqlite3.OperationalError as e:
            if _locked(e):
                raise StoreError(f"the database is locked by another process (waited "
                                 f"{SQLITE_BUSY_TIMEOUT_S:g} s); try again when it is done") from e
            raise

    def lock(self, key: str) -> None:
        """Inside a transaction: wait for any other transaction holding ``key`` (SQLite's
        write transaction already holds the whole database: its dialect has no key lock)."""
        if self.dialect.key_lock is not None:
            self.rows(self.dialect.key_lock, (key,))

    # -- shared
    @property
    def conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
            with self._lock:
                self._all.append(conn)
        return conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        return self._run(sql, params).rowcount

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._run(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def row(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: a crash or an exception inside leaves the database as it was.
        A transaction inside another one is part of it (``Store.writing`` holds one around
        ``Store.put``'s)."""
        if getattr(self._local, "depth", 0):
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        conn = self.conn
        self._run(self.dialect.begin)
        self._local.depth = 1
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        finally:
            self._local.depth = 0
        conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                try:
                    conn.close()
                except Exception:  # closing a connection of a finished thread may fail: nothing to keep
                    pass
            self._all.clear()
        self._local = threading.local()


class SQLiteDatabase(Database):
    """A file in WAL mode: readers never wait for the writer, a killed writer loses only
    its open transaction."""

    dialect = SQLITE

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        _ = self.conn  # open now, so that a bad path is an error here and not in some thread later

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=SQLITE_BUSY_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across a process kill
            conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as e:
            raise StoreError(f"cannot open the SQLite database {self.path}: {e}") from e
        return conn


def _locked(e: sqlite3.OperationalError) -> bool:
    message = str(e).lower()
    return "database is locked" in message or "database is busy" in message


class PostgresDatabase(Database):
    """A PostgreSQL server reached by URL (``postgresql://user@host/db``)."""

    dialect = POSTGRES

    def __init__(self, url: str):
        super().__init__()
        try:
            import psycopg  # noqa: F401  (an optional backend: imported only when asked for)
        except ImportError as e:  # pragma: no cover - psycopg is a dependency
            raise StoreError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from e
        self.url = url
        _ = self.conn  # open now: a bad URL is an error here

    def _connect(self) -> Any:
        import psycopg

        try:
            return psycopg.connect(self.url, autocommit=True)
        except psycopg.Error as e:
            raise StoreError(f"cannot connect to PostgreSQL: {' '.join(str(e).split())}") from e


#: URL schemes -> the database class that speaks that dialect.
SCHEMES: dict[str, Callable[[str], Database]] = {"postgresql": PostgresDatabase, "postgres": PostgresDatabase,
                                      "sqlite": SQLiteDatabase}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def connect(url: str) -> Database:
    """``postgresql://...`` (or ``postgres://``) is PostgreSQL; a path an SQLite file
    (``sqlite:///PATH`` accepted too, as SQLAlchemy writes it); any other ``scheme://`` is
    refused rather than taken for a file name."""
    scheme = _SCHEME.match(url)
    if scheme is None:
        return SQLiteDatabase(url)
    found = SCHEMES.get(scheme.group(1).lower())
    if found is None:
        raise StoreError(f"unknown database {scheme.group(1)}://: use a file path, sqlite:///PATH or postgresql://...")
    if found is SQLiteDatabase:
        return SQLiteDatabase(url[len(scheme.group(0)):].removeprefix("/"))
    return found(url)

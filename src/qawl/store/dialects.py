"""What differs between the store's two databases, in one place: one ``Dialect`` object each.

The store writes its SQL once, with ``?`` placeholders and ``ON CONFLICT`` upserts that both
SQLite and PostgreSQL read alike.  What they do not share is here: the placeholder the driver
wants, how a write transaction begins, how a transaction waits for a lock, the full-text search
query (SQLite's FTS5 and bm25, PostgreSQL's tsvector and ts_rank) and the migrations' statements
of each (``schema.Migration.per_dialect`` is keyed by ``Dialect.name``).  A dialect not listed in
``DIALECTS`` is refused (``dialect``), never sent another's SQL.

To add a backend: a ``Dialect`` here, its statements in every migration that has
per-dialect ones (tests/test_store.py checks), and a ``Database`` subclass in ``db.py`` that
connects with its driver.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .errors import StoreError
from .search import Term, fts5_query, tsquery

_PLACEHOLDER = re.compile(r"\?")

#: The columns of an article that listings return (``a`` is the articles table).
SUMMARY = "a.hash, a.id, a.url, a.outlet, a.title, a.date, a.added"


@dataclass(frozen=True, slots=True)
class Dialect:
    """One database's SQL where it differs from the store's common SQL."""

    name: str
    placeholder: str  # what the driver wants for ``?``
    begin: str  # starts a write transaction
    migration_lock: str | None  # run first in each migration's transaction: one process migrates
    key_lock: str | None  # waits for another transaction holding a key (None: the write lock is global)
    search: str  # rows of SUMMARY, the text and a score for a match expression and a limit
    search_query: Callable[[list[Term]], str]  # the match expression of query terms
    score_sign: float  # the search score times this is higher-is-better

    def sql(self, sql: str) -> str:
        """``sql`` with the store's ``?`` placeholders written as this driver wants them."""
        return sql if self.placeholder == "?" else _PLACEHOLDER.sub(self.placeholder, sql)


SQLITE = Dialect(
    name="sqlite",
    placeholder="?",
    begin="BEGIN IMMEDIATE",  # take the write lock now, not halfway through
    migration_lock=None,  # BEGIN IMMEDIATE already holds the whole database
    key_lock=None,
    search=(f"SELECT {SUMMARY}, a.text, bm25(article_search) AS score FROM article_search "
            "JOIN articles a ON a.hash = article_search.article WHERE article_search MATCH ? "
            "ORDER BY score, a.added DESC, a.hash LIMIT ?"),
    search_query=fts5_query,
    score_sign=-1.0,  # bm25: lower is better
)

POSTGRES = Dialect(
    name="postgres",
    placeholder="%s",
    begin="BEGIN",
    migration_lock="SELECT pg_advisory_xact_lock(?)",  # two processes opening one new database
    key_lock="SELECT pg_advisory_xact_lock(hashtextextended(?, 0)) AS x",
    search=(f"SELECT {SUMMARY}, a.text, ts_rank(s.tsv, q) AS score FROM article_search s "
            "JOIN articles a ON a.hash = s.article, to_tsquery('simple', ?) q WHERE s.tsv @@ q "
            "ORDER BY score DESC, a.added DESC, a.hash LIMIT ?"),
    search_query=tsquery,
    score_sign=1.0,
)

DIALECTS: dict[str, Dialect] = {d.name: d for d in (SQLITE, POSTGRES)}


def dialect(name: str) -> Dialect:
    """The dialect called ``name``; an unknown one is a StoreError, not another's SQL."""
    try:
        return DIALECTS[name]
    except KeyError:
        raise StoreError(f"unknown database dialect {name!r}; known: {', '.join(DIALECTS)}") from None

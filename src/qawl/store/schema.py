"""The store's schema as a versioned list of migrations, applied in order on open.

A migration is never edited once released: a change to the schema is a new entry at
the end.  Each entry has its common SQL and, per dialect (``dialects.py``), what differs;
most of it is the same text.  A database whose dialect a migration does not know is refused.
``schema_version`` records what has been applied, so opening an old database brings
it up to date and opening a current one does nothing.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .db import Database, StoreError
from .dialects import Dialect


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    what: str
    common: tuple[str, ...] = ()
    per_dialect: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # Dialect.name -> statements

    def statements(self, dialect: Dialect) -> tuple[str, ...]:
        """The common statements, then the dialect's own; a migration with dialect statements
        that has none for ``dialect`` refuses it (another dialect's SQL is never sent)."""
        if self.per_dialect and dialect.name not in self.per_dialect:
            raise StoreError(f"migration {self.version} has no SQL for the {dialect.name} dialect")
        return self.common + self.per_dialect.get(dialect.name, ())


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, analyses, speakers, claims, stories, full-text search", common=(
        # hash: sha256 of the article's content fields; the key that makes re-ingest idempotent
        """CREATE TABLE articles (
            hash TEXT PRIMARY KEY,
            id TEXT NOT NULL,
            url TEXT, outlet TEXT, title TEXT, date TEXT,
            text TEXT NOT NULL,
            added TEXT NOT NULL)""",
        "CREATE INDEX articles_id ON articles (id)",
        "CREATE INDEX articles_added ON articles (added)",
        "CREATE INDEX articles_url ON articles (url)",
        # doc: the JSON of Doc.to_dict(); version: the qawl version that produced it
        """CREATE TABLE analyses (
            article TEXT PRIMARY KEY REFERENCES articles (hash) ON DELETE CASCADE,
            version TEXT NOT NULL,
            doc TEXT NOT NULL,
            analysed TEXT NOT NULL)""",
        # key: the speaker's name in matching form (qawl.text.normalize); name: as first written
        "CREATE TABLE speakers (key TEXT PRIMARY KEY, name TEXT NOT NULL)",
        """CREATE TABLE claims (
            article TEXT NOT NULL REFERENCES articles (hash) ON DELETE CASCADE,
            n INTEGER NOT NULL,
            speaker TEXT REFERENCES speakers (key),
            source TEXT, mention TEXT,
            cue TEXT NOT NULL, lemma TEXT,
            content TEXT NOT NULL, start_at INTEGER NOT NULL, end_at INTEGER NOT NULL,
            type TEXT NOT NULL, polarity TEXT NOT NULL,
            via TEXT,
            PRIMARY KEY (article, n))""",
        "CREATE INDEX claims_speaker ON claims (speaker)",
        # data: a story dict in the shape of CONTRACT.md's `qawl compare`
        "CREATE TABLE stories (id TEXT PRIMARY KEY, position INTEGER NOT NULL, data TEXT NOT NULL)",
        """CREATE TABLE story_articles (
            story TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
            article TEXT NOT NULL,
            PRIMARY KEY (story, article))""",
        "CREATE INDEX story_articles_article ON story_articles (article)",
    ), per_dialect={
        # body: the normalised words of title and text (qawl.store.search.index_text)
        "sqlite": (
            "CREATE VIRTUAL TABLE article_search USING fts5(article UNINDEXED, body, tokenize='unicode61')",
        ),
        "postgres": (
            """CREATE TABLE article_search (
                article TEXT PRIMARY KEY REFERENCES articles (hash) ON DELETE CASCADE,
                body TEXT NOT NULL,
                tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)""",
            "CREATE INDEX article_search_tsv ON article_search USING GIN (tsv)",
        ),
    }),
)

MIGRATIONS += (
    # an article one ingest is analysing now, so that another ingest of the same input does
    # not analyse it too (qawl.store.claims); owner: host, process, thread and run
    Migration(2, "ingest claims", common=(
        "CREATE TABLE ingest_claims (hash TEXT PRIMARY KEY, owner TEXT NOT NULL, claimed TEXT NOT NULL)",
    )),
)

LATEST = MIGRATIONS[-1].version
_MIGRATION_LOCK = 0x7161776C  # 'qawl'


def migrate(db: Database) -> int:
    """Apply the migrations this database lacks, each in its own transaction; the version after."""
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, what TEXT NOT NULL)")
    current = current_version(db)
    if current > LATEST:
        raise StoreError(f"the database has schema version {current}, newer than this qawl knows ({LATEST}): "
                         "upgrade qawl")
    for m in MIGRATIONS:
        if m.version <= current:
            continue
        with db.transaction():
            if db.dialect.migration_lock is not None:  # two processes opening one new database: one migrates
                db.rows(db.dialect.migration_lock, (_MIGRATION_LOCK,))
            if current_version(db) >= m.version:  # another process got there first
                continue
            for sql in m.statements(db.dialect):
                db.execute(sql)
            db.execute("INSERT INTO schema_version (version, what) VALUES (?, ?)", (m.version, m.what))
    return current_version(db)


def current_version(db: Database) -> int:
    row = db.row("SELECT MAX(version) AS v FROM schema_version")
    return int(row["v"]) if row and row["v"] is not None else 0

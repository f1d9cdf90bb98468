"""The article store: articles by content hash, their analyses, claims, speakers, stories.

One ``Store`` over SQLite or PostgreSQL (``qawl.store.db``) with the same behaviour.
Writing an article, its analysis, its claims and its search entry is one transaction,
so a process killed mid-ingest leaves either the whole article or nothing of it.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from .. import __version__
from ..options import DEFAULT_LIMITS
from .db import Database, StoreError, connect
from .errors import StoreConflict
from .dialects import SUMMARY
from .schema import migrate
from .search import index_text, snippet
from .speakers import speaker_key, speakers_of
from .syntax import QueryError, parse

#: The fields of a record that make an article what it is; its hash is over these.
CONTENT_FIELDS = ("text", "title", "outlet", "url", "date")
#: Fields of an article listing (everything but the text).
ADDED, UPDATED, UNCHANGED = "added", "updated", "unchanged"


def article_hash(record: Mapping[str, Any]) -> str:
    """sha256 of the content fields: the same article read twice is one article, while an
    agency release reprinted by two outlets (another outlet, url) stays two."""
    content = {k: record.get(k) for k in CONTENT_FIELDS}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class Found:
    """A search's answer: how many articles match in all, and the best of them."""

    total: int
    hits: list[dict[str, Any]]


def _filters(outlets: Sequence[str], since: str | None, until: str | None) -> tuple[str, tuple[str, ...]]:
    """SQL conditions on the article (`` AND ...``) and their parameters.  Dates are ISO
    strings, compared as text: ``until`` takes the whole day (and its times)."""
    where, params = "", []
    if outlets:
        where += f" AND a.outlet IN ({', '.join('?' * len(outlets))})"
        params += list(outlets)
    if since:
        where += " AND a.date >= ?"
        params.append(since)
    if until:
        where += " AND a.date < ?"
        params.append((date.fromisoformat(until) + timedelta(days=1)).isoformat())
    return where, tuple(params)


#: Ids bound in one ``IN (...)`` query: far under SQLite's and PostgreSQL's limits on parameters.
_CHUNK = 500


def _chunks(items: list[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(``?, ?, ...``, the values) for each ``IN (...)`` query over ``items``."""
    for k in range(0, len(items), _CHUNK):
        part = tuple(items[k:k + _CHUNK])
        yield ", ".join("?" * len(part)), part


@dataclass(frozen=True, slots=True)
class Stored:
    """What the store already holds of an article: whether it is there, and the qawl
    version of its analysis (None: not analysed)."""

    exists: bool
    version: str | None


class Store:
    """Articles and what qawl found in them, in one database."""

    def __init__(self, url: str):
        self.url = url
        self.db: Database = connect(url)
        self.schema_version = migrate(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------
    def stored(self, hash: str) -> Stored:
        row = self.db.row("SELECT an.version FROM articles a LEFT JOIN analyses an ON an.article = a.hash "
                          "WHERE a.hash = ?", (hash,))
        return Stored(row is not None, row["version"] if row else None)

    def has_url(self, url: str, *, analysed: bool = False) -> bool:
        """Whether an article from ``url`` is stored (and, if ``analysed``, analysed by this version)."""
        sql = "SELECT 1 AS x FROM articles a "
        if analysed:
            sql += "JOIN analyses an ON an.article = a.hash AND an.version = ? WHERE a.url = ?"
            return self.db.row(sql, (__version__, url)) is not None
        return self.db.row(sql + "WHERE a.url = ?", (url,)) is not None

    def put(self, record: Mapping[str, Any], doc: Mapping[str, Any] | None = None,
            version: str = __version__) -> str:
        """Store an article and, when given, its analysis (``Doc.to_dict()``), in one
        transaction.  ``added`` for a new article, ``updated`` when only its analysis was
        new or replaced, ``unchanged`` when there was nothing to write."""
        hash = article_hash(record)
        with self.db.transaction():
            new = self.db.execute(
                "INSERT INTO articles (hash, id, url, outlet, title, date, text, added) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING",
                (hash, str(record.get("id") or hash[:12]), *(_opt_str(record.get(k)) for k in
                 ("url", "outlet", "title", "date")), record["text"], _now())) > 0
            if new:
                self.db.execute("INSERT INTO article_search (article, body) VALUES (?, ?)",
                                (hash, index_text(record.get("title"), record["text"])))
            if doc is not None:
                self._put_analysis(hash, doc, version)
            self.db.execute("DELETE FROM ingest_claims WHERE hash = ?", (hash,))  # qawl.store.claims
        return ADDED if new else UPDATED if doc is not None else UNCHANGED

    def _put_analysis(self, hash: str, doc: Mapping[str, Any], version: str) -> None:
        self.db.execute(
            "INSERT INTO analyses (article, version, doc, analysed) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (article) DO UPDATE SET version = excluded.version, doc = excluded.doc, "
            "analysed = excluded.analysed",
            (hash, version, json.dumps(doc, ensure_ascii=False), _now()))
        self.db.execute("DELETE FROM claims WHERE article = ?", (hash,))
        for n, (a, speaker) in enumerate(zip(doc.get("attributions") or (), speakers_of(doc, self._has_speaker))):
            key = speaker[0] if speaker else None
            if speaker is not None:
                self.db.execute("INSERT INTO speakers (key, name) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", speaker)
            self.db.execute(
                "INSERT INTO claims (article, n, speaker, source, mention, cue, lemma, content, start_at, end_at, "
                "type, polarity, via) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (hash, n, key, _text(a.get("source")), _text(a.get("source_mention")), a["cue"]["text"],
                 a["cue"].get("lemma"), a["content"]["text"], a["content"]["start"], a["content"]["end"],
                 a.get("type", ""), a.get("polarity", "assert"), _text(a.get("via"))))

    # -- articles ----------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {name: int(self.db.rows(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]) for name, table in
                (("articles", "articles"), ("analysed", "analyses"), ("claims", "claims"),
                 ("speakers", "speakers"), ("stories", "stories"))}

    def articles(self, limit: int = DEFAULT_LIMITS.listing, offset: int = 0) -> list[dict[str, Any]]:
        """Newest first, without their text; each with its number of claims."""
        return self.db.rows(
            f"SELECT {SUMMARY}, (SELECT COUNT(*) FROM claims c WHERE c.article = a.hash) AS claims "
            "FROM articles a ORDER BY a.added DESC, a.hash LIMIT ? OFFSET ?", (limit, offset))

    def article(self, ref: str) -> dict[str, Any] | None:
        """An article by hash, or by its input id (the newest article of that id), with its
        analysis (``analysis``: ``{"version", "analysed", "doc"}`` or None) and story ids."""
        sql = (f"SELECT {SUMMARY}, a.text, an.version, an.analysed, an.doc FROM articles a "
               "LEFT JOIN analyses an ON an.article = a.hash WHERE ")
        row = (self.db.row(sql + "a.hash = ?", (ref,))
               or self.db.row(sql + "a.id = ? ORDER BY a.added DESC, a.hash LIMIT 1", (ref,)))
        if row is None:
            return None
        doc, version, analysed = row.pop("doc"), row.pop("version"), row.pop("analysed")
        row["analysis"] = None if doc is None else {"version": version, "analysed": analysed,
                                                    "doc": json.loads(doc)}
        row["stories"] = [r["story"] for r in self.db.rows(
            "SELECT sa.story FROM story_articles sa JOIN stories s ON s.id = sa.story WHERE sa.article = ? "
            "ORDER BY s.position", (row["id"],))]
        return row

    def records(self, page: int = 500) -> Iterator[dict[str, Any]]:
        """Every stored article as an input record (``id``, ``text``, ``date``, ``outlet``,
        ``title``, ``url``), oldest first, read a page at a time."""
        offset = 0
        while True:
            rows = self.db.rows("SELECT id, text, date, outlet, title, url FROM articles ORDER BY added, hash "
                                "LIMIT ? OFFSET ?", (page, offset))
            for row in rows:
                yield {k: v for k, v in row.items() if v is not None}
            if len(rows) < page:
                return
            offset += page

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Summaries of the articles with these input ids (the newest of each id)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, dict[str, Any]] = {}
        for marks, part in _chunks(wanted):  # one query per chunk, not one per article (a story of 300 articles)
            for row in self.db.rows(f"SELECT {SUMMARY} FROM articles a WHERE a.id IN ({marks}) "
                                    "ORDER BY a.added DESC, a.hash", part):
                found.setdefault(row["id"], row)
        return {i: found[i] for i in wanted if i in found}

    def search(self, query: str, limit: int = DEFAULT_LIMITS.search) -> list[dict[str, Any]]:
        """Articles that match ``query`` (``qawl.store.syntax``), best first, each with a
        snippet around its first match; a query that cannot match finds nothing."""
        try:
            return self.find(query, limit).hits
        except QueryError:
            return []

    def find(self, query: str, limit: int = DEFAULT_LIMITS.search, *, outlets: Sequence[str] = (),
             since: str | None = None, until: str | None = None) -> Found:
        """The articles that match ``query``, from ``outlets`` (any of them; all when empty),
        dated from ``since`` to ``until`` (ISO dates, both included): how many in all, and
        the ``limit`` best, each with a snippet.  Raises QueryError for a query of words to
        leave out only."""
        q = parse(query)
        if not q.all_of:
            return Found(0, [])
        where, params = _filters(outlets, since, until)
        dialect = self.db.dialect
        args = (dialect.search_query(q), *params)
        sql = dialect.search.format(where=where)
        if q.exact_in_sql:
            total = int(self.db.rows(dialect.search_count.format(where=where), args)[0]["n"])
            rows = self.db.rows(sql + " LIMIT ?", (*args, limit))
        else:  # phrases: the database finds their words, the order is checked here
            rows = [r for r in self.db.rows(sql, args) if q.matches(r["title"], r["text"])]
            total, rows = len(rows), rows[:limit]
        for r in rows:
            r["score"] = round(dialect.score_sign * float(r["score"]), 6)  # reported as higher is better
            r["snippet"] = snippet(r.pop("text"), q.terms).to_dict()
        return Found(total, rows)

    # -- speakers and claims -----------------------------------------------------------
    _RANK = ("SELECT s.key, s.name, COUNT(*) AS claims, COUNT(DISTINCT c.article) AS articles, "
             "COUNT(CASE WHEN c.polarity = 'deny' THEN 1 END) AS denials "
             "FROM claims c JOIN speakers s ON s.key = c.speaker ")

    def speakers(self, limit: int = DEFAULT_LIMITS.listing, offset: int = 0) -> list[dict[str, Any]]:
        """Speakers ranked by number of claims, each with the outlets that carried them and
        the relays (``via``) they came through."""
        rows = self.db.rows(self._RANK + "GROUP BY s.key, s.name ORDER BY claims DESC, s.key LIMIT ? OFFSET ?",
                            (limit, offset))
        for r in rows:
            self._add_outlets(r)
        return rows

    def speaker(self, key: str) -> dict[str, Any] | None:
        """One speaker (by key, or by a name that normalises to it) with every claim."""
        if not self._has_speaker(key):
            said = self.db.row("SELECT speaker FROM claims WHERE source = ? AND speaker IS NOT NULL", (key,))
            key = said["speaker"] if said else speaker_key(key)  # a name as an article wrote it
        row = self.db.row(self._RANK + "WHERE s.key = ? GROUP BY s.key, s.name", (key,))
        if row is None:
            return None
        self._add_outlets(row)
        row["claims_list"] = self.claims(speaker=key)
        return row

    def _has_speaker(self, key: str) -> bool:
        return self.db.row("SELECT 1 AS x FROM speakers WHERE key = ?", (key,)) is not None

    def speaker_keys(self, hash: str) -> dict[tuple[int, int], str]:
        """(content start, end) -> speaker key of each stored claim of an article: the key the
        store gave its speaker (``qawl.store.speakers``), for links from a page or a story."""
        return self.speaker_keys_of([hash])[hash]

    def speaker_keys_of(self, hashes: Iterable[str]) -> dict[str, dict[tuple[int, int], str]]:
        """``speaker_keys`` of several articles at once (a story's), by article hash."""
        out: dict[str, dict[tuple[int, int], str]] = {h: {} for h in dict.fromkeys(hashes)}
        for marks, part in _chunks(list(out)):
            for r in self.db.rows(f"SELECT article, start_at, end_at, speaker FROM claims WHERE article IN ({marks}) "
                                  "AND speaker IS NOT NULL", part):
                out[r["article"]][(r["start_at"], r["end_at"])] = r["speaker"]
        return out

    def claims(self, *, speaker: str | None = None, article: str | None = None) -> list[dict[str, Any]]:
        """Claims with their article's id, title, outlet and date, oldest article first (undated last)."""
        where, params = ("c.speaker = ?", (speaker,)) if speaker is not None else ("c.article = ?", (article,))
        return self.db.rows(
            "SELECT c.article AS hash, a.id AS article, a.title, a.outlet, a.date, c.n, c.speaker, c.source, "
            "c.mention, c.cue, c.lemma, c.content, c.start_at AS start, c.end_at AS \"end\", c.type, c.polarity, "
            f"c.via FROM claims c JOIN articles a ON a.hash = c.article WHERE {where} "
            "ORDER BY a.date IS NULL, a.date, a.added, a.hash, c.n", params)  # undated last, on both backends

    def _add_outlets(self, row: dict[str, Any]) -> None:
        for field, column in (("outlets", "a.outlet"), ("relays", "c.via")):
            row[field] = self.db.rows(
                f"SELECT {column} AS name, COUNT(*) AS claims FROM claims c JOIN articles a ON a.hash = c.article "
                f"WHERE c.speaker = ? AND {column} IS NOT NULL GROUP BY {column} ORDER BY claims DESC, name",
                (row["key"],))

    # -- stories -----------------------------------------------------------------------
    def save_stories(self, stories: Sequence[Mapping[str, Any]]) -> int:
        """Replace the stories with these (dicts shaped as ``qawl compare`` prints them:
        ``story``, ``articles``, ``claims``, ``origins``, ``single_origin``).  A compare run
        numbers its stories afresh, so the old set goes as a whole."""
        seen: set[str] = set()
        for s in stories:
            _check_story(s, seen)
        with self.db.transaction():
            self.db.execute("DELETE FROM story_articles")
            self.db.execute("DELETE FROM stories")
            for position, s in enumerate(stories):
                self.db.execute("INSERT INTO stories (id, position, data) VALUES (?, ?, ?)",
                                (s["story"], position, json.dumps(dict(s), ensure_ascii=False)))
                for article in dict.fromkeys(s["articles"]):
                    self.db.execute("INSERT INTO story_articles (story, article) VALUES (?, ?)",
                                    (s["story"], str(article)))
        return len(stories)

    def stories(self) -> list[dict[str, Any]]:
        return [json.loads(r["data"]) for r in self.db.rows("SELECT data FROM stories ORDER BY position")]

    def story(self, id: str) -> dict[str, Any] | None:
        row = self.db.row("SELECT data FROM stories WHERE id = ?", (id,))
        return json.loads(row["data"]) if row else None


def _check_story(s: Mapping[str, Any], seen: set[str]) -> None:
    if not isinstance(s, Mapping) or not isinstance(s.get("story"), str) or not s["story"]:
        raise StoreError(f"a story needs a non-empty string 'story' id: {str(s)[:80]}")
    if s["story"] in seen:
        raise StoreConflict(f"story id {s['story']!r} given twice")
    seen.add(s["story"])
    for field in ("articles", "claims"):
        if not isinstance(s.get(field), list):
            raise StoreError(f"story {s['story']!r}: {field!r} must be a list")
    if not all(isinstance(a, str) for a in s["articles"]):
        raise StoreError(f"story {s['story']!r}: 'articles' must be a list of article ids (strings)")
    if not all(isinstance(c, Mapping) for c in s["claims"]):
        raise StoreError(f"story {s['story']!r}: 'claims' must be a list of objects")


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _text(span: Mapping[str, Any] | None) -> str | None:
    return span.get("text") if span else None

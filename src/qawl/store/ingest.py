"""Ingest articles into the store: the work behind ``qawl ingest`` and ``POST /api/ingest``.

Each article is analysed and written in its own transaction, so an ingest that is
killed keeps every article it finished, and running it again skips those (their
content hash is already there, with an analysis by this qawl version) and goes on.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from .. import __version__, api, parallel
from ..io.fetch import FetchError, fetch
from ..io.readers import Article, BadInput, Item, first_line, read_bytes, read_inputs
from ..io.records import record_problem
from . import claims
from .claims import CLAIMED, Owner
from .db import StoreError
from ..options import Options
from ..text.doc import Doc
from .store import ADDED, UNCHANGED, UPDATED, Store, article_hash

Report = Callable[[str, str], None]  # (where, message)


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: why the batch stopped before its end (the database locked by another process), or None
    stopped: str | None = None

    @property
    def done(self) -> int:
        return self.added + self.updated + self.unchanged

    def count(self, item: Item, outcome: str) -> None:
        if outcome in (ADDED, UPDATED, UNCHANGED):
            setattr(self, outcome, getattr(self, outcome) + 1)
        else:
            self.failed.append((item.where, outcome))

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                                  "failed": [{"where": w, "reason": r} for w, r in self.failed]}
        if self.stopped:
            out["stopped"] = self.stopped
        return out


def items_of(inputs: Iterable[str], options: Options) -> Iterator[Item]:
    """The articles of paths and http(s) URLs (fetched safely), in order."""
    for arg in inputs:
        if "://" in arg:
            try:
                page = fetch(arg)
            except FetchError as e:
                yield BadInput(arg, str(e))
                continue
            except Exception as e:  # noqa: BLE001 - a URL no check foresaw: that input's error only
                yield BadInput(arg, f"cannot fetch: {type(e).__name__}: {first_line(e)}")
                continue
            yield from read_bytes(arg, page.data, url=page.url, content_type=page.content_type, options=options)
        else:
            yield from read_inputs([arg], options)


def ingest_items(store: Store, items: Iterable[Item], options: Options, *, analyze: bool = True,
                 follow: bool = False, on_error: Report | None = None, on_warning: Report | None = None,
                 on_item: Callable[[Summary], None] | None = None,
                 on_bug: Callable[[str, Exception], None] | None = None, jobs: int = 1) -> Summary:
    """Store every article of ``items``; each problem is reported and the rest goes on.

    Input problems (unreadable items, refused fetches, articles the analysis refuses)
    go to ``on_error``; a bug with one article goes to ``on_bug`` and the batch goes
    on, or, without ``on_bug``, is raised.  A database that cannot be written (locked by
    another process past the busy timeout) stops the batch: ``Summary.stopped`` says why,
    once, instead of every remaining article failing the same way.

    With ``jobs`` > 1 the analyses are made ahead by worker processes (``qawl.parallel``)
    and the articles are written here, in input order; an article already stored, one
    whose page is still to be fetched (``follow``) or one the store would refuse is left to
    be handled here as with one job.
    """
    summary = Summary()
    one = _One(store, options, analyze, follow, Owner.new(), on_error, on_warning, on_bug)
    later: list[Item] = []  # articles another ingest is analysing: back to them at the end
    ahead: Iterable[tuple[Item, parallel.Outcome | None]] = ((item, None) for item in items)
    if jobs > 1 and analyze:
        ahead = parallel.in_order(items, partial(_to_analyse_ahead, store, follow), options, jobs, _as_dict)
    try:
        for item, done in ahead:
            outcome = one(item, done)
            if outcome == CLAIMED:
                later.append(item)
                continue
            summary.count(item, outcome)
            if on_item:
                on_item(summary)
        for item in later:
            summary.count(item, _when_released(one, item))
            if on_item:
                on_item(summary)
    except StoreError as e:
        summary.stopped = str(e)
    return summary


@dataclass
class _One:
    """One item's ingest inside its error boundary: every problem becomes its outcome, reported."""

    store: Store
    options: Options
    analyze: bool
    follow: bool
    owner: Owner
    on_error: Report | None
    on_warning: Report | None
    on_bug: Callable[[str, Exception], None] | None

    def __call__(self, item: Item, done: parallel.Outcome | None = None) -> str:
        try:
            outcome = ingest_one(self.store, item, self.options, analyze=self.analyze, follow=self.follow,
                                 on_warning=self.on_warning, owner=self.owner, done=done)
        except StoreError:
            raise  # the database itself: the batch stops
        except (FetchError, api.InputError) as e:
            outcome = str(e)
            if self.on_error:
                self.on_error(item.where, outcome)
        except Exception as e:
            if self.on_bug is None:
                raise
            self.on_bug(item.where, e)
            outcome = f"internal error: {type(e).__name__}: {e}"
        else:
            if outcome not in (ADDED, UPDATED, UNCHANGED, CLAIMED) and self.on_error:
                self.on_error(item.where, outcome)
        return outcome


def _when_released(one: _One, item: Item) -> str:
    """The outcome of an item another ingest held, once it lets go (it stored the article, or
    its claim lapsed and this one takes it over)."""
    pause = 0.05
    while True:
        outcome = one(item)
        if outcome != CLAIMED:
            return outcome
        claims.wait(pause)
        pause = min(pause * 2, 1.0)


def ingest_one(store: Store, item: Item, options: Options, *, analyze: bool, follow: bool,
               on_warning: Report | None = None, owner: Owner | None = None,
               done: parallel.Outcome | None = None) -> str:
    """``added``/``updated``/``unchanged``, ``claimed`` (another ingest is analysing it: ask
    again later), or the reason the item failed.  ``done`` is the article's analysis when a
    worker made it already."""
    if isinstance(item, BadInput):
        return item.message
    record = item.record
    if item.link and follow:
        if store.has_url(item.link, analysed=analyze):  # already fetched by an earlier run
            return UNCHANGED
        record = _followed(item, on_warning)
    elif not record.get("text"):
        return "feed entry has no text (--follow fetches its page)"
    problem = record_problem(record)
    if problem:
        return problem
    hash = article_hash(record)
    owner = owner or Owner.new()
    state = claims.claim(store, hash, owner, analysed=analyze)  # the "already stored?" check, in a transaction
    if state != claims.MINE:
        return state
    try:
        doc = None
        if analyze:
            done = done or parallel.analyze_one(record, options, _as_dict)
            if done.error is not None:
                raise api.InputError(done.error)
            if done.bug is not None:
                raise done.bug
            for warning in done.warnings:
                if on_warning:
                    on_warning(item.where, warning)
            doc = done.value
        return store.put(record, doc)  # drops the claim with the write
    except BaseException:
        _release(store, hash, owner)
        raise


def _as_dict(doc: Doc) -> dict[str, Any]:
    return doc.to_dict()


def _to_analyse_ahead(store: Store, follow: bool, item: Item) -> dict[str, Any] | None:
    """The record a worker may analyse ahead: an article to analyse that is not stored
    with this version's analysis yet, whose text is the one to store (not a feed entry
    whose page is still to be fetched), and that the store will take."""
    if not isinstance(item, Article) or (item.link and follow):
        return None
    record = item.record
    if not record.get("text") or record_problem(record):
        return None
    stored = store.stored(article_hash(record))
    return None if stored.exists and stored.version == __version__ else record


def _release(store: Store, hash: str, owner: Owner) -> None:
    try:
        claims.release(store, hash, owner)
    except Exception:  # noqa: BLE001 - the claim lapses by itself; the first error is the one to report
        pass


def _followed(item: Article, on_warning: Report | None = None) -> dict[str, object]:
    """The feed entry with its page's text; the feed's title, date and outlet win over the
    page's guesses, and the entry's own text stays when the page has none, or when its
    link is refused or cannot be fetched (a warning says so)."""
    assert item.link
    try:
        page = fetch(item.link)
    except FetchError as e:
        if not item.record.get("text"):
            raise
        if on_warning:
            on_warning(item.where, f"{e}; the entry's own text is kept")
        return {**item.record, "url": item.link}
    found = next(read_bytes(item.link, page.data, url=page.url, content_type=page.content_type), None)
    record = dict(item.record)
    record["url"] = item.link
    if isinstance(found, Article):
        for key, value in found.record.items():
            if key == "text" or (key in ("title", "date", "outlet") and not record.get(key)):
                record[key] = value
    elif not record.get("text"):
        raise FetchError(f"{item.link}: {found.message if found else 'nothing read'}")
    return record

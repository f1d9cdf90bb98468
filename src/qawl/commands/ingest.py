"""``qawl ingest PATH|URL... [--db] [--follow] [--no-analyze]``: collect articles into the store.

Each article is analysed and written in its own transaction, so an ingest that is
killed keeps every article it finished, and running it again skips those (their
content hash is already there, with an analysis by this qawl version) and goes on.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import __version__, api
from ..io.fetch import FetchError, fetch
from ..io.readers import Article, BadInput, Item, read_bytes, read_inputs
from ..options import Options
from ..store import ADDED, UNCHANGED, UPDATED, Store, article_hash
from .common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, Progress, error, internal_error, say, utf8
from .store_option import add_db_option, open_db

#: The summary lists at most this many failures (all of them went to stderr as they happened).
SUMMARY_FAILURES = 20


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("ingest", help="collect articles into the store", description=(
        "Store articles (and their analyses): .jsonl, .txt, .html, RSS/Atom feeds (.rss/.atom/.xml), "
        "WARC files (.warc/.warc.gz), directories of those, - for stdin, or http(s) URLs of pages and feeds."))
    p.add_argument("inputs", nargs="+", metavar="PATH|URL")
    add_db_option(p)
    p.add_argument("--follow", action="store_true", help="fetch the page each feed entry links to")
    p.add_argument("--no-analyze", dest="analyze", action="store_false", help="store the articles only")
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    p.set_defaults(run=run)


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.added + self.updated + self.unchanged

    def to_dict(self) -> dict[str, object]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "failed": [{"where": w, "reason": r} for w, r in self.failed]}


def run(args: argparse.Namespace, options: Options) -> int:
    store = open_db(args)
    if store is None:
        return EXIT_FAILED
    utf8(sys.stdout)
    with store:
        summary = ingest(store, args.inputs, options, analyze=args.analyze, follow=args.follow)
    _print_summary(summary, store.url, json_output=args.json)
    if summary.failed and not summary.done:
        return EXIT_FAILED
    return EXIT_PARTIAL if summary.failed else EXIT_OK


def ingest(store: Store, inputs: list[str], options: Options, *, analyze: bool = True,
           follow: bool = False) -> Summary:
    """Store every article of ``inputs``; each problem is reported and the rest goes on."""
    summary = Summary()
    with Progress() as progress:
        for item in _items(inputs, options):
            where = item.where
            try:
                outcome = _ingest_one(store, item, options, analyze=analyze, follow=follow)
            except (FetchError, api.InputError) as e:
                outcome = str(e)
            except Exception as e:  # a bug with one article must not stop the batch
                internal_error(where, e)
                outcome = f"internal error: {type(e).__name__}: {e}"
            else:
                if outcome in (ADDED, UPDATED, UNCHANGED):
                    setattr(summary, outcome, getattr(summary, outcome) + 1)
                    outcome = None
            if outcome is not None:
                if not outcome.startswith("internal error"):
                    error(where, outcome)
                summary.failed.append((where, outcome))
            progress.advance(summary.done, len(summary.failed), "articles stored")
    return summary


def _items(inputs: list[str], options: Options) -> Iterator[Item]:
    for arg in inputs:
        if "://" in arg:
            try:
                page = fetch(arg)
            except FetchError as e:
                yield BadInput(arg, str(e))
                continue
            yield from read_bytes(arg, page.data, url=page.url, content_type=page.content_type, options=options)
        else:
            yield from read_inputs([arg], options)


def _ingest_one(store: Store, item: Item, options: Options, *, analyze: bool, follow: bool) -> str:
    """``added``/``updated``/``unchanged``, or the reason the item failed."""
    if isinstance(item, BadInput):
        return item.message
    record = item.record
    if item.link and follow:
        if store.has_url(item.link, analysed=analyze):  # already fetched by an earlier run
            return UNCHANGED
        record = _followed(item)
    elif not record.get("text"):
        return "feed entry has no text (--follow fetches its page)"
    stored = store.stored(article_hash(record))
    if stored.exists and (not analyze or stored.version == __version__):
        return UNCHANGED
    doc = None
    if analyze:
        analysed = api.analyze_record(record, options)
        for warning in analysed.warnings:
            say(f"warning: {item.where}: {warning}")
        doc = analysed.to_dict()
    return store.put(record, doc)


def _followed(item: Article) -> dict[str, object]:
    """The feed entry with its page's text; the feed's title, date and outlet win over the
    page's guesses, and the entry's own text stays when the page has none."""
    assert item.link
    page = fetch(item.link)
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


def _print_summary(summary: Summary, url: str, *, json_output: bool) -> None:
    if json_output:
        print(json.dumps({**summary.to_dict(), "db": url}, ensure_ascii=False))
        return
    print(f"{summary.added:,} added, {summary.updated:,} updated, {summary.unchanged:,} unchanged, "
          f"{len(summary.failed):,} failed  ({url})")
    for where, reason in summary.failed[:SUMMARY_FAILURES]:
        print(f"  failed: {where}: {' '.join(reason.split())}")
    if len(summary.failed) > SUMMARY_FAILURES:
        print(f"  ... and {len(summary.failed) - SUMMARY_FAILURES:,} more failures (listed on stderr)")

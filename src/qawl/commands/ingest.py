"""``qawl ingest PATH|URL... [--db] [--follow] [--no-analyze]``: collect articles into the store.

The work is ``qawl.store.ingest``; this module is its command line: a progress count,
one error line per bad item as it happens, and a summary at the end.
"""
from __future__ import annotations

import argparse
import json

from .. import parallel
from ..options import Options
from ..store import Store
from ..store.ingest import Summary, ingest_items, items_of
from .common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PARTIAL,
    Progress,
    error,
    internal_error,
    say,
)
from .store_option import add_db_option, with_store

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
    parallel.add_jobs_option(p)
    p.set_defaults(run=run)


@with_store
def run(args: argparse.Namespace, options: Options, store: Store) -> int:
    with Progress(streams_output=False) as progress:
        summary = ingest_items(
            store, items_of(args.inputs, options), options, analyze=args.analyze, follow=args.follow,
            on_error=error, on_bug=internal_error, on_warning=lambda where, w: say(f"warning: {where}: {w}"),
            on_item=lambda s: progress.advance(s.done, len(s.failed), "articles stored"),
            jobs=parallel.jobs_from(args, args.inputs))
    if summary.stopped:
        say(f"error: {summary.stopped}")
    _print_summary(summary, store.url, json_output=args.json)
    if (summary.failed or summary.stopped) and not summary.done:
        return EXIT_FAILED
    if summary.stopped:
        return EXIT_PARTIAL
    return EXIT_PARTIAL if summary.failed else EXIT_OK


def _print_summary(summary: Summary, url: str, *, json_output: bool) -> None:
    if json_output:
        print(json.dumps({**summary.to_dict(), "db": url}, ensure_ascii=False))
        return
    print(f"{summary.added:,} added, {summary.updated:,} updated, {summary.unchanged:,} unchanged, "
          f"{len(summary.failed):,} failed  ({url})" + (f"; stopped: {summary.stopped}" if summary.stopped else ""))
    for where, reason in summary.failed[:SUMMARY_FAILURES]:
        print(f"  failed: {where}: {' '.join(reason.split())}")
    if len(summary.failed) > SUMMARY_FAILURES:
        print(f"  ... and {len(summary.failed) - SUMMARY_FAILURES:,} more failures (listed on stderr)")

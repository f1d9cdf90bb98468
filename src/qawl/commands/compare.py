"""``qawl compare PATH...|--stored [--json] [--all] [--within] [--save] [--db]``: stories across articles.

All articles are read and analysed first (a progress count on large inputs), then
clustered into stories (``qawl.stories.compare``).  ``--json`` prints one story a line
in the shape of CONTRACT.md; the default is a readable report.  ``--within`` reads each
article on its own: what it says more than once, and what it says and denies.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterable

from ..io.readers import Article, BadInput, read_inputs
from .. import parallel
from ..options import Options
from ..report import report_console
from ..stories.kept import STAGES, kept
from ..stories.model import Story
from ..stories.report import render_story
from ..text.doc import Doc
from ..store import Store, StoreError
from .analyze import record_of, reported
from .common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, Progress, error, say, utf8
from .store_option import add_db_option, open_db


def register(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser("compare", help="group articles into stories: origins, disagreements", description=(
        "Group articles (.jsonl, .txt, .html, a directory, or - for stdin) into stories about one event: "
        "who reports what, where it comes from, where the reports disagree."))
    cmd.add_argument("paths", nargs="*", metavar="PATH")
    cmd.add_argument("--json", action="store_true", help="one JSON object per story (JSONL), as in CONTRACT.md")
    cmd.add_argument("--all", action="store_true", help="also list articles that share no story with another")
    cmd.add_argument("--within", action="store_true",
                     help="each article on its own: its repeated claims and its denials")
    cmd.add_argument("--stored", action="store_true",
                     help="compare the articles of the store (--db) instead of PATHs")
    cmd.add_argument("--save", action="store_true",
                     help="keep the stories in the store (--db), for qawl story, qawl serve and the web pages")
    add_db_option(cmd)
    parallel.add_jobs_option(cmd)
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace, options: Options) -> int:
    if bool(args.paths) == args.stored:
        say("error: give PATHs to compare, or --stored to compare the articles of the store")
        return EXIT_FAILED
    store = open_db(args) if (args.stored or args.save) else None
    if (args.stored or args.save) and store is None:
        return EXIT_FAILED
    try:
        return _compare(args, options, store)
    finally:
        if store is not None:
            store.close()


def _compare(args: argparse.Namespace, options: Options, store: Store | None) -> int:
    from ..stories import compare  # scikit-learn and SciPy: only when stories are made

    utf8(sys.stdout)
    options = dataclasses.replace(options, only=STAGES)
    with Progress() as progress:
        items: Iterable[Article | BadInput]
        if store is not None and args.stored:
            items = (Article(f"store:{r.get('id', '?')}", r) for r in store.records())
            jobs = args.jobs or parallel.cores()
        else:
            items = read_inputs(args.paths, options)
            jobs = parallel.jobs_from(args, args.paths)
        docs, failed = read_and_analyze(items, options, progress, jobs)
        if not docs:
            return EXIT_FAILED
        progress.advance(len(docs), failed, "articles analysed; finding stories…")
        if args.within:
            stories = [s for d in docs for s in compare([d])]
            for n, s in enumerate(stories, 1):
                s.id = f"s{n}"
        else:
            stories = compare(docs, keep_singletons=args.all)
    if store is not None and args.save:
        try:
            saved = store.save_stories([s.to_dict() for s in stories])
        except StoreError as e:
            say(f"error: the stories were not saved: {e}")
            return EXIT_FAILED
        say(f"{saved:,} {'story' if saved == 1 else 'stories'} saved in the store")
    if args.json:
        for s in stories:
            sys.stdout.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    else:
        print_report(stories, docs)
    return EXIT_PARTIAL if failed else EXIT_OK


def read_and_analyze(items: Iterable[Article | BadInput], options: Options,
                     progress: Progress, jobs: int = 1) -> tuple[list[Doc], int]:
    """Every article of ``items``, analysed, keeping only what compare reads of each
    (``stories.kept``); bad items reported on stderr and counted."""
    docs: list[Doc] = []
    failed = 0
    for item, outcome in parallel.in_order(items, record_of, options, jobs, kept):
        if isinstance(item, BadInput):
            error(item.where, item.message)
            failed += 1
        else:
            doc = reported(item, outcome)
            if doc is None:
                failed += 1
            else:
                docs.append(doc)
        progress.advance(len(docs), failed)
    return docs, failed


def print_report(stories: list[Story], docs: list[Doc]) -> None:
    console = report_console(sys.stdout)
    by_id = {d.id: d for d in docs}
    if not stories:
        console.print(f"no stories: none of the {len(docs):,} articles shares an event with another "
                      "(--all lists them one by one)")
    for s in stories:
        for line in render_story(s, by_id):
            console.print(line)
    console.file.flush()

"""``qawl compare PATH...|--stored [--format F] [-o PATH] [--all] [--within] [--save] [--db]``: stories across articles.

All articles are read and analysed first (a progress count on large inputs), then
clustered into stories (``qawl.stories.compare``).  ``--json`` prints one story a line
in the shape of docs/output.md; the default is a readable report.  ``--within`` reads each
article on its own: what it says more than once, and what it says and denies.
"""
from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Iterable

from ..formats import Record, add_format_options
from ..io.readers import Article, BadInput, read_inputs
from .. import parallel
from ..io.sizes import expected_items
from ..options import Options
from ..stories.kept import STAGES, kept
from ..stories.model import Story
from ..stories.report import render_story
from ..text.doc import Doc
from ..store import Store, StoreError
from .analyze import record_of, reported
from .common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, Progress, error, say, writing
from .store_option import add_db_option, open_db


def register(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser("compare", help="group articles into stories: origins, disagreements", description=(
        "Group articles (.jsonl, .txt, .html, a directory, or - for stdin) into stories about one event: "
        "who reports what, where it comes from, where the reports disagree."))
    cmd.add_argument("paths", nargs="*", metavar="PATH")
    add_format_options(cmd)
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

    options = dataclasses.replace(options, only=STAGES)
    db = store if args.stored else None
    expected = (lambda: db.counts()["articles"]) if db is not None else (lambda: expected_items(args.paths))
    with Progress(expected=expected) as progress:
        items: Iterable[Article | BadInput]
        if db is not None:
            items = (Article(f"store:{r.get('id', '?')}", r) for r in db.records())
            jobs = args.jobs or parallel.cores()
        else:
            items = read_inputs(args.paths, options)
            jobs = parallel.jobs_from(args, args.paths)
        docs, failed = read_and_analyze(items, options, progress, jobs)
        if not docs:
            return EXIT_FAILED
        progress.status(f"{len(docs):,} articles analysed, {failed:,} failed; finding stories…")
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
    with writing(args) as out:
        if out is None:
            return EXIT_FAILED
        by_id = {d.id: d for d in docs}
        for s in stories:
            out.write(story_record(s, by_id))
        if not stories:
            out.note(f"no stories: none of the {len(docs):,} articles shares an event with another "
                     "(--all lists them one by one)")
    return EXIT_PARTIAL if failed else EXIT_OK


STORY_COLUMNS = ("story", "summary", "article", "source", "polarity", "claim", "via", "own")


def story_record(story: Story, docs: dict[str, Doc]) -> Record:
    """A story: its JSON (docs/output.md), a row per claim, the readable report."""
    rows = [{"story": story.id, "summary": story.summary, "article": c.article, "source": c.source_mention or c.source,
             "polarity": c.polarity, "claim": c.text, "via": c.via, "own": c.own} for c in story.claims]
    return Record("story", story.to_dict(), title=f"{story.id}: {story.summary or ''}".rstrip(": "),
                  columns=STORY_COLUMNS, rows=rows, lines=lambda: render_story(story, docs))


def read_and_analyze(items: Iterable[Article | BadInput], options: Options,
                     progress: Progress, jobs: int = 1) -> tuple[list[Doc], int]:
    """Every article of ``items``, analysed, keeping only what compare reads of each
    (``stories.kept``); bad items reported on stderr and counted."""
    docs: list[Doc] = []
    failed = 0
    for item, outcome in parallel.in_order(items, record_of, options, jobs, kept, share_models=False):
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

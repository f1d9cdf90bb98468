"""``qawl analyze PATH... [--format F] [-o PATH] [--only STAGE,...]``: every stage, article by article.

Output streams: one article is written (and flushed) before the next is read, so
``| head`` and a 1 GB input both behave.
"""
from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .. import parallel
from ..formats import Record, add_format_options, chosen, reads_only_data, written
from ..io.readers import Article, BadInput, read_inputs
from ..io.sizes import expected_items
from ..options import ENTITY_MODES, Options
from ..report import render as report_lines
from ..text.doc import Doc
from .common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, Progress, error, internal_error, say, writing

Emit = Callable[[Any], None]  # gets a Doc, or what the command's render made of it


def register(commands: argparse._SubParsersAction) -> None:
    analyze = commands.add_parser("analyze", help="find the attributions of articles", description=(
        "Analyse articles: .jsonl (one article per line), .txt, .html/.htm, a directory of those, or - for stdin."))
    analyze.add_argument("paths", nargs="+", metavar="PATH")
    add_format_options(analyze)
    add_stage_option(analyze)
    analyze.add_argument("--explain", action="store_true",
                         help="show for each attribution the rule that proposed it and the features that chose its speaker")
    parallel.add_jobs_option(analyze)
    analyze.add_argument("--entities", choices=ENTITY_MODES, default="default",
                         help="accurate: the entity tagger also reads the e5 encoder's states (about 40x the CRF's time)")
    analyze.set_defaults(run=run)


def add_stage_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--only", type=_stage_list, action="extend", metavar="STAGE,...",
                        help="run only these stages (and what they need), e.g. --only sentences")


def _stage_list(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected stage names, e.g. sentences,attributions")
    return names


def run(args: argparse.Namespace, options: Options) -> int:
    """Analyse every article of the paths in order, writing each as soon as it is done
    (analysed by ``--jobs`` processes, written here in input order)."""
    with writing(args) as out:
        if out is None:
            return EXIT_FAILED
        jobs = parallel.jobs_from(args, args.paths)
        if jobs > 1 and reads_only_data(chosen(args)):  # the worker builds the record: no Doc crosses processes
            return each_article(args.paths, options, out.write, jobs=jobs,
                                render=functools.partial(data_record, explain=options.explain, format=chosen(args)))
        return each_article(args.paths, options, lambda doc: out.write(article_record(doc, options.explain)),
                            jobs=jobs)


def data_record(doc: Doc, explain: bool = False, format: str | None = None) -> Record:
    """``article_record`` without what only formats that read more than data need (picklable);
    already written out when ``format`` writes a record on its own (``formats.written``)."""
    record = replace(article_record(doc, explain), lines=None, doc=None)
    return written(format, record) if format is not None else record


#: The table columns of an article: one row per attribution (the article's fields on each).
ARTICLE_COLUMNS = ("id", "outlet", "date", "title", "url", "n", "speaker", "mention", "cue", "content", "type",
                   "polarity", "via", "start", "end")


def article_record(doc: Doc, explain: bool = False) -> Record:
    """An analysed article in every format's shape."""
    data = doc.to_dict(explain=explain)
    meta = {k: data[k] for k in ("id", "outlet", "date", "title", "url")}
    rows = [{**meta, "n": n, "speaker": a["source"], "mention": a["source_mention"], "cue": a["cue"],
             "content": a["content"], "type": a["type"], "polarity": a["polarity"], "via": a["via"],
             "start": a["content"]["start"], "end": a["content"]["end"]}
            for n, a in enumerate(data["attributions"], 1)]
    return Record("article", data, title=" — ".join(m for m in (doc.id, doc.title) if m),
                  columns=ARTICLE_COLUMNS, rows=rows or [meta], lines=lambda: report_lines(doc, explain), doc=doc)


def each_article(paths: list[str], options: Options, emit: Emit, *, jobs: int = 1,
                 render: parallel.Render | None = None) -> int:
    """Analyse every article of ``paths`` and hand each to ``emit`` (what ``render`` made of
    it, when given; ``render`` runs in the worker with ``jobs`` > 1); bad items are reported
    one line each and the rest go on.  Returns the exit code."""
    analysed = failed = 0
    with Progress(expected=lambda: expected_items(paths)) as progress:
        items = read_inputs(paths, options)
        for item, outcome in parallel.in_order(items, record_of, options, jobs, render):
            if isinstance(item, BadInput):
                error(item.where, item.message)
                failed += 1
            elif _deliver(item, outcome, emit):
                analysed += 1
            else:
                failed += 1
            progress.advance(analysed, failed)
    if not analysed:
        return EXIT_FAILED
    return EXIT_PARTIAL if failed else EXIT_OK


def record_of(item: Article | BadInput) -> dict | None:
    return item.record if isinstance(item, Article) else None


def _deliver(article: Article, outcome: parallel.Outcome | None, emit: Emit) -> bool:
    """Report what went wrong with one article, or write it; never raise.

    Writing is inside the article's boundary too: text that cannot be written out is that
    article's error, not the end of the batch (a closed pipe still ends it)."""
    doc = reported(article, outcome)
    if doc is None:
        return False
    try:
        emit(doc)
    except BrokenPipeError:
        raise
    except UnicodeEncodeError as e:
        error(article.where, f"cannot be written out: {e.reason} ({e.object[e.start:e.end]!a})")
        return False
    except Exception as e:  # a bug in the report must not stop the batch either
        internal_error(str(article.record.get("id", article.where)), e)
        return False
    return True


def reported(article: Article, outcome: parallel.Outcome | None) -> Any:
    """The outcome's value after its warnings are said; None, reported, when the article failed."""
    assert outcome is not None, "parallel.in_order analyses every article that record_of returns"
    if outcome.error is not None:
        error(article.where, outcome.error)
    elif outcome.bug is not None:  # a bug in one stage must not stop the batch
        internal_error(str(article.record.get("id", article.where)), outcome.bug)  # type: ignore[arg-type]
    else:
        for warning in outcome.warnings:
            say(f"warning: {warning}")
        return outcome.value
    return None



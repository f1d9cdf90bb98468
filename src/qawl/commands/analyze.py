"""``qawl analyze PATH... [--json] [--only STAGE,...]``: every stage, article by article.

Output streams: one article is written (and flushed) before the next is read, so
``| head`` and a 1 GB input both behave.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from functools import partial
from typing import Any

from rich.console import Console

from .. import parallel
from ..io.readers import Article, BadInput, read_inputs
from ..options import ENTITY_MODES, Options
from ..report import print_doc, report_console
from ..text.doc import Doc
from .common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, Progress, error, internal_error, say, utf8

Emit = Callable[[Any], None]  # gets a Doc, or what the command's render made of it


def register(commands: argparse._SubParsersAction) -> None:
    analyze = commands.add_parser("analyze", help="find the attributions of articles", description=(
        "Analyse articles: .jsonl (one article per line), .txt, .html/.htm, a directory of those, or - for stdin."))
    analyze.add_argument("paths", nargs="+", metavar="PATH")
    analyze.add_argument("--json", action="store_true", help="one JSON object per article (JSONL), as in CONTRACT.md")
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
    return analyze_paths(args.paths, options, json_output=args.json, jobs=parallel.jobs_from(args, args.paths))


def analyze_paths(paths: list[str], options: Options, *, json_output: bool, jobs: int = 1) -> int:
    """Analyse every article of ``paths`` in order, writing each as soon as it is done."""
    utf8(sys.stdout)
    if json_output:
        return each_article(paths, options, write_line, jobs=jobs, render=partial(json_line, explain=options.explain))
    return each_article(paths, options, _report_emitter(report_console(sys.stdout), options.explain), jobs=jobs)


def each_article(paths: list[str], options: Options, emit: Emit, *, jobs: int = 1,
                 render: parallel.Render | None = None) -> int:
    """Analyse every article of ``paths`` and hand each to ``emit`` (what ``render`` made of
    it, when given; ``render`` runs in the worker with ``jobs`` > 1); bad items are reported
    one line each and the rest go on.  Returns the exit code."""
    analysed = failed = 0
    with Progress() as progress:
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


def json_line(doc: Doc, explain: bool = False) -> str:
    """An article's line of ``--json``: made in the worker, written by the main process."""
    return json.dumps(doc.to_dict(explain=explain), ensure_ascii=False) + "\n"


def write_line(line: str) -> None:
    """Write one rendered line and flush it: the next article may take a while."""
    sys.stdout.write(line)
    sys.stdout.flush()


def _report_emitter(console: Console, explain: bool = False) -> Emit:
    def emit(doc: Doc) -> None:
        print_doc(doc, console, explain=explain)
        console.file.flush()

    return emit

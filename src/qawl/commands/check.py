"""``qawl check PATH... [--json] [--top N]``: only the integrity verdict of each article.

For a reader who wants to know whether a report was tampered with, not who said what:
the article's score (its most suspicious sentence, calibrated against clean articles),
whether it passes the alert threshold, and its top sentences with the reasons.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from functools import partial
from typing import Any

from .. import parallel
from ..options import Options
from ..report import integrity_lines, report_console
from ..text.doc import Doc
from .analyze import each_article, write_line
from .common import positive_int, utf8

DEFAULT_TOP = 3


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="say whether articles hold sentences that do not belong", description=(
        "The integrity verdict of articles (.jsonl, .txt, .html/.htm, a directory, or - for stdin): "
        "a calibrated article score and the most suspicious sentences with their reasons."))
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--json", action="store_true", help="one JSON object per article (JSONL)")
    check.add_argument("--top", type=positive_int("sentences"), default=DEFAULT_TOP, metavar="N",
                       help=f"how many sentences to show (default {DEFAULT_TOP})")
    parallel.add_jobs_option(check)
    check.set_defaults(run=run)


def run(args: argparse.Namespace, options: Options) -> int:
    utf8(sys.stdout)
    options = dataclasses.replace(options, only=("integrity",))
    jobs = parallel.jobs_from(args, args.paths)
    if args.json:
        return each_article(args.paths, options, write_line, jobs=jobs, render=partial(verdict_line, top=args.top))
    else:
        console = report_console(sys.stdout)

        def emit(doc: Doc) -> None:
            for line in integrity_lines(doc, top=args.top, min_suspicion=0.0, header=True):
                console.print(line)
            console.print()
            console.file.flush()
    return each_article(args.paths, options, emit, jobs=jobs)


def verdict_line(doc: Doc, top: int) -> str:
    """An article's line of ``check --json`` (made in the worker with ``--jobs``)."""
    return json.dumps(verdict(doc, top), ensure_ascii=False) + "\n"


def verdict(doc: Doc, top: int) -> dict[str, Any]:
    """The JSON verdict: the article's score and alert, and its ``top`` sentences, most suspicious first."""
    ranked = sorted(doc.integrity["sentences"], key=lambda s: -s["suspicion"])[:top]
    return {
        "id": doc.id,
        "score": doc.integrity.get("score", 0.0),
        "alert": doc.integrity.get("alert", False),
        "sentences": len(doc.sentences),
        "top": [{**s, "text": doc.text[s["start"] : s["end"]]} for s in ranked],
    }

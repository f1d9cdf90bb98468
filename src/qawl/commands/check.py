"""``qawl check PATH... [--alerts] [--top N] [--format F] [-o PATH]``: only the integrity
verdict of each article.

For a reader who wants to know whether a report was tampered with, not who said what:
the article's score (its most suspicious sentence, calibrated against clean articles),
whether it passes the alert threshold (printed with it), and its top sentences with the
reasons.  ``--alerts`` shows only the articles in alert, and says how many there were.
"""
from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from rich.text import Text

from .. import parallel
from ..formats import Record, add_format_options
from ..options import Options
from ..report import integrity_lines
from ..text.doc import Doc
from .analyze import each_article
from .common import EXIT_FAILED, positive_int, writing

DEFAULT_TOP = 3
VERDICT_COLUMNS = ("id", "outlet", "date", "title", "score", "alert", "threshold", "rank", "suspicion", "sentence",
                   "reasons")


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="say whether articles hold sentences that do not belong", description=(
        "The integrity verdict of articles (.jsonl, .txt, .html/.htm, a directory, or - for stdin): "
        "a calibrated article score, the alert threshold, and the most suspicious sentences with their reasons."))
    check.add_argument("paths", nargs="+", metavar="PATH")
    add_format_options(check)
    check.add_argument("--alerts", action="store_true", help="show only the articles in alert")
    check.add_argument("--top", type=positive_int("sentences"), default=DEFAULT_TOP, metavar="N",
                       help=f"how many sentences to show (default {DEFAULT_TOP})")
    parallel.add_jobs_option(check)
    check.set_defaults(run=run)


def alert_threshold() -> float:
    """The article score from which an article is in alert (the shipped integrity model's)."""
    from ..integrity.model import load

    return load().alert


def run(args: argparse.Namespace, options: Options) -> int:
    options = dataclasses.replace(options, only=("integrity",))
    threshold = alert_threshold()
    seen = alerts = 0
    jobs = parallel.jobs_from(args, args.paths)
    with writing(args) as out:
        if out is None:
            return EXIT_FAILED

        def emit(doc: Doc) -> None:
            nonlocal seen, alerts
            seen += 1
            alert = bool(doc.integrity.get("alert"))
            alerts += alert
            if alert or not args.alerts:
                out.write(verdict_record(doc, args.top, threshold))

        code = each_article(args.paths, options, emit, jobs=jobs)
        if seen:
            out.note(f"{alerts:,} of {seen:,} articles in alert (article score ≥ {threshold:.2f})")
    return code


def verdict_record(doc: Doc, top: int, threshold: float) -> Record:
    data = verdict(doc, top, threshold)
    meta = {k: data[k] for k in ("id", "outlet", "date", "title", "score", "alert", "threshold")}
    rows = [{**meta, "rank": n, "suspicion": s["suspicion"], "sentence": s["text"], "reasons": s["reasons"]}
            for n, s in enumerate(data["top"], 1)]
    return Record("verdict", data, title=doc.id, columns=VERDICT_COLUMNS, rows=rows or [meta],
                  lines=lambda: [*integrity_lines(doc, top=top, min_suspicion=0.0, header=True, threshold=threshold),
                                 Text()])


def verdict(doc: Doc, top: int, threshold: float | None = None) -> dict[str, Any]:
    """The JSON verdict: the article's score, alert and threshold, and its ``top`` sentences,
    most suspicious first."""
    ranked = sorted(doc.integrity["sentences"], key=lambda s: -s["suspicion"])[:top]
    return {
        "id": doc.id,
        "outlet": doc.outlet,
        "date": doc.date,
        "title": doc.title,
        "url": doc.url,
        "score": doc.integrity.get("score", 0.0),
        "alert": doc.integrity.get("alert", False),
        "threshold": alert_threshold() if threshold is None else threshold,
        "sentences": len(doc.sentences),
        "top": [{**s, "text": doc.text[s["start"] : s["end"]]} for s in ranked],
    }

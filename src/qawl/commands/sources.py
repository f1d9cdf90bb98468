"""``qawl sources [--db] [--limit N] [--format F]``: speakers ranked by number of claims, with
the outlets that carried them and the relays (``via``) they came through."""
from __future__ import annotations

import argparse
import functools
from typing import Any

from rich.text import Text

from ..formats import Record, add_format_options
from ..options import DEFAULT_LIMITS, Options
from ..report import Field
from ..store import Store
from .common import EXIT_FAILED, EXIT_OK, positive_int, writing
from .store_option import add_db_option, with_store


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("sources", help="speakers ranked by number of claims",
                            description="Speakers of the stored articles, most claims first, with outlets and relays.")
    add_db_option(p)
    p.add_argument("--limit", type=positive_int("speakers"), default=None, metavar="N",
                   help=f"at most this many speakers (default {DEFAULT_LIMITS.sources})")
    add_format_options(p)
    p.set_defaults(run=run)


def _counted(items: list[dict[str, object]]) -> str:
    return "، ".join(f"{i['name']} ({i['claims']})" for i in items) or "—"


SPEAKER_COLUMNS = ("rank", "name", "claims", "articles", "denials", "outlets", "relays")


@with_store
def run(args: argparse.Namespace, options: Options, store: Store) -> int:
    speakers = store.speakers(limit=args.limit or options.limits.sources)
    with writing(args) as out:
        if out is None:
            return EXIT_FAILED
        for rank, s in enumerate(speakers, 1):
            row = {**s, "rank": rank, "outlets": _counted(s["outlets"]), "relays": _counted(s["relays"])}
            out.write(Record("speaker", s, title=s["name"], columns=SPEAKER_COLUMNS, rows=[row],
                             lines=functools.partial(speaker_lines, rank, s)))
        if not speakers:
            out.note("no speakers yet: qawl ingest PATH... first")
    return EXIT_OK


def speaker_lines(rank: int, s: dict[str, Any]) -> list[Text]:
    line = Text(f"{rank:>3}. ", style="dim")
    line.append(s["name"], style="bold")
    line.append(f"  {s['claims']} claims in {s['articles']} articles")
    if s["denials"]:
        line.append(f", {s['denials']} denials", style="bold red")
    return [line, Field(f"     outlets: {_counted(s['outlets'])}", indent=14),
            Field(f"     relays:  {_counted(s['relays'])}", indent=14)]

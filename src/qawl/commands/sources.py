"""``qawl sources [--db] [--limit N] [--json]``: speakers ranked by number of claims, with
the outlets that carried them and the relays (``via``) they came through."""
from __future__ import annotations

import argparse
import sys

from rich.text import Text

from ..options import DEFAULT_LIMITS, Options
from ..report import report_console
from ..store import Store
from .common import EXIT_OK, positive_int
from .store_option import add_db_option, print_json_lines, with_store


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("sources", help="speakers ranked by number of claims",
                            description="Speakers of the stored articles, most claims first, with outlets and relays.")
    add_db_option(p)
    p.add_argument("--limit", type=positive_int("speakers"), default=None, metavar="N",
                   help=f"at most this many speakers (default {DEFAULT_LIMITS.sources})")
    p.add_argument("--json", action="store_true", help="one JSON object per speaker")
    p.set_defaults(run=run)


def _counted(items: list[dict[str, object]]) -> str:
    return "، ".join(f"{i['name']} ({i['claims']})" for i in items) or "—"


@with_store
def run(args: argparse.Namespace, options: Options, store: Store) -> int:
    speakers = store.speakers(limit=args.limit or options.limits.sources)
    if args.json:
        return print_json_lines(speakers)
    console = report_console(sys.stdout)
    for rank, s in enumerate(speakers, 1):
        line = Text(f"{rank:>3}. ", style="dim")
        line.append(s["name"], style="bold")
        line.append(f"  {s['claims']} claims in {s['articles']} articles")
        if s["denials"]:
            line.append(f", {s['denials']} denials", style="bold red")
        console.print(line)
        console.print(Text(f"     outlets: {_counted(s['outlets'])}"))
        console.print(Text(f"     relays:  {_counted(s['relays'])}"))
    if not speakers:
        console.print(Text("no speakers yet: qawl ingest PATH... first", style="dim"))
    return EXIT_OK

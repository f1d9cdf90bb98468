"""``qawl search QUERY... [--db] [--limit N] [--json]``: articles with every word of the query.

Words match in qawl's matching form: diacritics, alef forms and clitics do not matter
(الوزير finds والوزير and وزير).
"""
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
    p = commands.add_parser("search", help="full-text search of the stored articles",
                            description="Find stored articles that contain every word of QUERY.")
    p.add_argument("query", nargs="+", metavar="QUERY")
    add_db_option(p)
    p.add_argument("--limit", type=positive_int("articles"), default=None, metavar="N",
                   help=f"at most this many articles (default {DEFAULT_LIMITS.search})")
    p.add_argument("--json", action="store_true", help="one JSON object per article found")
    p.set_defaults(run=run)


@with_store
def run(args: argparse.Namespace, options: Options, store: Store) -> int:
    hits = store.search(" ".join(args.query), limit=args.limit or options.limits.search)
    if args.json:
        return print_json_lines(hits)
    console = report_console(sys.stdout)
    for hit in hits:
        head = Text(hit["id"], style="bold")
        for field in ("title", "outlet", "date"):
            if hit.get(field):
                head.append(f"  {hit[field]}")
        console.print(head)
        snip = Text("  " + hit["snippet"]["text"].replace("\n", " "))
        for start, end in hit["snippet"]["marks"]:
            snip.stylize("bold reverse", start + 2, end + 2)
        console.print(snip)
    console.print(Text(f"{len(hits)} found", style="dim"))
    return EXIT_OK

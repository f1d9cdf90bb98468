"""``qawl search QUERY... [--outlet NAME] [--since DATE] [--until DATE] [--limit N] [--db]``:
full-text search of the stored articles.

Words match in qawl's matching form: diacritics, alef forms and clitics do not matter
(الوزير finds والوزير and وزير).  The syntax (``qawl.store.syntax``): every word must
occur; "a phrase" in order, side by side; ``a OR b`` either; ``-word`` not.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date

from rich.text import Text

from ..options import Options
from ..report import Field, report_console
from ..store import Store
from ..store.syntax import QueryError
from .common import EXIT_FAILED, EXIT_OK, positive_int, say
from .store_option import add_db_option, print_json_lines, with_store


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("search", help="full-text search of the stored articles", description=(
        'Find stored articles: every word of QUERY must occur; "a phrase" in order; a OR b: either; '
        "-word: not (diacritics, alef forms and clitics do not matter)."))
    p.add_argument("query", nargs="+", metavar="QUERY")
    add_db_option(p)
    p.add_argument("--outlet", action="append", default=[], metavar="NAME",
                   help="only articles of this outlet (again for several)")
    p.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD", help="only articles dated on or after this day")
    p.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD", help="only articles dated on or before this day")
    p.add_argument("--limit", type=positive_int("articles"), default=20, help="show at most this many (default 20)")
    p.add_argument("--json", action="store_true", help="one JSON object per article found")
    p.set_defaults(run=run)
    options_only_in_latin(p)


def options_only_in_latin(parser: argparse.ArgumentParser) -> None:
    """Let ``-القوات`` be a query word (a word to leave out), not an unknown option: every
    option of qawl is Latin, so a dash before any other letter starts a word.  (A Latin
    word to leave out goes after ``--``, or inside the quoted query.)"""
    parse_optional = parser._parse_optional  # argparse's hook for "is this an option?"

    def optional(arg: str):  # type: ignore[no-untyped-def]
        if len(arg) > 1 and arg[0] == "-" and not arg[1].isascii():
            return None
        return parse_optional(arg)

    parser._parse_optional = optional  # type: ignore[method-assign]


def iso_date(value: str) -> str:
    """An argparse type for a day, ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {value!r}") from None


@with_store
def run(args: argparse.Namespace, options: Options, store: Store) -> int:
    try:
        found = store.find(" ".join(args.query), limit=args.limit, outlets=args.outlet, since=args.since,
                           until=args.until)
    except QueryError as e:
        say(f"error: {e}")
        return EXIT_FAILED
    hits = found.hits
    if args.json:
        return print_json_lines(hits)
    console = report_console(sys.stdout)
    for hit in hits:
        head = Text(hit["id"], style="bold")
        for field in ("title", "outlet", "date"):
            if hit.get(field):
                head.append(f"  {hit[field]}")
        console.print(head)
        snip = Field("  " + hit["snippet"]["text"].replace("\n", " "), indent=2)
        for start, end in hit["snippet"]["marks"]:
            snip.stylize("bold reverse", start + 2, end + 2)
        console.print(snip)
    shown = f", {len(hits):,} shown (--limit)" if len(hits) < found.total else ""
    console.print(Text(f"{found.total:,} found{shown}", style="dim"))
    return EXIT_OK

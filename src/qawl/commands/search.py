"""``qawl search QUERY... [--outlet NAME] [--since DATE] [--until DATE] [--limit N] [--db] [--format F]``:
full-text search of the stored articles.

Words match in qawl's matching form: diacritics, alef forms and clitics do not matter
(الوزير finds والوزير and وزير).  The syntax (``qawl.store.syntax``): every word must
occur; "a phrase" in order, side by side; ``a OR b`` either; ``-word`` not.
"""
from __future__ import annotations

import argparse
import functools
from datetime import date
from typing import Any

from rich.text import Text

from ..formats import Record, add_format_options
from ..options import DEFAULT_LIMITS, Options
from ..report import Field
from ..store import Store
from ..store.syntax import QueryError
from .common import EXIT_FAILED, EXIT_OK, positive_int, say, writing
from .store_option import add_db_option, with_store


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
    p.add_argument("--limit", type=positive_int("articles"), default=None, metavar="N",
                   help=f"show at most this many articles (default {DEFAULT_LIMITS.search})")
    add_format_options(p)
    p.set_defaults(run=run)
    options_only_in_latin(p)


def options_only_in_latin(parser: argparse.ArgumentParser) -> None:
    """Let ``-القوات`` be a query word (a word to leave out), not an unknown option: every
    option of qawl is Latin, so a dash before any other letter starts a word.  (A Latin
    word to leave out goes after ``--``, or inside the quoted query.)"""
    parse_optional = parser._parse_optional  # argparse's hook for "is this an option?"

    def optional(arg: str) -> Any:
        if len(arg) > 1 and arg[0] == "-" and not arg[1].isascii():
            return None
        return parse_optional(arg)

    setattr(parser, "_parse_optional", optional)  # noqa: B010 (an instance's hook, not a typed assignment)


def iso_date(value: str) -> str:
    """An argparse type for a day, ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {value!r}") from None


HIT_COLUMNS = ("id", "title", "outlet", "date", "url", "score", "snippet")


@with_store
def run(args: argparse.Namespace, options: Options, store: Store) -> int:
    try:
        found = store.find(" ".join(args.query), limit=args.limit or options.limits.search, outlets=args.outlet,
                           since=args.since, until=args.until)
    except QueryError as e:
        say(f"error: {e}")
        return EXIT_FAILED
    with writing(args) as out:
        if out is None:
            return EXIT_FAILED
        for hit in found.hits:
            out.write(Record("hit", hit, title=hit["title"] or hit["id"], columns=HIT_COLUMNS,
                             rows=[{**hit, "snippet": hit["snippet"]["text"]}], lines=functools.partial(hit_lines, hit)))
        shown = f", {len(found.hits):,} shown (--limit)" if len(found.hits) < found.total else ""
        out.note(f"{found.total:,} found{shown}")
    return EXIT_OK


def hit_lines(hit: dict[str, Any]) -> list[Text]:
    """A hit on two lines: id, title, outlet, date; then the snippet, its matches marked."""
    head = Text(hit["id"], style="bold")
    for field in ("title", "outlet", "date"):
        if hit.get(field):
            head.append(f"  {hit[field]}")
    snip = Field("  " + hit["snippet"]["text"].replace("\n", " "), indent=2)
    for start, end in hit["snippet"]["marks"]:
        snip.stylize("bold reverse", start + 2, end + 2)
    return [head, snip]

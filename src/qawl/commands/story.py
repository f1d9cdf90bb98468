"""``qawl story [ID] [--db] [--json]``: one story (a claim cluster across articles): who
asserts, who denies, in which outlets, in time order.  Without ID: the list of stories."""
from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.text import Text

from ..options import Options
from ..report import report_console
from ..store import Store
from ..store.views import story_view
from .common import EXIT_FAILED, EXIT_OK, say
from .store_option import add_db_option, print_json_lines, with_store


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("story", help="a story: who asserts, who denies, timeline",
                            description="Show a stored story (as `qawl compare` finds them), or list the stories.")
    p.add_argument("id", nargs="?", metavar="ID")
    add_db_option(p)
    p.add_argument("--json", action="store_true", help="the story (or each story) as JSON")
    p.set_defaults(run=run)


@with_store
def run(args: argparse.Namespace, options: Options, store: Store) -> int:
    console = report_console(sys.stdout)
    if args.id is None:
        if args.json:
            return print_json_lines(store.stories())
        for s in store.stories():
            console.print(Text(f"{s['story']}  {len(s.get('articles', []))} articles, "
                               f"{len(s.get('claims', []))} claims  " + "، ".join(s.get("origins") or [])))
        return EXIT_OK
    view = story_view(store, args.id)
    if view is None:
        say(f"error: no story {args.id!r} in the store")
        return EXIT_FAILED
    if args.json:
        print(json.dumps(view, ensure_ascii=False))
    else:
        _print_story(view, console)
    return EXIT_OK


def _print_story(view: dict, console: Console) -> None:
    console.print(Text(f"story {view['story']}: {len(view['articles'])} articles, {len(view['claims'])} claims",
                       style="bold"))
    origins = "، ".join(view.get("origins") or []) or "—"
    console.print(Text(f"origins: {origins}" + ("  (one origin)" if view.get("single_origin") else "")))
    console.print(Text(f"outlets {'agree' if view['agreement'] == 'agree' else 'contradict each other'}: "
                       + "، ".join(f"{o['outlet']} ({o['stance']})" for o in view["outlets"])))
    for label, claims, style in (("asserts", view["asserts"], ""), ("denies", view["denies"], "bold red")):
        who = "، ".join(dict.fromkeys(c.get("source") or "?" for c in claims)) or "—"
        console.print(Text(f"{label}: {who}", style=style))
    console.print(Text("timeline:", style="bold"))
    for c in view["timeline"]:
        line = Text(f"  {c.get('date') or '????-??-??'}  {c.get('outlet') or c.get('article')}  ", style="dim")
        line.append(c.get("source") or "?", style="bold")
        if c.get("via"):
            line.append(f" ← {c['via']}")
        line.append(": ")
        line.append(" ".join(str(c.get("text", "")).split()), style="bold red" if c.get("polarity") == "deny" else "")
        console.print(line)

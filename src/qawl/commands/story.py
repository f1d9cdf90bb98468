"""``qawl story [ID] [--db] [--json]``: one story (a claim cluster across articles): its
headline, the report ``qawl compare`` prints for it (origins, claims, repeated claims,
disagreements), who asserts, who denies, in which outlets, in time order.  Without ID: the
list of stories by headline.  It reads the same stored dict as ``/api/stories/ID``."""
from __future__ import annotations

import argparse
import json
import sys
from types import SimpleNamespace

from rich.console import Console
from rich.text import Text

from ..options import Options
from ..report import report_console
from ..store import Store
from ..store.views import UNMEASURED, story_list, story_view
from ..stories.model import Story
from ..stories.report import render_story
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
        stories = story_list(store)
        if args.json:
            return print_json_lines(stories)
        for s in stories:
            line = Text.assemble((s["story"], "bold cyan"), "  ", s["headline"])
            line.append(f"  {len(s.get('articles', []))} articles, {len(s.get('claims', []))} claims", "dim")
            if s.get("disagreements"):
                line.append(f", {len(s['disagreements'])} disagreements", "bold red")
            console.print(line)
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
    meta = {str(a.get("id")): SimpleNamespace(outlet=a.get("outlet"), date=a.get("date"), title=a.get("title"))
            for a in view["article_list"]}
    story = {**view, "outlets": [o["outlet"] for o in view["outlets"]]}  # the view's outlets carry stances
    for line in render_story(Story.from_dict(story), meta, measured=view["agreement"] != UNMEASURED):
        console.print(line)
    console.print(Text("outlets: " + "، ".join(f"{o['outlet']} ({o['stance']})" for o in view["outlets"])))
    console.print(Text("timeline:", style="bold"))
    for c in view["timeline"]:
        line = Text(f"  {c.get('date') or '????-??-??'}  {c.get('outlet') or c.get('article')}  ", style="dim")
        line.append(c.get("source") or "?", style="bold")
        if c.get("via"):
            line.append(f" ← {c['via']}")
        line.append(": ")
        line.append(" ".join(str(c.get("text", "")).split()), style="bold red" if c.get("polarity") == "deny" else "")
        console.print(line)

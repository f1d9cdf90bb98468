"""``qawl story [ID] [--db] [--format F] [-o PATH]``: one story (a claim cluster across articles): its
headline, the report ``qawl compare`` prints for it (origins, claims, repeated claims,
disagreements), who asserts, who denies, in which outlets, in time order.  Without ID: the
list of stories by headline.  It reads the same stored dict as ``/api/stories/ID``."""
from __future__ import annotations

import argparse
import functools
from types import SimpleNamespace
from typing import Any

from rich.text import Text

from ..formats import Record, add_format_options
from ..options import Options
from ..store import Store
from ..store.views import UNMEASURED, story_list, story_view
from ..stories.model import Story
from ..stories.report import render_story
from .common import EXIT_FAILED, EXIT_OK, say, writing
from .store_option import add_db_option, with_store


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("story", help="a story: who asserts, who denies, timeline",
                            description="Show a stored story (as `qawl compare` finds them), or list the stories.")
    p.add_argument("id", nargs="?", metavar="ID")
    add_db_option(p)
    add_format_options(p)
    p.set_defaults(run=run)


LIST_COLUMNS = ("story", "headline", "articles", "claims", "disagreements")
TIMELINE_COLUMNS = ("story", "date", "outlet", "source", "via", "polarity", "text")


@with_store
def run(args: argparse.Namespace, options: Options, store: Store) -> int:
    view = None
    if args.id is not None:
        view = story_view(store, args.id)
        if view is None:
            say(f"error: no story {args.id!r} in the store")
            return EXIT_FAILED
    with writing(args) as out:
        if out is None:
            return EXIT_FAILED
        if view is not None:
            out.write(_story_record(view))
            return EXIT_OK
        stories = story_list(store)
        for s in stories:
            row = {"story": s["story"], "headline": s["headline"], "articles": len(s.get("articles", [])),
                   "claims": len(s.get("claims", [])), "disagreements": len(s.get("disagreements") or [])}
            out.write(Record("story", s, title=s["headline"], columns=LIST_COLUMNS, rows=[row],
                             lines=functools.partial(_list_line, s)))
        if not stories:
            out.note("no stories yet: qawl compare --stored --save first")
    return EXIT_OK


def _list_line(s: dict[str, Any]) -> list[Text]:
    line = Text.assemble((s["story"], "bold cyan"), "  ", s["headline"])
    line.append(f"  {len(s.get('articles', []))} articles, {len(s.get('claims', []))} claims", "dim")
    if s.get("disagreements"):
        line.append(f", {len(s['disagreements'])} disagreements", "bold red")
    return [line]


def _story_record(view: dict[str, Any]) -> Record:
    rows = [{"story": view.get("story"), "date": c.get("date"), "outlet": c.get("outlet") or c.get("article"),
             "source": c.get("source"), "via": c.get("via"), "polarity": c.get("polarity"),
             "text": " ".join(str(c.get("text", "")).split())} for c in view["timeline"]]
    return Record("story", view, title=str(view.get("headline") or view.get("story")), columns=TIMELINE_COLUMNS,
                  rows=rows, lines=functools.partial(_story_lines, view))


def _story_lines(view: dict[str, Any]) -> list[Text]:
    meta = {str(a.get("id")): SimpleNamespace(outlet=a.get("outlet"), date=a.get("date"), title=a.get("title"))
            for a in view["article_list"]}
    story = {**view, "outlets": [o["outlet"] for o in view["outlets"]]}  # the view's outlets carry stances
    out = list(render_story(Story.from_dict(story), meta, measured=view["agreement"] != UNMEASURED))
    out.append(Text("outlets: " + "، ".join(f"{o['outlet']} ({o['stance']})" for o in view["outlets"])))
    out.append(Text("timeline:", style="bold"))
    for c in view["timeline"]:
        line = Text(f"  {c.get('date') or '????-??-??'}  {c.get('outlet') or c.get('article')}  ", style="dim")
        line.append(c.get("source") or "?", style="bold")
        if c.get("via"):
            line.append(f" ← {c['via']}")
        line.append(": ")
        line.append(" ".join(str(c.get("text", "")).split()), style="bold red" if c.get("polarity") == "deny" else "")
        out.append(line)
    return out

"""What people look at, built from the store: a story with its stances and timeline, and
source–claim graphs.  The CLI and the web interface show the same views.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ..options import DEFAULT_LIMITS
from .store import Store, speaker_key

#: The overall graph shows this many speakers by default: more is unreadable.
GRAPH_SPEAKERS = DEFAULT_LIMITS.graph_speakers


def story_view(store: Store, id: str) -> dict[str, Any] | None:
    """A stored story with its articles' metadata, each claim's outlet and date, the
    stance of each outlet, whether they agree, and the claims in time order."""
    story = store.story(id)
    if story is None:
        return None
    articles = store.articles_by_id(str(a) for a in story.get("articles", []))
    claims = []
    for c in story.get("claims", []):
        meta = articles.get(str(c.get("article")), {})
        claims.append({**c, "outlet": meta.get("outlet"), "date": meta.get("date"), "title": meta.get("title"),
                       "hash": meta.get("hash"),
                       "speaker": speaker_key(c["source"]) if c.get("source") else None})
    stances: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        stances[c.get("outlet") or c.get("article") or "?"].add(c.get("polarity", "assert"))
    polarities = {p for s in stances.values() for p in s}
    return {
        **story,
        "article_list": [articles.get(str(a), {"id": a}) for a in story.get("articles", [])],
        "claims": claims,
        "asserts": [c for c in claims if c.get("polarity", "assert") != "deny"],
        "denies": [c for c in claims if c.get("polarity") == "deny"],
        "outlets": [{"outlet": o, "stance": "both" if len(s) > 1 else next(iter(s))} for o, s in sorted(stances.items())],
        "agreement": "contradict" if len(polarities) > 1 else "agree",
        "timeline": sorted(claims, key=lambda c: (c.get("date") or "9999", str(c.get("article")), c.get("start") or 0)),
    }


def speaker_stories(store: Store, key: str) -> list[dict[str, Any]]:
    """The stories with a claim of this speaker: ``{"story", "claims", "articles"}`` each."""
    found = []
    for story in store.stories():
        mine = [c for c in story.get("claims", []) if c.get("source") and speaker_key(c["source"]) == key]
        if mine:
            found.append({"story": story["story"], "claims": len(mine), "articles": len(story.get("articles", []))})
    return found


def _node(nodes: dict[str, dict[str, Any]], kind: str, label: str, **extra: Any) -> str:
    key = f"{kind}:{label}"
    if key not in nodes:
        nodes[key] = {"id": key, "kind": kind, "label": label, **extra}
    return key


def story_graph(view: dict[str, Any]) -> dict[str, Any]:
    """Speakers -> claims -> outlets of one story; a relay (``via``) labels its edge."""
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for n, c in enumerate(view["claims"]):
        claim = _node(nodes, "claim", (c.get("text") or "")[:80] or f"#{n}", polarity=c.get("polarity", "assert"))
        if c.get("source"):
            edges.append({"from": _node(nodes, "speaker", c["source"], key=c.get("speaker")), "to": claim,
                          "label": c.get("polarity", "assert"), "weight": 1})
        if c.get("outlet") or c.get("via"):
            edges.append({"from": claim, "to": _node(nodes, "outlet", c.get("outlet") or c["via"]),
                          "label": c.get("via") or "", "weight": 1})
    return {"nodes": list(nodes.values()), "edges": edges}


def overall_graph(store: Store, speakers: int = GRAPH_SPEAKERS) -> dict[str, Any]:
    """The busiest speakers, the relays their claims came through and the outlets that
    carried them; edge weights are numbers of claims."""
    top = store.speakers(limit=speakers)
    nodes: dict[str, dict[str, Any]] = {}
    weights: Counter[tuple[str, str, str]] = Counter()
    for s in top:
        speaker = _node(nodes, "speaker", s["name"], key=s["key"], claims=s["claims"])
        for c in store.claims(speaker=s["key"]):
            outlet = _node(nodes, "outlet", c["outlet"]) if c["outlet"] else None
            if c["via"]:
                relay = _node(nodes, "relay", c["via"])
                weights[(speaker, relay, c["polarity"])] += 1
                if outlet:
                    weights[(relay, outlet, "")] += 1
            elif outlet:
                weights[(speaker, outlet, c["polarity"])] += 1
    edges = [{"from": a, "to": b, "label": label, "weight": w} for (a, b, label), w in weights.items()]
    return {"nodes": list(nodes.values()), "edges": edges}

"""What people look at, built from the store: a story with its stances and timeline, and
source–claim graphs.  The CLI and the web interface show the same views.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ..messages import outlet_name
from ..options import DEFAULT_LIMITS
from ..stories.summary import headline
from .store import Store, speaker_key

#: The overall graph shows this many speakers by default: more is unreadable.
GRAPH_SPEAKERS = DEFAULT_LIMITS.graph_speakers


#: What ``compare`` measures between a story's reports; a story whose ``disagreements`` it
#: filled and left empty agrees on these, and on nothing more that anyone measured.
COMPARED = ("figures", "denials")
#: ``agreement`` of a story view: disagreements found; none found in what was compared; or a
#: story saved without ``disagreements`` (by hand, or by an older qawl), where nothing was measured.
DIFFER, NONE_FOUND, UNMEASURED = "differ", "none_found", "unmeasured"


def story_view(store: Store, id: str) -> dict[str, Any] | None:
    """A stored story with its headline, its articles' metadata, each claim's outlet and date,
    the stance of each outlet, its disagreements and repeated claims with the outlets that
    said them, what was compared, and the claims in time order."""
    story = store.story(id)
    if story is None:
        return None
    articles = store.articles_by_id(str(a) for a in story.get("articles", []))
    by_hash = store.speaker_keys_of(a["hash"] for a in articles.values())
    speakers = {id: by_hash[a["hash"]] for id, a in articles.items()}
    claims = []
    for c in story.get("claims", []):
        key = speakers.get(str(c.get("article")), {}).get((c.get("start"), c.get("end")))
        claims.append({**c, **_meta(articles, c.get("article")),
                       "speaker": key or (speaker_key(c["source"]) if c.get("source") else None)})
    stances: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        stances[c.get("outlet") or c.get("article") or "?"].add(c.get("polarity", "assert"))
    disagreements = [_disagreement(d, articles) for d in story.get("disagreements") or () if isinstance(d, dict)]
    measured = isinstance(story.get("disagreements"), list)
    return {
        **story,
        "headline": headline(story),
        "article_list": [articles.get(str(a), {"id": a}) for a in story.get("articles", [])],
        "claims": claims,
        "asserts": [c for c in claims if c.get("polarity", "assert") != "deny"],
        "denies": [c for c in claims if c.get("polarity") == "deny"],
        "outlets": [{"outlet": o, "stance": "both" if len(s) > 1 else next(iter(s))} for o, s in sorted(stances.items())],
        "disagreements": disagreements,
        "repeated": _repeated(story.get("repeated") or (), claims),
        "agreement": DIFFER if disagreements else NONE_FOUND if measured else UNMEASURED,
        "compared": list(COMPARED) if measured else [],
        "timeline": sorted(claims, key=lambda c: (c.get("date") or "9999", str(c.get("article")), c.get("start") or 0)),
    }


def story_list(store: Store) -> list[dict[str, Any]]:
    """The stored stories as saved, each with its ``headline``."""
    return [{**s, "headline": headline(s)} for s in store.stories()]


def _meta(articles: dict[str, dict[str, Any]], article: Any) -> dict[str, Any]:
    meta = articles.get(str(article), {})
    return {"outlet": meta.get("outlet"), "date": meta.get("date"), "title": meta.get("title"), "hash": meta.get("hash")}


def _disagreement(d: dict[str, Any], articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A disagreement as saved, its mentions with their outlets; a figure's mentions also
    grouped by value (``values``: 27 in two reports, 30 in one)."""
    mentions = [{**m, **_meta(articles, m.get("article"))} for m in d.get("mentions") or () if isinstance(m, dict)]
    out = {**d, "mentions": mentions}
    if d.get("kind") == "figure":
        values: dict[Any, list[dict[str, Any]]] = {}
        for m in mentions:
            values.setdefault(m.get("value"), []).append(m)
        out["values"] = [{"value": v, "text": ms[0].get("text"), "mentions": ms} for v, ms in values.items()]
    return out


def _repeated(groups: Any, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each repeated claim with its text (the first assertion of it) and the claims it groups."""
    out = []
    for g in groups:
        members = [claims[i] for i in g.get("claims") or () if isinstance(i, int) and 0 <= i < len(claims)]
        if not members:
            continue
        first = next((c for c in members if c.get("polarity") != "deny"), members[0])
        out.append({**g, "text": first.get("text"), "members": members})
    return out


def speaker_stories(store: Store, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stories holding any of a speaker's ``claims`` (``Store.speaker``'s ``claims_list``,
    not queried again): ``{"story", "claims", "articles"}`` each."""
    said = {(c["article"], c["start"], c["end"]) for c in claims}
    found = []
    for story in store.stories():
        mine = [c for c in story.get("claims", []) if (str(c.get("article")), c.get("start"), c.get("end")) in said]
        if mine:
            found.append({"story": story["story"], "headline": headline(story), "claims": len(mine),
                          "articles": len(story.get("articles", []))})
    return found


def _node(nodes: dict[str, dict[str, Any]], kind: str, label: str, who: str | None = None, **extra: Any) -> str:
    """The id of the node of ``kind`` named ``label`` (or known as ``who``: a speaker by key, so
    that one person's spellings are one node), added to ``nodes`` when new."""
    key = f"{kind}:{who or label}"
    if key not in nodes:
        nodes[key] = {"id": key, "kind": kind, "label": label, **extra}
        if kind == "outlet" and outlet_name(label) != label:
            nodes[key]["name"] = outlet_name(label)  # what the page shows: the outlet's Arabic name
    return key


def story_graph(view: dict[str, Any]) -> dict[str, Any]:
    """Speakers -> claims -> outlets of one story; a relay (``via``) labels its edge."""
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for n, c in enumerate(view["claims"]):
        claim = _node(nodes, "claim", (c.get("text") or "")[:80] or f"#{n}", polarity=c.get("polarity", "assert"))
        if c.get("source"):
            edges.append({"from": _node(nodes, "speaker", c["source"], c.get("speaker"), key=c.get("speaker")), "to": claim,
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
        speaker = _node(nodes, "speaker", s["name"], s["key"], key=s["key"], claims=s["claims"])
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

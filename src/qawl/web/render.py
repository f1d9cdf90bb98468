"""Article text cut into pieces a template can mark up, without ever building HTML here.

Every piece is plain text plus the roles it plays (speaker, cue, content, relay) and
the attributions it belongs to; the template writes each piece through Jinja's
autoescaping, so an article's ``<script>`` is shown as text.  Sentences carry their
suspicion and reasons (in Arabic, ``words.reasons_of``) from ``integrity.sentences`` when the
integrity stage filled them.
"""
from __future__ import annotations

from bisect import insort
from dataclasses import dataclass, field
from typing import Any

from .words import reasons_of


#: The spans of an attribution that the article view marks, by role.
ROLES = (("source_mention", "mention"), ("source", "speaker"), ("cue", "cue"), ("content", "content"),
         ("via", "via"))
#: What the world stage found, marked in the text by role (``ent`` also gets ``ent-TYPE``).
FINDS = (("entities", "ent"), ("times", "time"), ("quantities", "qty"))
#: The side panel's groups: entity types (catalogue ``web.entities.TYPE``), then times, quantities.
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")


@dataclass
class Piece:
    text: str
    roles: list[str] = field(default_factory=list)
    attributions: list[int] = field(default_factory=list)


@dataclass
class Block:
    """A sentence (``sentence`` is its index) or the text between two sentences (``None``)."""

    pieces: list[Piece]
    sentence: int | None = None
    suspicion: float = 0.0
    reasons: list[str] = field(default_factory=list)


def _fits(span: Any, length: int) -> bool:
    return isinstance(span, dict) and 0 <= span.get("start", -1) < span.get("end", -1) <= length


def _marks(doc: dict[str, Any], length: int) -> list[tuple[int, int, str, int | None]]:
    """(start, end, role, attribution index or None) of every span the text marks."""
    marks: list[tuple[int, int, str, int | None]] = []
    for i, a in enumerate(doc.get("attributions") or ()):
        for key, role in ROLES:
            span = a.get(key)
            if _fits(span, length):
                marks.append((span["start"], span["end"], role, i))
    for key, role in FINDS:
        for span in doc.get(key) or ():
            if _fits(span, length):
                marks.append((span["start"], span["end"], role, None))
                if role == "ent" and span.get("type") in ENTITY_TYPES:
                    marks.append((span["start"], span["end"], f"ent-{span['type']}", None))
    return marks


def article_blocks(text: str, doc: dict[str, Any] | None) -> list[Block]:
    """The whole text as blocks of pieces; the pieces' texts joined give ``text`` back."""
    doc = doc or {}
    marks = _marks(doc, len(text))
    sentences = [(s["start"], s["end"]) for s in doc.get("sentences") or () if 0 <= s["start"] < s["end"] <= len(text)]
    heat = {(s["start"], s["end"]): s for s in (doc.get("integrity") or {}).get("sentences") or ()}
    cuts = {0, len(text)} | {p for s in sentences for p in s} | {p for m in marks for p in m[:2]}
    starts = {s: n for n, (s, _) in enumerate(sentences)}
    blocks: list[Block] = []
    current: Block | None = None
    order = sorted(cuts)
    by_start = sorted(range(len(marks)), key=lambda k: marks[k][0])
    active: list[int] = []  # the marks over the current piece, in their order (a sweep, not a scan per piece)
    added = 0
    for a, b in zip(order, order[1:]):
        while added < len(by_start) and marks[by_start[added]][0] <= a:
            insort(active, by_start[added])
            added += 1
        active = [k for k in active if marks[k][1] >= b]
        if a in starts:
            n = starts[a]
            h = heat.get(sentences[n], {})
            current = Block([], n, float(h.get("suspicion") or 0.0), reasons_of(h))
            blocks.append(current)
        elif current is None:
            current = Block([])
            blocks.append(current)
        roles = list(dict.fromkeys(marks[k][2] for k in active))
        attrs = list(dict.fromkeys(i for i in (marks[k][3] for k in active) if i is not None))
        current.pieces.append(Piece(text[a:b], roles, attrs))
        if current.sentence is not None and b >= sentences[current.sentence][1]:
            current = None
    return blocks


@dataclass
class Find:
    """One thing found in the article, as the side panel lists it."""

    text: str
    count: int = 1
    note: str = ""  # a time's resolved value, a quantity's number


@dataclass
class FindGroup:
    key: str  # its heading in the catalogue
    kind: str
    items: list[Find]


def article_finds(doc: dict[str, Any] | None) -> list[FindGroup]:
    """Entities (one entry per entity id, named by its longest mention, with how often it is
    mentioned), times with the date they resolve to, and quantities with their value."""
    doc = doc or {}
    groups = []
    for kind in ENTITY_TYPES:
        by_id: dict[str, Find] = {}
        for e in doc.get("entities") or ():
            if e.get("type") != kind or not e.get("text"):
                continue
            found = by_id.setdefault(str(e.get("id") or e["text"]), Find(e["text"], 0))
            found.count += 1
            if len(e["text"]) > len(found.text):
                found.text = e["text"]
        if by_id:
            groups.append(FindGroup(f"web.entities.{kind}", kind, sorted(by_id.values(), key=lambda f: -f.count)))
    times = _unique(Find(x["text"], 1, str(x.get("value") or "")) for x in doc.get("times") or () if x.get("text"))
    if times:
        groups.append(FindGroup("web.entities.times", "time", times))
    quantities = _unique(Find(x["text"], 1, _number_note(x)) for x in doc.get("quantities") or () if x.get("text"))
    if quantities:
        groups.append(FindGroup("web.entities.quantities", "qty", quantities))
    return groups


def _number_note(quantity: dict[str, Any]) -> str:
    """A quantity's value when its text does not show it in digits (ثلاثين -> 30)."""
    value = quantity.get("value")
    if not isinstance(value, (int, float)):
        return ""
    shown = f"{value:g}"
    return "" if shown in quantity["text"] else shown


def _unique(finds: Any) -> list[Find]:
    """One entry per written form and note, counted."""
    out: dict[tuple[str, str], Find] = {}
    for f in finds:
        key = (" ".join(f.text.split()), f.note)
        if key in out:
            out[key].count += 1
        else:
            out[key] = f
    return list(out.values())


def snippet_pieces(snippet: dict[str, Any]) -> list[Piece]:
    """A search snippet as plain and matched pieces."""
    text, pieces, at = snippet["text"], [], 0
    for start, end in snippet.get("marks") or ():
        if start < at:
            continue
        if start > at:
            pieces.append(Piece(text[at:start]))
        pieces.append(Piece(text[start:end], ["match"]))
        at = end
    if at < len(text):
        pieces.append(Piece(text[at:]))
    return pieces

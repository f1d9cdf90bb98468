"""Article text cut into pieces a template can mark up, without ever building HTML here.

Every piece is plain text plus the roles it plays (speaker, cue, content, relay) and
the attributions it belongs to; the template writes each piece through Jinja's
autoescaping, so an article's ``<script>`` is shown as text.  Sentences carry their
suspicion and reasons from ``integrity.sentences`` when the integrity stage filled them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..integrity.evidence import reason_texts

#: The spans of an attribution that the article view marks, by role.
ROLES = (("source_mention", "mention"), ("source", "speaker"), ("cue", "cue"), ("content", "content"),
         ("via", "via"))


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


def _marks(doc: dict[str, Any], length: int) -> list[tuple[int, int, str, int]]:
    marks = []
    for i, a in enumerate(doc.get("attributions") or ()):
        for key, role in ROLES:
            span = a.get(key)
            if isinstance(span, dict) and 0 <= span.get("start", -1) < span.get("end", -1) <= length:
                marks.append((span["start"], span["end"], role, i))
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
    for a, b in zip(order, order[1:]):
        if a in starts:
            n = starts[a]
            h = heat.get(sentences[n], {})
            current = Block([], n, float(h.get("suspicion") or 0.0), reason_texts(h, "ar"))
            blocks.append(current)
        elif current is None:
            current = Block([])
            blocks.append(current)
        roles = list(dict.fromkeys(role for s, e, role, _ in marks if s <= a and b <= e))
        attrs = list(dict.fromkeys(i for s, e, _, i in marks if s <= a and b <= e))
        current.pieces.append(Piece(text[a:b], roles, attrs))
        if current.sentence is not None and b >= sentences[current.sentence][1]:
            current = None
    return blocks


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

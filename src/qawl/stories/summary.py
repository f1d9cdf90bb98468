"""A one-line summary of a story: the headline that the other reports' headlines echo most."""
from __future__ import annotations

from collections.abc import Sequence

from .claims import Part, lead_claim

MAX_SUMMARY_CHARS = 140


def summary_of(parts: Sequence[Part]) -> str:
    """The most shared title (its words found in most other titles), else the first lead."""
    titled = [p for p in parts if p.doc.title and p.words.title]
    if titled:
        def shared(p: Part) -> int:
            return sum(len(set(p.words.title) & set(q.words.title)) for q in titled if q is not p)
        return _cut(" ".join((max(titled, key=shared).doc.title or "").split()))
    for p in parts:
        lead = lead_claim(p.doc)
        if lead is not None:
            return _cut(lead.text)
    return ""


def _cut(text: str) -> str:
    return text if len(text) <= MAX_SUMMARY_CHARS else text[: MAX_SUMMARY_CHARS - 1] + "…"

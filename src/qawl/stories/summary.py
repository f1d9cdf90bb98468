"""A story's one line: the headline that the other reports' headlines echo most (``summary_of``,
at compare time), and what a stored story is called wherever it is shown (``headline``)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

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


def headline(story: Mapping[str, Any]) -> str:
    """What a reader calls a stored story (a dict as ``compare --json`` prints it): its summary,
    else its lead claim (the first claim the outlet itself says, else the first claim), else
    its id. The home page, the story page, ``qawl story`` and ``/api/stories`` all show this."""
    summary = " ".join(str(story.get("summary") or "").split())
    if summary:
        return _cut(summary)
    claims = [c for c in story.get("claims") or () if isinstance(c, Mapping) and str(c.get("text") or "").strip()]
    lead = next((c for c in claims if c.get("attributed") is False), claims[0] if claims else None)
    return _cut(" ".join(str(lead["text"]).split())) if lead else str(story.get("story") or "")

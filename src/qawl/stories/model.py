"""What ``compare`` produces: stories, their claims, origins and disagreements.

Plain dataclasses with ``to_dict`` in the JSON shape of CONTRACT.md (``qawl compare``),
extended compatibly: the contract's keys come first and keep their meaning.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class StoryClaim:
    """One claim of a story: an attribution of one article, or an unattributed lead sentence.

    ``start``/``end``/``text`` are the content span in the article's own text.  ``source``
    is the speaker's short name, ``None`` when the outlet itself says it (``attributed``
    false).  ``own`` marks a claim that no other report of the story carries: an
    independent source or detail of this outlet.
    """

    article: str
    start: int
    end: int
    text: str
    source: str | None
    source_mention: str | None
    via: str | None
    polarity: str
    attributed: bool = True
    own: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "start": self.start, "end": self.end, "text": self.text,
                "source": self.source, "source_mention": self.source_mention, "via": self.via,
                "polarity": self.polarity, "attributed": self.attributed, "own": self.own}


@dataclass(frozen=True, slots=True)
class Mention:
    """A piece of one article that a disagreement points at."""

    article: str
    start: int
    end: int
    text: str
    value: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"article": self.article, "start": self.start, "end": self.end, "text": self.text}
        if self.value is not None:
            out["value"] = self.value
        return out


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Reports of one story that do not say the same thing.

    ``kind`` is ``figure`` (different numbers for one counted thing, ``about`` names it)
    or ``denial`` (the first mention denies what the others assert).
    """

    kind: str
    about: str
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "about": self.about, "mentions": [m.to_dict() for m in self.mentions]}


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """One claim said more than once, or said and denied: indices into ``Story.claims``."""

    claims: tuple[int, ...]
    asserted: int
    denied: int

    def to_dict(self) -> dict[str, Any]:
        return {"claims": list(self.claims), "asserted": self.asserted, "denied": self.denied}


@dataclass(slots=True)
class Story:
    """A cluster of claims about one event, across articles (or within one article)."""

    id: str
    articles: list[str]
    claims: list[StoryClaim]
    origins: list[str]
    single_origin: bool
    why: str = ""
    summary: str = ""
    dates: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    repeated: list[ClaimGroup] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.id, "articles": self.articles, "claims": [c.to_dict() for c in self.claims],
                "origins": self.origins, "single_origin": self.single_origin, "why": self.why,
                "summary": self.summary, "dates": self.dates, "outlets": self.outlets,
                "disagreements": [d.to_dict() for d in self.disagreements],
                "repeated": [g.to_dict() for g in self.repeated]}

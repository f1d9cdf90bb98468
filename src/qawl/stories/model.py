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

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StoryClaim:
        return cls(str(d.get("article")), int(d.get("start") or 0), int(d.get("end") or 0), str(d.get("text") or ""),
                   d.get("source"), d.get("source_mention"), d.get("via"), str(d.get("polarity") or "assert"),
                   bool(d.get("attributed", True)), bool(d.get("own", False)))


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

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        value = d.get("value")
        return cls(str(d.get("article")), int(d.get("start") or 0), int(d.get("end") or 0), str(d.get("text") or ""),
                   None if value is None else float(value))


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

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Disagreement:
        return cls(str(d.get("kind") or ""), str(d.get("about") or ""),
                   tuple(Mention.from_dict(m) for m in d.get("mentions") or ()))


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """One claim said more than once, or said and denied: indices into ``Story.claims``."""

    claims: tuple[int, ...]
    asserted: int
    denied: int

    def to_dict(self) -> dict[str, Any]:
        return {"claims": list(self.claims), "asserted": self.asserted, "denied": self.denied}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClaimGroup:
        return cls(tuple(int(i) for i in d.get("claims") or ()), int(d.get("asserted") or 0), int(d.get("denied") or 0))


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

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Story:
        """A story as ``to_dict`` wrote it (the store keeps these): ``qawl story`` prints a
        stored story with the same report as ``qawl compare``. Keys a hand-made story lacks
        are empty."""
        claims = [StoryClaim.from_dict(c) for c in d.get("claims") or ()]
        groups = [ClaimGroup.from_dict(g) for g in d.get("repeated") or ()]
        return cls(str(d["story"]), [str(a) for a in d.get("articles") or ()], claims,
                   [str(o) for o in d.get("origins") or ()], bool(d.get("single_origin")), str(d.get("why") or ""),
                   str(d.get("summary") or ""), [str(x) for x in d.get("dates") or ()],
                   [str(x) for x in d.get("outlets") or ()],
                   [Disagreement.from_dict(x) for x in d.get("disagreements") or ()],
                   [g for g in groups if g.claims and all(0 <= i < len(claims) for i in g.claims)])

"""One text, many spans into it.

Every stage of qawl adds typed spans that point into ``Doc.text`` by code-point
offsets (Python string indices, end exclusive).  Nothing rewrites the text:
normalisation happens on copies, only for matching.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the stages' models import this module: their types are for the checker only
    from ..attribution.model import Attribution
    from ..claims.model import Claim
    from ..integrity.result import Integrity
    from ..world.entities import Entity
    from ..world.quantities import Quantity
    from ..world.times import Time


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the text: ``doc.text[start:end] == text`` always holds."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark, with its clitic segmentation.

    ``prefix`` / ``stem`` / ``suffix`` are the written pieces (so
    ``prefix + stem + suffix == text``); ``norm`` is the matching form of the whole
    token and ``stem_norm`` of the stem alone.
    """

    text: str
    start: int
    end: int
    norm: str
    prefix: str = ""
    stem: str = ""
    suffix: str = ""
    stem_norm: str = ""
    is_word: bool = True

    @property
    def span(self) -> Span:
        return Span(self.text, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    first_token: int  # index into Doc.tokens
    last_token: int  # exclusive
    furniture: bool = False  # page furniture (a footer, a byline, a caption): not news text

    def to_dict(self) -> dict[str, int | bool]:
        if self.furniture:
            return {"start": self.start, "end": self.end, "furniture": True}
        return {"start": self.start, "end": self.end}


def _no_integrity() -> Integrity:
    """The integrity of a doc the integrity stage has not run on."""
    return {"sentences": []}


@dataclass(slots=True)
class Doc:
    """An article: its text, metadata and whatever the stages have added."""

    text: str
    id: str = ""
    date: str | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    # what each stage adds (pipeline.py: the stage of that name provides it)
    attributions: list[Attribution] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    integrity: Integrity = field(default_factory=lambda: _no_integrity())
    warnings: list[str] = field(default_factory=list)
    done: set[str] = field(default_factory=set)  # what the stages have provided

    def span(self, start: int, end: int, strip: str = " \t\n،,.:؛;") -> Span | None:
        """A span over ``text[start:end]`` with ``strip`` characters trimmed off both ends."""
        while start < end and self.text[start] in strip:
            start += 1
        while end > start and self.text[end - 1] in strip:
            end -= 1
        if start >= end:
            return None
        return Span(self.text[start:end], start, end)

    def sentence_tokens(self, sent: Sentence) -> list[Token]:
        return self.tokens[sent.first_token : sent.last_token]

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        """The JSON shape of CONTRACT.md; ``explain`` adds each attribution's decisions (``why``)."""
        return {
            "id": self.id,
            "text": self.text,
            "sentences": [s.to_dict() for s in self.sentences],
            "attributions": [a.to_dict(explain=True) if explain else a.to_dict() for a in self.attributions],
            "entities": [e.to_dict() for e in self.entities],
            "times": [t.to_dict() for t in self.times],
            "quantities": [q.to_dict() for q in self.quantities],
            "claims": [c.to_dict() for c in self.claims],
            "integrity": self.integrity,
        }

"""What the attribution stage produces."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..text.doc import Span

DIRECT, INDIRECT, MIXED, ACCORDING_TO = "direct", "indirect", "mixed", "according_to"


@dataclass(frozen=True, slots=True)
class CueSpan:
    """The reporting word as written, with its lemma and meaning."""

    text: str
    start: int
    end: int
    lemma: str
    meaning: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "lemma": self.lemma, "meaning": self.meaning}


@dataclass(slots=True)
class Attribution:
    """One (speaker, statement) pair of the article.

    ``source`` is the speaker's name or head noun, ``source_mention`` the full mention
    with title and affiliation; for an implicit speaker both point to the earlier
    mention it resolves to.  ``via`` is the outlet or intermediary that relayed it.
    """

    cue: CueSpan
    content: Span
    source: Span | None
    source_mention: Span | None
    implicit: bool
    type: str
    polarity: str
    via: Span | None = None
    sentence: int = -1  # index into Doc.sentences
    nested: bool = False  # reported inside another attribution's statement (its speaker is the via)
    entity: str | None = None  # the speaker's entity id: set by the "speaker_entities" stage (its ``sets``)
    rule: str = ""  # the named rule that proposed it (extractor)
    why: dict[str, Any] | None = None  # the decisions' features and scores (``--explain``)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        def opt(s: Span | None) -> dict[str, Any] | None:
            return s.to_dict() if s is not None else None

        return {
            "source": opt(self.source),
            "source_mention": opt(self.source_mention),
            "implicit": self.implicit,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
            "type": self.type,
            "polarity": self.polarity,
            "via": opt(self.via),
            "entity": self.entity,
            "rule": self.rule,
        } | ({"explain": self.why} if explain else {})

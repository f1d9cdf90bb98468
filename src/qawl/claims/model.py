"""What the claims stage produces: one ``Claim`` per statement, with its event frame."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..text.doc import Span

ASSERT, DENY = "assert", "deny"


def _opt(s: Span | None) -> dict[str, Any] | None:
    return s.to_dict() if s is not None else None


@dataclass(frozen=True, slots=True)
class Frame:
    """Who did what to what, where, when, how much: as far as cheap rules can read it.

    ``actor``, ``action`` (the main verb or verbal noun) and ``object`` are spans of the
    text; ``places`` are ids of ``doc.entities`` of type LOC inside the claim, ``times``
    and ``quantities`` indices into ``doc.times`` / ``doc.quantities``; they stay empty
    when those stages did not run.  ``negated``: the action is negated (لم، لن، لا، عدم).
    """

    actor: Span | None = None
    action: Span | None = None
    object: Span | None = None
    negated: bool = False
    places: tuple[str, ...] = ()
    times: tuple[int, ...] = ()
    quantities: tuple[int, ...] = ()
    entities: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": _opt(self.actor), "action": _opt(self.action), "object": _opt(self.object),
            "negated": self.negated, "places": list(self.places), "times": list(self.times),
            "quantities": list(self.quantities), "entities": list(self.entities),
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement and who stands behind it.

    For an attribution: its content, its speaker (``claimant``) and relay (``via``).  For
    a sentence that no attribution covers: the sentence, claimed by the outlet itself
    (``claimant`` is the outlet's name when the article has one, else None).
    """

    span: Span
    sentence: int
    claimant: str | None
    claimant_span: Span | None
    attribution: int | None  # index into doc.attributions
    via: tuple[Span, ...]  # the relays, nearest to the speaker first
    polarity: str
    frame: Frame | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.span.start, "end": self.span.end, "text": self.span.text,
            "sentence": self.sentence,
            "claimant": self.claimant, "claimant_span": _opt(self.claimant_span),
            "attribution": self.attribution,
            "via": [v.to_dict() for v in self.via],
            "polarity": self.polarity,
            "frame": self.frame.to_dict() if self.frame is not None else None,
        }

"""The claims stage: one claim per attribution and per unattributed assertive sentence.

An attribution's claim is its content, claimed by its speaker and relayed by its
``via``; a sentence no attribution touches is the outlet's own claim (an editorial
statement, a report of fact).  Questions and fragments (fewer than ``MIN_WORDS``
words: datelines, captions) are not claims.  Entities, times and quantities are read
from the doc when their stages have run (``doc.done``), never required (``after`` in the
registry orders those stages first when they run): the stage stays cheap (no embeddings).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from ..attribution.model import Attribution
from ..options import Options
from ..pipeline import stage
from ..text.doc import Doc, Span
from .frame import read_frame
from .model import ASSERT, Claim, Frame

if TYPE_CHECKING:
    from ..world.entities import Entity
    from ..world.quantities import Quantity
    from ..world.times import Time

#: A sentence of fewer words is a dateline, a caption or a heading, not a claim.
MIN_WORDS = 4
_QUESTION = ("؟", "?")


class Positioned(Protocol):
    """An entity, a time or a quantity: a span of the text."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


_P = TypeVar("_P", bound=Positioned)


class Inside(Generic[_P]):
    """The items of a list (entities, times, quantities) inside a span, found by bisection on
    their starts: scanning the whole list for each claim cost claims times items."""

    def __init__(self, items: Sequence[_P]):
        self.items = items
        self.spans = sorted((item.start, i, item.end) for i, item in enumerate(items))
        self.starts = [s for s, _, _ in self.spans]

    def __call__(self, start: int, end: int) -> list[tuple[int, _P]]:
        """``(index, item)`` of the items within ``[start, end]``, in list order."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end + 1)
        found = sorted(i for s, i, e in self.spans[lo:hi] if e <= end)
        return [(i, self.items[i]) for i in found]


@dataclass
class Found:
    """The doc's entities, times and quantities, indexed once for all its claims."""

    entities: Inside[Entity]
    times: Inside[Time]
    quantities: Inside[Quantity]

    @classmethod
    def of(cls, doc: Doc) -> Found:
        """What the doc has (``doc.done``): a stage that did not run gives nothing."""
        return cls(Inside(doc.entities if "entities" in doc.done else []),
                   Inside(doc.times if "times" in doc.done else []),
                   Inside(doc.quantities if "quantities" in doc.done else []))


def _with_context(doc: Doc, frame: Frame | None, span: Span, found: Found | None = None) -> Frame | None:
    """The frame with the ids of the places, times, quantities and entities inside the claim."""
    if frame is None:
        return None
    found = found or Found.of(doc)
    entities = found.entities(span.start, span.end)
    ids = [e.id or e.text for _, e in entities]
    places = [i for i, (_, e) in zip(ids, entities) if e.type == "LOC"]
    times = [i for i, _ in found.times(span.start, span.end)]
    quantities = [i for i, _ in found.quantities(span.start, span.end)]
    if not (ids or times or quantities):
        return frame
    return Frame(frame.actor, frame.action, frame.object, frame.negated, tuple(dict.fromkeys(places)),
                 tuple(times), tuple(quantities), tuple(dict.fromkeys(ids)))


def _assertive(doc: Doc, si: int) -> bool:
    sent = doc.sentences[si]
    words = [t for t in doc.sentence_tokens(sent) if t.is_word]
    if len(words) < MIN_WORDS:
        return False
    text = doc.text[sent.start:sent.end].rstrip()
    return not text.endswith(_QUESTION) and words[0].norm not in ("هل", "وهل")


def attribution_claim(doc: Doc, index: int, att: Attribution, found: Found | None = None) -> Claim:
    span = att.content
    return Claim(
        span=span,
        sentence=att.sentence,
        claimant=att.source.text if att.source is not None else None,
        claimant_span=att.source,
        attribution=index,
        via=(att.via,) if att.via is not None else (),
        polarity=att.polarity,
        frame=_with_context(doc, read_frame(doc, span.start, span.end), span, found),
    )


def sentence_claim(doc: Doc, si: int, found: Found | None = None) -> Claim | None:
    sent = doc.sentences[si]
    span = doc.span(sent.start, sent.end)
    if span is None:
        return None
    return Claim(
        span=span,
        sentence=si,
        claimant=doc.outlet or None,
        claimant_span=None,
        attribution=None,
        via=(),
        polarity=ASSERT,
        frame=_with_context(doc, read_frame(doc, span.start, span.end), span, found),
    )


@stage("claims", requires={"sentences", "attributions"}, provides={"claims"},
       after={"entities", "times", "quantities"})
def claims(doc: Doc, options: Options) -> None:
    found = Found.of(doc)
    out = [attribution_claim(doc, i, a, found) for i, a in enumerate(doc.attributions)]
    covered = sorted((c.span.start, c.span.end) for c in out)
    starts = [s for s, _ in covered]
    reach = list(accumulate((e for _, e in covered), max))  # the furthest end of the spans so far
    said = {a.sentence for a in doc.attributions}
    for si, sent in enumerate(doc.sentences):
        k = bisect_left(starts, sent.end)  # the spans that start before the sentence ends
        if si in said or (k and reach[k - 1] > sent.start) or not _assertive(doc, si):
            continue
        claim = sentence_claim(doc, si, found)
        if claim is not None:
            out.append(claim)
    out.sort(key=lambda c: (c.span.start, c.span.end))
    doc.claims = out

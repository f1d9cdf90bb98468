"""The claims stage: one claim per attribution and per unattributed assertive sentence.

An attribution's claim is its content, claimed by its speaker and relayed by its
``via``; a sentence no attribution touches is the outlet's own claim (an editorial
statement, a report of fact).  Questions and fragments (fewer than ``MIN_WORDS``
words: datelines, captions) are not claims.  Entities, times and quantities are read
from the doc when their stages have run (``doc.done``), never required: the stage
stays cheap (no embeddings).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..options import Options
from ..pipeline import stage
from ..text.doc import Doc, Span
from .frame import read_frame
from .model import ASSERT, Claim, Frame

#: A sentence of fewer words is a dateline, a caption or a heading, not a claim.
MIN_WORDS = 4
_QUESTION = ("؟", "?")


def _get(item: Any, name: str) -> Any:
    """A field of an entity / time / quantity, whether the stage made objects or dicts."""
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def _inside(items: Iterable[Any], start: int, end: int) -> list[tuple[int, Any]]:
    out = []
    for i, item in enumerate(items):
        s, e = _get(item, "start"), _get(item, "end")
        if isinstance(s, int) and isinstance(e, int) and start <= s and e <= end:
            out.append((i, item))
    return out


def _with_context(doc: Doc, frame: Frame | None, span: Span) -> Frame | None:
    """The frame with the ids of the places, times, quantities and entities inside the claim."""
    if frame is None:
        return None
    entities = _inside(doc.entities, span.start, span.end) if "entities" in doc.done else []
    ids = [str(_get(e, "id") or _get(e, "text")) for _, e in entities]
    places = [i for i, (_, e) in zip(ids, entities) if _get(e, "type") == "LOC"]
    times = [i for i, _ in _inside(doc.times, span.start, span.end)] if "times" in doc.done else []
    quantities = [i for i, _ in _inside(doc.quantities, span.start, span.end)] if "quantities" in doc.done else []
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


def attribution_claim(doc: Doc, index: int, att: Any) -> Claim:
    span = att.content
    return Claim(
        span=span,
        sentence=att.sentence,
        claimant=att.source.text if att.source is not None else None,
        claimant_span=att.source,
        attribution=index,
        via=(att.via,) if att.via is not None else (),
        polarity=att.polarity,
        frame=_with_context(doc, read_frame(doc, span.start, span.end), span),
    )


def sentence_claim(doc: Doc, si: int) -> Claim | None:
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
        frame=_with_context(doc, read_frame(doc, span.start, span.end), span),
    )


@stage("claims", requires={"sentences", "attributions"}, provides={"claims"},
       after={"entities", "times", "quantities"})
def claims(doc: Doc, options: Options) -> None:
    out = [attribution_claim(doc, i, a) for i, a in enumerate(doc.attributions)]
    covered = [(c.span.start, c.span.end) for c in out]
    said = {a.sentence for a in doc.attributions}
    for si, sent in enumerate(doc.sentences):
        if si in said or any(s < sent.end and sent.start < e for s, e in covered) or not _assertive(doc, si):
            continue
        claim = sentence_claim(doc, si)
        if claim is not None:
            out.append(claim)
    out.sort(key=lambda c: (c.span.start, c.span.end))
    doc.claims = out

"""An article's part in a story: the text before it turns to another item, and its claims.

Papers often append a second item to a report ("وعلى صعيد آخر، ..."): its sources are
not sources of the story, so the story part of an article ends at the first sentence
that opens with a topic shift (``data/topic_shifts.tsv``).  The claims of that part are
its attributions; an article without any gives its lead sentence, said by the outlet.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..attribution.model import Attribution
from ..text.doc import Doc
from .lexicon import names_someone, phrases_at, topic_shifts
from .model import StoryClaim
from .words import Words

#: Where a topic shift may start in its sentence (after و، "ثم" and the like).
SHIFT_WINDOW_WORDS = 3
#: A lead shorter than this is a dateline or a byline ("عين اليوم – بيشة"), not a claim.
MIN_LEAD_WORDS = 6


@dataclass(frozen=True, slots=True)
class Part:
    """The story part of one article: ``text[:end]``, its claims and its words."""

    words: Words
    end: int
    claims: tuple[StoryClaim, ...]
    speakers: tuple[frozenset[str], ...]  # per claim: the stems that name its speaker (may be empty)

    @property
    def doc(self) -> Doc:
        return self.words.doc


def story_end(doc: Doc) -> int:
    """Offset of the first sentence that turns to another item, or the end of the text."""
    for k, sent in enumerate(doc.sentences):
        if k == 0:
            continue
        norms = [t.norm for t in doc.sentence_tokens(sent)[: SHIFT_WINDOW_WORDS + 4] if t.is_word]
        if any(phrases_at(norms, i, topic_shifts()) for i in range(min(SHIFT_WINDOW_WORDS, len(norms)))):
            return sent.start
    return len(doc.text)


def article_words(doc: Doc) -> Words:
    """The words of an article that compare reads: its story part (up to ``story_end``)."""
    return Words.of(doc, story_end(doc))


def claim_of(doc: Doc, a: Attribution) -> StoryClaim:
    """The story claim of one attribution."""
    return StoryClaim(
        article=doc.id, start=a.content.start, end=a.content.end, text=a.content.text,
        source=a.source.text if a.source else None,
        source_mention=a.source_mention.text if a.source_mention else None,
        via=a.via.text if a.via else None, polarity=a.polarity)


def lead_claim(doc: Doc) -> StoryClaim | None:
    """The first sentence long enough to say something, as a claim of the outlet itself."""
    for sent in doc.sentences:
        if sum(t.is_word for t in doc.sentence_tokens(sent)) >= MIN_LEAD_WORDS:
            span = doc.span(sent.start, sent.end)
            if span is not None:
                return StoryClaim(doc.id, span.start, span.end, span.text, None, None, None, "assert",
                                  attributed=False)
    return None


def speaker_stems(words: Words, a: Attribution) -> frozenset[str]:
    """The stems of the words of a speaker's name that tell who it is."""
    if a.source is None:
        return frozenset()
    i, j = words.first_at(a.source.start), words.first_at(a.source.end)
    return frozenset(t.stem_norm for t in words.tokens[i:j] if names_someone(t))


def part_of(words: Words) -> Part:
    """The story part of the article of ``words`` (read up to ``story_end``)."""
    doc = words.doc
    end = words.end
    said = [a for a in doc.attributions if a.content.start < end]
    claims = tuple(claim_of(doc, a) for a in said)
    speakers = tuple(speaker_stems(words, a) for a in said)
    if not claims:
        lead = lead_claim(doc)
        claims, speakers = ((lead,), (frozenset(),)) if lead is not None else ((), ())
    return Part(words, end, claims, speakers)

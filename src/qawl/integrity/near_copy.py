"""A near copy: a sentence that repeats another one word for word but for one short slot.

The inserted contradictions the other signals miss most (issue 17, out of fold on the training
articles) are copies of a true sentence, or of one of its clauses, with one word changed: a
number, a name, a place, a date, a negation added or dropped.  Weighted term overlap finds that
the two sentences are about one thing, but it cannot tell a copy with a changed slot from a lead
restated in other words, and a slot whose new word is not a number, a known place or a rare
name fires none of the fact checks.  Aligning the two sentences' words (stems, so that an
attached "و" or "ال" does not count) says it directly: how much of the shorter one is matched,
and how many short regions differ inside the matched span.

Of the two sentences of such a pair one is the copy.  Two things tell which, without any
lexicon of the generator's: a copy cut from a clause is the shorter of the two, and the slot's
new word is found nowhere else in the article while the original's often is (an article about
Turkey says "التركية" more than once; the copy's "الجولان" once).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from .context import SentenceFacts

#: the share of the shorter sentence's words matched in order from which it is a copy
MIN_COVER = 0.75
#: fewer matched words than this is a phrase in common, not a copy
MIN_MATCHED = 5
#: at most this many differing regions inside the matched span, each at most ``MAX_SLOT`` words a side
MAX_REGIONS = 2
MAX_SLOT = 2
#: a sentence of more words is not aligned: an alignment costs up to the product of the two lengths,
#: and an endless "sentence" (hostile text, read in pieces of 1,000 tokens) would cost the square of the
#: article; a news sentence is shorter (at most 2 of the 3,429 near copies of the training articles are longer)
MAX_WORDS = 200
#: a copy of a clause: the shorter sentence has at most this share of the longer one's words
CLAUSE_SHARE = 0.75


@dataclass(frozen=True, slots=True)
class Slot:
    """How ``s`` copies ``o``: the share of the shorter matched, and the words of the differing regions."""
    cover: float
    mine: tuple[str, ...]
    theirs: tuple[str, ...]


def words(s: SentenceFacts) -> tuple[str, ...]:
    """A sentence's words as aligned: each word's stem (its normal form if it has none)."""
    return tuple(t.stem_norm or t.norm for t in s.words if t.is_word and any(c.isalnum() for c in t.norm))


def slot(a: tuple[str, ...], b: tuple[str, ...]) -> Slot | None:
    """``a`` against ``b``: a near copy with one or two short changed regions, or None.

    Inside the matched span each region that differs is a changed slot.  Before and after it, a
    region is a slot when both sentences have words there, a short one on one side at least (the
    last word changed); the rest of a longer sentence a clause was cut from is no difference."""
    if min(len(a), len(b)) < MIN_MATCHED or max(len(a), len(b)) > MAX_WORDS:
        return None
    sm = SequenceMatcher(None, a, b, autojunk=False)
    blocks = [m for m in sm.get_matching_blocks() if m.size]
    matched = sum(m.size for m in blocks)
    cover = matched / min(len(a), len(b))
    if matched < MIN_MATCHED or cover < MIN_COVER:
        return None
    first, last = blocks[0], blocks[-1]
    inner = [(a[x.a + x.size:y.a], b[x.b + x.size:y.b]) for x, y in zip(blocks, blocks[1:])]
    if any(len(da) > MAX_SLOT or len(db) > MAX_SLOT for da, db in inner):
        return None
    lead = (a[:first.a], b[:first.b])
    tail = (a[last.a + last.size:], b[last.b + last.size:])
    slots = [r for r in inner if r[0] or r[1]]
    if _edge_slot(*lead):
        slots.append((lead[0][-MAX_SLOT:], lead[1][-MAX_SLOT:]))
    if _edge_slot(*tail):
        slots.append((tail[0][:MAX_SLOT], tail[1][:MAX_SLOT]))
    regions = len(slots)
    mine = [w for da, _ in slots for w in da]
    theirs = [w for _, db in slots for w in db]
    if not 1 <= regions <= MAX_REGIONS:
        return None  # an exact copy (a restated lead, a repeated line) changes no fact
    return Slot(cover, tuple(mine), tuple(theirs))


def _edge_slot(da: tuple[str, ...], db: tuple[str, ...]) -> bool:
    """Words of both sentences before (or after) the matched span, few on one side at least."""
    return bool(da) and bool(db) and min(len(da), len(db)) <= MAX_SLOT


def sentence_words(sentences: list[SentenceFacts]) -> tuple[list[tuple[str, ...]], Counter[str]]:
    """Each sentence's aligned words, and in how many sentences each word occurs."""
    seq = [words(s) for s in sentences]
    spread: Counter[str] = Counter()
    for w in seq:
        spread.update(set(w))
    return seq, spread


def supported(slot_words: tuple[str, ...], spread: Counter[str]) -> bool:
    """Every word of a slot occurs in another sentence than the one that holds it (``spread``
    counts sentences): the article states it elsewhere too."""
    return bool(slot_words) and all(spread[w] >= 2 for w in slot_words)

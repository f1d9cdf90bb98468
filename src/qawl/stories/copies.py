"""Near-copy detection: which sentences of a report are found, nearly word for word, in others.

A sentence is *copied* when at least ``COPIED_SHARE`` of its word trigrams (clitic-free
stems) occur in another report of the story: reprints of one release differ by a word
here and there, and a trigram survives that, while an own sentence shares few trigrams
even when it reports the same facts.  Shingles are hashed, so a story's shingle set
costs one integer per trigram.
"""
from __future__ import annotations

from collections.abc import Sequence

from .words import Words

SHINGLE_WORDS = 3
COPIED_SHARE = 0.5


def shingles(stems: Sequence[str], k: int = SHINGLE_WORDS) -> set[int]:
    """Hashes of the k-word runs of ``stems`` (one run for a shorter sequence)."""
    if len(stems) < k:
        return {hash(tuple(stems))} if stems else set()
    return {hash(tuple(stems[i:i + k])) for i in range(len(stems) - k + 1)}


def article_shingles(words: Words, end: int | None = None) -> set[int]:
    """The shingles of an article's text up to offset ``end``."""
    stop = len(words.stems) if end is None else words.first_at(end)
    return shingles(words.stems[:stop])


def copied_share(stems: Sequence[str], others: set[int]) -> float:
    """Share of this passage's shingles found in ``others``."""
    own = shingles(stems)
    return len(own & others) / len(own) if own else 0.0


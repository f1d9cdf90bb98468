"""The tables compare reads, loaded once from the data files: agencies, topic shifts,
speaker words that name no one."""
from __future__ import annotations

from functools import lru_cache

from ..attribution.lexicon import speaker_kind
from ..data import rows
from ..text.doc import Token
from ..text.normalize import normalize

WILDCARD = "*"
_CLITICS = ("و", "ف", "ل", "ب")


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w if w == WILDCARD else normalize(w) for w in phrase.split())


@lru_cache(maxsize=1)
def agencies() -> dict[tuple[str, ...], str]:
    """Written form (matching-form words) -> the agency's one name."""
    return {_words(written): name for written, name in rows("agencies.tsv")}


@lru_cache(maxsize=1)
def topic_shifts() -> tuple[tuple[str, ...], ...]:
    return tuple(_words(r[0]) for r in rows("topic_shifts.tsv"))


@lru_cache(maxsize=1)
def generic_speakers() -> frozenset[str]:
    return frozenset(normalize(r[0]) for r in rows("generic_speakers.txt"))


def bare(norm: str) -> str:
    """A matching form without one leading conjunction or preposition (لفرانس -> فرانس)."""
    return norm[1:] if len(norm) > 3 and norm[0] in _CLITICS else norm


def matches_at(norms: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether ``phrase`` is written at word ``i`` of ``norms`` (first word: clitic allowed)."""
    if i + len(phrase) > len(norms):
        return False
    for k, w in enumerate(phrase):
        got = norms[i + k]
        if w != WILDCARD and got != w and not (k == 0 and bare(got) == w):
            return False
    return True


def names_someone(tok: Token) -> bool:
    """A word of a speaker's name that tells who it is: not a rank, office, body or 'sources'."""
    letters = sum(ch.isalpha() for ch in tok.text)
    if letters < 3 or tok.norm in generic_speakers() or bare(tok.norm) in generic_speakers():
        return False
    return speaker_kind(tok) is None

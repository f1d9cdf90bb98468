"""The tables compare reads, loaded once from the data files: agencies, topic shifts,
speaker words that name no one."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
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
def agency_index() -> dict[str, list[tuple[str, ...]]]:
    return by_first_word(agencies())


@lru_cache(maxsize=1)
def topic_shifts() -> dict[str, list[tuple[str, ...]]]:
    """Openings of another news item, indexed by first word (none starts with *)."""
    return by_first_word(_words(r[0]) for r in rows("topic_shifts.tsv"))


@lru_cache(maxsize=1)
def generic_speakers() -> frozenset[str]:
    return frozenset(normalize(r[0]) for r in rows("generic_speakers.txt"))


def bare(norm: str) -> str:
    """A matching form without one leading conjunction or preposition (لفرانس -> فرانس)."""
    return norm[1:] if len(norm) > 3 and norm[0] in _CLITICS else norm


def by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases indexed by their first word, so that a text is scanned once, not once a phrase."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        out.setdefault(phrase[0], []).append(phrase)
    return out


def phrases_at(norms: Sequence[str], i: int, index: dict[str, list[tuple[str, ...]]]) -> list[tuple[str, ...]]:
    """The phrases of ``index`` written at word ``i`` of ``norms``."""
    cands = index.get(norms[i], []) + index.get(bare(norms[i]), [])
    return [p for p in cands if matches_at(norms, i, p)]


def matches_at(norms: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
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

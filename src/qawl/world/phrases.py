"""Phrase tables on tokens: the one matcher the gazetteer, times and quantities share.

A table maps phrases (tuples of normal-form words) to values; ``match_at`` finds the
longest phrase that starts at a token, allowing an attached proclitic on its first word
(وأمس، بالعراق، للعراق), since qawl's tokens keep clitics on the word.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..text.doc import Token
from ..text.normalize import normalize

_PROCLITICS = ("و", "ف", "ب", "ل", "ك")
V = TypeVar("V")


def word_forms(norm: str) -> list[str]:
    """A token's normal form and the forms left once a proclitic comes off: وبغداد -> بغداد, للعراق -> العراق."""
    forms = [norm]
    if norm.startswith("لل") and len(norm) > 3:
        forms.append("ال" + norm[2:])
    rest = norm
    for _ in range(2):  # وب، فل ...
        if rest[:1] in _PROCLITICS and len(rest) > 2:
            rest = rest[1:]
            forms.append(rest)
    return forms


def phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(w) for w in phrase.split())


@dataclass(frozen=True, slots=True)
class PhraseTable(Generic[V]):
    phrases: dict[tuple[str, ...], V]
    longest: int
    first_words: frozenset[str]

    @classmethod
    def build(cls, items: Iterable[tuple[str, V]]) -> "PhraseTable[V]":
        """From (written phrase, value) pairs; the first value of a repeated phrase wins."""
        phrases: dict[tuple[str, ...], V] = {}
        for phrase, value in items:
            phrases.setdefault(phrase_key(phrase), value)
        return cls(phrases, max((len(k) for k in phrases), default=0), frozenset(k[0] for k in phrases))

    def match_at(self, tokens: Sequence[Token], i: int, end: int | None = None,
                 clitics: bool = True) -> tuple[V, int] | None:
        """(value, token count) of the longest phrase starting at ``tokens[i]``, before ``end``."""
        end = len(tokens) if end is None else end
        firsts = word_forms(tokens[i].norm) if clitics else [tokens[i].norm]
        firsts = [f for f in firsts if f in self.first_words]
        if not firsts or not tokens[i].is_word:
            return None
        for n in range(min(self.longest, end - i), 0, -1):
            rest = tuple(t.norm for t in tokens[i + 1 : i + n])
            for first in firsts:
                value = self.phrases.get((first, *rest))
                if value is not None:
                    return value, n
        return None

    def lookup(self, words: Sequence[str]) -> V | None:
        """The value of a phrase given as written words, trying the first word without its proclitic."""
        norms = [normalize(w) for w in words]
        if not norms:
            return None
        for first in word_forms(norms[0]):
            value = self.phrases.get((first, *norms[1:]))
            if value is not None:
                return value
        return None


def after_proclitic(tok: Token) -> int:
    """Where a span starting at ``tok`` should start: after an attached و/ف/ب/ل/ك, keeping ال
    (والسبت -> السبت, بالعراق -> العراق); a fused لل (للعراق) cannot be cut and stays whole."""
    p = tok.prefix
    if p.endswith("لل"):
        p = p[:-2]
    elif p.endswith("ال"):
        p = p[:-2]
    if p and all(c in _PROCLITICS for c in p) and len(p) < len(tok.text):
        return tok.start + len(p)
    return tok.start

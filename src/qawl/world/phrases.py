"""Phrase tables on tokens: the one matcher the gazetteer, times and quantities share.

A table maps phrases (tuples of normal-form words) to values; ``match_at`` finds the
longest phrase that starts at a token, allowing an attached proclitic on its first word
(وأمس، بالعراق، للعراق), since qawl's tokens keep clitics on the word.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from ..text.doc import Token
from ..text.normalize import normalize

_PROCLITICS = ("و", "ف", "ب", "ل", "ك")
V = TypeVar("V")


@lru_cache(maxsize=131_072)
def word_forms(norm: str) -> tuple[str, ...]:
    """A token's normal form and the forms left once a proclitic comes off: وبغداد -> بغداد, للعراق -> العراق."""
    forms = [norm]
    if norm.startswith("لل") and len(norm) > 3:
        forms.append("ال" + norm[2:])
    rest = norm
    for _ in range(2):  # وب، فل ...
        if rest[:1] in _PROCLITICS and len(rest) > 2:
            rest = rest[1:]
            forms.append(rest)
    return tuple(forms)


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
        tok = tokens[i]
        if not tok.is_word:
            return None
        if clitics:
            firsts = [f for f in word_forms(tok.norm) if f in self.first_words]
            if not firsts:
                return None
        elif tok.norm in self.first_words:
            firsts = [tok.norm]
        else:
            return None
        end = len(tokens) if end is None else end
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
    p = normalize(tok.prefix)  # the written prefix may carry a hamza (وأل): compare its matching form
    if len(p) != len(tok.prefix):
        return tok.start
    if p.endswith(("لل", "ال")):
        p = p[:-2]
    if p and all(c in _PROCLITICS for c in p) and len(p) < len(tok.text):
        return tok.start + len(p)
    return tok.start

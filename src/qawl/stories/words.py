"""The words compare reads from an analysed article, in two matching forms, with offsets.

``norms`` (``Token.norm``: whole words, clitics kept) make the article vectors that
cluster stories: clitics carry a little phrasing, and phrasing is what reprints share.
``stems`` (``Token.stem_norm``: clitic-free) decide whether a word or a speaker's name
recurs in another report, where والجيش, الجيش and للجيش must count as one word.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..text.doc import Doc, Token
from ..text.tokens import tokenize
from .kept import forms, take


@dataclass(frozen=True, slots=True)
class Words:
    """An article's words: ``norms[i]`` and ``stems[i]`` are forms of ``tokens[i]``."""


    doc: Doc
    tokens: Sequence[Token]  # a tuple, or packed (``kept.PackedTokens``) when the doc's are
    norms: tuple[str, ...]
    stems: tuple[str, ...]
    title: tuple[str, ...]  # norms of the title's words
    end: int  # the words are those of doc.text[:end]

    @classmethod
    def of(cls, doc: Doc, end: int | None = None) -> Words:
        """The words of ``doc.text[:end]`` (all of it by default) and of its title."""
        end = len(doc.text) if end is None else end
        toks = take(doc.tokens, [k for k, t in enumerate(doc.tokens) if t.is_word and t.end <= end])
        title = tuple(t.norm for t in tokenize(doc.title or "") if t.is_word)
        return cls(doc, toks, *forms(toks), title, end)

    def first_at(self, offset: int) -> int:
        """Index of the first word that starts at or after ``offset``."""
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.tokens[mid].start < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def span_stems(self, start: int, end: int) -> tuple[str, ...]:
        """The stems of the words inside ``text[start:end]``."""
        return self.stems[self.first_at(start):self.first_at(end)]

"""The search syntax: words, "a phrase", ``a OR b``, ``-word`` (and ``-"a phrase"``).

Every word or phrase must occur, except that ``OR`` joins its neighbours into one choice
(``الوزير المشروع OR التمويل``: الوزير and one of the two); a word or phrase after ``-``
must not occur.  Each word matches in qawl's matching form, as itself or as its stem
(``qawl.store.search``).

Both backends get the same expression (SQLite FTS5 ``MATCH``, PostgreSQL ``to_tsquery``).
The index holds a word's stem right after the word, so a phrase's words are not always
next to each other in it: the database finds the articles with all of a phrase's words,
and ``Query.matches`` keeps those where they stand in order, next to each other (in the
title or in the text).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .search import MAX_QUERY_WORDS, Term, query_terms
from ..text.tokens import word_forms

_PIECE = regex.compile(r'-?"[^"]*"?|\S+')

Phrase = tuple[Term, ...]  # one word is a phrase of one term


class QueryError(ValueError):
    """A query that cannot find anything as written (only words to leave out)."""


@dataclass(frozen=True, slots=True)
class Query:
    """``all_of``: choices that must each match (a choice: phrases, any of which);
    ``none_of``: phrases that must not occur."""

    all_of: tuple[tuple[Phrase, ...], ...]
    none_of: tuple[Phrase, ...]

    @property
    def terms(self) -> list[Term]:
        """The terms to show as matches in a snippet."""
        return [t for choice in self.all_of for phrase in choice for t in phrase]

    @property
    def exact_in_sql(self) -> bool:
        """Whether the database's answer is the answer: no phrase of two words or more."""
        return all(len(p) == 1 for choice in self.all_of for p in choice) and all(len(p) == 1 for p in self.none_of)

    def fts5(self) -> str:
        """The FTS5 MATCH expression; every word quoted, so no word is an operator."""
        return _expression(self, _FTS5)

    def tsquery(self) -> str:
        """The PostgreSQL ``to_tsquery('simple', ...)`` expression."""
        return _expression(self, _TS)

    def matches(self, *texts: str | None) -> bool:
        """Whether the query holds for an article of these texts (its title and its text)."""
        seqs = [[(norm.lower(), (stem or "").lower()) for _, _, norm, stem in word_forms(t or "")] for t in texts]
        def found(phrase: Phrase) -> bool:
            return any(_at(seq, phrase) for seq in seqs)

        return all(any(found(p) for p in choice) for choice in self.all_of) and not any(found(p) for p in self.none_of)


def parse(text: str) -> Query:
    """The query ``text`` means; raises QueryError when it has words only to leave out."""
    all_of: list[list[Phrase]] = []
    none_of: list[Phrase] = []
    join = False
    words = 0
    for piece in _PIECE.findall(text):
        if piece == "OR":
            join = bool(all_of)
            continue
        negative = piece.startswith("-") and len(piece) > 1
        body = piece[1:] if negative else piece
        phrase = tuple(query_terms(body.strip('"')))
        if not phrase or words >= MAX_QUERY_WORDS:
            continue
        words += len(phrase)
        if negative:
            none_of.append(phrase)
        elif join:
            all_of[-1].append(phrase)
        else:
            all_of.append([phrase])
        join = False
    if not all_of and none_of:
        raise QueryError("a query needs a word to find, not only words to leave out (-word)")
    return Query(tuple(tuple(c) for c in all_of), tuple(none_of))


def _at(seq: list[tuple[str, str]], phrase: Phrase) -> bool:
    n = len(phrase)
    return any(all(set(phrase[k]) & {seq[i + k][0], seq[i + k][1]} for k in range(n)) for i in range(len(seq) - n + 1))


@dataclass(frozen=True, slots=True)
class _Dialect:
    """How a backend writes and, or, not, and a quoted word (a quote inside doubled)."""

    AND: str
    OR: str
    quote: str
    exclude: str  # "... {positive} ... {negative} ..."

    def word(self, w: str) -> str:
        return self.quote + w.replace(self.quote, self.quote * 2) + self.quote


_FTS5 = _Dialect(" AND ", " OR ", '"', "({positive}) NOT ({negative})")
_TS = _Dialect(" & ", " | ", "'", "({positive}) & !({negative})")


def _expression(query: Query, d: _Dialect) -> str:
    def term(t: Term) -> str:
        return "(" + d.OR.join(d.word(w) for w in t) + ")"

    def phrase(p: Phrase) -> str:  # all its words; their order is checked by Query.matches
        return "(" + d.AND.join(term(t) for t in p) + ")"

    out = d.AND.join("(" + d.OR.join(phrase(p) for p in choice) + ")" for choice in query.all_of)
    for p in query.none_of:
        if len(p) == 1:  # a longer phrase may leave its words apart: left to Query.matches
            out = d.exclude.format(positive=out, negative=phrase(p))
    return out

"""What ``compare`` keeps of an analysed article: only what clustering, the stories and
the report read, so that 5,000 articles fit in a few hundred MB (issue 19).

A full ``Doc`` held about 105 KB (entities, times, integrity, each attribution's
explanation, a ``Token`` object and two int objects a token); compare reads the text,
the metadata, the sentences, the tokens and the attributions' spans.  The tokens are
kept packed (``PackedTokens``: offsets in arrays, matching forms and stems as interned
strings, which news repeats) and made into ``Token`` objects only when read.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import replace
from sys import intern
from typing import overload

from ..text.doc import Doc, Token

#: The stages compare reads: sentences and tokens, and the attributions (nothing after
#: them changes an attribution's spans or polarity).
STAGES = ("attributions",)


class PackedTokens(Sequence[Token]):
    """An article's tokens in about 26 bytes each instead of about 250: what a ``Token``
    holds, less what the text already holds (its written pieces are slices of it)."""

    __slots__ = ("_ends", "_norms", "_pieces", "_starts", "_stems", "_text")

    def __init__(self, text: str, tokens: Sequence[Token]):
        self._text = text
        self._starts = array("i", (t.start for t in tokens))
        self._ends = array("i", (t.end for t in tokens))
        # prefix length, suffix length and whether it is a word, one 16-bit number each
        self._pieces = array("H", (len(t.prefix) | len(t.suffix) << 7 | t.is_word << 14 for t in tokens))
        self._norms = tuple(intern(t.norm) for t in tokens)
        self._stems = tuple(intern(t.stem_norm) for t in tokens)

    @staticmethod
    def packs(text: str, tokens: Sequence[Token]) -> bool:
        """Whether ``tokens`` can be packed and read back unchanged (each token's pieces are
        the text at its offsets, and short enough for their bits)."""
        return all(text[t.start:t.end] == t.text == t.prefix + t.stem + t.suffix
                   and len(t.prefix) < 128 and len(t.suffix) < 128 for t in tokens)

    def __getstate__(self) -> tuple:
        return self._text, self._starts, self._ends, self._pieces, self._norms, self._stems

    def __setstate__(self, state: tuple) -> None:
        """Unpickled (from a worker): the strings are new objects, interned again here."""
        self._text, self._starts, self._ends, self._pieces, norms, stems = state
        self._norms = tuple(map(intern, norms))
        self._stems = tuple(map(intern, stems))

    def __len__(self) -> int:
        return len(self._starts)

    def _token(self, i: int) -> Token:
        s, e, bits = self._starts[i], self._ends[i], self._pieces[i]
        p, x = s + (bits & 127), e - (bits >> 7 & 127)
        text = self._text
        return Token(text[s:e], s, e, self._norms[i], text[s:p], text[p:x], text[x:e], self._stems[i],
                     bool(bits >> 14))

    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> list[Token]: ...

    def __getitem__(self, i: int | slice) -> Token | list[Token]:
        if isinstance(i, slice):
            return [self._token(k) for k in range(*i.indices(len(self)))]
        return self._token(i if i >= 0 else i + len(self))

    def __iter__(self) -> Iterator[Token]:
        return (self._token(k) for k in range(len(self)))

    @property
    def norms(self) -> tuple[str, ...]:
        return self._norms

    @property
    def stems(self) -> tuple[str, ...]:
        return self._stems

    def take(self, indices: Sequence[int]) -> PackedTokens:
        """The tokens at ``indices``, packed."""
        out = PackedTokens.__new__(PackedTokens)
        out._text = self._text
        out._starts = array("i", (self._starts[k] for k in indices))
        out._ends = array("i", (self._ends[k] for k in indices))
        out._pieces = array("H", (self._pieces[k] for k in indices))
        out._norms = tuple(self._norms[k] for k in indices)
        out._stems = tuple(self._stems[k] for k in indices)
        return out


def take(tokens: Sequence[Token], indices: Sequence[int]) -> Sequence[Token]:
    """The tokens at ``indices``: packed again when ``tokens`` is, else a tuple."""
    if isinstance(tokens, PackedTokens):
        return tokens.take(indices)
    return tuple(tokens[k] for k in indices)


def forms(tokens: Sequence[Token]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The matching forms and the stems of ``tokens`` (the packed ones' own tuples, not copies)."""
    if isinstance(tokens, PackedTokens):
        return tokens.norms, tokens.stems
    return tuple(t.norm for t in tokens), tuple(t.stem_norm for t in tokens)


def kept(doc: Doc) -> Doc:
    """A copy of ``doc`` with what compare reads and nothing else, its tokens packed (made
    in the worker: packed tokens travel in a few arrays instead of a pickled object each)."""
    tokens = PackedTokens(doc.text, doc.tokens) if PackedTokens.packs(doc.text, doc.tokens) else doc.tokens
    return Doc(text=doc.text, id=doc.id, date=doc.date, outlet=doc.outlet, title=doc.title,
               sentences=doc.sentences, tokens=tokens,  # type: ignore[arg-type]
               attributions=[replace(a, why=None) for a in doc.attributions])

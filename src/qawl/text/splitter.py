"""Sentence splitter for news Arabic.

A sentence ends at ``.`` ``!`` ``?`` ``؟`` followed by a space, and at a line break.
It does not end inside a quotation (“ ” « » and straight double quotes), so a quote
that runs over several sentences stays one sentence; a quote left open at the end of
its paragraph is treated as a stray mark, not as a quote.  ``؛`` joins clauses of one
statement in news Arabic (in the silver training set, 14 of its 41 uses fall inside
one attributed content), so it is not a sentence end.  Abbreviations (single letters
such as د. and the words in ``data/abbreviations.txt``) and decimals do not end a sentence.
"""
from __future__ import annotations

from functools import lru_cache

from ..data import rows
from .normalize import normalize

_ENDS = ".!?؟"
_OPEN = {"“": "”", "«": "»"}
_CLOSERS = set("”»\"')]")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return frozenset(normalize(r[0].strip()) for r in rows("abbreviations.txt"))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, in text order."""
    out: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        end = pos + len(para)
        cuts = _cuts(text, pos, end, protect_quotes=True)
        if cuts is None:  # an unbalanced quote: split as if it were not there
            cuts = _cuts(text, pos, end, protect_quotes=False)
        start = pos
        for cut in [*(cuts or ()), end]:
            s, e = start, cut
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((s, e))
            start = cut
        pos = end + 1
    return out


def _cuts(text: str, start: int, end: int, protect_quotes: bool) -> list[int] | None:
    """Offsets after each sentence end in text[start:end]; None if a quote stays open."""
    cuts = []
    stack: list[str] = []
    straight_open = False
    i = start
    while i < end:
        ch = text[i]
        if protect_quotes:
            if ch in _OPEN:
                stack.append(_OPEN[ch])
            elif stack and ch == stack[-1]:
                stack.pop()
            elif ch == '"':
                straight_open = not straight_open
        if ch in _ENDS and not stack and not straight_open:
            j = i + 1
            while j < end and (text[j] in _ENDS or text[j] in _CLOSERS):
                j += 1
            if (j >= end or text[j].isspace()) and not _is_abbreviation(text, start, i):
                cuts.append(j)
            i = j
            continue
        i += 1
    if protect_quotes and (stack or straight_open):
        return None
    return cuts


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    k = dot
    while k > start and not text[k - 1].isspace() and text[k - 1] not in "(«“\"":
        k -= 1
    word = normalize(text[k:dot])
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True
    return word in abbreviations()

"""Tokeniser with light clitic segmentation for news Arabic.

Words are runs of letters, marks and digits; every other non-space character is
a token of its own.  Each word is split into proclitics (و ف, then ب ل ك or س,
then ال), a stem, and a pronoun suffix.  Without a lexicon the split is a guess,
so it is conservative: a clitic comes off only when at least three letters of stem
remain.  Matching code that must be exact (the cue lexicon) matches whole tokens.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from .doc import Token
from .normalize import INVISIBLE, normalize

#: Invisible marks that may sit inside a written word (ZWNJ, ZWJ, a soft hyphen, word joiner,
#: direction marks): they stay in the word's text and leave its matching form, so that قال
#: written with a ZWNJ inside is still one word, the cue قال.
_TOKEN = regex.compile(rf"[\p{{L}}\p{{M}}\p{{N}}_]+(?:[{INVISIBLE}]+[\p{{L}}\p{{M}}\p{{N}}_]+)*|[^\s\p{{L}}\p{{M}}\p{{N}}_]")
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
_SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا", "ه", "ي")  # longest first
_MIN_STEM = 3


@lru_cache(maxsize=262_144)
def _analyse(word: str) -> tuple[str, str, str, str, str]:
    """(norm, prefix, stem, suffix, stem_norm) of a word; cached, since news repeats its words."""
    p, s, x = segment(word)
    return normalize(word), p, s, x, normalize(s)


def segment(word: str) -> tuple[str, str, str]:
    """Split a written word into (prefix, stem, suffix), each a piece of ``word``."""
    norm = _bare(word)
    if len(norm) != len(word):  # diacritics or ligatures: map through a letter index
        return _segment_marked(word)
    i = 0
    if len(norm) - i > _MIN_STEM and norm[i] in _CONJ:
        i += 1
    if norm.startswith("لل", i) and len(norm) - i > _MIN_STEM + 1:  # لل = ل + ال
        i += 2
    else:
        if len(norm) - i > _MIN_STEM + 2 and norm[i] in _PREP and norm.startswith("ال", i + 1):
            i += 1
        if norm.startswith("ال", i) and len(norm) - i > _MIN_STEM + 1:
            i += 2
    j = len(norm)
    if i == 0 or not norm.startswith("ال", i - 2):  # a suffix never follows the article
        for suf in _SUFFIXES:
            if norm.endswith(suf) and j - len(suf) - i >= _MIN_STEM:
                j -= len(suf)
                break
    return word[:i], word[i:j], word[j:]


def _bare(word: str) -> str:
    """Matching form that keeps ة and ى, which decide whether a final letter is a pronoun."""
    return normalize(word.replace("ة", "\0").replace("ى", "\1")).replace("\0", "ة").replace("\1", "ى")


@lru_cache(maxsize=1024)
def _bare_char(ch: str) -> str:
    """``_bare`` of one character, cached: a word with diacritics is read a letter at a
    time, and normalising each letter afresh cost 15 times a plain word (issue 19)."""
    return _bare(ch)


def _segment_marked(word: str) -> tuple[str, str, str]:
    """Segment a word that carries diacritics: segment its bare letters, map back."""
    letters = [k for k, ch in enumerate(word) if _bare_char(ch)]
    bare = "".join(_bare_char(word[k]) for k in letters)
    if len(bare) != len(letters) or _bare(bare) != bare:  # letters that compose together (Hangul jamo)
        return "", word, ""  # would be segmented again and again: left whole
    p, s, x = segment(bare)
    a = letters[len(p)] if p and len(p) < len(letters) else 0
    b = letters[len(p) + len(s)] if x else len(word)
    return word[:a], word[a:b], word[b:]


def _is_word(t: str) -> bool:
    return t[0].isalnum() or t[0] == "_" or len(t) > 1


def word_forms(text: str) -> Iterator[tuple[int, int, str, str]]:
    """``(start, end, norm, stem_norm)`` of each word of ``text``: what a search index needs,
    without building a Token for every word (several times faster on a long text)."""
    for m in _TOKEN.finditer(text):
        t = m.group()
        if _is_word(t):
            norm, _, _, _, stem_norm = _analyse(t)
            yield m.start(), m.end(), norm, stem_norm


def tokenize(text: str, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        t = m.group()
        is_word = _is_word(t)
        if is_word:
            norm, p, s, x, stem_norm = _analyse(t)
            yield Token(t, m.start(), m.end(), norm, p, s, x, stem_norm, True)
        else:
            yield Token(t, m.start(), m.end(), t, "", t, "", t, False)

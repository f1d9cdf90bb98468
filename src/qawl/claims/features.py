"""What a pair of claims is measured by, besides its meaning.

Sentence vectors say two headlines are about the same thing (cosine 0.92–0.98) but not
whether they agree: "النفط يرتفع" and "النفط ينخفض" are neighbours.  The features here
read what the vectors miss: words that one side has and the other lacks (weighted by
how rare they are), negation and deny cues on one side only, opposite words across
the sides (``antonyms.tsv``), numbers that differ, and plain word overlap.

A side is read once (``read_side``, cached by text) and a pair's features are a fixed,
named list of floats (``FEATURES``), so that the trained model and its weights stay
readable.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..text.tokens import tokenize
from .lexicon import antonym_sides, bases, is_deny, is_negation, place_of, root

#: The lexical features, in the order of ``lexical_features``'s list.
FEATURES: tuple[str, ...] = (
    "jaccard",            # shared word keys / all word keys
    "overlap_min",        # shared / the shorter side
    "tfidf_cosine",       # cosine of the idf-weighted word keys
    "char3_jaccard",      # shared letter trigrams / all (catches inflections the keys miss)
    "root_jaccard",       # shared roots / all roots (يصعد ~ صعود، خصخصة ~ تخصخص)
    "a_only_root_share",  # a's words whose root b lacks / a's words
    "b_only_root_share",
    "a_only_share",       # idf mass of a's words missing from b / a's idf mass
    "b_only_share",
    "a_only_count",
    "b_only_count",
    "b_only_max_idf",     # the rarest word b adds (a swapped name, place or number)
    "a_only_max_idf",
    "neg_a",              # negation particles (لم، لن، لا، غير، عدم ...)
    "neg_b",
    "neg_differs",        # one side negated, the other not
    "deny_a",             # deny cues (نفى، ينفي، رفض، كذب ...)
    "deny_b",
    "deny_differs",
    "antonyms",           # opposite words, one on each side and not shared
    "b_only_polar",       # b adds a word of an opposition that a does not have
    "place_swapped",      # a names a place b lacks and b one a lacks (فلسطينية / إسرائيلية)
    "places_differ",      # the sets of places named differ
    "numbers_differ",     # both give numbers and they are not the same
    "number_one_side",    # only one side gives a number
    "question",           # either side is a question (headlines that ask are rarely restatements)
    "len_ratio",          # shorter / longer, in words
    "log_len_a",
    "log_len_b",
)


@dataclass(frozen=True, slots=True)
class Side:
    """One claim text as the features read it."""

    text: str
    words: tuple[str, ...]  # the words as written
    keys: tuple[str, ...]  # one matching key per word (the stem, clitics off)
    bases: tuple[frozenset[str], ...]  # for each word, its forms without clitics and endings
    numbers: frozenset[str]
    negations: int
    denials: int
    question: bool
    trigrams: frozenset[str]
    roots: tuple[str, ...]
    places: tuple[str | None, ...]  # for each word, the place it names


@lru_cache(maxsize=65_536)
def read_side(text: str) -> Side:
    words = [t for t in tokenize(text) if t.is_word]
    keys = tuple(t.stem_norm or t.norm for t in words)
    numbers = frozenset(t.norm for t in words if any(c.isdigit() for c in t.norm))
    joined = " ".join(t.norm for t in words)
    trigrams = frozenset(joined[i : i + 3] for i in range(len(joined) - 2))
    return Side(
        text=text,
        words=tuple(t.text for t in words),
        keys=keys,
        bases=tuple(bases(t.norm) for t in words),
        numbers=numbers,
        negations=sum(1 for t in words if is_negation(t.norm)),
        denials=sum(1 for t in words if is_deny(t.norm)),
        question="؟" in text or "?" in text,
        trigrams=trigrams,
        roots=tuple(root(t.text) for t in words),
        places=tuple(place_of(bases(t.norm)) for t in words),
    )


def _only(x: Side, y: Side) -> list[int]:
    """Indices of the words of ``x`` that ``y`` does not have in any form."""
    y_keys = set(y.keys)
    y_bases = frozenset().union(*y.bases) if y.bases else frozenset()
    return [i for i, (k, b) in enumerate(zip(x.keys, x.bases)) if k not in y_keys and not (b & y_bases)]


def _antonyms(a: Side, b: Side, a_only: list[int], b_only: list[int]) -> tuple[int, int]:
    """(opposite pairs across the sides, words b adds from any opposition)."""
    a_forms = [a.bases[i] for i in a_only]
    b_forms = [b.bases[i] for i in b_only]
    pairs = polar = 0
    for left, right in antonym_sides():
        a_l = any(f & left for f in a_forms)
        a_r = any(f & right for f in a_forms)
        b_l = any(f & left for f in b_forms)
        b_r = any(f & right for f in b_forms)
        pairs += (a_l and b_r) + (a_r and b_l)
        polar += (b_l and not a_l) or (b_r and not a_r)
    return pairs, polar


def lexical_features(a: Side, b: Side, idf: Mapping[str, float], unknown_idf: float) -> list[float]:
    """The values of ``FEATURES`` for the pair (a, b)."""
    w = lambda k: idf.get(k, unknown_idf)  # noqa: E731
    ka, kb = set(a.keys), set(b.keys)
    union = ka | kb
    shared = ka & kb
    jaccard = len(shared) / len(union) if union else 0.0
    overlap_min = len(shared) / min(len(ka), len(kb)) if ka and kb else 0.0
    na = math.sqrt(sum(w(k) ** 2 for k in ka))
    nb = math.sqrt(sum(w(k) ** 2 for k in kb))
    tfidf = sum(w(k) ** 2 for k in shared) / (na * nb) if na and nb else 0.0
    tri_union = a.trigrams | b.trigrams
    char3 = len(a.trigrams & b.trigrams) / len(tri_union) if tri_union else 0.0
    ra, rb = set(a.roots), set(b.roots)
    root_jaccard = len(ra & rb) / len(ra | rb) if ra | rb else 0.0
    a_root_share = sum(1 for r in a.roots if r not in rb) / max(len(a.roots), 1)
    b_root_share = sum(1 for r in b.roots if r not in ra) / max(len(b.roots), 1)
    a_only, b_only = _only(a, b), _only(b, a)
    mass_a = sum(w(k) for k in a.keys) or 1.0
    mass_b = sum(w(k) for k in b.keys) or 1.0
    a_share = sum(w(a.keys[i]) for i in a_only) / mass_a
    b_share = sum(w(b.keys[i]) for i in b_only) / mass_b
    b_max = max((w(b.keys[i]) for i in b_only), default=0.0)
    a_max = max((w(a.keys[i]) for i in a_only), default=0.0)
    antonyms, polar = _antonyms(a, b, a_only, b_only)
    pa, pb = {p for p in a.places if p}, {p for p in b.places if p}
    place_swapped = bool(pa - pb and pb - pa)
    places_differ = pa != pb
    numbers_differ = bool(a.numbers and b.numbers and a.numbers != b.numbers)
    number_one_side = bool(a.numbers) != bool(b.numbers)
    la, lb = len(a.keys), len(b.keys)
    return [
        jaccard, overlap_min, tfidf, char3, root_jaccard, a_root_share, b_root_share, a_share, b_share, float(len(a_only)), float(len(b_only)),
        b_max, a_max,
        float(a.negations), float(b.negations), float((a.negations > 0) != (b.negations > 0)),
        float(a.denials), float(b.denials), float((a.denials > 0) != (b.denials > 0)),
        float(antonyms), float(polar), float(place_swapped), float(places_differ), float(numbers_differ), float(number_one_side),
        float(a.question or b.question),
        min(la, lb) / max(la, lb, 1), math.log1p(la), math.log1p(lb),
    ]


def diff_roots(a: Side, b: Side) -> list[str]:
    """The roots one side has and the other lacks, marked by side (``A:نفي``, ``B:رفع``).

    The classifier learns a weight for each: annotators and editors reuse the same few
    words to turn a headline around (ينفي، يتراجع، غير، يؤجل ...), and a paraphrase
    reuses the same few to restate one (تعرف على، قامت، تم).
    """
    ra, rb = set(a.roots), set(b.roots)
    return ["A:" + r for r in dict.fromkeys(a.roots) if r not in rb] + \
           ["B:" + r for r in dict.fromkeys(b.roots) if r not in ra]

"""A pair judgement's reasons in the words of the pair, not the model's feature names.

``qawl pairs`` names the features that pushed hardest towards its label; a reader needs
what they saw: ``numbers differ: 27 / 30``, ``only in b: ينفي``, ``a negates: لم``,
rather than ``numbers_differ`` or ``b_only_share``.  Each feature of ``features.FEATURES``
has a sentence here, filled from the two sides; a name without one is shown as it is.
"""
from __future__ import annotations

from collections.abc import Callable

from ..text.normalize import normalize
from .features import Side, _antonyms, _only
from .lexicon import is_deny, is_negation

#: Words listed at most in one reason.
MAX_WORDS = 3


def describe(name: str, a: Side, b: Side, z: float = 0.0) -> str:
    """The reason a feature (of ``FEATURES``, the meaning features, or a differing root
    ``A:..``/``B:..``) stands for, for the pair (a, b); ``z`` is its standardised value."""
    if name.startswith("cosine"):
        return "meanings close" if z > 0 else "meanings far apart"
    if name[:2] in ("A:", "B:") and a.numbers and b.numbers:  # a number as a word one side lacks
        return _numbers(a, b)
    say = _SAY.get(name)
    return say(a, b) if say is not None else name


def _words(words: list[str]) -> str:
    shown = list(dict.fromkeys(words))
    return "، ".join(shown[:MAX_WORDS]) + (" …" if len(shown) > MAX_WORDS else "") if shown else "—"


def _shared(a: Side, b: Side) -> str:
    shared = len(set(a.keys) & set(b.keys))
    return f"words shared: {shared} of {len(set(a.keys) | set(b.keys))}"


def _only_in(side: str) -> Callable[[Side, Side], str]:
    def say(a: Side, b: Side) -> str:
        x, y = (a, b) if side == "a" else (b, a)
        words = [x.words[i] for i in _only(x, y)]
        if words and a.numbers and b.numbers and all(map(_has_digit, words)):  # 27 against 30
            return _numbers(a, b)
        return f"only in {side}: {_words(words)}"
    return say


def _marked(side: str, what: str, test: Callable[[str], bool]) -> Callable[[Side, Side], str]:
    """``a negates: لم``: the words of one side that negate (or deny)."""
    def say(a: Side, b: Side) -> str:
        x = a if side == "a" else b
        return f"{side} {what}: {_words([w for w in x.words if test(normalize(w))])}"
    return say


def _one_side(what: str, count: Callable[[Side], int], test: Callable[[str], bool]) -> Callable[[Side, Side], str]:
    """``only a denies: نفى``: one side negates (or denies), the other does not."""
    def say(a: Side, b: Side) -> str:
        side, x = ("a", a) if count(a) else ("b", b)
        return f"only {side} {what}: {_words([w for w in x.words if test(normalize(w))])}"
    return say


def _opposites(a: Side, b: Side) -> str:
    a_only, b_only = _only(a, b), _only(b, a)
    pairs, _ = _antonyms(a, b, a_only, b_only)
    return f"opposite words: {_words([a.words[i] for i in a_only])} / {_words([b.words[i] for i in b_only])}" \
        if pairs else "no opposite words"


def _places(a: Side, b: Side) -> str:
    pa = [w for w, p in zip(a.words, a.places) if p]
    pb = [w for w, p in zip(b.words, b.places) if p]
    return f"places differ: {_words(pa)} / {_words(pb)}" if {p for p in a.places if p} != {p for p in b.places if p} \
        else f"same places: {_words(pa)}"


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _numbers(a: Side, b: Side) -> str:
    na = [w for w in a.words if _has_digit(w)]
    nb = [w for w in b.words if _has_digit(w)]
    if na and nb:
        return f"numbers differ: {_words(na)} / {_words(nb)}" if a.numbers != b.numbers else f"same numbers: {_words(na)}"
    return f"a number on one side only: {_words(na or nb)}" if na or nb else "no numbers"


def _lengths(a: Side, b: Side) -> str:
    return f"lengths: {len(a.words)} / {len(b.words)} words"


_SAY: dict[str, Callable[[Side, Side], str]] = {
    **{name: _shared for name in ("jaccard", "overlap_min", "tfidf_cosine", "char3_jaccard", "root_jaccard")},
    **{f"{s}_only_{f}": _only_in(s) for s in "ab" for f in ("root_share", "share", "count", "max_idf")},
    "neg_a": _marked("a", "negates", is_negation), "neg_b": _marked("b", "negates", is_negation),
    "neg_differs": _one_side("negates", lambda s: s.negations, is_negation),
    "deny_a": _marked("a", "denies", is_deny), "deny_b": _marked("b", "denies", is_deny),
    "deny_differs": _one_side("denies", lambda s: s.denials, is_deny),
    "antonyms": _opposites, "b_only_polar": _opposites,
    "place_swapped": _places, "places_differ": _places,
    "numbers_differ": _numbers, "number_one_side": _numbers,
    "question": lambda a, b: ("a" if a.question else "b") + " is a question",
    "len_ratio": _lengths, "log_len_a": _lengths, "log_len_b": _lengths,
}

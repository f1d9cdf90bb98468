"""Style breaks: habits of one sentence that the rest of its article does not share.

A writer is consistent within an article: one hamza spelling of a word, a conjunction
attached or not, one kind of quote mark and comma.  A sentence written by someone else
often breaks one of them (أنتشار where the article writes انتشار, a detached "و ").
Dictionaries accept such slips (أنتشار is a real form), so the article itself is the norm.
"""
from __future__ import annotations

import functools
from collections import Counter, defaultdict
from functools import lru_cache

from pyarabic import araby

from .context import ArticleContext, SentenceFacts, light_stem
from .evidence import Signals, ev

_MIN_IDF = 2.5  # function words (إلى / الى) vary within any article: not a sign of another hand
_MIN_LETTERS = 3
#: Punctuation habits: a mark of each kind and the family it belongs to.
_MARKS = {
    "quotes": {"“": "curly", "”": "curly", "«": "angle", "»": "angle", '"': "straight"},
    "commas": {"،": "Arabic", ",": "Latin"},
}
_DIGITS = {**{d: "Arabic-Indic" for d in "٠١٢٣٤٥٦٧٨٩"}, **{d: "Western" for d in "0123456789"}}


@lru_cache(maxsize=262_144)
def _written(stem: str) -> str:
    """A stem as written, without its diacritics and tatweel (once a written stem: issue 19)."""
    return araby.strip_tatweel(araby.strip_tashkeel(stem))


def signals(ctx: ArticleContext) -> list[Signals]:
    own = functools.partial(_own, ctx)
    per_sentence, habits, detached = zip(*[ctx.once("style", s, own) for s in ctx.sentences]) if ctx.sentences else ((), (), ())
    # (stem normal form, written form) -> sentences, counted in C: a Counter a stem cost more than the counting (issue 19)
    spelt: Counter[tuple[str, str]] = Counter(pair for mine in per_sentence for pair in mine.items())
    varied = {k for k, n in Counter(k for k, _ in spelt).items() if n > 1}  # most articles spell each stem one way
    forms: dict[str, dict[str, int]] = defaultdict(dict)  # a varied stem's written forms, by sentence count
    for (k, w), n in spelt.items() if varied else ():
        if k in varied:
            forms[k][w] = n
    habit_counts: Counter[tuple[str, str]] = Counter((k, v) for h in habits for k, vs in h.items() for v in vs)
    total_detached = sum(detached)
    out: list[Signals] = []
    for i in range(len(ctx.sentences)):
        slips = []
        for k, w in per_sentence[i].items() if varied else ():
            if k in varied and forms[k][w] == 1:
                slips.append((w, max(sorted(x for x in forms[k] if x != w), key=lambda x: forms[k][x])))  # ties: one order
        breaks = []
        for kind, used in habits[i].items():
            rest = {v for (k, v), c in habit_counts.items() if k == kind and c - (v in used) > 0}
            if rest and used - rest:
                breaks.append({"mine": "/".join(sorted(used - rest)), "kind": kind, "rest": "/".join(sorted(rest))})
        lone = detached[i] > 0 and total_detached == detached[i] and len(ctx.sentences) > 2
        out.append({
            "spelling_breaks": (ev(min(len(slips), 2) / 2, "integrity.spelling", written=slips[0][0], usual=slips[0][1])
                                if slips else ev(0.0)),
            "detached_waw": ev(1.0 if lone else 0.0, "integrity.detached_waw"),
            "punctuation_breaks": ev(min(len(breaks), 2) / 2, "integrity.punctuation", **breaks[0]) if breaks else ev(0.0),
        })
    return out


def _own(ctx: ArticleContext, s: SentenceFacts) -> tuple[dict[str, str], dict[str, set[str]], int]:
    """What a sentence's own words give: the written form of each of its stems that counts, its
    punctuation and digit habits, and its detached و."""
    mine = {}
    weight = ctx.idf
    for t in s.words:
        word = _word(t.stem_norm, t.norm, t.stem)
        if word is not None and weight(word[1]) >= _MIN_IDF:
            mine[word[0]] = word[2]
    return mine, _habits(ctx.text(s.index)), [t.text for t in s.words].count("و")


@lru_cache(maxsize=262_144)
def _word(stem_norm: str, norm: str, stem: str) -> tuple[str, str, str] | None:
    """What ``_own`` reads of a word, once a word type (issue 19): its stem's normal form, the
    term whose weight decides whether it counts, and its stem as written; None for a stem too
    short to count or a number."""
    if len(stem_norm) < _MIN_LETTERS or stem_norm.isdigit():
        return None
    return stem_norm, light_stem(norm), _written(stem)


def _habits(text: str) -> dict[str, set[str]]:
    chars = set(text)  # each character once: a sentence repeats its letters
    out: dict[str, set[str]] = {}
    for kind, marks in _MARKS.items():
        used = {marks[c] for c in chars if c in marks}
        if used:
            out[kind] = used
    digits = {_DIGITS[c] for c in chars if c in _DIGITS}
    if digits:
        out["digits"] = digits
    return out

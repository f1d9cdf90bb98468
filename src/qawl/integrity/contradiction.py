"""Contradiction within the article: another sentence's content repeated with a fact changed.

News repeats itself (the lead is restated further down), but a repetition keeps its
facts.  A sentence whose weighted words mostly come from one other sentence, with a
different number, a negation added or dropped, or a name swapped, says the opposite
of that sentence: one of the two does not belong.  Repetition alone is not a signal
(leads are restated all the time), so each signal here is the repetition's extent
times the presence of a change.
"""
from __future__ import annotations

from .context import ArticleContext, SentenceFacts
from .evidence import Evidence, Signals

_REPEAT = 0.5  # share of a sentence's weight found in another one: it restates that sentence
_MAX_SWAPPED = 2  # more changed words than this is a rewording, not a changed fact
_SWAP_REPEAT = 0.7  # a swapped name or place leaves the rest of both sentences as it was
_RARE_IDF = 5.0  # a name or a place: rare in news


def _weight(ctx: ArticleContext, terms) -> float:
    return sum(ctx.idf(t) for t in terms)


def _closest(ctx: ArticleContext, s: SentenceFacts) -> tuple[float, float, SentenceFacts | None]:
    """The sentence that holds most of ``s``'s weight: (share of s in it, share of it in s, it)."""
    own = _weight(ctx, s.terms) or 1.0
    best, back, best_s = 0.0, 0.0, None
    for o in ctx.others(s.index):
        common = _weight(ctx, s.terms.keys() & o.terms.keys())
        if common / own > best:
            best, back, best_s = common / own, common / (_weight(ctx, o.terms) or 1.0), o
    return best, back, best_s


def signals(ctx: ArticleContext) -> list[Signals]:
    out: list[Signals] = []
    for s in ctx.sentences:
        repeat, back, o = _closest(ctx, s)
        number = polarity = swapped = 0.0
        why_number = why_polarity = why_swapped = None
        if o is not None and repeat >= _REPEAT:
            where = f"sentence {o.index + 1}"
            if s.numbers and o.numbers and s.numbers != o.numbers:
                number = repeat
                why_number = (f"repeats {where} with a different number "
                              f"({', '.join(sorted(s.numbers - o.numbers))} vs {', '.join(sorted(o.numbers - s.numbers))})")
            if (s.negations > 0) != (o.negations > 0) or s.deny != o.deny:
                polarity = repeat
                why_polarity = f"repeats {where} with the opposite polarity (a negation or denial added or dropped)"
            mine = [t for t in s.terms if t not in o.terms and ctx.term_sentences[t] == 1]
            theirs = [t for t in o.terms if t not in s.terms]
            rare = [t for t in mine if ctx.idf(t) >= _RARE_IDF]
            if min(repeat, back) >= _SWAP_REPEAT and rare and len(mine) <= _MAX_SWAPPED and theirs:
                swapped = min(repeat, back)
                why_swapped = f"repeats {where} with other names ({'، '.join(rare)}) found nowhere else in the article"
        out.append({
            "changed_number": Evidence(number, why_number),
            "changed_polarity": Evidence(polarity, why_polarity),
            "changed_words": Evidence(swapped, why_swapped),
        })
    return out

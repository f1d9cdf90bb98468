"""Position and discourse: where the sentence stands in the report's flow.

A continuation ("وأضاف"، "وتابع") belongs right after its speaker's statement; a
sentence standing between the two without that speaker interrupts the relay chain.
A sentence that points back (an implied speaker, a demonstrative) continues its text.
Position and length are given to the model as context: the lead and a dateline line
behave unlike the body.
"""
from __future__ import annotations

import math
from functools import lru_cache

from .. import data
from ..text.normalize import normalize

from .context import ArticleContext, SentenceFacts, forms
from .evidence import Evidence, Signals, ev

_OPENING = 4  # words in which a pointer back counts


@lru_cache(maxsize=1)
def pointers_back() -> frozenset[str]:
    return frozenset(normalize(r[0]) for r in data.rows("anaphora.tsv"))


def refers_back(s: SentenceFacts) -> bool:
    """It continues what came before: an implied speaker ("وأضاف"), or a demonstrative
    ("تلك الخطوة") among its first words.  An inserted sentence must stand on its own."""
    words = pointers_back()
    return s.implicit or any(f in words for t in s.words[:_OPENING] for f in forms(t.norm))


def signals(ctx: ArticleContext) -> list[Signals]:
    sents = ctx.sentences
    n = len(sents)
    out: list[Signals] = []
    for i, s in enumerate(sents):
        nxt = sents[i + 1] if i + 1 < n else None
        prev = sents[i - 1] if i > 0 else None
        breaks = (
            nxt is not None and prev is not None and nxt.implicit and bool(nxt.sources)
            and not (s.sources & nxt.sources) and bool(prev.sources & nxt.sources)
        )
        out.append({
            "refers_back": Evidence(1.0 if refers_back(s) and i > 0 else 0.0),
            "interrupts_relay": ev(1.0 if breaks else 0.0, "integrity.interrupts_relay"),
            "is_first": Evidence(1.0 if i == 0 else 0.0),
            "is_last": Evidence(1.0 if i == n - 1 else 0.0),
            "position": Evidence(i / (n - 1) if n > 1 else 0.0),
            "log_words": Evidence(math.log(1 + len(s.words))),
        })
    return out

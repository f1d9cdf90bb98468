"""Position and discourse: where the sentence stands in the report's flow.

A continuation ("وأضاف"، "وتابع") belongs right after its speaker's statement; a
sentence standing between the two without that speaker interrupts the relay chain.
Position and length are given to the model as context: the lead and a dateline line
behave unlike the body.
"""
from __future__ import annotations

import math

from .context import ArticleContext
from .evidence import Evidence, Signals


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
            "interrupts_relay": Evidence(1.0 if breaks else 0.0,
                                         "stands between a statement and its continuation by the same speaker"),
            "is_first": Evidence(1.0 if i == 0 else 0.0),
            "is_last": Evidence(1.0 if i == n - 1 else 0.0),
            "position": Evidence(i / (n - 1) if n > 1 else 0.0),
            "log_words": Evidence(math.log(1 + len(s.words))),
        })
    return out

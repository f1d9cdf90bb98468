"""Topic drift: a sentence far in its words from its neighbours and from the article.

TF-IDF over content stems, with document frequencies learned from news: cheap (a few
dictionary operations per sentence) where sentence embeddings cost a second an article.
A sentence moved in from another report shares few of its rare words with the rest.
"""
from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable
from bisect import bisect_left

from .context import NAME_IDF, ArticleContext, light_stem
from .evidence import Evidence, Signals, ev, joined

Vector = dict[str, float]
_CONTENT_IDF = 3.0  # below this a word is too common in news to tie two sentences to one topic
_MIN_TERMS = 4  # a shorter line (a dateline, a heading) shares nothing by its nature
_WINDOW = 2  # neighbours on each side


def tfidf_vector(terms: dict[str, int], weight) -> Vector:
    """A unit vector of log term counts times their inverse document frequencies."""
    v = {t: (1 + math.log(c)) * weight(t) for t, c in terms.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def cosine(a: Vector, b: Vector, norms: dict[int, float] | None = None) -> float:
    """``norms``: the norm of each vector by its ``id``, kept by the caller while the vectors live
    (a vector meets its neighbours several times: its norm is summed once)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(x * b.get(t, 0.0) for t, x in a.items())
    nb = norms.get(id(b)) if norms is not None else None
    if nb is None:
        nb = math.sqrt(sum(x * x for x in b.values()))
        if norms is not None:
            norms[id(b)] = nb
    return dot / nb if nb else 0.0  # ``a`` is a unit vector already


class MedianOfOthers:
    """The median of a list less one of its items, for each item: sorted once, then read off
    by index (rebuilding the list for each sentence cost the square of the article's length)."""

    def __init__(self, values: list[float]):
        self.values = values
        self.sorted = sorted(values)

    def __call__(self, i: int) -> float:
        s, m = self.sorted, len(self.values) - 1
        if m <= 0:
            return 0.0
        k = bisect_left(s, self.values[i])  # the item left out; an equal one is as good

        def at(j: int) -> float:
            return s[j] if j < k else s[j + 1]

        return at(m // 2) if m % 2 else (at(m // 2 - 1) + at(m // 2)) / 2


def _closeness(vectors: list[Vector], pair: Callable[[int, int], float],
               ) -> tuple[list[float], list[float]]:
    """Each sentence's cosine with the rest of the article, and with its nearest neighbour
    (``pair(i, j)``: the cosine of sentences i and j, ``cosine(vectors[i], vectors[j])``)."""
    total: Vector = {}
    for v in vectors:
        for t, x in v.items():
            total[t] = total.get(t, 0.0) + x
    n = len(vectors)
    to_article: list[float] = []
    to_neighbours: list[float] = []
    total_sq = sum(x * x for x in total.values())
    for i, v in enumerate(vectors):
        # cosine with the article less this sentence, without building that vector
        dot = sum(x * (total[t] - x) for t, x in v.items())
        rest_sq = total_sq - 2 * sum(x * total[t] for t, x in v.items()) + sum(x * x for x in v.values())
        to_article.append(dot / math.sqrt(rest_sq) if v and rest_sq > 1e-12 else 0.0)
        near = [pair(i, j) for j in range(max(0, i - _WINDOW), min(n, i + _WINDOW + 1)) if j != i]
        to_neighbours.append(max(near, default=0.0) if v else 0.0)
    return to_article, to_neighbours


_LEAD = 2  # sentences: the opening that states what the article is about


def _to_lead(ctx: ArticleContext, vectors: list[Vector]) -> list[float]:
    """Each sentence's cosine with the article's opening (its first sentences, less itself).

    A sentence of another article of the same outlet and week shares the outlet's vocabulary
    with the whole article, but not the event its opening states.  Every sentence after the
    opening has the same opening: its vector is made once."""
    out = []
    leads: dict[tuple[int, ...], tuple[bool, Vector]] = {}  # the opening's sentences -> (any terms, vector)
    norms: dict[int, float] = {}  # by id, for ``cosine``: ``leads`` and ``vectors`` keep the vectors alive
    for s, v in zip(ctx.sentences, vectors):
        opening = [o for o in ctx.sentences[: _LEAD + 1] if o.index != s.index][:_LEAD]
        key = tuple(o.index for o in opening)
        if key not in leads:
            lead: Counter[str] = Counter()
            for o in opening:
                lead.update(o.terms)
            leads[key] = (bool(lead), tfidf_vector(lead, ctx.idf))
        has_lead, lead_vector = leads[key]
        out.append(cosine(v, lead_vector, norms) if s.terms and has_lead else 0.0)
    return out


def _cosine_once(ctx: ArticleContext, vectors: list[Vector], i: int, j: int, norms: dict[int, float]) -> float:
    """``cosine(vectors[i], vectors[j])`` of sentences i and j, worked out once per article: the
    clause pass meets most pairs of neighbours again."""
    return ctx.once_a_pair("cosine", ctx.sentences[i], ctx.sentences[j], lambda: cosine(vectors[i], vectors[j], norms))


def _as_written(ctx: ArticleContext, s, new: list[str]) -> dict[str, str]:
    """The reason's fields of ``rare_novelty``: the words ``new`` as ``s`` first writes them, read
    only when the reason is shown (issue 19)."""
    if not new:
        return {"words": ""}
    written = ctx.once("written", s, lambda o: {light_stem(t.norm): t.text for t in reversed(o.words)})  # first spellings
    return {"words": joined([written.get(t, t) for t in new])}


def signals(ctx: ArticleContext) -> list[Signals]:
    vectors = [ctx.once("tfidf", s, lambda o: tfidf_vector(o.terms, ctx.idf)) for s in ctx.sentences]
    norms: dict[int, float] = {}  # by id: ``vectors`` keeps each vector alive until the end of this call
    to_article, to_neighbours = _closeness(vectors, lambda i, j: _cosine_once(ctx, vectors, i, j, norms))
    to_lead = _to_lead(ctx, vectors)
    novelties, shared_counts, new_names, rares = [], [], [], []
    idf, spread = ctx.idf, ctx.term_sentences
    for s in ctx.sentences:  # each term's weight and spread read once, sums in the terms' order (issue 19)
        shared = rare = 0
        weight: float = 0  # an int 0, as ``sum`` starts
        novel: float = 0
        names = []  # rare words (names, places) no other sentence of the article has
        for t in s.terms:
            w = idf(t)
            weight += w
            if spread[t] > 1:
                shared += w >= _CONTENT_IDF
            else:
                novel += w
                if w >= NAME_IDF:
                    names.append(t)
            rare += w >= NAME_IDF
        shared_counts.append(shared)
        novelties.append(novel / (weight or 1.0))
        new_names.append(names)
        rares.append(rare)
    out: list[Signals] = []
    article_median, novelty_median, neighbour_median, lead_median = (
        MedianOfOthers(to_article), MedianOfOthers(novelties), MedianOfOthers(to_neighbours), MedianOfOthers(to_lead))
    for i, s in enumerate(ctx.sentences):
        typical, near, lead = article_median(i), neighbour_median(i), lead_median(i)
        names, rare = new_names[i], rares[i]
        out.append({
            "neighbour_gap": ev(near - to_neighbours[i], "integrity.neighbour_gap", mine=to_neighbours[i], usual=near),
            "drift_gap": ev(typical - to_article[i], "integrity.drift_gap", mine=to_article[i], usual=typical),
            "lead_gap": ev(lead - to_lead[i] if i >= _LEAD else 0.0, "integrity.lead_gap", mine=to_lead[i], usual=lead),
            "novelty_gap": ev(novelties[i] - novelty_median(i), "integrity.novelty_gap",
                              novelty=novelties[i], usual=novelty_median(i)),
            "rare_novelty": Evidence(len(names) / rare if rare else 0.0, "integrity.rare_novelty",
                                     later=functools.partial(_as_written, ctx, s, names)),
            "shares_nothing": ev(1.0 if shared_counts[i] == 0 and len(s.terms) >= _MIN_TERMS else 0.0,
                                 "integrity.shares_nothing"),
            "drift_ratio": ev(max(-1.0, 1.0 - to_article[i] / typical) if typical > 0 else 0.0,
                              "integrity.drift_gap", mine=to_article[i], usual=typical),
        })
    return out

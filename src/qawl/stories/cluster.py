"""Which articles report the same event: TF-IDF vectors, date blocking, relative neighbours.

Two articles are linked when their TF-IDF cosine (word unigrams and bigrams, IDF over
the input) reaches ``LINK_SIMILARITY`` *and* is close to the best match either of them
has (``NEIGHBOUR_SHARE`` of it).  The second condition is what keeps look-alikes apart:
two notices of one template (another directorate's teacher interviews, another match)
share a great deal of text, but each report is far closer to the reprints of its own
release than to the look-alike.  A story whose reports are all loosely written (own
correspondents, different wires) still links, since loose is then the best there is.
Links join articles into stories strongest first, and two groups join only when their
articles are, on average, within ``NEIGHBOUR_SHARE`` of a link (mean cosine at least
``NEIGHBOUR_SHARE * LINK_SIMILARITY``): so a roundup that mentions two royal audiences
does not chain them into one story (average linkage over single-link candidates).

Blocking keeps the cost near-linear: an article is only compared with articles dated at
most ``MAX_DAY_GAP`` days away (a follow-up the next day is the same story), a day's
articles in chunks of ``ROW_CHUNK`` rows; undated articles are compared with all.
"""
from __future__ import annotations

import datetime
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from .words import Words

#: Least cosine for two articles to be linked at all.
LINK_SIMILARITY = 0.18
#: A link must reach this share of the best cosine that one of its two articles has.
NEIGHBOUR_SHARE = 0.75
#: Articles further apart than this many days are never compared.
MAX_DAY_GAP = 1
#: Pairs under this cosine count as unrelated (0) in the mean cosine of two groups.
SIMILARITY_FLOOR = 0.05
HASH_FEATURES = 2**22
#: Rows of one similarity block; bounds the memory of a block to ROW_CHUNK x (articles of 3 days).
ROW_CHUNK = 512


def features(words: Words) -> list[str]:
    """Title and text words, and their bigrams: phrasing shared by reprints counts twice."""
    seq = [*words.title, *words.norms]
    return seq + [f"{a} {b}" for a, b in zip(seq, seq[1:])]


def vectorize(articles: Sequence[Words]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows, sublinear term frequency, IDF fitted on these articles.

    Features are hashed (2**22 buckets: collisions are rare and harmless), which spares
    building and sorting a vocabulary of a few million bigrams.
    """
    counts = HashingVectorizer(analyzer=features, n_features=HASH_FEATURES, alternate_sign=False, norm=None,
                               dtype=np.float32).transform(articles)
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts).astype(np.float32).tocsr()


def day_number(date: str | None) -> int | None:
    """The ISO date as a day count, or None when there is none or it does not parse."""
    if not date:
        return None
    try:
        return datetime.date.fromisoformat(str(date)[:10]).toordinal()
    except ValueError:
        return None


def _blocks(days: Sequence[int | None]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(rows, columns) to compare: each day's articles against those of nearby days."""
    by_day: dict[int | None, list[int]] = {}
    for i, d in enumerate(days):
        by_day.setdefault(d, []).append(i)
    undated = by_day.pop(None, [])
    out = []
    for d, rows in sorted(by_day.items()):
        cols = [j for k in range(d - MAX_DAY_GAP, d + MAX_DAY_GAP + 1) for j in by_day.get(k, [])] + undated
        out.append((np.array(rows), np.array(sorted(cols))))
    if undated:
        out.append((np.array(undated), np.arange(len(days))))
    return out


Pair = tuple[int, int]


def similarities(vectors: sparse.csr_matrix, days: Sequence[int | None]) -> tuple[dict[Pair, float], np.ndarray]:
    """Cosines of the compared pairs (i < j) at ``SIMILARITY_FLOOR`` or more, and each
    article's best cosine."""
    best = np.zeros(vectors.shape[0], dtype=np.float32)
    sims_of: dict[Pair, float] = {}
    for rows, cols in _blocks(days):
        right = vectors[cols].T.tocsc()
        for k in range(0, len(rows), ROW_CHUNK):
            chunk = rows[k:k + ROW_CHUNK]
            sims = (vectors[chunk] @ right).toarray()
            sims[chunk[:, None] == cols[None, :]] = 0.0  # an article is not its own neighbour
            best[chunk] = sims.max(axis=1, initial=0.0)
            for r, c in zip(*np.nonzero(sims >= SIMILARITY_FLOOR)):
                i, j = int(chunk[r]), int(cols[c])
                if i < j:
                    sims_of[(i, j)] = float(sims[r, c])
    return sims_of, best


def links_of(sims: dict[Pair, float], best: np.ndarray) -> list[tuple[int, int, float]]:
    """Links (i, j, cosine): at ``LINK_SIMILARITY`` and near the best match of i or of j."""
    return [(i, j, s) for (i, j), s in sims.items()
            if s >= LINK_SIMILARITY and s >= NEIGHBOUR_SHARE * min(best[i], best[j])]


def groups(n: int, links: Sequence[tuple[int, int, float]], sims: dict[Pair, float]) -> list[list[int]]:
    """Groups of ``range(n)`` joined along ``links``, strongest first, each sorted.

    Two groups join only when their articles' mean cosine (pairs not compared or under
    the floor count as 0) reaches ``NEIGHBOUR_SHARE * LINK_SIMILARITY``: one loose link
    between two stories does not chain them.
    """
    members = {i: [i] for i in range(n)}
    group_of = list(range(n))
    least = NEIGHBOUR_SHARE * LINK_SIMILARITY
    for i, j, _ in sorted(links, key=lambda link: -link[2]):
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        left, right = members[a], members[b]
        total = sum(sims.get((x, y) if x < y else (y, x), 0.0) for x in left for y in right)
        if total < least * len(left) * len(right):
            continue
        if len(left) < len(right):
            a, b, left, right = b, a, right, left
        left.extend(right)
        for y in right:
            group_of[y] = a
        del members[b]
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])


def cluster(articles: Sequence[Words]) -> tuple[list[list[int]], list[tuple[int, int, float]]]:
    """Groups of article indices that report one event, and the links that made them."""
    if len(articles) < 2:
        return [[i] for i in range(len(articles))], []
    sims, best = similarities(vectorize(articles), [day_number(w.doc.date) for w in articles])
    links = links_of(sims, best)
    return groups(len(articles), links, sims), links

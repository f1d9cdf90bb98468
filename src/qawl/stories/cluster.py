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

The steps are separate functions over article *keys* (any increasing integers: indices
locally, input positions on Spark), so that ``qawl.spark.compare`` runs the very same
ones, spread out: ``term_counts`` per article, ``document_frequencies`` summed over the
corpus and ``idf_of`` them, ``weigh`` each article, ``block_roles`` to send it to its
blocks, ``block_similarities`` per block, ``is_link`` per pair and ``groups`` at the end.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .words import Words

if TYPE_CHECKING:  # SciPy and scikit-learn cost 0.75 s of CPU to import: only when clustering
    from scipy import sparse

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
#: The block of the undated articles (compared with one another; with the dated ones as guests).
UNDATED: None = None

Pair = tuple[int, int]
Link = tuple[int, int, float]


def features(words: Words) -> list[str]:
    """Title and text words, and their bigrams: phrasing shared by reprints counts twice."""
    seq = [*words.title, *words.norms]
    return seq + [f"{a} {b}" for a, b in zip(seq, seq[1:])]


def term_counts(articles: Sequence[Words]) -> sparse.csr_matrix:
    """One row of hashed feature counts per article (2**22 buckets: collisions are rare and
    harmless, and no vocabulary of a few million bigrams is built or shared)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer=features, n_features=HASH_FEATURES, alternate_sign=False, norm=None,
                             dtype=np.float32).transform(articles)


def document_frequencies(counts: sparse.csr_matrix) -> np.ndarray:
    """How many of these articles hold each feature; sums over parts of a corpus."""
    return np.bincount(counts.indices, minlength=HASH_FEATURES)


def idf_of(df: np.ndarray, n: int) -> np.ndarray:
    """Smoothed IDF of ``n`` articles, ``ln((1 + n) / (1 + df)) + 1``, in float32 as
    scikit-learn's ``TfidfTransformer`` computes it (same operations, same order)."""
    idf = df.astype(np.float32)
    idf += np.float32(1.0)
    np.divide(np.float32(n + 1), idf, out=idf)  # in place: 2**22 floats are 16 MB a copy
    np.log(idf, out=idf)
    idf += 1.0
    return idf


def weigh(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows with sublinear term frequency (``1 + ln tf``)."""
    x = counts.astype(np.float32, copy=True).tocsr()
    np.log(x.data, x.data)
    x.data += 1.0
    x.data *= idf[x.indices]
    from sklearn.preprocessing import normalize

    return normalize(x, norm="l2", copy=False)


def vectorize(articles: Sequence[Words]) -> sparse.csr_matrix:
    """The TF-IDF rows of ``articles``, IDF fitted on these articles."""
    counts = term_counts(articles)
    return weigh(counts, idf_of(document_frequencies(counts), counts.shape[0]))


def day_number(date: str | None) -> int | None:
    """The ISO date as a day count, or None when there is none or it does not parse."""
    if not date:
        return None
    try:
        return datetime.date.fromisoformat(str(date)[:10]).toordinal()
    except ValueError:
        return None


def block_roles(day: int | None) -> tuple[tuple[int | None, bool], ...]:
    """The blocks an article of ``day`` is compared in: ``(block, is_row)``.

    Block ``d`` holds the articles of days ``d - MAX_DAY_GAP .. d + MAX_DAY_GAP``; its rows
    (the articles of day ``d``) are compared with all of them.  Every block with rows also
    has the undated articles as guests (see ``block_similarities``).
    """
    if day is None:
        return ((UNDATED, True),)
    return tuple((day + k, k == 0) for k in range(-MAX_DAY_GAP, MAX_DAY_GAP + 1))


@dataclass(frozen=True, slots=True)
class Block:
    """One block: article keys, their vectors (rows of ``vectors``), which are rows and which guests."""

    keys: np.ndarray
    vectors: sparse.csr_matrix
    is_row: np.ndarray
    is_guest: np.ndarray


def blocks(keys: Sequence[int], days: Sequence[int | None], vectors: sparse.csr_matrix) -> Iterator[Block]:
    """The blocks of a corpus held in one matrix (row ``k`` is article ``keys[k]``), by day,
    then the undated one; made one at a time (each article is in three: all at once held
    the corpus's vectors three times over)."""
    members: dict[int | None, list[tuple[int, bool, int]]] = {}
    for k, day in enumerate(days):
        for block, is_row in block_roles(day):
            members.setdefault(block, []).append((keys[k], is_row, k))
    guests = [(key, row) for key, _, row in members.get(UNDATED, [])]
    for block in sorted(members, key=lambda b: (b is UNDATED, b or 0)):
        made = assemble_block(block, members[block], guests, vectors)
        if made is not None:
            yield made


def assemble_block(block: int | None, members: Sequence[tuple[int, bool, Any]], guests: Sequence[tuple[int, Any]],
                   vectors: sparse.csr_matrix | None = None) -> Block | None:
    """Block ``block`` from its ``(key, is_row, vector)`` members and the undated ``(key,
    vector)`` guests (none in the undated block itself); ``None`` if it has no rows.  A
    vector is a one-row matrix, or a row number of ``vectors``."""
    from scipy import sparse

    if not any(is_row for _, is_row, _ in members):
        return None
    guests = () if block is UNDATED else guests
    rows = [v for *_, v in members] + [v for _, v in guests]
    matrix = vectors[rows] if vectors is not None else sparse.vstack(rows, format="csr")
    return Block(np.array([k for k, *_ in members] + [k for k, _ in guests], dtype=np.int64), matrix.tocsr(),
                 np.array([is_row for _, is_row, _ in members] + [False] * len(guests), dtype=bool),
                 np.array([False] * len(members) + [True] * len(guests), dtype=bool))


def block_similarities(block: Block) -> tuple[dict[Pair, float], dict[int, float]]:
    """The cosines at ``SIMILARITY_FLOOR`` or more that this block decides, by ``(lower key,
    higher key)``, and the best cosine it sees for each of its rows and guests.

    Rows are compared with every member.  A pair of two dated articles is seen from both
    rows' blocks and kept from the lower key's; a guest (undated) is a row nowhere but in
    the undated block, so a pair with a guest is kept here, and the guest's best is the
    column maximum.  Every compared pair is thus kept once in the whole corpus.
    """
    keys, right = block.keys, block.vectors.T.tocsc()
    rows = np.flatnonzero(block.is_row)
    guests = np.flatnonzero(block.is_guest)
    sims_of: dict[Pair, float] = {}
    best: dict[int, float] = {}
    guest_best = np.zeros(len(guests), dtype=np.float32)
    for start in range(0, len(rows), ROW_CHUNK):
        chunk = rows[start:start + ROW_CHUNK]
        sims = (block.vectors[chunk] @ right).toarray()
        sims[keys[chunk][:, None] == keys[None, :]] = 0.0  # an article is not its own neighbour
        for r, b in zip(chunk, sims.max(axis=1, initial=0.0)):
            best[int(keys[r])] = b
        if len(guests):
            guest_best = np.maximum(guest_best, sims[:, guests].max(axis=0, initial=0.0))
        for r, c in zip(*np.nonzero(sims >= SIMILARITY_FLOOR)):
            i, j = int(keys[chunk[r]]), int(keys[c])
            if i < j or block.is_guest[c]:
                sims_of[(i, j) if i < j else (j, i)] = float(sims[r, c])
    for g, b in zip(guests, guest_best):
        best[int(keys[g])] = max(best.get(int(keys[g]), np.float32(0.0)), b)  # type: ignore[assignment]
    return sims_of, best


def similarities(keys: Sequence[int], days: Sequence[int | None],
                 vectors: sparse.csr_matrix) -> tuple[dict[Pair, float], dict[int, float]]:
    """Cosines of the compared pairs at ``SIMILARITY_FLOOR`` or more, and each article's best cosine."""
    sims_of: dict[Pair, float] = {}
    best: dict[int, float] = {key: np.float32(0.0) for key in keys}  # type: ignore[misc]  # float32 cosines
    for block in blocks(keys, days, vectors):
        pairs, block_best = block_similarities(block)
        sims_of.update(pairs)
        for key, b in block_best.items():
            best[key] = max(best[key], b)
    return sims_of, best


def is_link(similarity: float, best_i: float, best_j: float) -> bool:
    """At ``LINK_SIMILARITY`` and near the best match of one of the two articles."""
    return similarity >= LINK_SIMILARITY and similarity >= NEIGHBOUR_SHARE * min(best_i, best_j)


def links_of(sims: Mapping[Pair, float], best: Mapping[int, float]) -> list[Link]:
    """Links (i, j, cosine) among the compared pairs."""
    return [(i, j, s) for (i, j), s in sims.items() if is_link(s, best[i], best[j])]


def groups(links: Iterable[Link], sims: Mapping[Pair, float]) -> list[list[int]]:
    """Groups of two or more articles joined along ``links``, strongest first (ties by
    keys), each sorted, in order of first member.

    Two groups join only when their articles' mean cosine (pairs not compared or under
    the floor count as 0) reaches ``NEIGHBOUR_SHARE * LINK_SIMILARITY``: one loose link
    between two stories does not chain them.  ``sims`` needs only the pairs within the
    connected parts of ``links``: no others are ever looked up.
    """
    members: dict[int, list[int]] = {}
    group_of: dict[int, int] = {}
    least = NEIGHBOUR_SHARE * LINK_SIMILARITY
    for i, j, _ in sorted(links, key=lambda link: (-link[2], link[0], link[1])):
        a, b = group_of.setdefault(i, i), group_of.setdefault(j, j)
        if a == b:
            continue
        left, right = members.setdefault(a, [i]), members.setdefault(b, [j])
        total = sum(sims.get((x, y) if x < y else (y, x), 0.0) for x in left for y in right)
        if total < least * len(left) * len(right):
            continue
        if len(left) < len(right):
            a, b, left, right = b, a, right, left
        left.extend(right)
        for y in right:
            group_of[y] = a
        del members[b]
    return sorted((sorted(g) for g in members.values() if len(g) > 1), key=lambda g: g[0])


def with_singletons(keys: Iterable[int], grouped: list[list[int]]) -> list[list[int]]:
    """``grouped`` and every other key as a group of its own, in order of first member."""
    seen = {k for g in grouped for k in g}
    return sorted(grouped + [[k] for k in keys if k not in seen], key=lambda g: g[0])


def cluster(articles: Sequence[Words]) -> tuple[list[list[int]], list[Link]]:
    """Groups of article indices that report one event (singletons too), and the links that made them."""
    keys = range(len(articles))
    if len(articles) < 2:
        return [[i] for i in keys], []
    sims, best = similarities(keys, [day_number(w.doc.date) for w in articles], vectorize(articles))
    links = links_of(sims, best)
    return with_singletons(keys, groups(links, sims)), links

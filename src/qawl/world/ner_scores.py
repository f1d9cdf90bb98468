"""The NER CRF's scores computed once per word type, and its Viterbi in NumPy.

A first-order CRF is linear: a token's score for a label is the sum of the weights of
its attributes for that label.  ``ner.sentence_features`` gives a token its own word's
attributes, each neighbour's (two either side, prefixed with the distance) and two
bigrams, so all but the bigrams depend on one word type each.  Handing crfsuite about
50 feature strings a token was half of ``analyze``'s time (issue 19); here each word
type's five score vectors (as itself, as the neighbour at -2, -1, +1, +2) are summed
once, kept in one array, and a sentence's scores are a few array additions.

The weights are read from whatever model file ``ner.tagger()`` opens: the exact
doubles from the file's feature table, the attribute and label names from crfsuite's
own dump (``Tagger.info()``), so a retrained model needs nothing here.  The Viterbi
does crfsuite's additions in crfsuite's order and breaks ties the same way (the first
label wins), so the tags are crfsuite's; ``tests/test_ner_scores.py`` checks that on
real sentences.
"""
from __future__ import annotations

import struct
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..text.doc import Token

_HEADER = struct.Struct("<4sI4s9I")  # crfsuite's crf1dm header: magic, size, type, version, counts, offsets
_CHUNK = struct.Struct("<4sII")  # chunk id, size, number of items
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])  # 20 bytes, packed
_STATE, _TRANS = 0, 1
MAX_WORD_TYPES = 200_000  # ~15 MB of scores; the table starts again when full


class ModelFormatError(ValueError):
    """The model file is not a crfsuite CRF1d model this module can read."""


@dataclass
class CrfWeights:
    """A crfsuite CRF1d model's weights: labels, transitions (from, to), attribute -> row."""

    labels: list[str]
    transitions: np.ndarray  # (L, L) float64
    attribute_rows: dict[str, int]  # attribute name -> row of ``state``
    state: np.ndarray  # (attributes with a feature, L) float64

    def vector(self, attributes: Sequence[str]) -> np.ndarray:
        """The summed state weights of ``attributes``, added one by one in their order (crfsuite's)."""
        rows = self.attribute_rows
        found = [r for r in map(rows.get, attributes) if r is not None]
        if not found:
            return np.zeros(len(self.labels))
        return np.add.reduce(self.state[found], axis=0)  # row after row, as crfsuite adds them


def read_weights(path: str | Path, tagger: object) -> CrfWeights:
    """The weights of the model at ``path``; ``tagger`` is a pycrfsuite Tagger opened on it."""
    data = Path(path).read_bytes()
    magic, _size, kind, _version, _nf, n_labels, n_attrs, off_features, *_ = _HEADER.unpack_from(data, 0)
    chunk, _chunk_size, n_features = _CHUNK.unpack_from(data, off_features)
    if magic != b"lCRF" or kind != b"FOMC" or chunk != b"FEAT":
        raise ModelFormatError(f"{path}: not a crfsuite CRF1d model")
    feats = np.frombuffer(data, dtype=_FEATURE, count=n_features, offset=off_features + _CHUNK.size)
    info = tagger.info()  # type: ignore[attr-defined]
    labels = {name: int(i) for name, i in info.labels.items()}
    attributes = {name: int(i) for name, i in info.attributes.items()}
    if len(labels) != n_labels or len(attributes) != n_attrs:
        raise ModelFormatError(f"{path}: crfsuite's dump lists {len(labels)} labels and {len(attributes)} "
                               f"attributes, the header {n_labels} and {n_attrs}")
    names = [""] * n_labels
    for name, i in labels.items():
        names[i] = name
    trans = np.zeros((n_labels, n_labels))
    t = feats[feats["type"] == _TRANS]
    trans[t["src"], t["dst"]] = t["weight"]
    s = feats[feats["type"] == _STATE]
    used = np.unique(s["src"])
    row_of = np.full(n_attrs, -1)
    row_of[used] = np.arange(len(used))
    state = np.zeros((len(used), n_labels))
    np.add.at(state, (row_of[s["src"]], s["dst"]), s["weight"])
    attribute_rows = {name: int(row_of[i]) for name, i in attributes.items() if row_of[i] >= 0}
    return CrfWeights(names, trans, attribute_rows, state)


@dataclass
class CachedScorer:
    """Tags sentences with a CRF whose per-word-type scores are cached.

    ``key(token)`` is what a token's word attributes depend on (its word type);
    ``parts(key)`` returns the word's own attributes, its attributes as a neighbour at each
    distance of ``bound`` (its keys, in order) and its norm (``ner._word``); ``bigrams(norms, i)`` the
    attributes that join token ``i`` to its neighbours.
    """

    weights: CrfWeights
    key: Callable[[Token], Hashable]
    parts: Callable[[Hashable], tuple[tuple[str, ...], dict[int, tuple[str, ...]], str]]
    bigrams: Callable[[list[str], int], list[str]]
    bound: dict[int, str] = field(default_factory=dict)  # neighbour distance -> the attribute of "no word there"
    distances: tuple[int, ...] = field(default=(), init=False)
    _ids: dict[tuple, int] = field(default_factory=dict, init=False, repr=False)
    _table: np.ndarray = field(default=None, init=False, repr=False)  # type: ignore[assignment]
    _bound: np.ndarray = field(default=None, init=False, repr=False)  # type: ignore[assignment]
    _bigram: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        n_labels = len(self.weights.labels)
        self.distances = tuple(self.bound)
        self._table = np.zeros((1024, 1 + len(self.distances), n_labels))
        self._bound = np.stack([self.weights.vector((self.bound[d],)) for d in self.distances])
        rows = self.weights.attribute_rows
        self._bigram = {a: self.weights.state[r] for a, r in rows.items() if a.startswith(("bi-1=", "bi+1="))}

    def cache_clear(self) -> None:
        """Forget the word types seen so far (benchmarks start each pass cold)."""
        self._ids.clear()

    def _word_id(self, key: Hashable) -> int:
        hit = self._ids.get(key)
        if hit is not None:
            return hit
        own, near, _ = self.parts(key)
        n = len(self._ids)
        if n == len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
        vec = self.weights.vector
        self._table[n, 0] = vec(own)
        for k, d in enumerate(self.distances, 1):
            self._table[n, k] = vec(near[d])
        self._ids[key] = n
        return n

    def scores(self, tokens: Sequence[Token]) -> np.ndarray:
        """(tokens, labels) state scores of one sentence, as crfsuite would sum them."""
        if len(self._ids) + len(tokens) > MAX_WORD_TYPES:  # between sentences, so no row in use is reused
            self._ids.clear()
        key, word_id = self.key, self._word_id
        ids = [word_id(key(t)) for t in tokens]  # may grow the table: read it after
        words = self._table[ids]  # (n, 1 + neighbours, L)
        n = len(tokens)
        out = words[:, 0].copy()
        for k, d in enumerate(self.distances, 1):
            if d < 0:
                out[-d:] += words[:n + d, k]
                out[:min(-d, n)] += self._bound[k - 1]
            else:
                out[:max(n - d, 0)] += words[d:, k]
                out[max(n - d, 0):] += self._bound[k - 1]
        bigram, bigrams = self._bigram, self.bigrams
        norms = [t.norm for t in tokens]
        for i in range(n):
            for a in bigrams(norms, i):
                w = bigram.get(a)
                if w is not None:
                    out[i] += w
        return out

    def tag(self, tokens: Sequence[Token]) -> list[str]:
        """The best label sequence (crfsuite's Viterbi: first label wins a tie)."""
        if not tokens:
            return []
        return [self.weights.labels[i] for i in viterbi(self.scores(tokens), self.weights.transitions)]


def viterbi(state: np.ndarray, trans: np.ndarray) -> list[int]:
    """Best path through ``state`` (T, L) with transitions ``trans`` (from, to), max-sum."""
    n, n_labels = state.shape
    back = np.zeros((n, n_labels), dtype=np.intp)
    score = state[0].copy()
    cols = np.arange(n_labels)
    for t in range(1, n):
        cand = score[:, None] + trans
        best = cand.argmax(axis=0)
        back[t] = best
        score = cand[best, cols] + state[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    path.reverse()
    return path

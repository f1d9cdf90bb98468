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
from typing import Any

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
    ``parts(key)`` returns the word's own attributes and, for each neighbour distance,
    those it lends a token at that distance, unmarked: ``neighbour_attribute(d, a)`` is the
    attribute the token gets (``ner.word_attributes``, ``ner.neighbour_attribute``).
    ``context(norms)`` gives, for each token of a sentence, the attributes that join it to its
    neighbours (bigrams, a place in a known name);
    ``bound`` the attribute of "no word there" at each distance, in the order of
    ``ner.sentence_features``.
    """

    weights: CrfWeights
    key: Callable[[Token], Any]  # hashable
    parts: Callable[[Any], tuple[list[str], dict[int, list[str]]]]
    context: Callable[[list[str]], list[list[str]]]
    bound: dict[int, str] = field(default_factory=dict)
    neighbour_attribute: Callable[[int, str], str] = field(default=lambda d, a: f"{d}:{a}")
    context_prefixes: tuple[str, ...] = ("bi-1=", "bi+1=")  # the attributes ``context`` may return
    distances: tuple[int, ...] = field(default=(), init=False)
    _ids: dict[Hashable, int] = field(default_factory=dict, init=False, repr=False)
    _table: np.ndarray = field(init=False, repr=False)  # (word types, 1 + neighbours, labels), set in __post_init__
    _bound: np.ndarray = field(init=False, repr=False)
    _bigram: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False)
    _rows: list[dict[str, int]] = field(default_factory=list, init=False, repr=False)  # per slot: attribute -> row

    def __post_init__(self) -> None:
        n_labels = len(self.weights.labels)
        self.distances = tuple(self.bound)
        self._table = np.zeros((1024, 1 + len(self.distances), n_labels))
        self._bound = np.stack([self.weights.vector((self.bound[d],)) for d in self.distances])
        rows = self.weights.attribute_rows
        self._bigram = {a: self.weights.state[r] for a, r in rows.items() if a.startswith(self.context_prefixes)}
        # the rows of the attributes a word lends a neighbour, looked up by the unmarked attribute
        marks = {d: self.neighbour_attribute(d, "") for d in self.distances}
        by_distance: dict[int, dict[str, int]] = {d: {} for d in self.distances}
        for a, r in rows.items():
            for d, mark in marks.items():
                if a.startswith(mark):
                    by_distance[d][a[len(mark):]] = r
        self._rows = [rows, *(by_distance[d] for d in self.distances)]

    def cache_clear(self) -> None:
        """Forget the word types seen so far (benchmarks start each pass cold)."""
        self._ids.clear()

    def _word_id(self, key: Hashable) -> int:
        hit = self._ids.get(key)
        if hit is not None:
            return hit
        own, lent = self.parts(key)
        n = len(self._ids)
        if n == len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
        found: list[int] = []
        starts: list[int] = []
        for table, attributes in zip(self._rows, [own, *(lent[d] for d in self.distances)]):
            starts.append(len(found))
            found.extend(r for r in map(table.get, attributes) if r is not None)
        self._table[n] = _segment_sums(self.weights.state, found, starts)
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
        bigram = self._bigram
        for i, attrs in enumerate(self.context([t.norm for t in tokens])):
            for a in attrs:
                w = bigram.get(a)
                if w is not None:
                    out[i] += w
        return out

    def tag(self, tokens: Sequence[Token]) -> list[str]:
        """The best label sequence (crfsuite's Viterbi: first label wins a tie)."""
        return self.tag_many([tokens])[0]

    def tag_many(self, sentences: Sequence[Sequence[Token]]) -> list[list[str]]:
        """The best label sequence of each sentence, all decoded together (``viterbi_many``)."""
        full = [k for k, s in enumerate(sentences) if s]
        out: list[list[str]] = [[] for _ in sentences]
        labels = self.weights.labels
        paths = viterbi_many([self.scores(sentences[k]) for k in full], self.weights.transitions)
        for k, path in zip(full, paths):
            out[k] = [labels[i] for i in path]
        return out


def _segment_sums(state: np.ndarray, rows: list[int], starts: list[int]) -> np.ndarray:
    """For each segment ``rows[starts[k]:starts[k + 1]]``, the sum of those rows of
    ``state``, added row after row (as crfsuite adds them); zeros for an empty segment."""
    out = np.zeros((len(starts), state.shape[1]))
    if not rows:
        return out
    ends = [*starts[1:], len(rows)]
    full = [k for k in range(len(starts)) if ends[k] > starts[k]]
    sums = np.add.reduceat(state[rows], [starts[k] for k in full], axis=0)
    out[full] = sums
    return out


def viterbi_many(states: Sequence[np.ndarray], trans: np.ndarray) -> list[list[int]]:
    """``viterbi`` of several sequences at once: one step of NumPy for all the sentences of an
    article instead of one a sentence, with the same additions and the same tie-breaking, so
    each path is the one ``viterbi`` finds alone.  Sequences run longest first, so that those
    still going at step t are the first rows."""
    if not states:
        return []
    order = sorted(range(len(states)), key=lambda k: -len(states[k]))
    lengths = [len(states[k]) for k in order]
    n_labels = trans.shape[0]
    stacked = np.zeros((len(order), lengths[0], n_labels))
    for r, k in enumerate(order):
        stacked[r, :lengths[r]] = states[k]
    back = np.zeros((len(order), lengths[0], n_labels), dtype=np.intp)
    score = stacked[:, 0].copy()
    final = score.copy()  # each sequence's scores at its own last step
    active = len(order)
    for t in range(1, lengths[0]):
        while lengths[active - 1] <= t:
            active -= 1
        cand = score[:active, :, None] + trans  # (sequence, from, to)
        best = cand.argmax(axis=1)
        back[:active, t] = best
        score = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0] + stacked[:active, t]
        final[:active] = score
    paths: list[list[int]] = [[] for _ in states]
    for r, k in enumerate(order):
        path = [int(final[r].argmax())]
        for t in range(lengths[r] - 1, 0, -1):
            path.append(int(back[r, t, path[-1]]))
        path.reverse()
        paths[k] = path
    return paths


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

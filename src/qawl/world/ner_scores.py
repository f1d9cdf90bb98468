"""The NER CRF's scores computed once per word type, and its Viterbi in NumPy.

A first-order CRF is linear: a token's score for a label is the sum of the weights of
its attributes for that label.  ``ner.sentence_features`` gives a token its own word's
attributes, each neighbour's (two either side, prefixed with the distance) and two
bigrams, so all but the bigrams depend on one word type each.  Handing crfsuite about
50 feature strings a token was half of ``analyze``'s time (issue 19); here each word
type's five score vectors (as itself, as the neighbour at -2, -1, +1, +2) are summed
once, kept in one array, and a sentence's scores are a few array additions.

The weights are read from whatever model file ``ner.tagger()`` opens: the exact
doubles from the file's feature table, the attribute and label names from its string
tables (what crfsuite's own dump, ``Tagger.info()``, prints), so a retrained model needs
nothing here.  The Viterbi
does crfsuite's additions in crfsuite's order and breaks ties the same way (the first
label wins), so the tags are crfsuite's; ``tests/test_ner_scores.py`` checks that on
real sentences.
"""
from __future__ import annotations

import struct
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

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


def read_weights(path: str | Path) -> CrfWeights:
    """The weights of the crfsuite model at ``path``, with its label and attribute names."""
    data = Path(path).read_bytes()
    magic, _size, kind, _version, _nf, n_labels, n_attrs, off_features, off_labels, off_attrs, *_ = \
        _HEADER.unpack_from(data, 0)
    chunk, _chunk_size, n_features = _CHUNK.unpack_from(data, off_features)
    if magic != b"lCRF" or kind != b"FOMC" or chunk != b"FEAT":
        raise ModelFormatError(f"{path}: not a crfsuite CRF1d model")
    feats = np.frombuffer(data, dtype=_FEATURE, count=n_features, offset=off_features + _CHUNK.size)
    names = _quarks(data, off_labels, n_labels, path)
    attributes = _quarks(data, off_attrs, n_attrs, path)
    trans = np.zeros((n_labels, n_labels))
    t = feats[feats["type"] == _TRANS]
    trans[t["src"], t["dst"]] = t["weight"]
    s = feats[feats["type"] == _STATE]
    used = np.unique(s["src"])
    row_of = np.full(n_attrs, -1)
    row_of[used] = np.arange(len(used))
    state = np.zeros((len(used), n_labels))
    np.add.at(state, (row_of[s["src"]], s["dst"]), s["weight"])
    attribute_rows = {name: int(row_of[i]) for i, name in enumerate(attributes) if row_of[i] >= 0}
    return CrfWeights(names, trans, attribute_rows, state)


_CQDB = struct.Struct("<4sIIIII")  # chunk id, size, flag, byte order, number of ids, offset of the id table
_RECORD = struct.Struct("<iI")  # a name's id and its length in bytes with the closing NUL


def _quarks(data: bytes, offset: int, count: int, path: str | Path) -> list[str]:
    """The names of a crfsuite string table (its CQDB chunk at ``offset``), by id.

    Read from the file itself: asking crfsuite for its dump (``Tagger.info()``) parses a
    text of every feature, a third of a second at each start (issue 19)."""
    chunk, _size, _flag, _order, n_ids, ids_at = _CQDB.unpack_from(data, offset)
    if chunk != b"CQDB" or n_ids != count:
        raise ModelFormatError(f"{path}: its string table at {offset} holds {n_ids} names, the header says {count}")
    names = []
    for i, at in enumerate(np.frombuffer(data, dtype="<u4", count=n_ids, offset=offset + ids_at).tolist()):
        rid, size = _RECORD.unpack_from(data, offset + at)
        if rid != i:
            raise ModelFormatError(f"{path}: name {i} of the string table at {offset} is numbered {rid}")
        start = offset + at + _RECORD.size
        names.append(data[start:start + size - 1].decode("utf-8"))
    return names


@dataclass(frozen=True)
class KnownRows:
    """The attribute rows of word types worked out ahead (``CachedScorer.attribute_rows``), so
    that a process meeting one of them for the first time reads them instead of building some
    50 attribute strings and looking each up (about 20 of the 28 µs a new word type cost: issue 19).

    A word type is a tuple of strings, found by its fields joined with tabs, in UTF-8, in the
    sorted array ``keys`` (a binary search in NumPy: nothing to build at load).  ``rows`` holds
    every (type, slot) segment one after the other; segment ``k * slots + s`` (type k, slot s)
    is ``rows[bounds[k * slots + s]:bounds[k * slots + s + 1]]``."""

    keys: np.ndarray  # sorted, dtype S<width>
    rows: np.ndarray  # rows of ``state``, all segments one after the other
    bounds: np.ndarray  # (types * slots + 1,) offsets into ``rows``

    def find(self, types: Sequence[tuple[str, ...]]) -> np.ndarray:
        """The number of each of ``types`` in ``keys``, or -1 for one not there."""
        if not types or not len(self.keys):
            return np.full(len(types), -1, dtype=np.intp)
        width = self.keys.dtype.itemsize
        encoded = ["\t".join(t).encode("utf-8") for t in types]
        # a key longer than ``keys`` hold is not there: it is searched as b"" (no key is empty) and
        # left out, so that ``wanted`` has the dtype of ``keys`` (a wider one made NumPy copy all of
        # ``keys`` to compare them, 0.2 ms a call: issue 19)
        fits = [len(e) <= width for e in encoded]
        wanted = np.array([e if f else b"" for e, f in zip(encoded, fits)], dtype=self.keys.dtype)
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        return np.where((self.keys[at] == wanted) & np.array(fits), at, -1)

    def gather(self, found: Sequence[int] | np.ndarray, slots: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows of the types numbered ``found`` and where each (type, slot) segment starts in
        them, as ``CachedScorer.attribute_rows`` gives them (gathered in NumPy, not a type at a time)."""
        segments = (np.asarray(found, dtype=np.intp)[:, None] * slots + np.arange(slots)).ravel()
        begin = self.bounds[segments]
        length = self.bounds[segments + 1] - begin
        starts = np.zeros(len(segments), dtype=np.intp)
        np.cumsum(length[:-1], out=starts[1:])
        picked = np.repeat(begin - starts, length) + np.arange(int(length.sum()))
        return self.rows[picked].astype(np.intp), starts


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
    #: the attributes of a bigram, ``f"{prefix}{a}|{b}"`` for the word pair (a, b), that a token gets
    #: as the pair's second word and as its first, added before ``context``'s: looked up by the pair,
    #: not by a string made for every token (issue 19); () for none
    pair_prefixes: tuple[str, ...] = ()
    distances: tuple[int, ...] = field(default=(), init=False)
    _ids: dict[Hashable, int] = field(default_factory=dict, init=False, repr=False)
    _table: np.ndarray = field(init=False, repr=False)  # (word types, 1 + neighbours, labels), set in __post_init__
    _bound: np.ndarray = field(init=False, repr=False)
    _bigram: dict[str, int] = field(default_factory=dict, init=False, repr=False)  # context attribute -> row
    _pairs: list[dict[tuple[str, str], int]] = field(default_factory=list, init=False, repr=False)  # per pair prefix
    #: per slot (own, then each neighbour distance): attribute -> its row of ``state`` plus one, so that
    #: ``filter(None, ...)`` keeps the rows found at C speed (row 0 is a row, None is not)
    _rows: list[dict[str, int]] = field(default_factory=list, init=False, repr=False)
    #: word types whose rows were worked out ahead (``KnownRows``); None: none
    known: KnownRows | None = None
    #: ``key(token)`` depends on the token's text alone (the tokeniser's fields are a function of
    #: it): a token's row is then found by its text, without making its key (issue 19)
    by_text: bool = False
    _text_ids: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        n_labels = len(self.weights.labels)
        self.distances = tuple(self.bound)
        self._table = np.zeros((1024, 1 + len(self.distances), n_labels))
        self._bound = np.stack([self.weights.vector((self.bound[d],)) for d in self.distances])
        rows = self.weights.attribute_rows
        self._bigram = {a: r for a, r in rows.items() if a.startswith(self.context_prefixes)}
        self._pairs = [_pair_rows(rows, prefix) for prefix in self.pair_prefixes]
        # the rows of the attributes a word lends a neighbour, looked up by the unmarked attribute
        marks = {d: self.neighbour_attribute(d, "") for d in self.distances}
        by_distance: dict[int, dict[str, int]] = {d: {} for d in self.distances}
        for a, r in rows.items():
            for d, mark in marks.items():
                if a.startswith(mark):
                    by_distance[d][a[len(mark):]] = r
        self._rows = [{a: r + 1 for a, r in table.items()} for table in (rows, *(by_distance[d] for d in self.distances))]

    def cache_clear(self) -> None:
        """Forget the word types seen so far (benchmarks start each pass cold)."""
        self._ids.clear()
        self._text_ids.clear()

    def _word_ids(self, keys: list[Hashable]) -> list[int]:
        """The table row of each word type in ``keys``; the rows of the types not seen before
        are summed together, in one NumPy call for all of them (one a word cost more in NumPy's
        overhead than in the sums: issue 19), each row's attributes still added in their order.
        A type in ``known`` takes its attribute rows from there instead of building its
        attributes (most of what a new type cost)."""
        ids = self._ids
        new: dict[Hashable, int] = {}
        for key in keys:
            if key not in ids and key not in new:
                new[key] = len(ids) + len(new)
        if new:
            first, end = len(ids), len(ids) + len(new)
            while end > len(self._table):
                self._table = np.concatenate([self._table, np.zeros_like(self._table)])
            fresh: list[Hashable] = list(new)
            slots = len(self._rows)
            if self.known is not None:
                found = self.known.find(cast(Sequence[tuple[str, ...]], fresh))
                hit = found >= 0
                if hit.any():
                    rows, starts = self.known.gather(found[hit], slots)
                    sums = _segment_sums(self.weights.state, rows, starts)
                    self._table[first + np.flatnonzero(hit)] = sums.reshape(-1, slots, sums.shape[1])
                    fresh = [key for key, known in zip(fresh, hit.tolist()) if not known]
            if fresh:
                new_rows, new_starts = self.attribute_rows(fresh)
                sums = _segment_sums(self.weights.state, new_rows, new_starts)
                self._table[[new[key] for key in fresh] if len(fresh) < len(new) else slice(first, end)] = \
                    sums.reshape(len(fresh), slots, -1)
            ids.update(new)
        return [ids[key] for key in keys]

    def _token_ids(self, tokens: list[Token]) -> list[int]:
        """``_word_ids`` of the tokens' keys; with ``by_text``, a token whose text was met before is
        read from a dictionary of texts (one lookup in C a token instead of its key's five fields,
        made in Python, hashed twice: issue 19), and only the others' keys are made."""
        if not self.by_text:
            return self._word_ids([self.key(t) for t in tokens])
        memo = self._text_ids
        ids = list(map(memo.get, [t.text for t in tokens]))
        if None in ids:
            new = [k for k, i in enumerate(ids) if i is None]
            key = self.key
            for k, i in zip(new, self._word_ids([key(tokens[k]) for k in new])):
                ids[k] = memo[tokens[k].text] = i
        return cast(list[int], ids)

    def attribute_rows(self, keys: Sequence[Hashable]) -> tuple[np.ndarray, list[int]]:
        """The rows of ``state`` that each word type of ``keys`` adds, slot after slot (own, then
        each neighbour distance), in attribute order, as one array, and where each (type, slot)
        segment starts in it: what ``_segment_sums`` reads, and what ``KnownRows`` keeps."""
        rows: list[int] = []
        starts: list[int] = []
        for key in keys:
            own, lent = self.parts(key)
            for table, attributes in zip(self._rows, [own, *(lent[d] for d in self.distances)]):
                starts.append(len(rows))
                rows.extend(filter(None, map(table.get, attributes)))
        return np.array(rows, dtype=np.intp) - 1, starts

    def scores(self, tokens: Sequence[Token]) -> np.ndarray:
        """(tokens, labels) state scores of one sentence, as crfsuite would sum them."""
        return self.scores_many([tokens])[0]

    def scores_many(self, sentences: Sequence[Sequence[Token]]) -> list[np.ndarray]:
        """``scores`` of each sentence, made for all of them at once: the word types new to the
        cache looked up together, and each neighbour's scores added to the whole article in one
        NumPy step (a step a sentence cost more in NumPy's overhead than in the additions).
        Every token gets the same additions in the same order as alone: its own scores, then
        each neighbour's (or the bound's) in ``distances`` order, then its bigrams (``pair_prefixes``)
        and its context attributes (``np.add.at`` adds in the order given, so each token's in its order)."""
        lengths = [len(s) for s in sentences]
        total = sum(lengths)
        if len(self._ids) + total > MAX_WORD_TYPES:  # before any row is read, so no row in use is reused
            self.cache_clear()
        ids = self._token_ids([t for s in sentences for t in s])  # may grow the table: read it after
        words = self._table[ids]  # (tokens, 1 + neighbours, L)
        out = words[:, 0].copy()
        at = np.arange(total)
        pos = at - np.repeat(np.cumsum([0, *lengths[:-1]]), lengths) if total else at  # place in its sentence
        size = np.repeat(lengths, lengths)
        for k, d in enumerate(self.distances, 1):
            inside = ((pos + d >= 0) & (pos + d < size))[:, None]
            out += np.where(inside, words[np.clip(at + d, 0, max(total - 1, 0)), k], self._bound[k - 1])
        bigram = self._bigram
        tokens_at, rows = [], []
        norms = [[t.norm for t in tokens] for tokens in sentences]
        for k, pairs in enumerate(self._pairs):  # all the second words' bigrams, then all the first words'
            first = 0
            for sentence in norms:
                for i, r in enumerate(map(pairs.get, zip(sentence, sentence[1:])), first + 1 - k):
                    if r is not None:
                        tokens_at.append(i)
                        rows.append(r)
                first += len(sentence)
        first = 0
        for sentence in norms:
            for i, attrs in enumerate(self.context(sentence), first):
                for a in attrs:
                    r = bigram.get(a)
                    if r is not None:
                        tokens_at.append(i)
                        rows.append(r)
            first += len(sentence)
        if rows:
            np.add.at(out, tokens_at, self.weights.state[rows])  # in order: a token's attributes one by one
        return np.split(out, np.cumsum(lengths[:-1])) if sentences else []

    def tag(self, tokens: Sequence[Token]) -> list[str]:
        """The best label sequence (crfsuite's Viterbi: first label wins a tie)."""
        return self.tag_many([tokens])[0]

    def tag_many(self, sentences: Sequence[Sequence[Token]]) -> list[list[str]]:
        """The best label sequence of each sentence, all decoded together (``viterbi_many``)."""
        full = [k for k, s in enumerate(sentences) if s]
        out: list[list[str]] = [[] for _ in sentences]
        labels = self.weights.labels
        paths = viterbi_many(self.scores_many([sentences[k] for k in full]), self.weights.transitions)
        for k, path in zip(full, paths):
            out[k] = [labels[i] for i in path]
        return out


def _pair_rows(rows: dict[str, int], prefix: str) -> dict[tuple[str, str], int]:
    """(a, b) -> the row of attribute ``f"{prefix}{a}|{b}"``, for every pair that makes one: an
    attribute whose words hold a "|" is kept under each of its splits, as the string would be."""
    out: dict[tuple[str, str], int] = {}
    for attribute, r in rows.items():
        if attribute.startswith(prefix):
            pair = attribute[len(prefix):]
            at = pair.find("|")
            while at >= 0:
                out[pair[:at], pair[at + 1:]] = r
                at = pair.find("|", at + 1)
    return out


def _segment_sums(state: np.ndarray, rows: Sequence[int] | np.ndarray, starts: Sequence[int] | np.ndarray) -> np.ndarray:
    """For each segment ``rows[starts[k]:starts[k + 1]]``, the sum of those rows of
    ``state``, added row after row (as crfsuite adds them); zeros for an empty segment."""
    out = np.zeros((len(starts), state.shape[1]))
    if len(rows) == 0:
        return out
    first = np.asarray(starts, dtype=np.intp)
    full = np.flatnonzero(np.diff(first, append=len(rows)) > 0)
    out[full] = np.add.reduceat(state[rows], first[full], axis=0)
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
    final = np.empty_like(score)  # each sequence's scores at its own last step
    active = len(order)
    best = np.maximum.reduce  # ``cand.max``'s own ufunc, without its Python wrapper (a step a call)
    for t in range(1, lengths[0]):
        while lengths[active - 1] <= t:  # a sequence that ended at step t - 1 keeps that step's scores
            active -= 1
            final[active] = score[active]
        cand = score[:active, :, None] + trans  # (sequence, from, to)
        back[:active, t] = cand.argmax(axis=1)
        score = best(cand, axis=1) + stacked[:active, t]  # the value at the argmax, read without indexing
    final[:active] = score
    paths: list[list[int]] = [[] for _ in states]
    ends = final.argmax(axis=1).tolist()
    for r, k in enumerate(order):
        steps = back[r, :lengths[r]].tolist()  # read as Python lists: indexing NumPy a step at a time cost more
        path = [ends[r]]
        for t in range(lengths[r] - 1, 0, -1):
            path.append(steps[t][path[-1]])
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

"""The NER CRF's attribute rows of a shipped vocabulary, worked out ahead (issue 19).

A word type the tagger meets for the first time costs about 28 µs, most of it building its
~50 attribute strings (``ner.word_attributes``) and looking them up in the model; on 1,000
news articles that is some 50,000 types, a tenth of ``analyze``.  For the word types of a
list qawl already ships, the word-cluster vocabulary (``data/word_clusters.tsv``: the
matching forms seen at least 3 times in its unlabelled news), those rows are kept in
``data/models/ner-word-rows.npz``, made by ``scripts/make_ner_word_rows.py`` from the shipped
model and word lists.  A vocabulary form is read as written as itself and, when it ends in
ه or ي, as written with ة or ى (the tokeniser splits those differently), each through the
tokeniser, so the table's keys are what ``ner.word_key`` gives such a token.

The rows depend on the model and on the word lists the attributes read, so the file keeps a
checksum of those files (``SOURCES``): when one of them changes and the table is not made
again, it is not used (the tags stay right, only slower), and ``tests/test_ner_rows.py``
fails until it is rebuilt (it also recomputes every row from the code).
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable
from importlib import resources

import numpy as np

from ..text.tokens import tokenize
from .ner_scores import CachedScorer, KnownRows

FILE = "models/ner-word-rows.npz"
#: What a word type's rows depend on besides the code: the model, and the word lists the
#: attributes read (clusters, entity cues, known names, person names, places, cues, speakers).
SOURCES = ("models/ner.crfsuite", "word_clusters.tsv", "entity_cues.tsv", "known_names.tsv", "person_names.txt",
           "places.tsv", "cues.tsv", "shared_cue_forms.tsv", "speakers.tsv")
_FIELD = "\t"  # between a key's fields (no token holds one)
#: bytes of a key in the file (its fields joined, UTF-8); 29 of the 55,882 vocabulary types are longer
KEY_BYTES = 56

Key = tuple[str, ...]


def checksum() -> int:
    """CRC-32 of the ``SOURCES`` files, one after the other: a few milliseconds at load."""
    crc = 0
    for name in SOURCES:
        crc = zlib.crc32((resources.files("qawl.data") / name).read_bytes(), crc)
    return crc


def written_forms(norm: str) -> list[str]:
    """The spellings a matching form stands for that the tokeniser splits differently: itself,
    and with a final ة (for ه) or ى (for ي), which never count as a pronoun suffix."""
    out = [norm]
    if norm.endswith("ه"):
        out.append(norm[:-1] + "ة")
    elif norm.endswith("ي"):
        out.append(norm[:-1] + "ى")
    return out


def vocabulary_keys(forms: Iterable[str], key) -> list[Key]:
    """The word types (``key`` of a token: ``ner.word_key``) of ``forms`` as written by
    ``written_forms``, each once, in the order met."""
    seen: dict[Key, None] = {}
    for form in forms:
        for written in written_forms(form):
            tokens = list(tokenize(written))
            if len(tokens) == 1 and tokens[0].is_word:
                seen.setdefault(key(tokens[0]), None)
    return list(seen)


def build(scorer: CachedScorer, keys: list[Key]) -> dict[str, np.ndarray]:
    """The arrays of the file: the keys (fields joined with tabs, UTF-8, sorted; a key longer
    than ``KEY_BYTES`` is left out), every (type, slot) segment's rows in the keys' order, the
    segments' lengths, and the sources' checksum."""
    named = sorted((_FIELD.join(k).encode("utf-8"), k) for k in keys)
    named = [(b, k) for b, k in named if len(b) <= KEY_BYTES]
    rows, starts = scorer.attribute_rows([k for _, k in named])
    lengths = np.diff(np.append(starts, len(rows)))
    row_type = np.uint16 if scorer.weights.state.shape[0] <= np.iinfo(np.uint16).max else np.uint32
    return {"keys": np.array([b for b, _ in named], dtype=f"S{KEY_BYTES}"), "rows": rows.astype(row_type),
            "lengths": lengths.astype(np.uint8 if lengths.max(initial=0) < 256 else np.uint32),
            "checksum": np.array(checksum(), dtype=np.uint64)}


def read(arrays, slots: int) -> KnownRows:
    """A ``KnownRows`` from the file's arrays (``build``)."""
    keys = arrays["keys"]
    lengths = arrays["lengths"]
    if len(lengths) != len(keys) * slots:
        raise ValueError(f"{FILE}: {len(lengths)} segments for {len(keys)} word types of {slots} slots")
    bounds = np.zeros(len(lengths) + 1, dtype=np.intp)
    np.cumsum(lengths, out=bounds[1:])
    return KnownRows(keys, arrays["rows"], bounds)


def load(slots: int) -> KnownRows | None:
    """The shipped table, or None when it is missing or was made from other sources."""
    path = resources.files("qawl.data") / FILE
    if not path.is_file():
        return None
    with resources.as_file(path) as p, np.load(p) as arrays:
        try:
            if int(arrays["checksum"]) != checksum():
                return None
            return read(arrays, slots)
        except (KeyError, ValueError):  # a file of another layout: the test says so, the tags stay right
            return None

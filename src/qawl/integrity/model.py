"""The integrity model: logistic weights over the signals, each weight a reason's worth.

Weights are learned by ``scripts/train_integrity.py`` on synthetic manipulations of
unlabelled news (a sentence moved in from another article, a copy with a fact or its
polarity changed, an unsourced editorial line) and shipped as a small JSON file.  A
linear model keeps the verdict explainable: a sentence's suspicion is the sum of its
signals' contributions, and the reasons shown are the signals that raised it most.
There is one logistic head per kind of manipulation, and a sentence's logit is its
highest head's.  A second logistic fit, on the article's highest sentence logit, its length (a long
article has a high top sentence by chance), the top's margin over the next sentence and its
spread over the median one (``article_inputs``), against clean articles, turns logits into
suspicions; the article score is the highest.
"""
from __future__ import annotations

import functools
import json
import math
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ..text.doc import Doc
from . import clauses, contradiction, discourse, drift, sourcing, style
from .context import Memo, build
from .evidence import Evidence, Signals, explained
from .result import Integrity, SentenceVerdict

MODEL_FILE = "integrity.json"
FAMILIES = (sourcing, drift, style, contradiction, discourse)
#: A signal whose contribution to the logit is below this is not worth a reason line.
MIN_REASON_CONTRIBUTION = 0.4
MAX_REASONS = 3


def signals(doc: Doc, memo: Memo | None = None) -> list[Signals]:
    """Every signal of every sentence of ``doc`` (its attributions must be there already).
    ``memo``: the article's, when it is read again (``context.build``)."""
    ctx = build(doc, memo)
    merged: list[Signals] = [{} for _ in ctx.sentences]
    for family in FAMILIES:
        for mine, theirs in zip(merged, family.signals(ctx)):
            mine.update(theirs)
    return merged


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class Shape:
    """One input's learned contribution curve (a step function): ``values[k]`` for an input ``x``
    with ``cuts[k-1] < x <= cuts[k]`` (the last value above the last cut).  Boosted trees of one
    input each (no interactions) add up to one such curve an input, so a head stays a sum of
    per-signal contributions a reader can look up, while a signal's worth may bend (a little
    topic distance is news, a lot is an insertion) where one weight would be a straight line."""

    cuts: tuple[float, ...]
    values: tuple[float, ...]

    def at(self, x: float) -> float:
        return self.values[bisect_left(self.cuts, x)]


@dataclass(frozen=True, slots=True)
class Head:
    """One model of the signs of one kind of manipulation against clean sentences: a weight for
    each input (logistic) and, for some inputs, a learned curve added to it (``Shape``)."""

    kind: str
    weights: tuple[float, ...]
    bias: float
    #: (input index, curve) for the inputs that have one
    shapes: tuple[tuple[int, Shape], ...] = ()


@dataclass(frozen=True, slots=True)
class Model:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    heads: tuple[Head, ...]
    article: dict[str, float]  # calibration: a weight for each of ARTICLE_INPUTS, and "bias"
    alert: float  # the article score from which ``qawl check`` raises an alert
    #: Each signal is read twice: as it is, and as its z-score among the article's news sentences
    #: (``RELATIVE``): which sentence stands out of its article is what the ranking asks.
    relative: bool = False
    #: A head over clauses learned on generated clause insertions (``clauses.ClauseHead``): a
    #: sentence takes its best clause's logit when that is higher than its own.
    clause: clauses.ClauseHead | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Model:
        names = (*d["features"], *(f + RELATIVE for f in d["features"])) if d.get("relative") else tuple(d["features"])
        heads = tuple(Head(h.get("kind", k), tuple(h["weights"]), float(h["bias"]),
                           tuple((names.index(f), Shape(tuple(c["cuts"]), tuple(c["values"])))
                                 for f, c in h.get("shapes", {}).items()))
                      for k, h in d["heads"].items())
        return cls(tuple(d["features"]), tuple(d["mean"]), tuple(d["scale"]), heads,
                   dict(d["article"]), float(d["alert"]), bool(d.get("relative", False)),
                   clauses.ClauseHead.from_dict(d["clause"]) if d.get("clause") else None)

    def names(self) -> tuple[str, ...]:
        """The inputs each weight reads: the signals, then (``relative``) their article z-scores."""
        return _names(self.features, self.relative)

    def raw_inputs(self, sigs: list[Signals], news: list[bool]) -> list[list[float]]:
        """Each sentence's inputs before standardising, in the order of ``names``; the article
        z-scores are taken over the ``news`` sentences (furniture reads 0 there)."""
        features = self.features
        try:  # every family gives every signal: no test a signal and sentence (issue 19)
            raw = [[sig[f].value for f in features] for sig in sigs]
        except KeyError:
            raw = [[sig[f].value if f in sig else 0.0 for f in features] for sig in sigs]
        if self.relative:
            kept = iter(article_z([r for r, n in zip(raw, news) if n]))
            raw = [r + (next(kept) if n else [0.0] * len(r)) for r, n in zip(raw, news)]
        return raw

    def inputs(self, sigs: list[Signals], news: list[bool]) -> list[list[float]]:
        """Each sentence's standardised inputs (``raw_inputs`` less the mean, over the scale)."""
        return [[(v - m) / s for v, m, s in zip(r, self.mean, self.scale)] for r in self.raw_inputs(sigs, news)]

    def judge(self, x: list[float]) -> tuple[float, Head, list[float]]:
        """The highest head's logit for a sentence's inputs ``x``, that head, and each input's contribution.

        Each kind of manipulation has its own signs (an editorial line is not off topic),
        so one linear model for all would dilute each sign; the sentence is as suspicious
        as the kind it looks most like."""
        best = None
        for h in self.heads:
            contrib = [w * v for w, v in zip(h.weights, x)]
            for j, shape in h.shapes:
                contrib[j] += shape.at(x[j])
            z = h.bias + sum(contrib)
            if best is None or z > best[0]:
                best = (z, h, contrib)
        assert best is not None, "a model has at least one head"
        return best

    def judge_all(self, sigs: list[Signals], news: list[bool],
                  raw: list[list[float]] | None = None) -> list[tuple[float, Head, list[float]]]:
        """``[judge(x) for x in inputs(sigs, news)]``, bit for bit, with the heads' products
        taken in NumPy: a sentence is 9 heads times 56 inputs, which cost 4-5% of the whole
        analysis as Python lists (issue 19).  Each logit is summed in the inputs' order, as
        ``sum`` does (``cumsum`` adds left to right; a NumPy ``sum`` adds pairwise, so its last
        bits may differ); the inputs are ``raw_inputs`` (``raw`` when the caller has them already),
        standardised in NumPy."""
        if not sigs:
            return []
        weights, biases, mean, scale = _arrays(self)
        x = (np.array(self.raw_inputs(sigs, news) if raw is None else raw, dtype=np.float64) - mean) / scale
        contrib = x[:, None, :] * weights[None, :, :]  # sentences x heads x inputs
        for k, h in enumerate(self.heads):  # each curve's value added to its input's product, as ``judge`` does
            for j, shape in h.shapes:
                contrib[:, k, j] += np.asarray(shape.values)[np.searchsorted(shape.cuts, x[:, j], side="left")]
        z = biases + np.cumsum(contrib, axis=2)[:, :, -1]
        best = np.argmax(z, axis=1)  # the first of equal heads, as ``judge`` keeps it
        rows = np.arange(len(sigs))
        return [(zi, self.heads[b], c) for zi, b, c in
                zip(z[rows, best].tolist(), best.tolist(), contrib[rows, best].tolist())]

    def evidence(self, sig: Signals, contrib: list[float]) -> list[Evidence]:
        """The signals that raised the suspicion most (``contrib`` from ``judge``), each with a reason
        (at most ``MAX_REASONS``); a signal read twice (as it is and against its article) counts as
        the sum of both; two signals that give one reason (``drift_gap``, ``drift_ratio``) give it once."""
        total: dict[str, float] = {}
        for c, key in zip(contrib, _signal_names(self.features, self.relative)):
            total[key] = total.get(key, 0.0) + c
        out: list[Evidence] = []
        # only a signal above the floor can be a reason: the others are not sorted (issue 19)
        for _c, f in sorted(((c, f) for f, c in total.items() if c >= MIN_REASON_CONTRIBUTION), reverse=True):
            ev = sig.get(f)
            if len(out) == MAX_REASONS:
                break
            if ev is not None and ev.code and ev.value > 0 and all(ev.code != o.code for o in out):
                out.append(ev)
        return out

    def suspicions(self, logits: list[float]) -> list[float]:
        """Each sentence's probability of being the one that does not belong, in its article.

        The article calibration read with this sentence as the top one (``article_inputs``).
        The order within the article is the logits' order, and the highest is the article's score."""
        a = self.article
        ordered = sorted(logits)  # once: each sentence's inputs are read off it (n log n, not n²)
        out = []
        for z in logits:
            x = _inputs_at(ordered, bisect_left(ordered, z))
            out.append(_sigmoid(a["bias"] + sum(a.get(k, 0.0) * v for k, v in zip(ARTICLE_INPUTS, x))))
        return out


#: The suffix of an input that is a signal's z-score among its article's sentences.
RELATIVE = "@article"


@lru_cache(maxsize=16)
def _names(features: tuple[str, ...], relative: bool) -> tuple[str, ...]:
    """``Model.names``, made once a model: ``evidence`` reads them for every sentence."""
    return (*features, *(f + RELATIVE for f in features)) if relative else features


@lru_cache(maxsize=16)
def _signal_names(features: tuple[str, ...], relative: bool) -> tuple[str, ...]:
    """The signal each input of ``Model.names`` reads (an article z-score's is its signal's)."""
    return tuple(f.removesuffix(RELATIVE) for f in _names(features, relative))

#: Each model's heads as arrays (weights, biases) and its standardisation (mean, scale), by ``id``
#: with the model itself (kept alive, so its id is not reused): a frozen model holds no cache.
_ARRAYS: dict[int, tuple[Model, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]] = {}


def _arrays(model: Model) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    found = _ARRAYS.get(id(model))
    if found is None or found[0] is not model:
        if len(_ARRAYS) > 16:  # models made in a loop (training, tests) are not all kept
            _ARRAYS.clear()
        arrays = (np.array([h.weights for h in model.heads], dtype=np.float64),
                  np.array([h.bias for h in model.heads], dtype=np.float64),
                  np.array(model.mean, dtype=np.float64), np.array(model.scale, dtype=np.float64))
        found = _ARRAYS[id(model)] = (model, arrays)
    return found[1]


def article_z(rows: list[list[float]]) -> list[list[float]]:
    """Each column of ``rows`` (sentences x signals) as z-scores within the article (0 where it is flat)."""
    if not rows:
        return []
    n = len(rows)
    out = [[0.0] * len(rows[0]) for _ in rows]
    for j, col in enumerate(zip(*rows)):  # the columns, transposed in C
        mu = sum(col) / n
        sd = math.sqrt(sum((v - mu) ** 2 for v in col) / n)
        if sd > 0:
            for k, v in enumerate(col):
                out[k][j] = (v - mu) / sd
    return out


#: What the article calibration reads of a sentence taken as its article's top one.
ARTICLE_INPUTS = ("top", "log_sentences", "margin", "spread")


def article_inputs(z: float, others: list[float]) -> list[float]:
    """The sentence's logit; the article's length (a long article has a high top sentence by
    chance); its margin over the most suspicious other sentence; and its spread over the
    other sentences' median: an inserted sentence stands out of its article, while a clean
    article that is odd throughout (a digest, a transcript) has a high median too."""
    ordered = sorted([*others, z])
    return _inputs_at(ordered, bisect_left(ordered, z))


def _inputs_at(ordered: list[float], p: int) -> list[float]:
    """``article_inputs`` of ``ordered[p]`` against the rest of the sorted logits ``ordered``."""
    z, n = ordered[p], len(ordered) - 1
    if n == 0:
        return [z, 0.0, 0.0, 0.0]

    def other(m: int) -> float:  # the m-th smallest of the others
        return ordered[m] if m < p else ordered[m + 1]

    mid = other(n // 2) if n % 2 else (other(n // 2 - 1) + other(n // 2)) / 2
    return [z, math.log(n + 1), z - other(n - 1), z - mid]


@lru_cache(maxsize=1)
def load() -> Model:
    path = resources.files("qawl.data") / "models" / MODEL_FILE
    return Model.from_dict(json.loads(path.read_text(encoding="utf-8")))


def assess(doc: Doc, model: Model | None = None) -> Integrity:
    """The ``integrity`` object of CONTRACT.md for ``doc``, plus the article's calibrated score.

    Page furniture (``Sentence.furniture``: a footer, a byline, a caption) is not news text: it
    keeps its entry with suspicion 0 and is left out of the ranking and the article's calibration."""
    model = model or load()
    sentences: list[SentenceVerdict] = []
    logits = []
    memo: Memo = {}  # the clause pass reads the article again: what each sentence's words give, once
    sigs = signals(doc, memo)
    is_news = [not s.furniture for s in doc.sentences]
    judged = iter(j for j, n in zip(model.judge_all(sigs, is_news), is_news) if n)
    for sent, sig in zip(doc.sentences, sigs):
        if sent.furniture:
            sentences.append({"start": sent.start, "end": sent.end, "suspicion": 0.0, "looks": "furniture",
                              "reasons": [], "furniture": True})
            continue
        z, head, contrib = next(judged)
        logits.append(z)
        sentences.append({"start": sent.start, "end": sent.end, "suspicion": 0.0, "looks": head.kind,
                          **explained(model.evidence(sig, contrib))})
    news = [k for k, e in enumerate(sentences) if not e.get("furniture")]
    if model.clause is not None:  # a sentence takes its best clause's logit when that is higher
        raised = clauses.raise_by_clauses(doc, sentences, dict(zip(news, logits)), model,
                                          functools.partial(signals, memo=memo))
        logits = [raised[k] for k in news]
    for k, p in zip(news, model.suspicions(logits)):
        sentences[k]["suspicion"] = round(p, 6)
        for c in sentences[k].get("clauses", ()):
            c["suspicion"] = sentences[k]["suspicion"]
    if model.clause is None:
        clauses.clauses(doc, sentences, model, functools.partial(signals, memo=memo))
    score = max((s["suspicion"] for s in sentences), default=0.0)
    return {"sentences": sentences, "score": score, "alert": score >= model.alert}

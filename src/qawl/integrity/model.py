"""The integrity model: logistic weights over the signals, each weight a reason's worth.

Weights are learned by ``scripts/train_integrity.py`` on synthetic manipulations of
unlabelled news (a sentence moved in from another article, a copy with a fact or its
polarity changed, an unsourced editorial line) and shipped as a small JSON file.  A
linear model keeps the verdict explainable: a sentence's suspicion is the sum of its
signals' contributions, and the reasons shown are the signals that raised it most.
The article score is a second logistic fit on the article's highest sentence logit
and its length (a long article has a high top sentence by chance), against clean articles.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..text.doc import Doc
from . import contradiction, discourse, drift, sourcing, style
from .context import build
from .evidence import Signals

MODEL_FILE = "integrity.json"
FAMILIES = (sourcing, drift, style, contradiction, discourse)
#: A signal whose contribution to the logit is below this is not worth a reason line.
MIN_REASON_CONTRIBUTION = 0.4
MAX_REASONS = 3


def signals(doc: Doc) -> list[Signals]:
    """Every signal of every sentence of ``doc`` (its attributions must be there already)."""
    ctx = build(doc)
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
class Model:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    article: dict[str, float]  # calibration: {"top", "log_sentences", "bias"}
    alert: float  # the article score from which ``qawl check`` raises an alert

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Model:
        return cls(tuple(d["features"]), tuple(d["mean"]), tuple(d["scale"]), tuple(d["weights"]),
                   float(d["bias"]), dict(d["article"]), float(d["alert"]))

    def contributions(self, sig: Signals) -> list[float]:
        return [w * ((sig[f].value if f in sig else 0.0) - m) / s
                for f, m, s, w in zip(self.features, self.mean, self.scale, self.weights)]

    def logit(self, sig: Signals) -> float:
        return self.bias + sum(self.contributions(sig))

    def reasons(self, sig: Signals) -> list[str]:
        ranked = sorted(zip(self.contributions(sig), self.features), reverse=True)
        out = []
        for c, f in ranked:
            ev = sig.get(f)
            if c < MIN_REASON_CONTRIBUTION or len(out) == MAX_REASONS:
                break
            if ev is not None and ev.reason and ev.value > 0:
                out.append(ev.reason)
        return out

    def article_score(self, logits: list[float]) -> float:
        if not logits:
            return 0.0
        a = self.article
        return _sigmoid(a["bias"] + a["top"] * max(logits) + a["log_sentences"] * math.log(len(logits)))


@lru_cache(maxsize=1)
def load() -> Model:
    path = resources.files("qawl.data") / "models" / MODEL_FILE
    return Model.from_dict(json.loads(path.read_text(encoding="utf-8")))


def assess(doc: Doc, model: Model | None = None) -> dict[str, Any]:
    """The ``integrity`` object of CONTRACT.md for ``doc``, plus the article's calibrated score."""
    model = model or load()
    sentences = []
    logits = []
    for sent, sig in zip(doc.sentences, signals(doc)):
        z = model.logit(sig)
        logits.append(z)
        sentences.append({
            "start": sent.start,
            "end": sent.end,
            "suspicion": round(_sigmoid(z), 6),
            "reasons": model.reasons(sig),
        })
    score = model.article_score(logits)
    return {"sentences": sentences, "score": round(score, 4), "alert": score >= model.alert}

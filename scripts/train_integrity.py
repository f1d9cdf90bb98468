"""Train the integrity model on synthetic manipulations, selected by cross-validation; write it as JSON.

    nice .venv/bin/python scripts/make_integrity_data.py   # first: the data and the stem frequencies
    nice .venv/bin/python scripts/train_integrity.py [--data build/integrity/train.jsonl] [--folds 5]

One logistic regression per head (``contradiction``, ``offtopic``, ``unsourced``: the label the
generator gives each insertion) over the signals of ``qawl.integrity`` (one row a sentence: that
head's inserted sentences, a sentence counting as inserted when it covers at least half of an
inserted string as the scorer counts it, against every clean sentence; page furniture left out),
then a second one for the article score on ``model.article_inputs`` of the top sentence,
manipulated against clean articles.

The settings (``CANDIDATES``: the regularisation, and whether each signal is also read as its
z-score among its article's sentences, ``Model.relative``: the model ranks sentences within an
article) are chosen by cross-validation on the training articles, folds by base article
(an article's clean original and its manipulated copy are in one fold): the figure is the mean
of hit_at_1 and article_auc over the out-of-fold articles.  The alert threshold is the
out-of-fold clean articles' score quantile that lets ``FALSE_ALARM_TARGET`` of them pass.  Neither
dev nor the two evaluation splits are read here.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from qawl.api import analyze_record
from qawl.integrity.context import build
from qawl.integrity.model import (ARTICLE_INPUTS, FAMILIES, MODEL_FILE, RELATIVE, Model, article_inputs, article_z,
                                  signals)
from qawl.options import Options

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "build" / "integrity" / "train.jsonl"
#: Written beside the data, not over the shipped model: a model replaces the shipped one only when
#: it holds the dev floors (tests/test_quality_integrity.py); copy it to src/qawl/data/models/ then.
OUT = ROOT / "build" / "integrity" / MODEL_FILE
OPTIONS = Options(only=("attributions",))
FALSE_ALARM_TARGET = 0.015

#: The signal families each head reads when heads are kept to their own families: a kind of
#: insertion shows in its own family, with style (another hand) and position and length as context.
HEAD_FAMILIES = {
    "contradiction": {"contradiction", "style", "discourse"},
    "offtopic": {"drift", "style", "discourse"},
    "unsourced": {"sourcing", "drift", "style", "discourse"},
}
#: Signals a head must not use: the generator puts a contradiction after what it contradicts four
#: times out of five, which position would learn as a habit of its own.
HEAD_EXCLUDES = {"contradiction": {"position", "is_first", "is_last"}}


@dataclass(frozen=True)
class Setting:
    C: float
    own_families: bool  # each head reads only its own families (else every signal)
    balanced: bool = False  # inserted and clean sentences weigh alike in each head's fit
    one_head: bool = False  # one head for every kind of insertion
    relative: bool = False  # each signal also as its z-score among the article's sentences (``Model.relative``)


CANDIDATES = (Setting(1.0, False), Setting(0.1, False), Setting(1.0, False, relative=True),
              Setting(0.1, False, relative=True))
#: Tried on CV and left out (all below the others): one head for all kinds (hit_at_1 0.648 vs
#: 0.707), C=0.03 (0.706 vs 0.707), heads kept to their own families (0.651 vs 0.692), inserted
#: and clean sentences weighed alike (0.666 vs 0.692).


@dataclass
class Article:
    base: str
    x: np.ndarray  # sentences x signals
    y: np.ndarray  # inserted or not
    head: np.ndarray  # the head of each inserted sentence ("" for a clean one)


def family_of_signals() -> dict[str, str]:
    """Each signal's family (module) name, read off a small article."""
    doc = analyze_record({"id": "x", "text": "قال الوزير إن المشروع سيكتمل. وأضاف أن التمويل متوفر. والحقيقة أن الطقس حار."},
                         OPTIONS)
    ctx = build(doc)
    return {name: fam.__name__.rsplit(".", 1)[1] for fam in FAMILIES for name in fam.signals(ctx)[0]}


def labelled(row: dict) -> tuple[list[str], Article]:
    """Feature names and one article's sentences as rows (furniture left out)."""
    doc = analyze_record(row, OPTIONS)
    spans = []
    for ins, label in zip(row["inserted"], row.get("labels") or [row["kind"]] * len(row["inserted"])):
        k = row["text"].find(ins)
        spans.append((k, k + len(ins), label))
    sigs = signals(doc)
    names = sorted(sigs[0]) if sigs else []
    keep = [k for k, s in enumerate(doc.sentences) if not s.furniture]
    x = np.array([[sigs[k][n].value for n in names] for k in keep], dtype=float).reshape(len(keep), len(names))
    heads = []
    for k in keep:
        t = doc.sentences[k]
        hit = [lab for a, b, lab in spans if min(t.end, b) - max(t.start, a) >= 0.5 * (b - a)]
        heads.append(hit[0] if hit else "")
    heads_arr = np.array(heads, dtype=object)
    return names, Article(row["base"], x, heads_arr != "", heads_arr)


def inputs(x: np.ndarray, relative: bool) -> np.ndarray:
    """An article's sentences x signals, and (``relative``) each signal's z-score within the article
    beside it, as ``Model.inputs`` reads them."""
    return np.hstack([x, np.array(article_z(x.tolist())).reshape(x.shape)]) if relative else x


class Fitted:
    """Heads and article calibration fitted on some articles."""

    def __init__(self, arts: list[Article], names: list[str], family: dict[str, str], setting: Setting):
        self.relative = setting.relative
        if setting.relative:
            names = [*names, *(n + RELATIVE for n in names)]
        x = np.vstack([inputs(a.x, self.relative) for a in arts])
        y = np.concatenate([a.y for a in arts])
        head = np.concatenate([a.head for a in arts])
        self.mean, self.scale = x.mean(axis=0), x.std(axis=0)
        self.scale[self.scale == 0] = 1.0
        z = (x - self.mean) / self.scale
        self.heads: dict[str, tuple[np.ndarray, float]] = {}
        if setting.one_head:
            head = np.where(y, "inserted", "")  # every insertion under one name
        for kind in sorted(set(head) - {""}):
            rows = ~y | (head == kind)
            cols = np.array([n.removesuffix(RELATIVE) not in HEAD_EXCLUDES.get(kind, ())
                             and (not setting.own_families
                                  or family[n.removesuffix(RELATIVE)] in HEAD_FAMILIES.get(kind, family.values()))
                             for n in names])
            lr = LogisticRegression(C=setting.C, max_iter=3000, class_weight="balanced" if setting.balanced else None)
            lr.fit(z[rows][:, cols], y[rows])
            coef = np.zeros(len(names))
            coef[cols] = lr.coef_[0]
            self.heads[kind] = (coef, float(lr.intercept_[0]))
        feats = np.array([article_features(self.logits(a.x)) for a in arts])
        self.article = LogisticRegression(max_iter=2000).fit(feats, [bool(a.y.any()) for a in arts])

    def logits(self, x: np.ndarray) -> np.ndarray:
        z = (inputs(x, self.relative) - self.mean) / self.scale
        return np.max([z @ w + b for w, b in self.heads.values()], axis=0)

    def article_score(self, x: np.ndarray) -> float:
        return float(self.article.predict_proba([article_features(self.logits(x))])[0, 1])


def article_features(z: np.ndarray) -> list[float]:
    """What the article score reads (``model.article_inputs``), with the top sentence as its top."""
    top = int(np.argmax(z))
    return article_inputs(float(z[top]), [float(v) for k, v in enumerate(z) if k != top])


def hit_at_1(scores: list[np.ndarray], labels: list[np.ndarray]) -> float:
    """As the scorer counts it: ties at the top are a random pick among them."""
    hits = [y[s == s.max()].mean() for s, y in zip(scores, labels) if y.any()]
    return float(np.mean(hits))


def cross_validate(arts: list[Article], names, family, setting: Setting, folds: int) -> dict[str, float]:
    groups = [a.base for a in arts]
    scores, labels, art_scores = [None] * len(arts), [None] * len(arts), [0.0] * len(arts)
    for tr, va in GroupKFold(folds).split(np.zeros(len(arts)), groups=groups):
        fit = Fitted([arts[k] for k in tr], names, family, setting)
        for k in va:
            scores[k], labels[k] = fit.logits(arts[k].x), arts[k].y
            art_scores[k] = fit.article_score(arts[k].x)
    manip = np.array([bool(a.y.any()) for a in arts])
    art = np.array(art_scores)
    return {"hit_at_1": hit_at_1(scores, labels), "article_auc": float(roc_auc_score(manip, art)),
            "alert": float(np.quantile(art[~manip], 1 - FALSE_ALARM_TARGET))}


def _fingerprint(data: Path) -> str:
    """What the signals of a data file depend on: the file, the integrity code and its tables."""
    h = hashlib.sha1(data.read_bytes())
    src = ROOT / "src" / "qawl"
    for p in sorted([*(src / "integrity").glob("*.py"), src / "data" / "models" / "integrity_idf.tsv",
                     src / "data" / "furniture.tsv"]):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def read_articles(data: Path, limit: int | None) -> tuple[list[str], list[Article]]:
    """Every article's signals, read once and kept in ``build/integrity/`` until the data or the
    signals' code change (trying settings costs a fit, not a re-reading)."""
    cache = data.with_name(f"features-{_fingerprint(data)}-{limit}.pkl")
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    rows = [json.loads(line) for line in open(data, encoding="utf-8") if line.strip()][:limit]
    names: list[str] = []
    arts = []
    for r in rows:
        n, a = labelled(r)
        if len(a.y):
            names = names or n
            arts.append(a)
    cache.write_bytes(pickle.dumps((names, arts)))
    return names, arts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="only the first N rows (quick trials)")
    args = parser.parse_args(argv)
    names, arts = read_articles(args.data, args.limit)
    family = family_of_signals()
    results = {}
    for setting in CANDIDATES:
        results[setting] = cross_validate(arts, names, family, setting, args.folds)
        print(f"CV {setting}: " + " ".join(f"{k}={v:.4f}" for k, v in results[setting].items()), file=sys.stderr)
    best = max(CANDIDATES, key=lambda s: results[s]["hit_at_1"] + results[s]["article_auc"])
    fit = Fitted(arts, names, family, best)
    model = {
        "features": names,
        "mean": [round(float(v), 6) for v in fit.mean],
        "scale": [round(float(v), 6) for v in fit.scale],
        "heads": {k: {"weights": [round(float(v), 6) for v in w], "bias": round(b, 6)} for k, (w, b) in fit.heads.items()},
        "article": {**{k: round(float(w), 6) for k, w in zip(ARTICLE_INPUTS, fit.article.coef_[0])},
                    "bias": round(float(fit.article.intercept_[0]), 6)},
        "alert": round(results[best]["alert"], 4),
        "relative": best.relative,
        "trained_on": f"{args.data.name}: {len(arts)} articles ({sum(bool(a.y.any()) for a in arts)} manipulated), "
                      f"C={best.C}, own_families={best.own_families}, relative={best.relative}",
        "cv": {k: round(v, 4) for k, v in results[best].items()},
    }
    Model.from_dict(model)  # the shape the package reads
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}; chosen {best}: "
          f"CV hit_at_1={results[best]['hit_at_1']:.4f} article_auc={results[best]['article_auc']:.4f}")
    print(f"  {'':<32}" + "".join(f"{k:>14}" for k in fit.heads))
    for j, name in enumerate(Model.from_dict(model).names()):
        print(f"  {name:<32}" + "".join(f"{w[j]:>+14.3f}" for w, _ in fit.heads.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

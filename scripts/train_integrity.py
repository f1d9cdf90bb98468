"""Train the integrity model on synthetic manipulations, selected by cross-validation; write it as JSON.

    nice .venv/bin/python scripts/make_integrity_data.py   # first: the data and the stem frequencies
    nice .venv/bin/python scripts/train_integrity.py [--data build/integrity/train.jsonl] [--folds 5] [--table]
        [--settings all|linear|curves|monotone]

One logistic regression per head (``contradiction``, ``offtopic``, ``unsourced``: the label the
generator gives each insertion) over the signals of ``qawl.integrity`` (one row a sentence: that
head's inserted sentences, a sentence counting as inserted when it covers at least half of an
inserted string as the scorer counts it, against every clean sentence; page furniture left out),
then a second one for the article score on ``model.article_inputs`` of the top sentence,
manipulated against clean articles.

The candidates (``CANDIDATES``: logistic heads or heads of learned curves, ``Curves``, free or
monotone; the regularisation; whether each signal is also read as its
z-score among its article's sentences, ``Model.relative``; each head's logit as fitted or
calibrated; and a blend with the sentence logit of the weights shipped before issue 17's third
round, ``BASE``) are ranked by cross-validation on the training articles, folds by base article
(an article's clean original and its manipulated copy are in one fold): the figure is the sum of
hit_at_1 and article_auc over the out-of-fold articles.  The first candidate in that order that
keeps dev's floors and ranks d000's inserted passage first (``integrity_gate``: a yes/no gate,
never a figure to tune on) is written; ``--table`` prints every candidate's figures on dev and
on both evaluation splits, which are never read to choose.  The alert threshold is the
out-of-fold clean articles' score quantile that lets ``FALSE_ALARM_TARGET`` of them pass.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from dataclasses import dataclass
from typing import Any, Callable
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from qawl.api import analyze_record
from qawl.integrity.context import build
from qawl.integrity.model import (ARTICLE_INPUTS, FAMILIES, MODEL_FILE, RELATIVE, Model, article_inputs, article_z,
                                  signals)
from qawl.options import Options
from qawl.integrity import contradiction
import integrity_gate as gate_sets
from integrity_gate import fingerprint

contradiction.NEAR_COPY = True  # new heads are fitted on every signal, read by the shipped model or not

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "build" / "integrity" / "train.jsonl"
#: Written beside the data, not over the shipped model (it has passed the dev gate): copy it to
#: src/qawl/data/models/ and run the integrity tests before shipping it.
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
    curves: bool = False  # each head a sum of learned curves, one an input (``Curves``), not of weights
    monotone: bool = False  # each curve only rises or only falls, the way the logistic head's weight goes
    gentle: bool = False  # curves of few steps under a strong penalty (``Curves.GENTLE``)
    #: the curves' share of each head; the rest is the logistic head at ``C`` (the curves shrunk toward it)
    curve_share: float = 1.0
    #: each logistic head fitted to rank its article's inserted sentences above its clean ones
    #: (pairwise, ``ranked_head``) rather than to tell inserted sentences from clean ones over all articles
    ranking: bool = False


@dataclass(frozen=True)
class Variant:
    """A candidate: heads fitted at ``setting``, each head's logit re-calibrated or not, and blended
    with the shipped model's sentence logit (``blend`` is the new heads' share; 1 is the new
    heads alone, 0 the shipped heads alone with a new article calibration)."""

    setting: Setting
    blend: float = 1.0
    calibrated: bool = False  # each head's logit scaled to the chance that a sentence is inserted at all

    def __str__(self) -> str:
        s = self.setting
        curves = f"{'gentle ' if s.gentle else ''}{'monotone curves' if s.monotone else 'curves'}"
        if s.curves and s.curve_share < 1:
            curves += f" x{s.curve_share:g} + C={s.C}"
        return (f"{curves if s.curves else f'C={s.C}'}{' ranking' if s.ranking else ''}{' relative' if s.relative else ''}"
                f"{' own-families' if s.own_families else ''}{' calibrated' if self.calibrated else ''}, blend {self.blend:g}")


#: The heads' settings tried: the regularisation grid, each signal read as it is or also against its
#: article.  Each is read as every ``BLENDS`` x calibrated-or-not variant.
LINEAR = tuple(Setting(c, False, relative=r) for c in (0.03, 0.1, 0.3, 1.0) for r in (False, True))
#: Heads of learned curves (``Curves``), the signals read as they are or also against their article.
CURVES = tuple(Setting(1.0, False, relative=r, curves=True, monotone=m) for m in (False, True) for r in (False, True))
#: Issue 17's sixth round: curves that keep dev (integrity4's free curves fit the generator's habits)
#: shrunk toward the logistic head (their share of each head) or kept to a few steps under a strong
#: penalty, all monotone; and logistic heads fitted to the metric's own question, which sentence of an
#: article comes first (``ranked_head``).
SHRUNK = tuple(Setting(1.0, False, relative=True, curves=True, monotone=True, gentle=g, curve_share=share)
               for g in (False, True) for share in (0.25, 0.5))
RANKED = tuple(Setting(c, False, relative=r, ranking=True) for c in (0.1, 1.0) for r in (False, True))
#: What the sixth round compares: the shipped heads' setting beside the shrunk curves and the ranked heads.
ROUND6 = (Setting(1.0, False, relative=True), *SHRUNK, *RANKED)
#: The shipped heads' setting alone (C=1, relative; its blends and calibrations): a narrow run that
#: measures a new signal by CV (issue 17's seventh round).
SHIPPED = (Setting(1.0, False, relative=True),)
SETTINGS = LINEAR + CURVES + SHRUNK + RANKED
BLENDS = (1.0, 0.75, 0.5, 0.25, 0.0)
CANDIDATES = tuple(Variant(s, b, cal) for s in SETTINGS for b in BLENDS for cal in (False, True)
                   if not (b == 0.0 and cal))
#: Tried on CV and left out (all below the others): one head for all kinds (hit_at_1 0.648 vs
#: 0.707), heads kept to their own families (0.651 vs 0.692), inserted and clean sentences weighed
#: alike (0.666 vs 0.692).
#: The model blends are read against: the weights main shipped before issue 17's third round (a copy,
#: so that a blend shipped in their place does not become the next run's base).
BASE = ROOT / "data" / "integrity" / "base_model.json"


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


#: A head as the training holds it: weights and bias over the standardised inputs, and a curve
#: (cuts, values) for some inputs (``model.Shape``), by input index.
HeadParts = tuple[np.ndarray, float, dict[int, tuple[np.ndarray, np.ndarray]]]


class Curves:
    """One head as boosted trees of one input each (scikit-learn's HistGradientBoosting with no
    interactions): their sum is one step curve an input, so the head is still a sum of per-signal
    contributions (``model.Shape``), but a signal's worth may bend where a weight is a straight
    line.  ``ITERATIONS`` trees of ``LEAVES`` leaves at ``RATE``, at least ``MIN_LEAF`` sentences a
    leaf, were fixed before the CV run (a GA2M-like fit kept small), not tuned on dev."""

    ITERATIONS, RATE, LEAVES, MIN_LEAF, BINS, PENALTY = 100, 0.2, 6, 40, 64, 0.0
    #: ``gentle`` curves: fewer, smaller trees on coarser bins under an L2 penalty on the leaves, so
    #: that a curve holds a few broad steps (fixed before the CV run, like the above)
    GENTLE = (30, 0.1, 3, 200, 16, 10.0)

    @classmethod
    def fit(cls, z: np.ndarray, y: np.ndarray, monotone: bool = False, gentle: bool = False) -> HeadParts:
        """The curves of a head fitted on standardised inputs ``z``, each centred on the average
        sentence (its value at 0 moved into the bias): a signal at its mean contributes nothing.
        ``monotone``: each curve goes one way only, the way a logistic head's weight for that input
        goes on the same rows (more of a sign of insertion never lowers the suspicion; the bumps a
        free curve learns of the generator's habits are left out)."""
        cst = np.sign(LogisticRegression(max_iter=3000).fit(z, y).coef_[0]).astype(int) if monotone else None
        its, rate, leaves, min_leaf, bins, penalty = (cls.GENTLE if gentle else
                                                      (cls.ITERATIONS, cls.RATE, cls.LEAVES, cls.MIN_LEAF, cls.BINS, cls.PENALTY))
        m = HistGradientBoostingClassifier(max_iter=its, learning_rate=rate, max_leaf_nodes=leaves,
                                           min_samples_leaf=min_leaf, max_bins=bins, l2_regularization=penalty,
                                           early_stopping=False, monotonic_cst=cst,
                                           interaction_cst="no_interactions", random_state=0).fit(z, y)
        bias = float(np.ravel(m._baseline_prediction)[0])
        trees: dict[int, list] = {}
        for (tree,) in m._predictors:
            if tree.nodes[0]["is_leaf"]:
                bias += float(tree.nodes[0]["value"])
            else:
                trees.setdefault(int(tree.nodes[0]["feature_idx"]), []).append(tree.nodes)
        shapes = {}
        for j, nodes_list in sorted(trees.items()):
            cuts = np.array(sorted({float(n["num_threshold"]) for nodes in nodes_list for n in nodes if not n["is_leaf"]}))
            at = np.append(cuts, cuts[-1] + 1.0)  # a point of each step: x <= cut goes left
            values = sum(_tree_at(nodes, at) for nodes in nodes_list)
            zero = values[np.searchsorted(cuts, 0.0, side="left")]
            shapes[j] = (cuts, values - zero)
            bias += float(zero)
        return np.zeros(z.shape[1]), bias, shapes


def _tree_at(nodes: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """The value of a tree of one input at each of ``xs``."""
    out = np.empty(len(xs))
    for i, x in enumerate(xs):
        k = 0
        while not nodes[k]["is_leaf"]:
            k = nodes[k]["left"] if x <= nodes[k]["num_threshold"] else nodes[k]["right"]
        out[i] = nodes[k]["value"]
    return out


def ranked_head(z: np.ndarray, y: np.ndarray, article: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    """A logistic head fitted on pairs: each inserted sentence against each clean sentence of its
    own article (their inputs' difference, both ways round, no intercept), which is what hit_at_1
    asks of the head (the inserted sentence above the others of its article) and not what a head
    over all sentences learns (which articles hold insertions, or the generator's habits shared by
    all of an article's sentences).  The bias (a ranking has none) and the scale are then fitted as
    the chance that a sentence is inserted, so that heads compare in the max and the article score."""
    rows_i, rows_j = [], []
    for a in np.unique(article[y]):
        mine = np.flatnonzero(article == a)
        pos, neg = mine[y[mine]], mine[~y[mine]]
        rows_i.append(np.repeat(pos, len(neg)))
        rows_j.append(np.tile(neg, len(pos)))
    i, j = np.concatenate(rows_i), np.concatenate(rows_j)
    d = z[i] - z[j]
    lr = LogisticRegression(C=C, max_iter=3000, fit_intercept=False)
    lr.fit(np.vstack([d, -d]), np.r_[np.ones(len(d)), np.zeros(len(d))])
    w = lr.coef_[0]
    cal = LogisticRegression(max_iter=1000).fit((z @ w).reshape(-1, 1), y)
    return w * float(cal.coef_[0, 0]), float(cal.intercept_[0])


def head_logits(z: np.ndarray, head: HeadParts) -> np.ndarray:
    """A head's logit for each row of standardised inputs ``z``, as ``Model.judge`` sums it."""
    w, b, shapes = head
    out = z @ w + b
    for j, (cuts, values) in shapes.items():
        out = out + values[np.searchsorted(cuts, z[:, j], side="left")]
    return out


class Heads:
    """One logistic head per kind of insertion fitted on some articles (``setting``), and each head's
    calibration: its logit scaled to the chance that a sentence is inserted at all, so that heads
    fitted on kinds of unequal frequency compare in the max."""

    def __init__(self, arts: list[Article], names: list[str], family: dict[str, str], setting: Setting):
        self.relative = setting.relative
        if setting.relative:
            names = [*names, *(n + RELATIVE for n in names)]
        self.names = names
        x = np.vstack([inputs(a.x, self.relative) for a in arts])
        y = np.concatenate([a.y for a in arts])
        head = np.concatenate([a.head for a in arts])
        article = np.concatenate([np.full(len(a.y), k) for k, a in enumerate(arts)])
        self.mean, self.scale = x.mean(axis=0), x.std(axis=0)
        self.scale[self.scale == 0] = 1.0
        z = (x - self.mean) / self.scale
        self.heads: dict[str, HeadParts] = {}
        if setting.one_head:
            head = np.where(y, "inserted", "")  # every insertion under one name
        for kind in sorted(set(head) - {""}):
            rows = ~y | (head == kind)
            cols = np.array([n.removesuffix(RELATIVE) not in HEAD_EXCLUDES.get(kind, ())
                             and (not setting.own_families
                                  or family[n.removesuffix(RELATIVE)] in HEAD_FAMILIES.get(kind, family.values()))
                             for n in names])
            coef = np.zeros(len(names))
            if setting.ranking:
                coef[cols], bias = ranked_head(z[rows][:, cols], y[rows], article[rows], setting.C)
                self.heads[kind] = (coef, bias, {})
                continue
            if not setting.curves or setting.curve_share < 1:
                lr = LogisticRegression(C=setting.C, max_iter=3000, class_weight="balanced" if setting.balanced else None)
                lr.fit(z[rows][:, cols], y[rows])
                coef[cols] = lr.coef_[0]
                self.heads[kind] = (coef, float(lr.intercept_[0]), {})
            if setting.curves:
                w, b, shapes = Curves.fit(z[rows][:, cols], y[rows], setting.monotone, setting.gentle)
                where = np.flatnonzero(cols)
                curves = (np.zeros(len(names)), b, {int(where[j]): c for j, c in shapes.items()})
                self.heads[kind] = (_mixed(self.heads[kind], curves, setting.curve_share) if setting.curve_share < 1
                                    else curves)
        self.calibration = {}
        for kind, head in self.heads.items():
            cal = LogisticRegression(max_iter=1000).fit(head_logits(z, head).reshape(-1, 1), y)
            self.calibration[kind] = (float(cal.coef_[0, 0]), float(cal.intercept_[0]))

    def head_list(self, calibrated: bool) -> dict[str, HeadParts]:
        """Each head's weights, bias and curves over the standardised inputs (calibrated or not)."""
        if not calibrated:
            return self.heads
        return {k: _scaled((w, b, sh), *self.calibration[k]) for k, (w, b, sh) in self.heads.items()}

    def logits(self, x: np.ndarray, calibrated: bool) -> np.ndarray:
        z = (inputs(x, self.relative) - self.mean) / self.scale
        return np.max([head_logits(z, h) for h in self.head_list(calibrated).values()], axis=0)


def _mixed(linear: HeadParts, curves: HeadParts, share: float) -> HeadParts:
    """A head that is ``share`` of ``curves`` and the rest of ``linear``: the curves shrunk toward the
    logistic head (weights and curves add up in one head, ``model.Head``)."""
    w0, b0, _ = _scaled(linear, 1 - share)
    _, b1, shapes = _scaled(curves, share)
    return w0, b0 + b1, shapes


def _scaled(head: HeadParts, a: float, c: float = 0.0) -> HeadParts:
    """``a`` times a head's logit plus ``c``."""
    w, b, shapes = head
    return w * a, b * a + c, {j: (cuts, values * a) for j, (cuts, values) in shapes.items()}


class Base:
    """The model blends are read against, on an article's signals (``names`` in the order of ``Article.x``)."""

    def __init__(self, model: Model, names: list[str]):
        missing = set(model.names()) - set(names)
        if missing or model.relative:
            raise SystemExit(f"train_integrity: the base model reads inputs the data do not give: {sorted(missing)}")
        self.model = model
        self.cols = [names.index(f) for f in model.features]

    def logits(self, x: np.ndarray) -> np.ndarray:
        m = self.model
        z = (x[:, self.cols] - np.array(m.mean)) / np.array(m.scale)
        return np.max([z @ np.array(h.weights) + h.bias for h in m.heads], axis=0)

    def heads_over(self, names: list[str], mean: np.ndarray, scale: np.ndarray) -> dict[str, HeadParts]:
        """The base heads over another standardisation of ``names``: the same logits."""
        m = self.model
        out = {}
        for h in m.heads:
            w = np.zeros(len(names))
            b = h.bias
            for f, wf, mf, sf in zip(m.features, h.weights, m.mean, m.scale):
                j = names.index(f)
                w[j] = wf * scale[j] / sf
                b += wf * (mean[j] - mf) / sf
            out[h.kind] = (w, b, {})
        return out


class Fitted:
    """A candidate fitted on some articles: its heads' (and the base's) sentence logits, and the
    article calibration over them."""

    def __init__(self, arts: list[Article], heads: Heads, base: Base, variant: Variant):
        self.heads, self.base, self.variant = heads, base, variant
        feats = np.array([article_features(self.logits(a.x)) for a in arts])
        self.article = LogisticRegression(max_iter=2000).fit(feats, [bool(a.y.any()) for a in arts])

    def logits(self, x: np.ndarray) -> np.ndarray:
        v = self.variant
        new = self.heads.logits(x, v.calibrated) if v.blend > 0 else 0.0
        old = self.base.logits(x) if v.blend < 1 else 0.0
        return v.blend * new + (1 - v.blend) * old

    def article_score(self, x: np.ndarray) -> float:
        return float(self.article.predict_proba([article_features(self.logits(x))])[0, 1])

    def model(self) -> dict:
        """The candidate as the package reads it (``Model.from_dict``).  A blend of two max-of-heads
        logits is itself one: (1-w) max_i a_i + w max_j b_j = max_ij ((1-w) a_i + w b_j) for w in
        [0, 1], so each pair of a base head and a new head is a head of its own, named by both
        (``kind`` is the new head's: what the sentence looks like)."""
        h, v = self.heads, self.variant
        new = h.head_list(v.calibrated)
        heads: dict[str, dict] = {}
        if v.blend == 1:
            heads = {k: _head(part, k, h.names) for k, part in new.items()}
        elif v.blend == 0:
            heads = {k: _head(part, k, h.names) for k, part in self.base.heads_over(h.names, h.mean, h.scale).items()}
        else:
            for k0, old in self.base.heads_over(h.names, h.mean, h.scale).items():
                for k1, part in new.items():
                    (w0, b0, _), (w1, b1, shapes) = _scaled(old, 1 - v.blend), _scaled(part, v.blend)
                    heads[f"{k0}+{k1}"] = _head((w0 + w1, b0 + b1, shapes), k1, h.names)
        names = [n for n in h.names if not n.endswith(RELATIVE)]
        return {
            "features": names,
            # not rounded: a curve is a step at its cuts, and an input standardised by a rounded
            # mean or scale can land on the other side of a cut from the one the trees saw
            "mean": [float(m) for m in h.mean],
            "scale": [float(m) for m in h.scale],
            "heads": heads,
            "article": {**{k: round(float(w), 6) for k, w in zip(ARTICLE_INPUTS, self.article.coef_[0])},
                        "bias": round(float(self.article.intercept_[0]), 6)},
            "alert": 1.0,
            "relative": h.relative,
        }


def _head(part: HeadParts, kind: str, names: list[str]) -> dict:
    w, b, shapes = part
    out = {"kind": kind, "weights": [round(float(v), 6) for v in w], "bias": round(float(b), 6)}
    if shapes:
        out["shapes"] = {names[j]: {"cuts": [float(c) for c in cuts], "values": [round(float(v), 6) for v in values]}
                         for j, (cuts, values) in shapes.items()}
    return out


def article_features(z: np.ndarray) -> list[float]:
    """What the article score reads (``model.article_inputs``), with the top sentence as its top."""
    top = int(np.argmax(z))
    return article_inputs(float(z[top]), [float(v) for k, v in enumerate(z) if k != top])


def hit_at_1(scores: list[np.ndarray], labels: list[np.ndarray]) -> float:
    """As the scorer counts it: ties at the top are a random pick among them."""
    hits = [y[s == s.max()].mean() for s, y in zip(scores, labels) if y.any()]
    return float(np.mean(hits))


def cross_validate(arts: list[Article], names, family, base: Base, folds: int,
                   settings: tuple[Setting, ...] = SETTINGS):
    """Every candidate's out-of-fold figures; the heads are fitted once a setting and fold, and the
    variants (blends, calibrated heads) are read off them with their own article calibration."""
    groups = [a.base for a in arts]
    manip = np.array([bool(a.y.any()) for a in arts])
    labels = [a.y for a in arts]
    scores: dict[Variant, list] = {v: [None] * len(arts) for v in CANDIDATES}
    art_scores: dict[Variant, list[float]] = {v: [0.0] * len(arts) for v in CANDIDATES}
    for setting in settings:
        for tr, va in GroupKFold(folds).split(np.zeros(len(arts)), groups=groups):
            train = [arts[k] for k in tr]
            heads = Heads(train, names, family, setting)
            for v in (v for v in CANDIDATES if v.setting == setting):
                fit = Fitted(train, heads, base, v)
                for k in va:
                    scores[v][k] = fit.logits(arts[k].x)
                    art_scores[v][k] = fit.article_score(arts[k].x)
        for v in (v for v in CANDIDATES if v.setting == setting):
            art = np.array(art_scores[v])
            got = {"hit_at_1": hit_at_1(scores[v], labels), "article_auc": float(roc_auc_score(manip, art)),
                   "alert": float(np.quantile(art[~manip], 1 - FALSE_ALARM_TARGET))}
            print(f"CV {v}: " + " ".join(f"{k}={x:.4f}" for k, x in got.items()), file=sys.stderr, flush=True)
            yield v, got


def read_articles(data: Path, limit: int | None) -> tuple[list[str], list[Article]]:
    """Every article's signals, read once and kept in ``build/integrity/`` until the data or the
    signals' code change (trying settings costs a fit, not a re-reading)."""
    return cached_articles(data.with_name(f"features-{fingerprint(data)}-{limit}.pkl"), data, limit, labelled)


def cached_articles(cache: Path, data: Path, limit: int | None, label: Callable[[dict], tuple[Any, Any]]) -> Any:
    """(input names, articles) of the first ``limit`` rows of ``data`` labelled by ``label`` (those
    with news sentences), pickled in ``cache``: a name that changes with what they are made from."""
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    rows = [json.loads(line) for line in open(data, encoding="utf-8") if line.strip()][:limit]
    names: Any = []
    arts = []
    for r in rows:
        n, a = label(r)
        if len(a.y):
            names = names or n
            arts.append(a)
    cache.write_bytes(pickle.dumps((names, arts)))
    return names, arts


def gate(arts, names, family, base: Base, ranked: list[Variant], results, table: bool):
    """The best candidate by CV that keeps dev's floors and ranks d000's inserted passage first
    (``integrity_gate``); with ``table``, every candidate's figures on dev and on both evaluation
    splits are printed too (measured, never selected on)."""
    sets = {name: gate_sets.read_set(path) for name, path in gate_sets.SETS.items()
            if name == "dev" or (table and path.exists())}
    sample = gate_sets.read_set(gate_sets.SAMPLE)
    heads: dict[Setting, Heads] = {}
    chosen = None
    print("| candidate | CV hit / AUC | " + " | ".join(sets) + " | d000 | gate |")
    for v in ranked:
        if v.setting not in heads:
            heads[v.setting] = Heads(arts, names, family, v.setting)
        fit = Fitted(arts, heads[v.setting], base, v)
        model = {**fit.model(), "alert": round(results[v]["alert"], 4)}
        m = Model.from_dict(model)
        got = {name: gate_sets.figures(m, read) for name, read in sets.items()}
        first = gate_sets.seed_first(m, sample)
        ok = gate_sets.passes(got["dev"], first)
        print(f"| {v} | {results[v]['hit_at_1']:.3f} / {results[v]['article_auc']:.3f} | "
              + " | ".join(" / ".join(f"{x:.3f}" for x in g.values()) for g in got.values())
              + f" | {'first' if first else 'not first'} | {'kept' if ok else 'below'} |", flush=True)
        if ok and chosen is None:
            chosen = (v, model)
            if not table:
                break
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--base", type=Path, default=BASE, help="the model blends are read against")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="only the first N rows (quick trials)")
    parser.add_argument("--settings", choices=("all", "linear", "curves", "monotone", "shrunk", "ranking", "round6",
                                                 "shipped"),
                        default="all",
                        help="the heads' settings tried: logistic (LINEAR), curves (CURVES), monotone curves only, "
                             "curves shrunk toward the logistic heads (SHRUNK), ranked heads (RANKED), the shipped "
                             "heads' setting beside both (ROUND6), the shipped heads' setting alone (SHIPPED), "
                             "or all (default)")
    parser.add_argument("--table", action="store_true",
                        help="every candidate's figures on dev and both splits, not only until one passes the gate")
    args = parser.parse_args(argv)
    names, arts = read_articles(args.data, args.limit)
    family = family_of_signals()
    base = Base(Model.from_dict(json.loads(args.base.read_text(encoding="utf-8"))), names)
    settings = {"all": SETTINGS, "linear": LINEAR, "curves": CURVES, "monotone": tuple(s for s in CURVES if s.monotone),
                "shrunk": SHRUNK, "ranking": RANKED, "round6": ROUND6, "shipped": SHIPPED}[args.settings]
    results = dict(cross_validate(arts, names, family, base, args.folds, settings))
    ranked = sorted(results, key=lambda v: -(results[v]["hit_at_1"] + results[v]["article_auc"]))
    chosen = gate(arts, names, family, base, ranked, results, args.table)
    if chosen is None:
        print("no candidate keeps the dev floors and d000: no model written", file=sys.stderr)
        return 1
    best, model = chosen
    model["trained_on"] = (f"{args.data.name}: {len(arts)} articles ({sum(bool(a.y.any()) for a in arts)} manipulated), "
                           f"{best}; the first candidate by CV that keeps dev's floors and d000")
    model["cv"] = {k: round(v, 4) for k, v in results[best].items()}
    Model.from_dict(model)  # the shape the package reads
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}; chosen {best}: "
          f"CV hit_at_1={results[best]['hit_at_1']:.4f} article_auc={results[best]['article_auc']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

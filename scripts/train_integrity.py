"""Train the integrity model on synthetic manipulations; write its weights as JSON.

    nice .venv/bin/python scripts/make_integrity_data.py   # first: the data and the stem frequencies
    nice .venv/bin/python scripts/train_integrity.py [--data build/integrity/synthetic.jsonl] [--C 1.0]

One logistic regression per kind of manipulation over the signals of ``qawl.integrity``
(one row a sentence: that kind's inserted sentences, covering at least half of an inserted
one as the scorer counts it, against every clean sentence), then a
second one for the article score on ``model.article_inputs`` of the top sentence (its logit,
the log of the sentence count, its margin over the next and its spread over the median),
manipulated against clean articles.  The last ``--validation`` share of the base
articles is held out and its figures printed.  The dev set is not read here.
Needs the ``train`` extra (scikit-learn, numpy).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from qawl.api import analyze_record
from qawl.integrity.context import build
from qawl.integrity.model import ARTICLE_INPUTS, FAMILIES, MODEL_FILE, Model, article_inputs, signals
from qawl.options import Options

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "build" / "integrity" / "synthetic.jsonl"
OUT = ROOT / "src" / "qawl" / "data" / "models" / MODEL_FILE
OPTIONS = Options(only=("attributions",))
#: The alert threshold is set so that this share of the held-out clean articles passes it.
FALSE_ALARM_TARGET = 0.05


#: The signal families each head may use: a kind of manipulation shows in its own family,
#: with style (another hand) and position and length as context (a changed copy is not off
#: topic, so drift is left out of its head).
HEAD_FAMILIES = {
    "changed": {"contradiction", "style", "discourse"},
    "moved": {"drift", "style", "discourse"},
    "unsourced": {"sourcing", "drift", "style", "discourse"},
}
#: Signals a head must not use: the synthetic contradictions always follow their original
#: (so that "the later one contradicts"), which position would learn as a habit of its own.
HEAD_EXCLUDES = {"changed": {"position", "is_first", "is_last"}}


def family_of_signals() -> dict[str, str]:
    """Each signal's family (module) name, read off a small article."""
    doc = analyze_record({"id": "x", "text": "قال الوزير إن المشروع سيكتمل. وأضاف أن التمويل متوفر. والحقيقة أن الطقس حار."},
                         OPTIONS)
    ctx = build(doc)
    return {name: fam.__name__.rsplit(".", 1)[1] for fam in FAMILIES for name in fam.signals(ctx)[0]}


def labelled(row: dict) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Feature names, the feature matrix and the labels of one article's sentences."""
    doc = analyze_record(row, OPTIONS)
    spans = []
    for ins in row["inserted"]:
        k = row["text"].find(ins)
        spans.append((k, k + len(ins)))
    sigs = signals(doc)
    names = sorted(sigs[0]) if sigs else []
    x = np.array([[s[n].value for n in names] for s in sigs], dtype=float).reshape(len(sigs), len(names))
    y = np.array([any(min(t.end, b) - max(t.start, a) >= 0.5 * (b - a) for a, b in spans) for t in doc.sentences])
    return names, x, y


def article_features(z: np.ndarray) -> list[float]:
    """What the article score reads (``model.article_inputs``), with the top sentence as its top."""
    top = int(np.argmax(z))
    return article_inputs(float(z[top]), [float(v) for k, v in enumerate(z) if k != top])


def hit_at_1(scores: list[np.ndarray], labels: list[np.ndarray]) -> float:
    hits = []
    for s, y in zip(scores, labels):
        if y.any():
            top = s == s.max()
            hits.append(y[top].mean())
    return float(np.mean(hits))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--validation", type=float, default=0.15)
    parser.add_argument("--limit", type=int, default=None, help="only the first N rows (quick trials)")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in open(args.data, encoding="utf-8") if line.strip()][: args.limit]
    bases = sorted({r["base"] for r in rows})
    held = set(bases[int(len(bases) * (1 - args.validation)) :])
    names: list[str] = []
    arts = {"train": [], "val": []}
    for r in rows:
        n, x, y = labelled(r)
        if not len(y):
            continue
        names = names or n
        arts["val" if r["base"] in held else "train"].append((x, y, r["kind"]))
    x_tr = np.vstack([x for x, _, _ in arts["train"]])
    y_tr = np.concatenate([y for _, y, _ in arts["train"]])
    k_tr = np.concatenate([[k] * len(y) for _, y, k in arts["train"]])
    mean, scale = x_tr.mean(axis=0), x_tr.std(axis=0)
    scale[scale == 0] = 1.0
    z_tr = (x_tr - mean) / scale
    family = family_of_signals()
    heads = {}
    for kind in sorted(set(k_tr) - {"none"}):
        rows_k = ~y_tr | (k_tr == kind)  # every clean sentence, and this kind's insertions
        cols = np.array([family[n] in HEAD_FAMILIES[kind] and n not in HEAD_EXCLUDES.get(kind, ()) for n in names])
        lr = LogisticRegression(C=args.C, max_iter=2000).fit(z_tr[rows_k][:, cols], y_tr[rows_k])
        coef = np.zeros(len(names))
        coef[cols] = lr.coef_[0]
        lr.coef_ = coef.reshape(1, -1)  # the other families' signals weigh nothing in this head
        lr.n_features_in_ = len(names)
        heads[kind] = lr

    def logits(x: np.ndarray) -> np.ndarray:
        z = (x - mean) / scale
        return np.max([h.decision_function(z) for h in heads.values()], axis=0)

    def article_rows(split: str) -> tuple[np.ndarray, np.ndarray]:
        feats = [article_features(logits(x)) for x, _, _ in arts[split]]
        return np.array(feats), np.array([k != "none" for _, _, k in arts[split]])

    a_x, a_y = article_rows("train")
    article_lr = LogisticRegression(max_iter=1000).fit(a_x, a_y)
    v_x, v_y = article_rows("val")
    clean_top = article_lr.predict_proba(v_x[~v_y])[:, 1]
    alert = round(float(np.quantile(clean_top, 1 - FALSE_ALARM_TARGET)), 4)
    model = {
        "features": names,
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "heads": {k: {"weights": [round(float(v), 6) for v in h.coef_[0]], "bias": round(float(h.intercept_[0]), 6)}
                  for k, h in heads.items()},
        "article": {**{k: round(float(w), 6) for k, w in zip(ARTICLE_INPUTS, article_lr.coef_[0])},
                    "bias": round(float(article_lr.intercept_[0]), 6)},
        "alert": alert,
        "trained_on": f"{args.data.name}: {len(arts['train'])} articles "
                      f"({sum(k != 'none' for *_, k in arts['train'])} manipulated), C={args.C}",
    }
    Model.from_dict(model)  # the shape the package reads
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    val_scores = [logits(x) for x, _, _ in arts["val"]]
    val_labels = [y for _, y, _ in arts["val"]]
    caught = article_lr.predict_proba(v_x[v_y])[:, 1] >= alert
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    print(f"validation ({len(arts['val'])} articles): hit_at_1={hit_at_1(val_scores, val_labels):.3f} "
          f"article_auc={roc_auc_score(v_y, v_x[:, 0]):.3f} "
          f"calibrated_auc={roc_auc_score(v_y, article_lr.predict_proba(v_x)[:, 1]):.3f} "
          f"alert {alert}: {np.mean(clean_top >= alert):.1%} of clean and {np.mean(caught):.1%} of manipulated articles")
    print(f"  {'':<24}" + "".join(f"{k:>11}" for k in heads))
    for j, name in enumerate(names):
        print(f"  {name:<24}" + "".join(f"{h.coef_[0][j]:>+11.3f}" for h in heads.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

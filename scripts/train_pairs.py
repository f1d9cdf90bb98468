"""Train the pair judgement model on ANS train, report dev, write ``src/qawl/data/models/pairs.json``.

    nice .venv/bin/python scripts/train_pairs.py            # ../shared/data/ans, cache in ~/.cache/qawl

Sentence vectors are cached on disk (``--cache``, a SQLite file outside the repo), so a
re-run embeds nothing and takes seconds.  The test split is never read here: measure it
once with ``qawl pairs`` and ``../shared/eval/score.py`` when the model is settled.
Needs scikit-learn (a dependency of qawl).
"""
from __future__ import annotations

import argparse
import collections
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from qawl.claims.embed import Embedder
from qawl.claims.features import read_side
from qawl.claims.pairs import FEATURES, LABELS, MEANING_FEATURES, PairModel, dense_features

ROOT = Path(__file__).resolve().parent.parent
#: A root indicator needs this many training pairs, or it is noise.
MIN_ROOT_COUNT = 2
#: Inverse regularisation strength, tuned on dev (0.3 and 1.0 were within 0.005 of each other).
C = 1.0


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def idf_table(texts: list[str]) -> tuple[dict[str, float], float]:
    """Smoothed idf of each word key over the training texts; unseen words get the highest."""
    df = collections.Counter(k for t in texts for k in set(read_side(t).keys))
    n = len(texts)
    return {k: math.log((n + 1) / (c + 1)) + 1 for k, c in df.items()}, math.log(n + 1) + 1


def features(rows: list[dict], embed: Embedder, idf: dict[str, float], unknown: float):
    pairs = [(r["a"], r["b"]) for r in rows]
    vectors = embed([a for a, _ in pairs] + [b for _, b in pairs])
    return dense_features(pairs, vectors, idf, unknown)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "../shared/data/ans")
    ap.add_argument("--cache", default="~/.cache/qawl/ans-e5.sqlite", help="on-disk vector cache (SQLite)")
    ap.add_argument("--out", type=Path, default=ROOT / "src/qawl/data/models/pairs.json")
    args = ap.parse_args(argv)

    t0 = time.time()
    train, dev = load(args.data / "train.pairs.jsonl"), load(args.data / "dev.pairs.jsonl")
    embed = Embedder(cache=args.cache)
    texts = list(dict.fromkeys([r["a"] for r in train] + [r["b"] for r in train]))
    idf, unknown = idf_table(texts)
    dense_tr, roots_tr = features(train, embed, idf, unknown)
    dense_dv, roots_dv = features(dev, embed, idf, unknown)

    counts = collections.Counter(r for rs in roots_tr for r in set(rs))
    vocab = sorted(r for r, c in counts.items() if c >= MIN_ROOT_COUNT)
    mean, scale = dense_tr.mean(axis=0), dense_tr.std(axis=0)
    scale[scale == 0] = 1.0
    shell = PairModel(FEATURES + MEANING_FEATURES, mean, scale, {r: i for i, r in enumerate(vocab)},
                      np.zeros((len(LABELS), 0)), np.zeros(len(LABELS)), LABELS, idf, unknown)
    y_tr = np.array([LABELS.index(r["label"]) for r in train])
    y_dv = np.array([LABELS.index(r["label"]) for r in dev])
    # unrelated is 2 % of the pairs: balanced weights make its errors count as much as the others'
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    clf.fit(shell.design(dense_tr, roots_tr), y_tr)
    model = PairModel(shell.dense, mean, scale, shell.vocab, clf.coef_, clf.intercept_, LABELS, idf, unknown)

    pred = model.probabilities(model.design(dense_dv, roots_dv)).argmax(axis=1)
    per_class = f1_score(y_dv, pred, average=None, labels=range(len(LABELS)))
    print(f"train {len(train)} pairs, dev {len(dev)} pairs, {len(vocab)} root indicators, {time.time() - t0:.0f}s")
    print(f"dev macro_f1 {f1_score(y_dv, pred, average='macro'):.4f}  "
          + "  ".join(f"{lab} {f:.3f}" for lab, f in zip(LABELS, per_class)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

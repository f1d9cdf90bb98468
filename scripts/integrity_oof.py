"""Out-of-fold figures of one integrity training setting on generated TRAINING articles only.

    nice .venv/bin/python scripts/integrity_oof.py kinds [--data build/integrity/train.jsonl] [--setting ...] [--blend 0.5]
    nice .venv/bin/python scripts/integrity_oof.py cross OTHER.jsonl [--data ...] [--setting ...] [--blend 0.5]

``kinds``: hit_at_1 out of fold (5 folds by base article, as ``train_integrity.py``'s CV) by the
kinds of an article's insertions (``integrity_kinds``): which insertions the model misses.
``cross``: the same folds over two training sets made from the same articles by two generators
(``--data`` and ``OTHER``, e.g. the first generator's and the host-matched one), each model tested
on the held-out articles of both: whether a model keys on one generator's habits (it would rank
its own generator's articles better than the other's).  Dev and the evaluation splits are never
read here.  ``--setting`` is a ``train_integrity.Setting``'s keyword arguments as JSON
(default: the shipped heads' setting, C=1 with relative inputs).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

import train_integrity as train
from qawl.integrity.model import Model

FOLDS = 5


def fold_of(bases: set[str]) -> dict[str, int]:
    """Each base article's fold (seeded), the same for every set made from those articles."""
    order = np.random.default_rng(0).permutation(sorted(bases))
    return {b: k % FOLDS for k, b in enumerate(order)}


def out_of_fold(arts: list[train.Article], tests: list[list[train.Article]], folds: dict[str, int],
                variant: train.Variant, names: list[str]) -> list[tuple[list, list[float]]]:
    """Sentence logits and article scores of every article of each of ``tests``, by the model fitted
    on the folds of ``arts`` that do not hold it."""
    family = train.family_of_signals()
    base = train.Base(Model.from_dict(json.loads(train.BASE.read_text(encoding="utf-8"))), names)
    out = [([None] * len(t), [0.0] * len(t)) for t in tests]
    for f in range(FOLDS):
        fit_on = [a for a in arts if folds[a.base] != f]
        fit = train.Fitted(fit_on, train.Heads(fit_on, names, family, variant.setting), base, variant)
        for (logits, scores), test in zip(out, tests):
            for k, a in enumerate(test):
                if folds.get(a.base) == f:
                    logits[k], scores[k] = fit.logits(a.x), fit.article_score(a.x)
    return out


def rows_of(data: Path, arts: list[train.Article]) -> list[dict]:
    """The data rows the articles were read from (those without news sentences are left out: an
    article's copies are read alike, so a base article's rows are kept or left out together)."""
    rows = [json.loads(line) for line in open(data, encoding="utf-8") if line.strip()]
    if len(rows) == len(arts):
        return rows
    kept, k = [], 0
    for a in arts:
        while rows[k]["base"] != a.base:
            k += 1
        kept.append(rows[k])
        k += 1
    return kept


def by_kinds(data: Path, variant: train.Variant) -> None:
    names, arts = train.read_articles(data, None)
    ((logits, _),) = out_of_fold(arts, [arts], fold_of({a.base for a in arts}), variant, names)
    hits: dict[str, list[float]] = defaultdict(list)
    for row, a, s in zip(rows_of(data, arts), arts, logits):
        if a.y.any():
            kinds = sorted(set(row["kinds"]))
            hits["only " + kinds[0] if len(kinds) == 1 else "mixed"].append(float(a.y[s == s.max()].mean()))
    print(f"{variant}: hit_at_1 out of fold by the kinds of an article's insertions")
    for kind, got in sorted(hits.items(), key=lambda kv: -len(kv[1])):
        print(f"  {kind:26s} {len(got):5d} articles  {np.mean(got):.3f}")


def cross(data: Path, other: Path, variant: train.Variant) -> None:
    sets = {p.name if p.name != data.name else str(p): train.read_articles(p, None) for p in (data, other)}
    names = next(iter(sets.values()))[0]
    folds = fold_of({a.base for _, arts in sets.values() for a in arts})
    tests = [arts for _, arts in sets.values()]
    for trained_on, (_, arts) in sets.items():
        for tested_on, test, (logits, scores) in zip(sets, tests, out_of_fold(arts, tests, folds, variant, names)):
            keep = [k for k, s in enumerate(logits) if s is not None]
            hit = train.hit_at_1([logits[k] for k in keep], [test[k].y for k in keep])
            auc = roc_auc_score([bool(test[k].y.any()) for k in keep], [scores[k] for k in keep])
            print(f"{variant}: trained on {trained_on}, tested on {tested_on}: hit_at_1 {hit:.3f} article_auc {auc:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("kinds", "cross"))
    parser.add_argument("other", type=Path, nargs="?", help="cross: the other generator's training set")
    parser.add_argument("--data", type=Path, default=train.DATA)
    parser.add_argument("--setting", default='{"C": 1.0, "own_families": false, "relative": true}',
                        help="train_integrity.Setting's keyword arguments as JSON")
    parser.add_argument("--blend", type=float, default=0.5, help="the new heads' share against the former weights")
    args = parser.parse_args(argv)
    variant = train.Variant(train.Setting(**json.loads(args.setting)), args.blend)
    if args.what == "cross":
        if args.other is None:
            parser.error("cross needs the other generator's training set")
        cross(args.data, args.other, variant)
    else:
        by_kinds(args.data, variant)
    return 0


if __name__ == "__main__":
    sys.exit(main())

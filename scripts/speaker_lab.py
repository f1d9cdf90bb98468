#!/usr/bin/env python3
"""Out-of-fold study of the speaker ranker on the training articles (never dev, never check).

``train_attributions.py`` scores the full extractor per fold (minutes a setting); this script
answers the ranker's own question fast, on the statements the rules recorded once: of the
proposed statements that match a gold one and have a right candidate among others, how often
does the fold's ranker pick a right one?  It selects features and models before the full CV
confirms them.  ``--errors`` instead runs the full CV once and breaks the out-of-fold errors
down (speaker wrong / content missed / extra) with the training statements where the speaker
was wrong, to read.

    python scripts/speaker_lab.py --c-speaker 0.03 0.1 --margins 0.5 1.0
    python scripts/speaker_lab.py --errors 40
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path
from typing import Any, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_attributions as ta  # noqa: E402
from qawl.attribution.decide import Decider  # noqa: E402


def folds_of(n: int, folds: int, seed: int = 15) -> dict[int, int]:
    """The article folds of ``train_attributions.cross_validate`` (same seed, same order)."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return {a: k % folds for k, a in enumerate(order)}


def decidable(recs: list[list[dict[str, Any]]], fold_of: dict[int, int], k: int) -> Iterator[dict[str, Any]]:
    """The statements of fold ``k`` the ranker can get right: a gold report with a right candidate."""
    for n, statements in enumerate(recs):
        if fold_of[n] == k:
            yield from (s for s in statements if s["report"] and any(s["speaks"]))


def ranker_accuracy(recs: list[list[dict[str, Any]]], fold_of: dict[int, int], folds: int, c: float,
                    margin: float) -> dict[str, float]:
    """Out-of-fold: right picks / decidable statements (a gold match with a right candidate)."""
    hit = tot = rules = fresh_hit = fresh_tot = 0
    for k in range(folds):
        tr = [recs[n] for n in range(len(recs)) if fold_of[n] != k]
        dec = ta.train(tr, c, 1.0, 0.0, margin)
        ranker = Decider(dec.speaker_model, None, 0.0, margin)
        for s in decidable(recs, fold_of, k):
            ok = s["speaks"][ranker.speaker(s["sfeats"]).index]
            hit += ok
            tot += 1
            rules += s["speaks"][0]
            if s.get("fresh"):
                fresh_hit += ok
                fresh_tot += 1
    return {"acc": hit / tot, "rules": rules / tot, "n": tot, "fresh": fresh_hit / max(fresh_tot, 1)}


def hgb_accuracy(recs, fold_of: dict[int, int], folds: int, margin: float, drop: str | None = None) -> dict[str, float]:
    """The same question answered by gradient boosting (pointwise, on features seen 20+ times):
    does a nonlinear model find what the pairwise logistic ranker misses?"""
    import collections as co

    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    hit = tot = 0
    for k in range(folds):
        groups = [s for n in range(len(recs)) if fold_of[n] != k for s in recs[n]
                  if s["report"] and any(s["speaks"]) and not all(s["speaks"])]
        counts = co.Counter(f for s in groups for fs in s["sfeats"] for f in set(fs))
        vocab = {f: i for i, f in enumerate(f for f, c in counts.items() if c >= 20)}

        def dense(fss, vocab=vocab):
            x = np.zeros((len(fss), len(vocab) + 2), dtype=np.float32)
            for r, fs in enumerate(fss):
                for f in fs:
                    if f in vocab:
                        x[r, vocab[f]] = 1
                x[r, -1] = r == 0
                x[r, -2] = len(fss)
            return x
        xs = np.vstack([dense(s["sfeats"]) for s in groups])
        ys = np.array([y for s in groups for y in s["speaks"]])
        m = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.2, max_leaf_nodes=31, random_state=0)
        m.fit(xs, ys)
        for s in decidable(recs, fold_of, k):
            if len(s["speaks"]) == 1:
                pick = 0
            else:
                lg = m.decision_function(dense(s["sfeats"]))
                lg[0] += margin
                pick = int(np.argmax(lg))
            hit += s["speaks"][pick]
            tot += 1
    return {"acc": hit / tot, "rules": 0.0, "n": tot, "fresh": 0.0}


def errors(arts, recs, folds: int, setting: tuple[float, float, float, float], show: int) -> None:
    """The full CV's out-of-fold predictions, their errors counted by kind, and some to read."""
    fold_of = folds_of(len(arts), folds)
    pred: dict[int, Any] = {}
    for k in range(folds):
        dec = ta.train([recs[n] for n in range(len(arts)) if fold_of[n] != k], *setting)
        held = [n for n in range(len(arts)) if fold_of[n] == k]
        got = ta.evaluate([arts[n] for n in held], dec)
        pred.update({held[m]: d for m, d in got.items()})
    kinds: collections.Counter[str] = collections.Counter()
    wrong = []
    for n, art in enumerate(arts):
        golds, preds = art["attributions"], pred[n]["attributions"]
        match = ta.align(golds, [ta.score.span_text(p["content"]) for p in preds])
        for j, p in enumerate(preds):
            if j not in match:
                kinds["extra"] += 1
                continue
            g = golds[match[j]]
            if ta.score.source_ok(ta.score.span_text(p.get("source")), g):
                kinds["right"] += 1
            else:
                kinds["speaker wrong"] += 1
                wrong.append((art["id"], p, g))
        kinds["missed"] += len(golds) - len(match)
    print(dict(kinds))
    print(ta._scores(dict(enumerate(arts)), pred))
    by_rule = collections.Counter((p.get("rule"), bool(p.get("implicit"))) for _, p, _ in wrong)
    print("speaker wrong by (rule, implicit):", by_rule.most_common(12))
    for aid, p, g in random.Random(3).sample(wrong, min(show, len(wrong))):
        print(f"--- {aid} rule={p.get('rule')} implicit={p.get('implicit')} cue={p['cue']['text']}")
        print(f"  pred: {ta.score.span_text(p.get('source'))!r}  gold: {g.get('source')!r}")
        print(f"  content: {ta.score.span_text(p['content'])[:120]}")
        print(f"  why: {p.get('explain', {}).get('speaker', {}).get('candidates') if p.get('explain') else ''}")


def recorded(arts) -> list[list[dict[str, Any]]]:
    """The rules' records of every article, cached by the attribution stage's source, its data
    files (a cue added to cues.tsv changes the records) and the articles."""
    import hashlib
    import pickle

    src = Path(ta.ROOT, "src", "qawl")
    files = sorted((src / "attribution").glob("*.py")) + sorted((src / "data").glob("*.tsv"))
    ids = "\n".join(str(a["id"]) for a in arts).encode()
    digest = hashlib.sha1(b"".join(p.read_bytes() for p in files) + ids).hexdigest()[:12]
    cache = Path("/tmp", f"speaker_lab_{digest}.pkl")
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    recs = [ta.record(a) for a in arts]
    cache.write_bytes(pickle.dumps(recs))
    return recs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c-speaker", type=float, nargs="+", default=[0.03])
    ap.add_argument("--margins", type=float, nargs="+", default=[1.0])
    ap.add_argument("--drop", nargs="*", default=[], help="leave out speaker features matching these regexes "
                    "(each run: all, then one left out at a time)")
    ap.add_argument("--hgb", action="store_true", help="gradient boosting instead of the logistic ranker")
    ap.add_argument("--errors", type=int, default=0, help="run the full CV once and show this many speaker errors")
    args = ap.parse_args()
    arts = ta.training_articles()
    recs = recorded(arts)
    for art, rec in zip(arts, recs):
        for s in rec:
            s["fresh"] = str(art["id"]).startswith("f-")
    if args.errors:
        errors(arts, recs, args.folds, (args.c_speaker[0], 1.0, 0.1, args.margins[0]), args.errors)
        return
    fold_of = folds_of(len(arts), args.folds)
    flat = [s for rec in recs for s in rec if s["report"]]
    print(f"reports {len(flat)}: a right candidate {sum(any(s['speaks']) for s in flat)}, "
          f"none right {sum(not any(s['speaks']) for s in flat)}, only one candidate {sum(len(s['speaks']) == 1 for s in flat)}")
    for drop in [None] + args.drop:
        use = ta.drop_speaker_features(recs, drop)
        for c in args.c_speaker:
            for m in args.margins:
                r = (hgb_accuracy(use, fold_of, args.folds, m) if args.hgb
                     else ranker_accuracy(use, fold_of, args.folds, c, m))
                print(f"drop {drop} C {c} margin {m}: ranker {r['acc']:.4f} (rules {r['rules']:.4f}, fresh {r['fresh']:.4f}, n {r['n']})")


if __name__ == "__main__":
    main()

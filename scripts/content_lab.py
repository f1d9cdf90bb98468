#!/usr/bin/env python3
"""Content-boundary accuracy out of fold on the training articles (never dev, never check).

A proposed statement that reports a gold one (some proposed end overlaps it, F1 >= 0.5, aligned
greedily as ``train_attributions.align_ends``) has its end right when the chosen end's content
matches the gold content as the scorer matches (F1 >= 0.5).  The rules' ends against the
content ranker's, trained on the other folds (folds by article, as the training script's CV):
a quick look at C, margin and features before the full CV of ``train_attributions.py``.

    python scripts/content_lab.py --c-content 0.03 0.1 0.3 --content-margins 0 0.5 1
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_attributions as ta  # noqa: E402
from speaker_lab import folds_of, recorded  # noqa: E402  the rules' records, cached
from qawl.attribution.decide import Decider  # noqa: E402


def accuracy(recs: list[list[dict[str, Any]]], fold_of: dict[int, int], folds: int, c: float, margin: float,
             fresh: set[int]) -> dict[str, Any]:
    """Right ends out of fold, of the rules and of the ranker, overall and on the fresh articles,
    and the ranker's right ends by the reason of the end it chose."""
    out = collections.Counter()
    by_reason: collections.Counter[str] = collections.Counter()
    for k in range(folds):
        model = ta.fit_pairs(ta.end_groups([recs[n] for n in range(len(recs)) if fold_of[n] != k]), c)
        dec = Decider(content=model, content_margin=margin)
        for n in (n for n in range(len(recs)) if fold_of[n] == k):
            for s in recs[n]:
                if not s["end_f1"] or not s["efeats"]:
                    continue
                pick = dec.content(s["efeats"]).index
                right, rule_right = s["end_f1"][pick] >= 0.5, s["end_f1"][0] >= 0.5
                for key in ("all", "fresh") if n in fresh else ("all",):
                    out[f"{key}_n"] += 1
                    out[f"{key}_rule"] += rule_right
                    out[f"{key}_ranker"] += right
                if pick:
                    by_reason[f"{s['efeats'][pick][0]} {'fixed' if right and not rule_right else 'broke' if rule_right and not right else 'same'}"] += 1
    return {"out": out, "reasons": by_reason}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c-content", type=float, nargs="+", default=[0.1])
    ap.add_argument("--content-margins", type=float, nargs="+", default=[1.0])
    ap.add_argument("--slack", type=float, nargs="+", default=[ta.END_SLACK])
    args = ap.parse_args()
    arts = [a for a in ta.training_articles(True, ta.HELD_BATCHES) if not str(a["id"]).startswith("s-aner-")]
    recs = recorded(arts)
    fresh = {n for n, a in enumerate(arts) if str(a["id"]).startswith("f-")}
    fold_of = folds_of(len(arts), args.folds)
    ends = collections.Counter(e[0] for rec in recs for s in rec for e in s["efeats"])
    print(f"{len(arts)} articles, {sum(map(len, recs))} statements; ends proposed: {dict(ends)}")
    oracle = [s for rec in recs for s in rec if s["end_f1"]]
    print(f"aligned {len(oracle)}: rules' end right {sum(s['end_f1'][0] >= 0.5 for s in oracle)}, "
          f"some end right {sum(max(s['end_f1']) >= 0.5 for s in oracle)}")
    for slack in args.slack:
        ta.END_SLACK = slack
        for c in args.c_content:
            for m in args.content_margins:
                r = accuracy(recs, fold_of, args.folds, c, m, fresh)
                o = r["out"]
                print(f"slack {slack} C {c} margin {m}: rules {o['all_rule'] / o['all_n']:.4f} -> ranker "
                      f"{o['all_ranker'] / o['all_n']:.4f} (fresh {o['fresh_rule'] / max(1, o['fresh_n']):.4f} -> "
                      f"{o['fresh_ranker'] / max(1, o['fresh_n']):.4f}, n {o['all_n']}); {dict(sorted(r['reasons'].items()))}")


if __name__ == "__main__":
    main()

"""The integrity figures on dev and on the two evaluation splits, by the reference scorer.

    .venv/bin/python scripts/score_integrity_splits.py [--sets dev seed outlets]

Each set is analysed (``analyze_record``, as ``qawl analyze --json``) into ``build/integrity/pred_SET.jsonl``
and scored by ``../shared/eval/score.py integrity``.  ``seed`` and ``outlets`` are made by
``make_integrity_data.py`` and never trained or tuned on; dev is for measuring only.  Only the
figures are printed, never which sentences a set misses.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from qawl.api import analyze_record

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = {"dev": SHARED / "data" / "dev" / "manipulated.jsonl",
        "seed": ROOT / "build" / "integrity" / "eval_seed.jsonl",
        "outlets": ROOT / "build" / "integrity" / "eval_outlets.jsonl"}


def score(name: str, gold: Path) -> dict:
    pred = ROOT / "build" / "integrity" / f"pred_{name}.jsonl"
    if not gold.exists():
        raise SystemExit(f"score_integrity_splits: {gold} is missing: make it with scripts/make_integrity_data.py")
    pred.parent.mkdir(parents=True, exist_ok=True)
    with open(gold, encoding="utf-8") as f, open(pred, "w", encoding="utf-8") as w:
        for line in f:
            if line.strip():
                w.write(json.dumps(analyze_record(json.loads(line)).to_dict(), ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "integrity", str(gold), str(pred)],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout[: res.stdout.rindex("}") + 1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    args = parser.parse_args(argv)
    print("| set | articles | manipulated | hit_at_1 | article_auc | sentence_auc |")
    print("|---|---|---|---|---|---|")
    for name in args.sets:
        got = score(name, SETS[name])
        print(f"| {name} | {got['articles']} | {got['manipulated']} | {got['hit_at_1']:.3f} | {got['article_auc']:.3f} "
              f"| {got['sentence_auc']:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

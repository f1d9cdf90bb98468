"""Set the shipped integrity model's alert threshold on clean training articles.

    nice .venv/bin/python scripts/set_integrity_alert.py [--data build/integrity/train.jsonl] [--target 0.015]

The alert threshold is the article score that ``--target`` of the clean originals of the
generated training set pass (``make_integrity_data.py``; never dev, never the evaluation
splits).  Only ``alert`` changes: the weights, and so every ranking and every AUC, stay.
The share of manipulated training articles caught at that threshold is printed beside it.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from qawl.api import analyze_record
from qawl.integrity.model import MODEL_FILE, load
from qawl.options import Options

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "build" / "integrity" / "train.jsonl"
MODEL = ROOT / "src" / "qawl" / "data" / "models" / MODEL_FILE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--target", type=float, default=0.015, help="share of clean articles that may pass")
    args = parser.parse_args(argv)
    scores: dict[bool, list[float]] = {True: [], False: []}
    for line in open(args.data, encoding="utf-8"):
        row = json.loads(line)
        doc = analyze_record(row, Options(only=("integrity",)))
        scores[bool(row["inserted"])].append(doc.integrity["score"])
    clean, manipulated = np.array(scores[False]), np.array(scores[True])
    alert = round(float(np.quantile(clean, 1 - args.target)), 4)
    model = json.loads(MODEL.read_text(encoding="utf-8"))
    model["alert"] = alert
    MODEL.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    load.cache_clear()
    print(f"alert {alert}: {np.mean(clean >= alert):.1%} of {len(clean)} clean and "
          f"{np.mean(manipulated >= alert):.1%} of {len(manipulated)} manipulated training articles pass it")
    return 0


if __name__ == "__main__":
    sys.exit(main())

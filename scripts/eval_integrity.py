"""Where the inserted sentences of a manipulated set rank, article by article, and why.

    .venv/bin/python scripts/eval_integrity.py [../shared/data/dev/manipulated.jsonl] [--top 3]

For reading errors, not for scoring: the figures are the reference scorer's
(``../shared/eval/score.py integrity``).  Each article shows the rank of its inserted
sentences and its top sentences with their suspicion and reasons.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qawl.api import analyze_record

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev" / "manipulated.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEV)
    parser.add_argument("--top", type=int, default=3)
    args = parser.parse_args(argv)
    for line in open(args.path, encoding="utf-8"):
        if not line.strip():
            continue
        row = json.loads(line)
        doc = analyze_record(row)
        spans = [(row["text"].find(s), row["text"].find(s) + len(s)) for s in row.get("inserted", [])]
        scored = sorted(doc.integrity["sentences"], key=lambda s: -s["suspicion"])
        ranks = [k + 1 for k, s in enumerate(scored)
                 if any(min(s["end"], b) - max(s["start"], a) >= 0.5 * (b - a) for a, b in spans)]
        print(f"{row['id']} {row.get('kind', '')} score={doc.integrity.get('score')} "
              f"sentences={len(scored)} inserted at rank {ranks or '-'}")
        for k, s in enumerate(scored[: args.top], 1):
            mark = "*" if k in ranks else " "
            text = doc.text[s["start"] : s["end"]].replace("\n", " ")
            print(f"  {mark}{k}. {s['suspicion']:.3f} {text[:90]}")
            for r in s["reasons"]:
                print(f"        - {r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

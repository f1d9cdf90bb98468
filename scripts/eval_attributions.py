#!/usr/bin/env python3
"""Score qawl's attributions on a gold file with the reference scorer, and show errors.

    python scripts/eval_attributions.py ../shared/data/dev/articles.jsonl [--errors N]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from qawl.api import analyze_record

SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("--scorer", default=str(SCORER))
    ap.add_argument("--errors", type=int, default=0, help="print this many missed and spurious attributions")
    args = ap.parse_args()
    gold = [json.loads(line) for line in open(args.gold, encoding="utf-8") if line.strip()]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        docs = {}
        for g in gold:
            d = analyze_record(g).to_dict()
            docs[g["id"]] = d
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, args.scorer, "attributions", args.gold, f.name], capture_output=True, text=True)
    print(res.stdout.strip())
    if args.errors:
        sys.path.insert(0, str(Path(args.scorer).parent))
        import score  # the reference scorer's own token overlap

        shown = 0
        for g in gold:
            preds = docs[g["id"]]["attributions"]
            for ga in g["attributions"]:
                best = max(preds, key=lambda pa: score.overlap_f1(pa["content"]["text"], ga["content"]), default=None)
                ok = best is not None and score.overlap_f1(best["content"]["text"], ga["content"]) >= 0.5
                if not ok or not score.source_ok(best["source"] and best["source"]["text"], ga) or best["polarity"] != ga["polarity"]:
                    if shown < args.errors:
                        shown += 1
                        k = g["text"].find(ga["content"])
                        print(f"\n  CONTEXT: {g['text'][max(0, k - 120):k + 40]!r}")
                        print(f"[{g['id']}] GOLD {ga['cue']} | {ga['source']} | {ga['type']} {ga['polarity']} | {ga['content'][:90]}")
                        if best is not None and ok:
                            print(f"      PRED {best['cue']['text']} | {best['source'] and best['source']['text']} | {best['type']} {best['polarity']} | {best['content']['text'][:90]}")
                        else:
                            print("      MISSED")
            for pa in preds:
                if all(score.overlap_f1(pa["content"]["text"], ga["content"]) < 0.5 for ga in g["attributions"]):
                    if shown < args.errors:
                        shown += 1
                        print(f"\n[{g['id']}] SPURIOUS {pa['cue']['text']} | {pa['source'] and pa['source']['text']} | {pa['content']['text'][:90]}")


if __name__ == "__main__":
    main()

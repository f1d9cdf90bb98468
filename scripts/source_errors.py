#!/usr/bin/env python3
"""Out-of-fold statements whose speaker is wrong, on training articles only (never dev, never check).

Reads the out-of-fold predictions ``train_attributions.py --cv-only --dump FILE`` wrote, and
counts the matched statements with a wrong source by the rule that proposed them, by the kind of
the gold speaker (an earlier speaker of the article, one named earlier without a cue, one named in
the cue's own sentence, an outlet or a document, one not written before the cue) and by whether
the gold speaker was among the ranker's candidates (the rules re-run with a recorder).  The
speaker round of issue 15 reads these to choose what to add as candidates or features.

    python scripts/source_errors.py /tmp/oof.jsonl --prefix f-    # fresh/train's 90 articles
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_attributions as ta  # noqa: E402
from qawl.api import analyze  # noqa: E402
from qawl.attribution.lexicon import head_class  # noqa: E402
from qawl.options import Options  # noqa: E402

TOKENS = Options(only=("tokens",))


def gold_kind(art: dict, golds: list[dict], i: int, cue_at: int) -> str:
    """What the gold speaker of statement ``i`` is, read from the article's text before the cue."""
    g = golds[i]
    src = g.get("source") or ""
    if any(ta.score.source_ok(e.get("source"), g) for e in golds[:i] if e.get("source")):
        return "earlier speaker"
    doc = analyze(src, TOKENS)
    if head_class([t for t in doc.tokens if t.is_word]) == "media":
        return "outlet/document"
    text = art["text"]
    where = text.rfind(src, 0, max(cue_at, 0)) if src else -1
    if where < 0:
        return "not written before the cue"
    stop = max(text.rfind(c, 0, cue_at) for c in ".!?\n")
    return "named in the cue's sentence" if where > stop else "named earlier without a cue"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump", type=Path)
    ap.add_argument("--prefix", default="f-", help="article ids to read (f-: fresh/train)")
    args = ap.parse_args()
    pred = {d["id"]: d for d in map(json.loads, args.dump.read_text(encoding="utf-8").splitlines())}
    arts = [a for a in ta.training_articles(held=ta.HELD_BATCHES) if str(a["id"]).startswith(args.prefix) and a["id"] in pred]
    by: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    right = wrong = 0
    for art in arts:
        golds, preds = art["attributions"], pred[art["id"]]["attributions"]
        match = ta.align(golds, [ta.score.span_text(p["content"]) for p in preds])
        seen = {s["content"]: s["keys"] for s in ta.record(art)}
        for j, i in match.items():
            p, g = preds[j], golds[i]
            if ta.score.source_ok(ta.score.span_text(p.get("source")), g):
                right += 1
                continue
            wrong += 1
            keys = seen.get(ta.score.span_text(p["content"]), [])
            among = "among candidates" if any(ta.score.source_ok(k, g) for k in keys) else "not a candidate"
            kind = gold_kind(art, golds, i, p["cue"]["start"])
            by["rule"][f"{p.get('rule')}{' (implicit)' if p.get('implicit') else ''}"] += 1
            by["gold speaker"][kind] += 1
            by["candidates"][among] += 1
            by["gold speaker x candidates"][f"{kind} | {among}"] += 1
    print(f"{len(arts)} articles: source right {right}, wrong {wrong} (source_acc {right / max(right + wrong, 1):.4f})")
    for name, counts in by.items():
        print(f"{name}: " + "; ".join(f"{k} {n}" for k, n in counts.most_common()))


if __name__ == "__main__":
    main()

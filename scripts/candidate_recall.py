#!/usr/bin/env python3
"""Candidate recall of the speaker decision on the training articles (never dev, never check).

The ranker can only pick a right speaker if one of its candidates is right.  Of the proposed
statements that match a gold report, the share with a right candidate is the ceiling of the
speaker decision; this script prints it per source set (``f-`` fresh/train, ``t-`` the shared
silver set, ``s-snn-`` ours over SaudiNewsNet, ``s-aner-`` ANERcorp pseudo-articles, other
outlets) and per proposer (which generator holds the right candidate), from the records of
``speaker_lab.recorded`` (cached).  ``--show N`` re-reads N training articles and prints their
statements with no right candidate, with a guess at why, to read:

* ``in sentence``: the gold speaker is written in the cue's sentence but no generator proposes it;
* ``earlier speaker`` / ``earlier mention``: it was named before, as a speaker or without a cue;
* ``short form``: the sentence has only part of its name (a surname), the full name came earlier;
* ``not in text before``: none of the above.

    python scripts/candidate_recall.py [--show 40]
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speaker_lab  # noqa: E402
import train_attributions as ta  # noqa: E402
from qawl.api import analyze_record  # noqa: E402
from qawl.attribution.decide import using  # noqa: E402

SETS = (("fresh", "f-"), ("silver", "t-"), ("ours snn", "s-snn-"), ("other outlets", "s-aner-"))


def recall(arts: list[dict[str, Any]], recs: list[list[dict[str, Any]]]) -> None:
    """Share of gold-matched statements with a right candidate, per source set, and which proposer holds it."""
    for name, prefix in SETS + (("training (no s-aner-)", ""),):
        rows = [s for a, r in zip(arts, recs) if str(a["id"]).startswith(prefix)
                and (prefix or not str(a["id"]).startswith("s-aner-")) for s in r if s["report"]]
        if rows:
            right = sum(any(s["speaks"]) for s in rows)
            print(f"{name:<24} reports {len(rows):>6}  right candidate {right:>6}  recall {right / len(rows):.4f}")
    by = collections.Counter()
    only = collections.Counter()
    for a, r in zip(arts, recs):
        if str(a["id"]).startswith("s-aner-"):
            continue
        for s in r:
            if not s["report"]:
                continue
            kinds = [k for fs, ok in zip(s["sfeats"], s["speaks"]) if ok for k in _proposers(fs)]
            by.update(set(kinds))
            if len(set(kinds)) == 1:
                only.update(kinds)
    print("right candidate proposed by:", by.most_common())
    print("right candidate proposed by that proposer alone:", only.most_common())


def _proposers(feats: list[str]) -> list[str]:
    return [f[3:] for f in feats if f.startswith("by=")]


class Seen(ta.Recorder):
    """The recorder, with the statement's sentence and cue, to read misses."""

    def observe(self, doc, cands, speaker_feats, report_feats, content, chosen) -> None:  # type: ignore[override]
        super().observe(doc, cands, speaker_feats, report_feats, content, chosen)
        sent = next((s for s in doc.sentences if s.start <= content.start < s.end), None)
        self.seen[-1]["sentence"] = doc.text[sent.start:sent.end] if sent is not None else ""
        self.seen[-1]["before"] = doc.text[: sent.start] if sent is not None else ""


def why_missed(s: dict[str, Any], g: dict[str, Any]) -> str:
    import score  # the reference scorer (ta puts its folder on the path)

    src = g.get("source") or ""
    words = score.tokens(src)
    sent, before = set(score.tokens(s["sentence"])), score.tokens(s["before"])
    if words and set(words) <= sent:
        return "in sentence"
    if words and len(words) > 1 and set(words) & sent and set(words) <= set(before):
        return "short form"
    if words and set(words) <= set(before):
        return "earlier"
    return "not in text before"


def show(arts: list[dict[str, Any]], n: int) -> None:
    pool = [a for a in arts if not str(a["id"]).startswith("s-aner-")]
    random.Random(7).shuffle(pool)
    kinds: collections.Counter[str] = collections.Counter()
    shown = 0
    for art in pool[: max(n, 60)]:
        rec = Seen()
        with using(rec):
            analyze_record(art, ta.ONLY)
        match = ta.align(art["attributions"], [s["content"] for s in rec.seen])
        for j, s in enumerate(rec.seen):
            if j not in match:
                continue
            g = art["attributions"][match[j]]
            if any(ta.score.source_ok(k, g) for k in s["keys"]):
                continue
            why = why_missed(s, g)
            kinds[why] += 1
            if shown < n:
                shown += 1
                print(f"--- {art['id']} [{why}] gold {g.get('source')!r} / {g.get('source_mention')!r}")
                print(f"  candidates: {s['keys']}")
                print(f"  sentence: {s['sentence'][:220]}")
    print(dict(kinds))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=0, help="print this many statements with no right candidate")
    args = ap.parse_args()
    arts = ta.training_articles()
    if args.show:
        show(arts, args.show)
        return
    recall(arts, speaker_lab.recorded(arts))


if __name__ == "__main__":
    main()

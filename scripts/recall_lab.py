#!/usr/bin/env python3
"""Statement recall on the training articles (never dev, never check): which gold statements
does no rule propose at all?

``train_attributions.py`` counts the statements missed after the learned decisions; this script
asks the rules alone, before the report filter: a gold statement is *unproposed* when no recorded
proposal overlaps its content as the scorer matches (F1 >= 0.5).  It breaks them down by the
gold cue lemma (and whether ``data/cues.tsv`` or ``according_to.tsv`` knows it), by the word
the cue is written as, and shows some with their sentence, to read and classify.

    python scripts/recall_lab.py                    # counts by lemma and cue form
    python scripts/recall_lab.py --show 40 --lemma قال   # read 40 unproposed ones of a lemma
"""
from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_attributions as ta  # noqa: E402
from speaker_lab import recorded  # noqa: E402  the rules' records, cached
from qawl.attribution.decide import Decider, using  # noqa: E402
from qawl.attribution.cues import according_to_phrases, cue_forms  # noqa: E402
from qawl.text.normalize import normalize  # noqa: E402


def unproposed(art: dict[str, Any], rec: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The gold statements of ``art`` no proposal overlaps (F1 >= 0.5), whichever matched first."""
    contents = [s["content"] for s in rec]
    return [g for g in art["attributions"]
            if not any(ta.score.overlap_f1(c, g["content"]) >= 0.5 for c in contents)]


def sentence_of(text: str, start: int, end: int) -> str:
    a = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    b = min([x for x in (text.find(".", end), text.find("\n", end)) if x >= 0] or [len(text)])
    return text[a:b + 1].strip()


def stages(arts: list[dict[str, Any]]) -> list[list[tuple[int, str, Any]]]:
    """Every cue hit of every article, (character offset, matching form, the rule's Partial or
    None when its rule turned it down), read by running the rules with ``_parse_hit`` watched."""
    from qawl.attribution import extractor as ex

    seen: list[tuple[int, str, Any]] = []
    original = ex._parse_hit

    def watched(doc, toks, hit, end, mem, parts):
        p = original(doc, toks, hit, end, mem, parts)
        seen.append((toks[hit.i].start, toks[hit.i].norm, p))
        return p

    ex._parse_hit = watched
    out = []
    try:
        with using(Decider()):  # the rules alone: a statement the report filter would drop still comes out
            for a in arts:
                seen = []
                ta.analyze_record(a, ta.ONLY)
                out.append(seen)
    finally:
        ex._parse_hit = original
    return out


def stage_of(art: dict[str, Any], g: dict[str, Any], hits: list[tuple[int, str, Any]]) -> tuple[str, int]:
    """Where the rules lost gold statement ``g``: its cue is no hit (``no_hit``), its rule turned the
    hit down (``declined``), the statement never came out (``dropped``: no speaker candidate or no
    words; the rules run without the report filter), or it came out with content overlapping under half (``boundary``)."""
    text, cue = art["text"], normalize(g.get("cue") or "")
    k = text.find(g["content"])
    if k < 0 or not cue:
        return "unlocated", -1
    near = [(abs(off - k), form, p) for off, form, p in hits if form == cue and k - 400 <= off <= k + len(g["content"]) + 200]
    if not near:
        return "no_hit", -1
    d, _, p = min(near, key=lambda x: x[0])
    off = next(o for o, f, q in hits if q is p and abs(o - k) == d)
    if p is None:
        return "declined", off
    if p.result is None:
        return "dropped", off
    return "boundary", off


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--leave-out", nargs="*", default=["s-aner-"])
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--lemma", help="show only gold statements of this cue lemma")
    ap.add_argument("--stage", help="show only gold statements lost at this stage (no_hit, declined, dropped, boundary)")
    ap.add_argument("--brief", action="store_true", help="show each statement's cue in its context only")
    ap.add_argument("--unknown", action="store_true", help="show only lemmas the lexicon lacks")
    args = ap.parse_args()
    arts = [a for a in ta.training_articles() if not str(a["id"]).startswith(tuple(args.leave_out))]
    recs = recorded(arts)
    known = {normalize(c.lemma) for c in cue_forms().values()} | {normalize(p.lemma) for ps in according_to_phrases().values() for p in ps}
    n_gold = sum(len(a["attributions"]) for a in arts)
    miss = [(a, g) for a, r in zip(arts, recs) for g in unproposed(a, r)]
    print(f"{len(arts)} articles, {n_gold} gold statements, {sum(map(len, recs))} proposed, {len(miss)} unproposed")
    by_lemma = collections.Counter((normalize(g.get("cue_lemma") or ""), normalize(g.get("cue_lemma") or "") in known) for _, g in miss)
    print("by lemma (lemma, in lexicon):", by_lemma.most_common(45))
    print("by type:", collections.Counter(g.get("type") for _, g in miss).most_common())
    print("implicit:", collections.Counter(bool(g.get("implicit")) for _, g in miss).most_common())
    print("cue as written:", collections.Counter(normalize(g.get("cue") or "") for _, g in miss).most_common(60))
    hits = dict(zip((str(a["id"]) for a in arts), stages(arts)))
    lost = {id(g): stage_of(a, g, hits[str(a["id"])]) for a, g in miss}
    print("by stage:", collections.Counter(v[0] for v in lost.values()).most_common())
    print("declined by lemma:", collections.Counter(normalize(g.get("cue_lemma") or "") for _, g in miss if lost[id(g)][0] == "declined").most_common(25))
    print("no_hit by cue:", collections.Counter(normalize(g.get("cue") or "") for _, g in miss if lost[id(g)][0] == "no_hit").most_common(40))
    rows = [(a, g) for a, g in miss if (not args.lemma or normalize(g.get("cue_lemma") or "") == normalize(args.lemma))
            and (not args.stage or lost[id(g)][0] == args.stage)
            and (not args.unknown or normalize(g.get("cue_lemma") or "") not in known)]
    for a, g in random.Random(5).sample(rows, min(args.show, len(rows))):
        text = a["text"]
        k = text.find(g["content"])
        stage, off = lost[id(g)]
        print(f"--- [{stage}] {a['id']} cue={g.get('cue')!r} lemma={g.get('cue_lemma')} type={g.get('type')} src={g.get('source')!r}")
        if off >= 0:
            print(f"    at cue: ...{text[max(0, off - 90):off]}[[{text[off:off + 60]}]]".replace("\n", " / "))
        if args.brief:
            continue
        print("   ", sentence_of(text, k, k + len(g["content"])) if k >= 0 else g["content"])
        print("    content:", g["content"][:150])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Choose SaudiNewsNet articles for attribution annotation, the way ``fresh/`` was chosen.

An article qualifies when, trimmed at a paragraph boundary to at most 450 words, it has
150-450 words, at least 5 reporting-cue words and 2 per 100 words, and shares no paragraph
with any annotated or evaluation set in ``../shared/data`` (dev, train, fresh, stories).
The cue count is a plain word list below, not qawl's extractor: annotators must never see
qawl's output, and selection must not depend on what qawl finds.

    python scripts/select_annotation_articles.py --n 460 --seed 15 > data/annotations/articles.tsv

The first 528 exhaust those criteria. Later batches relax them and leave out what is taken:

    python scripts/select_annotation_articles.py --n 110 --seed 16 --min-cues 4 --min-density 1.2 \
        --exclude data/annotations/articles.tsv tests/data/world_snn_gold.jsonl tests/data/world_snn_train.jsonl

``--corpus anercorp`` chooses among the pseudo-articles of ANERcorp's train split instead
(``scripts/annotations.py``: newswire of other outlets than SaudiNewsNet's):
    python scripts/select_annotation_articles.py --corpus anercorp --n 100 --seed 17 --min-cues 4 --min-density 1.2
Output: one line per article, ``id<TAB>outlet<TAB>end`` where ``end`` is the code-point
length of the trimmed text (the text is ``article["text"][:end]``), round-robin over outlets.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CUE = re.compile(
    r"^(?:و|ف)?(?:قال|قالت|يقول|تقول|أكد|أكدت|يؤكد|مؤكدا|أوضح|أوضحت|موضحا|أضاف|أضافت|مضيفا|"
    r"أشار|أشارت|مشيرا|ذكر|ذكرت|أعلن|أعلنت|نفى|نفت|بحسب|حسب|وفقا|وفق|نقلا|صرح|صرحت|كشف|كشفت|"
    r"شدد|شددت|مشددا|لفت|لفتت|لافتا|بين|بينت|مبينا|أفاد|أفادت|دعا|دعت|طالب|طالبت|اعتبر|اعتبرت|"
    r"يرى|ترى|رأى|حذر|حذرت|أعرب|أعربت|قوله|قولها|تابع|تابعت|أبلغ|أبلغت|أفصح|نقلت|نقل)$"
)


def trim(text: str, limit: int = 450) -> str:
    """The longest run of whole paragraphs from the start with at most ``limit`` words."""
    out: list[str] = []
    words = 0
    for para in text.split("\n"):
        n = len(para.split())
        if words + n > limit:
            break
        out.append(para)
        words += n
    return "\n".join(out)


def taken_paragraphs() -> set[str]:
    seen: set[str] = set()
    for path in ("dev/articles.jsonl", "dev/manipulated.jsonl", "train/articles.jsonl", "fresh/train.jsonl",
                 "fresh/check.jsonl", "stories/articles.jsonl"):
        for line in open(SHARED / path, encoding="utf-8"):
            rec = json.loads(line)
            seen.update(p.strip() for p in rec.get("text", "").split("\n") if len(p.strip()) > 30)
    return seen


def taken_ids() -> set[str]:
    ids: set[str] = set()
    for path in ("train/articles.jsonl", "fresh/train.jsonl", "fresh/check.jsonl"):
        for line in open(SHARED / path, encoding="utf-8"):
            ids.add("snn-" + json.loads(line)["id"].rsplit("-", 1)[-1])
    return ids


def _listed(paths: list[str]) -> set[str]:
    """Ids already taken by earlier batches: a TSV's first column or a JSON line's ``id``."""
    out: set[str] = set()
    for path in paths:
        for line in open(path, encoding="utf-8"):
            if line.strip():
                out.add(json.loads(line)["id"] if line.startswith("{") else line.split("\t")[0].strip())
    return out


def _records(corpus: str) -> Iterator[dict[str, Any]]:
    if corpus == "anercorp":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import annotations

        yield from annotations.anercorp_articles().values()
        return
    for line in open(SHARED / "saudinewsnet/articles.jsonl", encoding="utf-8"):
        yield json.loads(line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=460)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--min-cues", type=int, default=5, help="cue words an article needs (fresh's criterion: 5)")
    ap.add_argument("--min-density", type=float, default=2.0, help="cue words per 100 words (fresh's criterion: 2)")
    ap.add_argument("--corpus", choices=("saudinewsnet", "anercorp"), default="saudinewsnet")
    ap.add_argument("--exclude", nargs="*", default=[], help="files whose first column (or JSON 'id') is already taken")
    args = ap.parse_args()
    excluded = _listed(args.exclude)
    seen, ids = taken_paragraphs(), taken_ids()
    by_outlet: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for rec in _records(args.corpus):
        if rec["id"] in ids or rec["id"] in excluded:
            continue
        text = trim(rec["text"])
        words = text.split()
        if not 150 <= len(words) <= 450:
            continue
        if any(p.strip() in seen for p in text.split("\n")):
            continue
        cues = sum(1 for w in words if CUE.match(w.strip("،.:؛\"“”«»()")))
        if cues < args.min_cues or cues * 100 < args.min_density * len(words):
            continue
        by_outlet[rec["outlet"]].append((rec["id"], len(text)))
    rng = random.Random(args.seed)
    for items in by_outlet.values():
        rng.shuffle(items)
    chosen: list[tuple[str, str, int]] = []
    outlets = sorted(by_outlet)
    while len(chosen) < args.n and any(by_outlet.values()):
        for o in outlets:
            if by_outlet[o] and len(chosen) < args.n:
                aid, end = by_outlet[o].pop()
                chosen.append((aid, o, end))
    for aid, o, end in chosen:
        print(f"{aid}\t{o}\t{end}")
    print(f"{len(chosen)} articles", file=sys.stderr)


if __name__ == "__main__":
    main()

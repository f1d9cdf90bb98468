"""Page furniture learned from clean news: the lines a site repeats around its articles.

    .venv/bin/python scripts/make_furniture.py [--articles ../shared/data/saudinewsnet/articles.jsonl]

A footer ("رابط الخبر بصحيفة ..."), a byline ("عين اليوم – متابعات"), a caption ("(تصوير: ...)"),
a contact line ("للتواصل مع الكاتب ...") or "// انتهى //" is not news text, and the integrity
model must not rank it.  What they share: an outlet repeats them across many articles, they are
short, and they do not end as a sentence does.  From SaudiNewsNet (less ``excluded`` articles of
``data/integrity/splits.tsv``: never dev or fresh) this writes ``src/qawl/data/furniture.tsv``:

* ``line``: a whole line (normal form, digits as 0) found in ``MIN_LINE_ARTICLES`` articles of
  one outlet, of at most ``MAX_WORDS`` words;
* ``prefix``: the first two or three words of lines found in ``MIN_PREFIX_ARTICLES`` articles (of
  one outlet, or of the corpus), where at most ``MAX_STOPPED`` of those lines end with a full
  stop and their median length is at most ``MAX_WORDS`` words: a template, not a turn of prose
  ("من جهة أخرى،" opens lines that end in a full stop, so it is not furniture).

A few openings the corpus holds too rarely to learn (a caption, "اقرأ أيضا") are written by
hand (``HAND``, kind ``opening``: the line starts with it).

``qawl.text.furniture`` marks the sentences of such lines at segmentation time.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

from qawl.text.furniture import line_key

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "data" / "saudinewsnet" / "articles.jsonl"
SPLITS = ROOT / "data" / "integrity" / "splits.tsv"
OUT = ROOT / "src" / "qawl" / "data" / "furniture.tsv"
MIN_LINE_ARTICLES = 3
MIN_PREFIX_ARTICLES = 5
MAX_STOPPED = 0.2
MAX_WORDS = 15
STOPS = (".", "؟", "!", "?")
#: Openings of furniture too rare in SaudiNewsNet to learn (normal form): captions, "read also".
HAND = ("(تصوير", "تصوير:", "تصوير :", "الصوره:", "الصوره :", "(الصوره", "اقرا ايضا", "اقرا المزيد",
        "شاهد ايضا", "رابط الخبر", "المصدر:")
_WORD = re.compile(r"[^\W\d_]{2}")  # a prefix of digits and dashes (a numbered list) is no template


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    args = parser.parse_args(argv)
    excluded = {line.split("\t")[0] for line in open(SPLITS, encoding="utf-8")
                if not line.startswith("#") and line.rstrip("\n").endswith("\texcluded")}
    lines: dict[str, Counter[str]] = defaultdict(Counter)  # outlet -> line key -> articles
    starts: dict[tuple[str, str], list[tuple[int, bool]]] = defaultdict(list)  # (outlet, prefix) -> (words, stopped)
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for raw in open(args.articles, encoding="utf-8"):
        r = json.loads(raw)
        if r["id"] in excluded:
            continue
        for line in {p.strip() for p in r["text"].split("\n") if p.strip()}:
            key = line_key(line)
            words = key.split()
            lines[r["outlet"]][key] += 1
            for n in (2, 3):
                if len(words) > n:
                    for where in (r["outlet"], "*"):
                        p = (where, " ".join(words[:n]))
                        if r["id"] not in seen[p]:
                            seen[p].add(r["id"])
                            starts[p].append((len(words), line.endswith(STOPS)))
    found: dict[tuple[str, str], int] = {}
    for counts in lines.values():
        for key, n in counts.items():
            if n >= MIN_LINE_ARTICLES and len(key.split()) <= MAX_WORDS:
                found[("line", key)] = max(found.get(("line", key), 0), n)
    for (_, prefix), shapes in starts.items():
        if len(shapes) < MIN_PREFIX_ARTICLES or not _WORD.search(prefix):
            continue
        stopped = sum(s for _, s in shapes) / len(shapes)
        if stopped <= MAX_STOPPED and statistics.median(w for w, _ in shapes) <= MAX_WORDS:
            found[("prefix", prefix)] = max(found.get(("prefix", prefix), 0), len(shapes))
    with open(OUT, "w", encoding="utf-8") as w:
        w.write("# Page furniture (footers, bylines, captions, contact lines), learned by scripts/make_furniture.py\n"
                "# from the lines SaudiNewsNet outlets repeat across articles (never dev or fresh).\n"
                "# Columns: how it matches (line: the whole line; prefix: the line's first words), the\n"
                "# normal form with digits as 0, and in how many articles it was found.\n")
        for (how, key), n in sorted(found.items()):
            w.write(f"{how}\t{key}\t{n}\n")
        for key in HAND:
            w.write(f"opening\t{key}\t-\n")
    print(f"{OUT.relative_to(ROOT)}: {Counter(h for h, _ in found)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

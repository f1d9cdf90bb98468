"""Cost of one long article: ``analyze`` on 1,600 short sentences against 400, as a ratio.

    .venv/bin/python benchmarks/long_article.py [ARTICLES.jsonl] [--small 400] [--large 1600]

A hostile (or merely long) article must not cost the square of its length: every
stage that compares sentences, titles or spans with each other has to index them.
The article is made of short sentences taken, in order, from real news (the train set),
so titles, speakers, numbers and denials recur as they do in news.  Each stage's CPU
time (``time.process_time``, this process, the least of three runs, garbage collection
off as in ``timeit``) is measured on the small and the large
article; the ratio large/small is ~4 for linear cost and ~16 for quadratic.  Nothing
here asserts on time: ``tests/test_long_article.py`` checks the ratio with a margin.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from qawl import api
from qawl.io.readers import Article, read_inputs
from qawl.options import Options
from qawl.pipeline import Pipeline

DEFAULT_ARTICLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "train" / "articles.jsonl"
#: A "short" sentence has at most this many words.
MAX_WORDS = 20
#: Stages timed on their own (with what they need), then the whole analysis.
PASSES = {"sentences": ("sentences",), "attributions": ("attributions",), "entities": ("entities",),
          "claims": ("claims",), "integrity": ("integrity",), "analyze": None}


def short_sentences(path: Path) -> list[str]:
    """The short sentences of the articles in ``path``, in order."""
    out: list[str] = []
    for item in read_inputs([str(path)]):
        if not isinstance(item, Article):
            continue
        doc = api.analyze_record(item.record, Options(only=("sentences",)))
        for s in doc.sentences:
            text = " ".join(doc.text[s.start:s.end].split())
            if 3 <= len(text.split()) <= MAX_WORDS:
                out.append(text)
    return out


def long_article(sentences: list[str], n: int) -> str:
    """An article of ``n`` sentences: the pool in order, cycled; one sentence a line every ten."""
    if not sentences:
        raise ValueError("no short sentences to build an article from")
    parts = [sentences[k % len(sentences)] for k in range(n)]
    return "".join(p + ("\n" if k % 10 == 9 else " ") for k, p in enumerate(parts)).strip()


def cpu_seconds(text: str, only: tuple[str, ...] | None = None, repeat: int = 3) -> float:
    """The least CPU time of ``repeat`` analyses of ``text`` (the least is the least disturbed)."""
    Pipeline(only)  # build outside the clock
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()  # as timeit does: a collection's cost depends on what else the process holds
        try:
            start = time.process_time()
            api.analyze(text, options=Options(only=only))
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", nargs="?", default=str(DEFAULT_ARTICLES))
    parser.add_argument("--small", type=int, default=400)
    parser.add_argument("--large", type=int, default=1600)
    args = parser.parse_args(argv)
    pool = short_sentences(Path(args.articles))
    small, large = long_article(pool, args.small), long_article(pool, args.large)
    api.analyze(long_article(pool, 50))  # loads lexicons and models outside the clock
    print(f"{len(pool):,} short sentences in the pool; {args.small:,} vs {args.large:,} sentences "
          f"({len(small):,} vs {len(large):,} characters)")
    print(f"{'pass':<14}{'small s':>10}{'large s':>10}{'ratio':>8}")
    for name, only in PASSES.items():
        a, b = cpu_seconds(small, only), cpu_seconds(large, only)
        print(f"{name:<14}{a:>10.3f}{b:>10.3f}{b / max(a, 1e-9):>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

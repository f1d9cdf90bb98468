"""Throughput of ``qawl analyze`` on real news, against a text-layer baseline.

    .venv/bin/python benchmarks/throughput.py [ARTICLES.jsonl] [--limit N]

Every pass runs in this process, pinned to one core, over the same articles read the
same way (``qawl.io.readers``), so each ratio says what its stages cost on top of
reading, splitting and tokenising: the world stages alone (entities; times and
quantities), then the whole default analysis.  Speed is timed without tracemalloc (it slows
Python down several times); memory is a second, traced pass.  ``max RSS`` is the
process's high-water mark so far, so the baseline, which runs first, is its own and
the full pass's is the larger of the two.  Nothing here asserts on time.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from qawl import api
from qawl.io.readers import Article, read_inputs
from qawl.options import Options
from qawl.text import tokens
from qawl.world import ner, phrases

DEFAULT_ARTICLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "saudinewsnet" / "articles.jsonl"
PASSES = {
    "baseline": Options(only=("sentences",)),
    "attributions": Options(only=("attributions",)),  # issue 3: the attribution rules alone
    "entities": Options(only=("entities",)),  # the CRF tagger, titles, mention clusters
    "times+qty": Options(only=("quantities",)),  # quantities require times
    "analyze": Options(),
}
#: the opt-in accurate entity mode (issue 20): the CRF stacked on the e5 encoder's layer-6 states
ACCURATE = Options(only=("entities",), entities="accurate")
WARM_UP_ARTICLES = 5  # loads the lexicons and caches, so that neither pass pays for them


@dataclass
class Result:
    articles: int = 0
    failed: int = 0
    chars: int = 0
    seconds: float = 0.0
    traced_peak: int = 0  # bytes
    max_rss: int = 0  # bytes


def run_pass(path: Path, limit: int | None, options: Options, result: Result) -> None:
    """Read and analyse up to ``limit`` articles, keeping nothing: memory stays per article.

    Each pass starts with cold word caches (tokens, NER features, clitic forms), so the
    first pass does not warm them for the next.
    """
    tokens._analyse.cache_clear()
    ner._word.cache_clear()
    phrases.word_forms.cache_clear()
    for item in islice(read_inputs([str(path)], options), limit):
        if not isinstance(item, Article):
            result.failed += 1
            continue
        try:
            api.analyze_record(item.record, options)
        except api.InputError:
            result.failed += 1
            continue
        result.articles += 1
        result.chars += len(item.record["text"])


def measure(path: Path, limit: int | None, options: Options, traced: bool) -> Result:
    result = Result()
    start = time.perf_counter()
    run_pass(path, limit, options, result)
    result.seconds = time.perf_counter() - start
    result.max_rss = _max_rss()
    if traced:
        tracemalloc.start()
        run_pass(path, limit, options, Result())
        result.traced_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result


def _max_rss() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB


def _pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity here)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"pinned to core {core}"


def _table(results: dict[str, Result]) -> list[str]:
    def mb(b: int) -> str:
        return f"{b / 2**20:.1f}" if b else "-"

    rows = [f"{'pass':<10}{'articles':>9}{'failed':>8}{'seconds':>9}{'articles/s':>12}{'kchars/s':>10}"
            f"{'traced peak MB':>16}{'max RSS MB':>12}"]
    for name, r in results.items():
        rate = r.articles / r.seconds if r.seconds else 0.0
        rows.append(f"{name:<10}{r.articles:>9}{r.failed:>8}{r.seconds:>9.2f}{rate:>12.1f}"
                    f"{r.chars / r.seconds / 1000 if r.seconds else 0:>10.1f}{mb(r.traced_peak):>16}{mb(r.max_rss):>12}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_ARTICLES, help="a JSONL file of articles")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N articles")
    parser.add_argument("--no-memory", action="store_true", help="skip the traced pass (halves the run time)")
    parser.add_argument("--accurate", action="store_true",
                        help="also time the accurate entity mode (about 40x the CRF: use a small --limit)")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        parser.error(f"{args.path}: no such file")
    print(f"{args.path.resolve()}, {'all' if args.limit is None else args.limit} articles, {_pin_to_one_core()}")
    run_pass(args.path, WARM_UP_ARTICLES, Options(), Result())
    passes = PASSES | ({"accurate": ACCURATE} if args.accurate else {})
    if args.accurate:
        run_pass(args.path, 1, ACCURATE, Result())  # loads the encoder (a few seconds), as the warm-up above
    results = {name: measure(args.path, args.limit, options, not args.no_memory) for name, options in passes.items()}
    print("\n".join(_table(results)))
    base = results["baseline"]
    if base.seconds and base.articles:
        for name, r in results.items():
            if name != "baseline":
                print(f"{name}/baseline time: {r.seconds / base.seconds:.2f}x")
            if name in ("entities", "accurate") and r.articles:
                print(f"{name}: {(r.seconds - base.seconds) / r.articles * 1000:.1f} ms per article over the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Cost of ``qawl compare`` on real news, against ``analyze`` of the same articles.

    .venv/bin/python benchmarks/compare.py [ARTICLES.jsonl] [--sizes 1000,4992] [--no-memory]

One process, one core.  The articles are read and analysed once (the baseline: what
``compare`` needs before it starts), then ``compare`` runs on the first N of them for
each size, twice: *cold* (first call in the process: data tables loaded, nothing
cached) and *warm* (again, same input).  compare keeps no vector cache, TF-IDF is
rebuilt per call, so warm differs from cold only by the tables loaded once.  Growth is
(time at the largest size / time at the smallest) divided by the size ratio: 1.0 is
linear, the size ratio itself would be quadratic.  Peak memory is a traced pass of its
own (tracemalloc slows Python down several times).  Nothing here asserts on time.
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_ARTICLES, _max_rss, _pin_to_one_core  # noqa: E402

from qawl import api  # noqa: E402
from qawl.io.readers import Article, read_inputs  # noqa: E402
from qawl.stories import compare  # noqa: E402


def analyse(path: Path, limit: int | None) -> tuple[list, float]:
    start = time.perf_counter()
    docs = []
    for item in islice(read_inputs([str(path)]), limit):
        if isinstance(item, Article):
            try:
                docs.append(api.analyze_record(item.record))
            except api.InputError:
                pass
    return docs, time.perf_counter() - start


def timed(docs: list) -> tuple[float, int]:
    start = time.perf_counter()
    stories = compare(docs)
    return time.perf_counter() - start, len(stories)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_ARTICLES, help="a JSONL file of articles")
    parser.add_argument("--sizes", default="1000,all", help="comma-separated article counts ('all' for every one)")
    parser.add_argument("--no-memory", action="store_true", help="skip the traced pass")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        parser.error(f"{args.path}: no such file")
    print(f"{args.path.resolve()}, {_pin_to_one_core()}")
    docs, analyse_s = analyse(args.path, None)
    sizes = sorted({len(docs) if s == "all" else min(int(s), len(docs)) for s in args.sizes.split(",")})
    rate = len(docs) / analyse_s
    print(f"baseline: analyze {len(docs):,} articles in {analyse_s:.1f} s ({rate:.0f} articles/s), "
          f"max RSS {_max_rss() / 2**20:.0f} MB")
    print(f"{'articles':>9}{'stories':>9}{'cold s':>9}{'warm s':>9}{'compare/analyze':>17}{'articles/s':>12}")
    warm_by_size = {}
    for n in sizes:
        cold, found = timed(docs[:n])
        warm, _ = timed(docs[:n])
        warm_by_size[n] = warm
        print(f"{n:>9,}{found:>9,}{cold:>9.2f}{warm:>9.2f}{warm / (n / rate):>16.2f}x{n / warm:>12.0f}")
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        growth = (warm_by_size[large] / warm_by_size[small]) / (large / small)
        print(f"growth {small:,} -> {large:,} articles: time x{warm_by_size[large] / warm_by_size[small]:.2f} "
              f"for size x{large / small:.2f}: {growth:.2f} of linear (1.0 linear, {large / small:.1f} quadratic)")
    print(f"max RSS after compare: {_max_rss() / 2**20:.0f} MB")
    if not args.no_memory:
        tracemalloc.start()
        compare(docs)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"compare traced peak on {len(docs):,} articles: {peak / 2**20:.0f} MB (the analysed docs not counted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

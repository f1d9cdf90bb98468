"""CPU cost of the times and quantities stages alone, against splitting in the same run.

    taskset -c 1 .venv/bin/python benchmarks/world_stages.py [ARTICLES.jsonl] [--limit N] [--repeat R]

The articles are read and split once; then each stage runs over all of them ``R`` times and
the least CPU time (``time.process_time``: other jobs on a shared machine do not count) is
kept, with warm word caches, as in a long-running process.  The ratio to the text baseline
(reading, splitting and tokenising the same articles, also least of ``R``) is what to compare
across branches: run the file with each tree's interpreter.  Nothing here asserts on time.
"""
from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from qawl.api import analyze_record
from qawl.options import Options
from qawl.text.doc import Doc
from qawl.world.quantities import find_quantities
from qawl.world.times import find_times

DEFAULT_ARTICLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "saudinewsnet" / "articles.jsonl"


def least(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        run()
        best = min(best, time.process_time() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    with args.path.open(encoding="utf-8") as f:
        records = [json.loads(line) for line in islice(f, args.limit)]
    split = Options(only=("sentences",))
    docs: list[Doc] = [analyze_record(r, split) for r in records]

    def times() -> None:
        for d in docs:
            d.times = find_times(d)

    def quantities() -> None:
        for d in docs:
            d.quantities = find_quantities(d)
    baseline = least(args.repeat, lambda: [analyze_record(r, split) for r in records])
    t, q = least(args.repeat, times), least(args.repeat, quantities)
    print(f"{len(docs)} articles, CPU seconds (least of {args.repeat}): split {baseline:.3f}, times {t:.3f}, "
          f"quantities {q:.3f}; times/split {t / baseline:.3f}, quantities/split {q / baseline:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

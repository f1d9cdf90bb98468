"""Throughput of ``qawl analyze`` on real news, against a text-layer baseline.

    .venv/bin/python benchmarks/throughput.py [ARTICLES.jsonl] [--limit N]

Every pass runs in this process, pinned to one core, over the same articles read the
same way (``qawl.io.readers``), so each ratio says what its stages cost on top of
reading, splitting and tokenising: the world stages alone (entities; times and
quantities), integrity (with the attributions it reads), then the whole default analysis.  Time is the process's CPU time
(``time.process_time``): the machine is shared, and wall-clock time would count the
other processes on the core.  ``--passes`` picks passes (the baseline always runs);
``analyze-crfsuite`` is the whole analysis with crfsuite tagging from feature strings
instead of the per-word-type score cache, and ``analyze-settled`` the whole analysis after
``qawl.parallel.settle`` (models in the collector's permanent generation, young
collections rarer: what the commands do), and ``analyze-no-rows`` the whole analysis without
the NER attribute rows shipped for the word-cluster vocabulary (``world/ner_rows.py``), so
that each change is measured alone in one run.  Speed is timed without tracemalloc (it slows Python down several times); memory
is a second, traced pass.  ``max RSS`` is the
process's high-water mark so far, so the baseline, which runs first, is its own and
the full pass's is the larger of the two.  Nothing here asserts on time.
"""
from __future__ import annotations

import argparse
import gc
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
from qawl.attribution import lexicon
from qawl.integrity import context, contradiction, sourcing, style
from qawl.world import entities, ner, phrases

DEFAULT_ARTICLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "saudinewsnet" / "articles.jsonl"
PASSES = {
    "baseline": Options(only=("sentences",)),
    "attributions": Options(only=("attributions",)),  # issue 3: the attribution rules alone
    "entities": Options(only=("entities",)),  # the CRF tagger, titles, mention clusters
    "times+qty": Options(only=("quantities",)),  # quantities require times
    "integrity": Options(only=("integrity",)),  # with the attributions it reads, and the clause pass
    "analyze": Options(),
    "analyze-crfsuite": Options(),  # issue 19: the same, tagged by crfsuite from feature strings
    "analyze-settled": Options(),  # issue 19: the same after parallel.settle (gc.freeze, gen-0 threshold)
    "analyze-no-rows": Options(),  # issue 19: the same without the vocabulary's NER rows worked out ahead
    # issue 20: the opt-in accurate entity mode (the CRF on the e5 encoder's states); about 40x the
    # entities pass, so not a default pass: --passes entities,accurate --limit 20
    "accurate": Options(only=("entities",), entities="accurate"),
}
DEFAULT_PASSES = ("attributions", "entities", "times+qty", "analyze")
#: word caches that came later (absent from older code, which the script also measures)
_WORD_CACHES = ((ner, "_name_firsts"), (lexicon, "_speaker_kind"), (contradiction, "_word_facts"),
                (style, "_written"), (style, "_word"), (sourcing, "_may_open"),
                (context, "_shared"))  # issue 19's fourth round
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
    if hasattr(ner, "scorer"):  # so that the script also measures code from before issue 19
        ner.scorer().cache_clear()
    phrases.word_forms.cache_clear()
    getattr(entities.key_word, "cache_clear", lambda: None)()  # cached since issue 19
    for module, name in _WORD_CACHES:  # cached since issue 19's second round (plain functions before)
        getattr(getattr(module, name, None), "cache_clear", lambda: None)()
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


def measure(path: Path, limit: int | None, name: str, traced: bool) -> Result:
    options = PASSES[name]
    result = Result()
    tag_many = getattr(ner, "tag_many", None)  # absent before issue 19
    threshold = gc.get_threshold()
    if name == "analyze-crfsuite":  # ner.tag_many is what entities calls
        ner.tag_many = lambda sentences, accurate=False: [ner.tag_with_crfsuite(s) for s in sentences]
    known = getattr(ner.scorer(), "known", None) if hasattr(ner, "scorer") else None  # absent before issue 19
    if name == "analyze-no-rows":
        ner.scorer().known = None
    if name == "analyze-settled":
        from qawl import parallel  # imported here: the script also measures code from before it

        parallel.settle(options)
    try:
        start = time.process_time()
        run_pass(path, limit, options, result)
        result.seconds = time.process_time() - start
    finally:
        if tag_many is not None:
            ner.tag_many = tag_many
        if known is not None:
            ner.scorer().known = known
        gc.unfreeze()
        gc.set_threshold(*threshold)
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

    rows = [f"{'pass':<18}{'articles':>9}{'failed':>8}{'CPU s':>9}{'articles/s':>12}{'kchars/s':>10}"
            f"{'traced peak MB':>16}{'max RSS MB':>12}"]
    for name, r in results.items():
        rate = r.articles / r.seconds if r.seconds else 0.0
        rows.append(f"{name:<18}{r.articles:>9}{r.failed:>8}{r.seconds:>9.2f}{rate:>12.1f}"
                    f"{r.chars / r.seconds / 1000 if r.seconds else 0:>10.1f}{mb(r.traced_peak):>16}{mb(r.max_rss):>12}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_ARTICLES, help="a JSONL file of articles")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N articles")
    parser.add_argument("--no-memory", action="store_true", help="skip the traced pass (halves the run time)")
    parser.add_argument("--passes", default=",".join(DEFAULT_PASSES),
                        help=f"passes after the baseline, comma-separated, of: {', '.join(list(PASSES)[1:])}")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        parser.error(f"{args.path}: no such file")
    print(f"{args.path.resolve()}, {'all' if args.limit is None else args.limit} articles, {_pin_to_one_core()}")
    run_pass(args.path, WARM_UP_ARTICLES, Options(), Result())
    names = ["baseline", *(n for n in args.passes.split(",") if n and n != "baseline")]
    unknown = [n for n in names if n not in PASSES]
    if unknown:
        parser.error(f"unknown pass(es): {', '.join(unknown)}")
    if "accurate" in names:
        run_pass(args.path, 1, PASSES["accurate"], Result())  # loads the encoder (a few seconds), as the warm-up above
    results = {name: measure(args.path, args.limit, name, not args.no_memory) for name in names}
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

"""``qawl compare`` locally against ``qawl spark compare`` on Spark local[2], same articles.

    .venv/bin/python benchmarks/spark_compare.py [ARTICLES.jsonl] [--limit N] [--master local[2]] [--partitions N]

Both runs are in this process over the first N articles (default: SaudiNewsNet, all
4,992, 18 days): the local one is what ``qawl compare --json`` does (read, analyse, then
``qawl.stories.compare``, one core), with the time of ``compare`` itself apart; the Spark
one is ``qawl.spark.compare.compare_corpus`` into JSONL, the job ``qawl spark compare``
runs.  Spark's start-up and a warm-up run on the first 200 articles are timed apart, as
in benchmarks/spark.py, so that the measured job shows what each further article costs.
The two outputs are checked to be the same lines.  Printed for the estimate in
docs/spark.md: per-article CPU of analysis and of compare, the bytes per article that the
blocking shuffle moves (each TF-IDF row goes to ``len(block_roles(day))`` blocks), and
the cosines and links per article.  Nothing here asserts on time.
"""
from __future__ import annotations

import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spark import TARGET_ARTICLES, WARM_UP_ARTICLES, _jvm_cpu, parse_args, sample  # noqa: E402

from qawl import api  # noqa: E402
from qawl.io.readers import Article, read_inputs  # noqa: E402
from qawl.options import Options  # noqa: E402
from qawl.stories import compare  # noqa: E402
from qawl.stories.claims import article_words  # noqa: E402
from qawl.stories.cluster import block_roles, day_number, similarities, vectorize  # noqa: E402


def local_pass(path: Path) -> dict[str, float]:
    """``qawl compare --json``: the lines, wall and CPU seconds of all, and of compare alone."""
    start, cpu = time.perf_counter(), time.process_time()
    docs: list = []
    for item in read_inputs([str(path)], Options()):
        if isinstance(item, Article):
            try:
                docs.append(api.analyze_record(item.record))
            except api.InputError:
                pass
    analysed, analysed_cpu = time.perf_counter(), time.process_time()
    lines = [json.dumps(s.to_dict(), ensure_ascii=False) for s in compare(docs)]
    done, done_cpu = time.perf_counter(), time.process_time()
    record_bytes = path.stat().st_size / max(1, len(docs))
    return {"docs": docs, "lines": lines, "record_bytes": record_bytes, "wall": done - start, "cpu": done_cpu - cpu,
            "compare_wall": done - analysed, "compare_cpu": done_cpu - analysed_cpu}


def shuffle_figures(docs: list) -> dict[str, float]:
    """Bytes per article sent to the day blocks (pickled as Spark pickles them), pairs and links."""
    words = [article_words(d) for d in docs]
    vectors = vectorize(words)
    days = [day_number(d.date) for d in docs]
    sent = sum(len(block_roles(day)) * len(pickle.dumps((day, (k, True, vectors[k])), protocol=pickle.HIGHEST_PROTOCOL))
               for k, day in enumerate(days))
    start = time.process_time()
    sims, _ = similarities(range(len(docs)), days, vectors)
    scoring = time.process_time() - start
    doc_bytes = sum(len(pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL)) for d in docs) / len(docs)
    return {"block_bytes": sent / len(docs), "nnz": vectors.nnz / len(docs), "pairs": len(sims) / len(docs),
            "scoring_ms": 1000 * scoring / len(docs), "doc_bytes": doc_bytes}


def spark_pass(path: Path, out: Path, master: str, partitions: int | None) -> dict[str, float]:
    from qawl.spark.compare import compare_corpus
    from qawl.spark.session import spark_session
    from qawl.spark.sources import local_inputs

    start = time.perf_counter()
    with spark_session(master, partitions=partitions) as spark:
        spark.sparkContext.parallelize([0], 1).count()
        up = time.perf_counter()
        warm = path.with_name("warm-up.jsonl")
        sample(path, WARM_UP_ARTICLES, warm)
        compare_corpus(spark, local_inputs(str(warm)), out.with_name("warm-up").as_uri(), fmt="jsonl", partitions=partitions)
        started, jvm = time.perf_counter(), _jvm_cpu(spark)
        summary = compare_corpus(spark, local_inputs(str(path)), out.as_uri(), fmt="jsonl", partitions=partitions)
        done, jvm = time.perf_counter(), _jvm_cpu(spark) - jvm
    lines = "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("part-*"))).splitlines()
    return {"startup": up - start, "warm_up": started - up, "job": done - started, "jvm_cpu": jvm,
            "summary": summary, "lines": lines}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(__doc__, argv)
    with tempfile.TemporaryDirectory(prefix="qawl-spark-compare-bench-") as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        n = sample(args.path, args.limit, corpus)
        print(f"{args.path.resolve()}: {n} articles; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        local = local_pass(corpus)
        figures = shuffle_figures(local["docs"])
        spark = spark_pass(corpus, Path(tmp) / "out", args.master, args.partitions)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    s = spark["summary"]
    docs = len(local["docs"])
    print(f"same stories as local: {spark['lines'] == local['lines']} ({len(local['lines'])} stories)")
    print(f"{'run':<26}{'articles':>9}{'seconds':>9}{'articles/s':>12}")
    print(f"{'local compare (1 core)':<26}{docs:>9}{local['wall']:>9.2f}{docs / local['wall']:>12.1f}"
          f"   (of which compare itself {local['compare_wall']:.2f} s)")
    print(f"{'spark ' + args.master + ' compare':<26}{s.analysed:>9}{spark['job']:>9.2f}{s.analysed / spark['job']:>12.1f}"
          f"   ({s.partitions} partitions, {s.blocks} day blocks, {s.undated} undated)")
    print(f"before it: Spark start-up {spark['startup']:.1f} s, a {WARM_UP_ARTICLES}-article warm-up run {spark['warm_up']:.1f} s")
    print(f"spark/local articles/s: {local['wall'] / spark['job']:.2f}x")
    analysis_ms = 1000 * (local["cpu"] - local["compare_cpu"]) / docs
    compare_ms = 1000 * local["compare_cpu"] / docs
    print(f"local CPU per article: analysis {analysis_ms:.2f} ms + compare {compare_ms:.2f} ms; "
          f"Spark driver JVM {1000 * spark['jvm_cpu'] / docs:.2f} ms")
    print(f"blocking shuffle: {figures['block_bytes'] / 1024:.1f} KiB per article "
          f"({figures['nnz']:.0f} TF-IDF features each, sent to 3 day blocks); "
          f"{figures['pairs']:.1f} cosines >= floor and {s.links / docs:.2f} links per article")
    in_stories = sum(len(json.loads(line)["articles"]) for line in local["lines"]) / docs
    print(f"block scoring {figures['scoring_ms']:.2f} ms CPU per article (grows with articles per day); "
          f"story shuffle: the input records of the {in_stories:.0%} of articles in a story, "
          f"{local['record_bytes'] / 1024:.1f} KiB each (a pickled Doc is {figures['doc_bytes'] / 1024:.1f} KiB: "
          f"analysing again is cheaper)")
    print(f"{TARGET_ARTICLES:,} articles at this cost: analysis + compare "
          f"{TARGET_ARTICLES * (analysis_ms + compare_ms) / 1000 / 3600:,.1f} core-hours, blocking shuffle "
          f"{TARGET_ARTICLES * figures['block_bytes'] / 2**30:,.0f} GiB (at this many articles a day: "
          f"{docs / max(1, s.blocks):,.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Articles/s of a local ``qawl analyze`` against ``qawl spark analyze`` on Spark local[2].

    .venv/bin/python benchmarks/spark.py [ARTICLES.jsonl] [--limit N] [--master local[2]] [--partitions N]

Both runs are in this process over the same first N articles (default: SaudiNewsNet, all
4,992): the local one is ``read_inputs`` + ``analyze_record`` + ``--json`` lines, one core,
as ``qawl analyze --json`` does it; the Spark one is ``qawl.spark.analyze.analyze_corpus``
into Parquet, the job ``qawl spark analyze`` runs (its read-back summary included).
Spark's start-up (the JVM) and a small warm-up run (the JIT, SQL code generation, the
Python workers' imports and first lexicon loads: costs a run pays once) are timed apart,
so that the measured job shows what each further article costs.
The ratio says what Spark gains (or costs) on this machine; the per-article figures and
the output size per article are the measured inputs of the cluster estimate in
docs/spark.md.  The load average is printed: on a shared machine it moves every figure.
Nothing here asserts on time.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from qawl import api
from qawl.io.readers import Article, read_inputs
from qawl.options import Options

DEFAULT_ARTICLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "saudinewsnet" / "articles.jsonl"
DEFAULT_LIMIT = 5000
#: The corpus size the cluster estimate is printed for.
TARGET_ARTICLES = 10_000_000
#: Articles of the warm-up run that precedes the measured Spark run.
WARM_UP_ARTICLES = 200


def sample(path: Path, limit: int, into: Path) -> int:
    """The first ``limit`` lines of ``path`` into ``into``; the number written."""
    with open(path, encoding="utf-8") as f, open(into, "w", encoding="utf-8") as out:
        lines = list(islice(f, limit))
        out.writelines(lines)
    return len(lines)


def local_pass(path: Path, out: Path) -> tuple[int, float, float]:
    """``(articles, wall seconds, CPU seconds)`` of the local analysis, output written as --json."""
    start, cpu = time.perf_counter(), time.process_time()
    done = 0
    with open(out, "w", encoding="utf-8") as w:
        for item in read_inputs([str(path)], Options()):
            if isinstance(item, Article):
                try:
                    w.write(json.dumps(api.analyze_record(item.record).to_dict(), ensure_ascii=False) + "\n")
                    done += 1
                except api.InputError:
                    pass
    return done, time.perf_counter() - start, time.process_time() - cpu


def _timed_partition(items):
    """Analyse a partition as ``analyze_corpus`` does, keeping nothing: (articles, CPU s, wall s)."""
    from qawl.spark.analyze import analyze_items

    start, cpu, n = time.perf_counter(), time.process_time(), 0
    for result in analyze_items(items, Options()):
        n += result.doc is not None
    yield n, time.process_time() - cpu, time.perf_counter() - start


def _jvm_cpu(spark) -> float:
    """CPU seconds of the driver JVM so far (its own threads; the Python workers are apart)."""
    try:
        pid = spark.sparkContext._gateway.proc.pid
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (AttributeError, OSError, ValueError, IndexError):
        return float("nan")


def spark_pass(path: Path, out: Path, master: str, partitions: int | None) -> dict[str, float]:
    """The job ``qawl spark analyze`` runs, timed; then the analysis alone, with its worker CPU."""
    from qawl.spark import analyze as job
    from qawl.spark import sources
    from qawl.spark.session import spark_session

    start = time.perf_counter()
    with spark_session(master, partitions=partitions) as spark:
        spark.sparkContext.parallelize([0], 1).count()  # the JVM and a first (empty) job are up
        up, jvm = time.perf_counter(), _jvm_cpu(spark)
        # a first small run pays for the JIT, the SQL code generation and the workers' imports
        warm = path.with_name("warm-up.jsonl")
        sample(path, WARM_UP_ARTICLES, warm)
        job.analyze_corpus(spark, sources.local_inputs(str(warm)), out.with_name("warm-up").as_uri(), partitions=partitions)
        started, jvm_warm_up, jvm = time.perf_counter(), _jvm_cpu(spark) - jvm, _jvm_cpu(spark)
        files = sources.local_inputs(str(path))
        summary = job.analyze_corpus(spark, files, out.as_uri(), partitions=partitions)
        done, jvm = time.perf_counter(), _jvm_cpu(spark) - jvm
        parts = sources.read_items(spark, files, partitions or spark.sparkContext.defaultParallelism,
                                   Options()).mapPartitions(_timed_partition).collect()
    return {"startup": up - start, "warm_up": started - up, "jvm_warm_up": jvm_warm_up, "job": done - started, "articles": summary.analysed,
            "failed": summary.failed, "partitions": summary.partitions, "jvm_cpu": jvm,
            "worker_cpu": sum(p[1] for p in parts), "analysis_wall": max(p[2] for p in parts)}


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.name.startswith((".", "_")))


def parse_args(description: str, argv: list[str] | None) -> argparse.Namespace:
    """The arguments every Spark benchmark takes: a corpus, how much of it, where to run."""
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_ARTICLES, help="a JSONL file of articles")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N", help=f"the first N articles (default {DEFAULT_LIMIT})")
    parser.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    parser.add_argument("--partitions", type=int, default=None, metavar="N", help="input partitions (default: Spark's parallelism)")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        parser.error(f"{args.path}: no such file")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(__doc__, argv)
    with tempfile.TemporaryDirectory(prefix="qawl-spark-bench-") as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        n = sample(args.path, args.limit, corpus)
        chars = sum(len(json.loads(line)["text"]) for line in corpus.open(encoding="utf-8"))
        print(f"{args.path.resolve()}: {n} articles, {chars / n:,.0f} characters each on average; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        local_n, local_s, local_cpu = local_pass(corpus, Path(tmp) / "local.jsonl")
        spark = spark_pass(corpus, Path(tmp) / "out.parquet", args.master, args.partitions)
        out_bytes = du(Path(tmp) / "out.parquet")
        json_bytes = (Path(tmp) / "local.jsonl").stat().st_size
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    local_rate = local_n / local_s
    spark_rate = spark["articles"] / spark["job"]
    per_article_ms = 1000 * local_cpu / local_n
    spark_ms = 1000 * (spark["worker_cpu"] + spark["jvm_cpu"]) / spark["articles"]
    print(f"{'run':<22}{'articles':>9}{'seconds':>9}{'articles/s':>12}")
    print(f"{'local (1 core)':<22}{local_n:>9}{local_s:>9.2f}{local_rate:>12.1f}")
    print(f"{'spark ' + args.master + ' job':<22}{spark['articles']:>9.0f}{spark['job']:>9.2f}{spark_rate:>12.1f}"
          f"   ({spark['partitions']:.0f} partitions, {spark['failed']:.0f} failed)")
    print(f"before it: Spark start-up {spark['startup']:.1f} s; a {WARM_UP_ARTICLES}-article warm-up run "
          f"{spark['warm_up']:.1f} s, {spark['jvm_warm_up']:.1f} s of driver JVM CPU (once per run)")
    print(f"spark/local articles/s: {spark_rate / local_rate:.2f}x")
    print(f"CPU per article: local {per_article_ms:.2f} ms; spark {spark_ms:.2f} ms = Python workers "
          f"{1000 * spark['worker_cpu'] / spark['articles']:.2f} + driver JVM {1000 * spark['jvm_cpu'] / spark['articles']:.2f}"
          f" (spark/local CPU: {spark_ms / per_article_ms:.2f}x)")
    print(f"analysis alone on spark (no write): slowest partition {spark['analysis_wall']:.2f} s")
    print(f"output per article: Parquet {out_bytes / n / 1024:.1f} KiB, --json {json_bytes / local_n / 1024:.1f} KiB")
    hours = TARGET_ARTICLES * spark_ms / 1000 / 3600
    print(f"{TARGET_ARTICLES:,} articles at this cost: {hours:,.1f} core-hours of analysis "
          f"({hours / 100 * 60:,.0f} min on 100 cores), Parquet output {TARGET_ARTICLES * out_bytes / n / 2**30:,.0f} GiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

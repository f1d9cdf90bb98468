"""``qawl spark analyze|compare INPUT OUTPUT``: ``qawl analyze`` and ``qawl compare`` on Spark.

INPUT is a file or directory of ``.jsonl``, ``.parquet``, ``.warc`` / ``.warc.gz``
(or an ``hdfs://``, ``s3a://`` ... URI or glob); OUTPUT a directory of Parquet or JSONL
part files.  Local paths are checked before Spark starts, so a typo costs one line, not
a JVM start-up.  Bad articles are rows with an ``error``; the first few are also
reported on stderr, one line each, as ``qawl analyze`` reports them.  ``compare`` writes
the story lines of ``qawl compare INPUT --json``.  See docs/spark.md.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..io.readers import first_line
from ..options import Options
from .analyze import add_stage_option
from .common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, error, positive_int, say

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from ..spark.sources import InputFile

FORMATS = ("parquet", "jsonl")  # qawl.spark.analyze.FORMATS, kept here so that --help needs no pyspark
INSTALL_HINT = "pip install 'qawl[spark]' (PySpark, and Java 17 or later on PATH)"


class _Refused(Exception):
    """A usage problem found before or while starting the job: one line, exit 2."""


def register(commands: argparse._SubParsersAction) -> None:
    spark = commands.add_parser("spark", help="run the analysis on Spark (local mode or a cluster)",
                                description="Run qawl on Apache Spark: the same analysis as local, per partition.")
    sub = spark.add_subparsers(dest="spark_command", metavar="COMMAND")
    analyze = sub.add_parser("analyze", help="analyse a corpus into Parquet or JSONL", description=(
        "Analyse every article of INPUT (.jsonl, .parquet, .warc, .warc.gz, a directory of them, or a "
        "Hadoop URI / glob) into the directory OUTPUT, with the fields of `qawl analyze --json`."))
    _add_job_arguments(analyze)
    add_stage_option(analyze)
    analyze.set_defaults(run=run_analyze)
    compare = sub.add_parser("compare", help="group a corpus into stories, as qawl compare", description=(
        "Analyse every article of INPUT (as `qawl spark analyze` reads it) and group the articles into "
        "stories about one event, as `qawl compare INPUT --json` does, into the directory OUTPUT."))
    _add_job_arguments(compare)
    compare.set_defaults(run=run_compare)

    def usage(args: argparse.Namespace, options: Options) -> int:
        spark.print_help(sys.stderr)
        return EXIT_FAILED

    spark.set_defaults(run=usage)


def _add_job_arguments(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("input", metavar="INPUT")
    cmd.add_argument("output", metavar="OUTPUT")
    cmd.add_argument("--master", default=None, metavar="URL",
                     help="Spark master: local[2] (the default), local[*], yarn, k8s://https://HOST:PORT, "
                          "spark://HOST:PORT; under spark-submit, its master unless given")
    cmd.add_argument("--format", choices=FORMATS, default="parquet", help="output format (default: parquet)")
    cmd.add_argument("--partitions", type=positive_int("partitions"), default=None, metavar="N",
                     help="read the input in at least N partitions (default: Spark's default parallelism)")
    cmd.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    cmd.add_argument("--conf", type=_setting, action="append", default=[], metavar="KEY=VALUE",
                     help="a Spark setting for a new session, as spark-submit's --conf "
                          "(e.g. spark.archives=qawl-env.tar.gz#env); repeatable")


def _setting(value: str) -> tuple[str, str]:
    key, sep, setting = value.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, e.g. spark.executor.memory=4g, not {value!r}")
    return key.strip(), setting


def run_analyze(args: argparse.Namespace, options: Options) -> int:
    return _run(args, options, _analyze)


def run_compare(args: argparse.Namespace, options: Options) -> int:
    return _run(args, options, _compare)


Job = Callable[["SparkSession", "list[InputFile]", str, argparse.Namespace, Options], int]


def _run(args: argparse.Namespace, options: Options, job: Job) -> int:
    try:
        return _run_job(args, options, job)
    except _Refused as e:
        say(f"error: {e}")
        return EXIT_FAILED


def _run_job(args: argparse.Namespace, options: Options, job: Job) -> int:
    """Check the paths, start (or join) the session, run ``job``; a failure is one line."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise _Refused(f"qawl spark needs PySpark: {INSTALL_HINT}") from None
    from ..spark import paths, sources
    from ..spark.session import DEFAULT_MASTER, is_local, spark_session, under_spark_submit

    master = args.master or (None if under_spark_submit() else DEFAULT_MASTER)
    files, output = None, args.output
    if master is not None and is_local(master):
        files, output = _check_local(args.input, args.output, args.overwrite)
    try:
        with spark_session(args.master, partitions=args.partitions, conf=dict(args.conf)) as spark:
            if files is None and is_local(spark.sparkContext.master or ""):  # spark-submit --master local[N]
                files, output = _check_local(args.input, args.output, args.overwrite)
            if files is None:
                files = sources.hadoop_inputs(spark, args.input)
                if not args.overwrite and paths.path_exists(spark, output):
                    raise _Refused(f"{args.output}: already exists; give --overwrite to replace it")
            return job(spark, files, output, args, options)
    except sources.InputPathError as e:
        raise _Refused(str(e)) from None
    except (_Refused, KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as e:  # Java missing, a failed job, a full disk: one line, never a Java stack
        raise _Refused(f"spark: {spark_message(e)}") from None


def _analyze(spark: SparkSession, files: list[InputFile], output: str, args: argparse.Namespace,
             options: Options) -> int:
    from ..spark import analyze as job

    summary = job.analyze_corpus(spark, files, output, fmt=args.format, partitions=args.partitions,
                                 options=options, overwrite=args.overwrite)
    _report_errors(summary.errors, summary.failed, f"the {job.ERROR} "
                   f"{'column' if args.format == 'parquet' else 'lines'} of {args.output}")
    say(f"spark: {summary.analysed:,} articles analysed, {summary.failed:,} failed, "
        f"{summary.partitions} partitions -> {args.output} ({args.format})")
    return _exit_code(summary.analysed, summary.failed)


def _compare(spark: SparkSession, files: list[InputFile], output: str, args: argparse.Namespace,
             options: Options) -> int:
    from ..spark.compare import compare_corpus

    summary = compare_corpus(spark, files, output, fmt=args.format, partitions=args.partitions,
                             options=options, overwrite=args.overwrite)
    _report_errors(summary.errors, summary.failed, "`qawl spark analyze` to list them all")
    say(f"spark: {summary.analysed:,} articles analysed, {summary.failed:,} failed; {summary.blocks:,} day blocks, "
        f"{summary.pairs:,} compared pairs, {summary.links:,} links; {summary.stories:,} "
        f"{'story' if summary.stories == 1 else 'stories'} -> {args.output} ({args.format})")
    return _exit_code(summary.analysed, summary.failed)


def _report_errors(errors: list[tuple[str, str]], failed: int, see: str) -> None:
    for where, message in errors:
        error(where, message)
    if failed > len(errors):
        say(f"... and {failed - len(errors):,} more errors: see {see}")


def _exit_code(analysed: int, failed: int) -> int:
    if not analysed:
        return EXIT_FAILED
    return EXIT_PARTIAL if failed else EXIT_OK


def _check_local(input_path: str, output: str, overwrite: bool) -> tuple[list[InputFile], str]:
    """Input files and the output URI of a local run, checked before Spark starts."""
    from ..spark import paths, sources

    try:
        files = sources.local_inputs(input_path)
    except sources.InputPathError as e:
        raise _Refused(str(e)) from None
    if not paths.is_local_path(output):
        return files, output
    out = paths.local_file(output).resolve()
    if out.exists() and not overwrite:
        raise _Refused(f"{output}: already exists; give --overwrite to replace it")
    inside = [f for f in files if Path(paths.local_file(f.path)).resolve().is_relative_to(out)]
    if inside:
        raise _Refused(f"{output}: holds the input ({inside[0].where}); choose another output directory")
    if not os.access(out.parent if out.parent.exists() else Path.cwd(), os.W_OK):
        raise _Refused(f"{output}: cannot write there (permission denied)")
    return files, out.as_uri()


def spark_message(e: BaseException) -> str:
    """The first line that says what went wrong in a Spark or Py4J exception."""
    java = getattr(e, "java_exception", None)
    text = str(java.toString()) if java is not None else str(e)
    if "JAVA_GATEWAY_EXITED" in text or "Java gateway process exited" in text:
        return f"cannot start Spark: the Java gateway exited; is Java 17 or later installed and on PATH? ({INSTALL_HINT})"
    return first_line(Exception(text)) if text.strip() else type(e).__name__

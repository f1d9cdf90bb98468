"""``qawl spark analyze``: the local analysis, partition by partition, on a Spark cluster.

Each partition runs ``analyze_items``, which calls ``qawl.api.analyze_record`` (the
function ``qawl analyze`` calls) on one article after another.  Lexicons and models are
loaded by the stages' own caches the first time a Python worker needs them and stay
loaded, since Spark reuses its Python workers between tasks
(``spark.python.worker.reuse``): once per worker process, never once per row.

A bad article (no text, text not a string, empty, too long, a line that is not JSON)
becomes a row with an ``error`` and no analysis; a bug in a stage on one article does
too (``internal error: ...``).  Neither stops the job.

Output, one row per input item, in input order:

* Parquet: the columns of ``Doc.to_dict()`` (``qawl analyze --json``), whatever stages
  exist: a string value (``id``, ``text``) as a string column, anything else (the span
  lists, ``integrity``) as a JSON string, exactly as ``--json`` writes it; then
  ``position`` (order key), ``where`` (``FILE:LINE``), ``warnings`` and ``error``.
* JSONL: each good article is the very line ``qawl analyze --json`` writes for it; a bad
  one is ``{"error": ..., "where": ..., "id": ...}``, so ``cat OUTPUT/part-*`` is the
  local output with the error lines in place of the stderr messages.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from .. import api
from ..io.readers import BadInput
from ..options import Options
from ..text.doc import Doc
from .paths import delete_path
from .sources import InputFile, Positioned, read_items, spread

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

FORMATS = ("parquet", "jsonl")
#: Columns added to those of ``Doc.to_dict()``.
POSITION, WHERE, WARNINGS, ERROR = "position", "where", "warnings", "error"
#: How a bad item's line starts in JSONL output, so that errors are counted without parsing every line.
JSONL_ERROR_PREFIX = '{"error": '
#: Errors read back for the summary on stderr; the rest are in the output.
MAX_REPORTED_ERRORS = 20


@dataclass(frozen=True, slots=True)
class Result:
    """One input item after analysis: the document's ``to_dict()`` or an error."""

    position: int
    where: str
    id: str
    doc: dict[str, Any] | None
    warnings: tuple[str, ...] = ()
    error: str | None = None


@dataclass
class Summary:
    """What a run did, read back from its output (exact, whatever tasks were retried)."""

    output: str
    format: str
    partitions: int
    analysed: int = 0
    failed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (where, message), the first few


def analyzed_docs(items: Iterable[Positioned], options: Options) -> Iterator[tuple[Result, Doc | None]]:
    """Analyse one partition's items, one at a time: each result (without its ``doc``
    dict) and its ``Doc``, or ``None`` with the error; never raises for one bad article."""
    for position, item in items:
        if isinstance(item, BadInput):
            yield Result(position, item.where, item.where, None, error=item.message), None
            continue
        record_id = str(item.record.get("id", item.where))
        try:
            doc = api.analyze_record(item.record, options)
        except api.InputError as e:
            yield Result(position, item.where, record_id, None, error=str(e)), None
        except Exception as e:  # a bug in one stage must not stop the job
            yield Result(position, item.where, record_id, None, error=f"internal error: {type(e).__name__}: {e}"), None
        else:
            yield Result(position, item.where, doc.id, None, tuple(doc.warnings)), doc


def analyze_items(items: Iterable[Positioned], options: Options) -> Iterator[Result]:
    """Analyse one partition's items into results holding ``Doc.to_dict()`` or an error."""
    for result, doc in analyzed_docs(items, options):
        yield result if doc is None else replace(result, doc=doc.to_dict())


def doc_fields() -> dict[str, bool]:
    """The fields of ``qawl analyze --json``, in its order: name -> held as a plain string
    (else as JSON text).  Read off ``Doc.to_dict()``, so new stages need nothing here."""
    fields = {name: isinstance(value, str) for name, value in Doc(text="").to_dict().items()}
    clash = {POSITION, WHERE, WARNINGS, ERROR} & set(fields)
    if clash:
        raise ValueError(f"Doc.to_dict() has field(s) {', '.join(sorted(clash))}, which spark output adds itself")
    return fields


def output_schema(fields: dict[str, bool]) -> StructType:
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    return StructType([StructField(POSITION, LongType(), False), StructField(WHERE, StringType())]
                      + [StructField(name, StringType()) for name in fields]
                      + [StructField(WARNINGS, ArrayType(StringType())), StructField(ERROR, StringType())])


def to_row(fields: dict[str, bool], result: Result) -> tuple[Any, ...]:
    """A result as a Parquet row of ``output_schema(fields)``."""
    if result.doc is None:
        values = [result.id if name == "id" else None for name in fields]
    else:
        values = [column(result.doc.get(name), plain) for name, plain in fields.items()]
    return (result.position, result.where, *values, list(result.warnings), result.error)


def column(value: Any, plain: bool) -> str | None:
    """A value as a Parquet column: as it is when ``plain`` (a string, or null), else JSON text."""
    if plain and (value is None or isinstance(value, str)):
        return value
    return json.dumps(value, ensure_ascii=False)


def to_json_line(result: Result) -> str:
    """A result as ``qawl analyze --json`` writes it, or as an error line."""
    if result.doc is None:
        return json.dumps({"error": result.error, "where": result.where, "id": result.id}, ensure_ascii=False)
    return json.dumps(result.doc, ensure_ascii=False)


def row_to_doc(row: dict[str, Any], fields: dict[str, bool] | None = None) -> dict[str, Any]:
    """A Parquet output row back in the shape of ``qawl analyze --json`` (for readers and tests)."""
    fields = fields or doc_fields()
    return {name: row[name] if plain else json.loads(row[name]) for name, plain in fields.items()}


def analyze_corpus(spark: SparkSession, files: list[InputFile], output: str, *, fmt: str = "parquet",
                   partitions: int | None = None, options: Options | None = None,
                   overwrite: bool = False) -> Summary:
    """Analyse every article of ``files`` into ``output`` (a directory, as Spark writes)."""
    options = options or Options()
    items, cached, _ = corpus_items(spark, files, fmt, partitions, options)
    try:
        results = items.mapPartitions(partial(analyze_items, options=options))
        _write(spark, results, output, fmt, overwrite)
    finally:
        if cached is not None:
            cached.unpersist()
    return summarise(spark, output, fmt, results.getNumPartitions())


def corpus_items(spark: SparkSession, files: list[InputFile], fmt: str, partitions: int | None,
                 options: Options) -> tuple[RDD[Positioned], RDD[Positioned] | None, int]:
    """The items of a job over ``files`` (see ``spread``), the RDD cached on the way if any,
    and the partitions (Spark's default parallelism if not given); a bad ``fmt`` is refused."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; known: {', '.join(FORMATS)}")
    partitions = partitions or spark.sparkContext.defaultParallelism
    items, cached = spread(read_items(spark, files, partitions, options), partitions)
    return items, cached, partitions


def _write(spark: SparkSession, results: RDD[Result], output: str, fmt: str, overwrite: bool) -> None:
    fields = doc_fields()
    write_output(spark, results, output, fmt, overwrite, partial(to_row, fields), output_schema(fields), to_json_line)


def write_output(spark: SparkSession, rdd: RDD[Any], output: str, fmt: str, overwrite: bool,
                 to_parquet_row: Callable[[Any], tuple[Any, ...]], schema: StructType,
                 to_line: Callable[[Any], str]) -> None:
    """``rdd`` into ``output``: Parquet rows of ``schema``, or JSONL lines, in partition order."""
    if fmt == "parquet":
        frame = spark.createDataFrame(rdd.map(to_parquet_row), schema)
        frame.write.mode("overwrite" if overwrite else "errorifexists").parquet(output)
        return
    if overwrite:
        delete_path(spark, output)
    rdd.map(to_line).saveAsTextFile(output)


def summarise(spark: SparkSession, output: str, fmt: str, partitions: int) -> Summary:
    """Count what a run wrote, and read back its first errors (in input order for Parquet)."""
    from pyspark.sql import functions as F

    summary = Summary(output, fmt, partitions)
    if fmt == "parquet":
        frame = spark.read.parquet(output).select(POSITION, WHERE, ERROR)
        bad = F.col(ERROR).isNotNull()
    else:
        frame = spark.read.text(output)
        bad = F.col("value").startswith(JSONL_ERROR_PREFIX)
    counts = frame.agg(F.count(F.lit(1)).alias("rows"), F.count(F.when(bad, 1)).alias("bad")).first()
    assert counts is not None  # an aggregate has one row
    summary.failed = counts["bad"]
    summary.analysed = counts["rows"] - summary.failed
    if summary.failed and fmt == "parquet":
        first = frame.where(bad).orderBy(POSITION).limit(MAX_REPORTED_ERRORS).collect()
        summary.errors = [(r[WHERE], r[ERROR]) for r in first]
    elif summary.failed:
        first = frame.where(bad).limit(MAX_REPORTED_ERRORS).collect()
        summary.errors = [(e["where"], e["error"]) for e in (json.loads(r.value) for r in first)]
    return summary


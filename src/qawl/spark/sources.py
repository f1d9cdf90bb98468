"""Input for ``qawl spark analyze``: JSONL, Parquet and WARC files as an RDD of articles.

Every file becomes ``(position, Article | BadInput)`` items, decided by the same code as
a local run (``qawl.io.readers`` for JSONL lines and records, ``qawl.io.warc`` for web
archives), so a line that ``qawl analyze`` refuses is refused here with the same
message, and a record without an id gets the same default id (``FILE:LINENO``).

``position`` is an order key: ``file index << 32 | ordinal in the file`` (line, row or
page).  Partitions are kept in input order end to end, so output files come out in
input order too, and sorting by ``position`` restores it after any shuffle.

Where an input path is resolved: with a local master a path without a scheme is a local
path, checked before Spark starts (a typo costs no JVM start-up); otherwise, and for any
``hdfs://``, ``s3a://``, ... URI, it is resolved by Hadoop's file system, which also
expands globs.
"""
from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..io.readers import BadInput, Item, find_files, first_line, json_line_item, line_limit, record_item
from ..options import Options
from .paths import hadoop_fs, local_file

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

#: File name endings read, and their kind.  A directory is searched for exactly these.
SUFFIXES = {".jsonl": "jsonl", ".parquet": "parquet", ".warc": "warc", ".warc.gz": "warc"}
#: Bits of ``position`` that hold the ordinal within a file.
ORDINAL_BITS = 32

Positioned = tuple[int, Item]


class InputPathError(ValueError):
    """An input path that cannot be read, with a message fit for one line."""


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file: what Spark opens, how messages name it, how it is read."""

    path: str  # a URI Spark opens ("file:/abs/a.jsonl", "hdfs://nn/corpus/a.parquet")
    where: str  # the name in messages and default ids, as ``qawl analyze`` would give it
    kind: str  # "jsonl" | "parquet" | "warc"


def input_kind(name: str) -> str | None:
    lower = name.lower()
    return next((kind for suffix, kind in SUFFIXES.items() if lower.endswith(suffix)), None)


def local_inputs(path: str) -> list[InputFile]:
    """The input files of a local path, checked now; an ``InputPathError`` says what is wrong."""
    local = str(local_file(path))
    if not os.path.exists(local):
        raise InputPathError(f"{path}: no such file or directory")
    if os.path.isdir(local):
        files = find_files(Path(local), input_kind)
        if not files:
            raise InputPathError(f"{path}: directory has no input files ({', '.join(SUFFIXES)})")
        return [InputFile(Path(f).resolve().as_uri(), str(f), str(input_kind(f.name))) for f in files]
    kind = input_kind(local)
    if kind is None:
        raise InputPathError(f"{path}: unknown input format; expected {', '.join(SUFFIXES)} or a directory of them")
    if not os.access(local, os.R_OK):
        raise InputPathError(f"{path}: permission denied")
    return [InputFile(Path(local).resolve().as_uri(), path, kind)]


def hadoop_inputs(spark: SparkSession, path: str) -> list[InputFile]:
    """The input files of a path or glob on any Hadoop file system (HDFS, S3, local)."""
    fs, pattern = hadoop_fs(spark, path)
    statuses = fs.globStatus(pattern)
    if not statuses:
        raise InputPathError(f"{path}: no such file or directory")
    files: list[str] = []
    for status in statuses:
        root = status.getPath().toString()
        if not status.isDirectory():
            files += [root] if not _hidden(root.rsplit("/", 1)[-1]) else []
            continue
        listing = fs.listFiles(status.getPath(), True)
        while listing.hasNext():
            found = listing.next().getPath().toString()
            if not _hidden(found[len(root):]):
                files.append(found)
    found = sorted(f for f in files if input_kind(f))
    if not found:
        raise InputPathError(f"{path}: no input files ({', '.join(SUFFIXES)})")
    return [InputFile(f, f, str(input_kind(f))) for f in found]


def _hidden(relative: str) -> bool:
    """What Spark and Hadoop treat as hidden: a name or folder starting with ``_`` or ``.``
    (``_SUCCESS``, ``.part-00000.crc``, ``_temporary/``)."""
    return any(part.startswith(("_", ".")) for part in relative.split("/") if part)


def read_items(spark: SparkSession, files: list[InputFile], partitions: int, options: Options) -> RDD[Positioned]:
    """Every article (or bad item) of ``files`` as ``(position, item)``, in input order;
    ``partitions`` is spread over the files to split them (see ``spread``)."""
    per_file = max(1, partitions // len(files))
    raw = [_raw_rdd(spark, f, per_file) for f in files]
    starts = _partition_starts(spark, [(k, r) for k, r in enumerate(raw) if not isinstance(r, BadInput)])
    return spark.sparkContext.union([
        spark.sparkContext.parallelize([(k << ORDINAL_BITS, rdd)], 1) if isinstance(rdd, BadInput)
        else rdd.mapPartitionsWithIndex(partial(_items, k, f, starts.get(k, {0: 0}), options))
        for k, (f, rdd) in enumerate(zip(files, raw))
    ])


def spread(items: RDD[Positioned], partitions: int) -> tuple[RDD[Positioned], RDD[Positioned] | None]:
    """``items`` in at least ``partitions`` partitions, still in input order, and the RDD
    cached on the way (to unpersist when done), if any.

    Too few files or row groups to keep every core busy: cut the items into ranges of
    position (a round-robin repartition would lose the order).  They are cached first, as
    the range boundaries are sampled from them and a WARC is not worth parsing twice.
    """
    if items.getNumPartitions() >= partitions:
        return items, None
    cached = items.persist()
    return cached.sortBy(lambda item: item[0], numPartitions=partitions), cached


def _raw_rdd(spark: SparkSession, f: InputFile, partitions: int) -> RDD[Any] | BadInput:
    """The file's lines, rows or bytes; a Parquet file whose footer cannot be read is a
    ``BadInput`` for the whole file (a corrupt row group found later still fails the job)."""
    if f.kind == "jsonl":
        return spark.sparkContext.textFile(f.path, minPartitions=partitions)
    if f.kind == "parquet":
        try:
            return spark.read.parquet(f.path).rdd
        except Exception as e:  # AnalysisException, SparkException: the footer is not Parquet's
            return BadInput(f.where, f"not a Parquet file: {first_line(e)}")
    return spark.sparkContext.binaryFiles(f.path)


def _partition_starts(spark: SparkSession, raw: list[tuple[int, RDD[Any]]]) -> dict[int, dict[int, int]]:
    """``{file index: {partition: ordinal of its first element in the file}}`` for the
    files read in more than one partition: one counting pass over just those."""
    split = [(k, rdd) for k, rdd in raw if rdd.getNumPartitions() > 1]
    if not split:
        return {}
    counts = spark.sparkContext.union([
        rdd.mapPartitionsWithIndex(partial(_count, k)) for k, rdd in split
    ]).collect()
    starts: dict[int, dict[int, int]] = {}
    for k, p, n in sorted(counts):
        file_starts = starts.setdefault(k, {0: 0})
        file_starts[p + 1] = file_starts[p] + n
    return starts


def _count(k: int, p: int, elements: Iterable[Any]) -> Iterator[tuple[int, int, int]]:
    yield k, p, sum(1 for _ in elements)


def _items(k: int, f: InputFile, starts: dict[int, int], options: Options,
           p: int, elements: Iterable[Any]) -> Iterator[Positioned]:
    """The items of partition ``p`` of file ``k``, each with its position."""
    base = k << ORDINAL_BITS
    first = starts.get(p, 0)
    if f.kind == "jsonl":
        limit = line_limit(options)
        for i, line in enumerate(elements, first):
            if line.strip():
                yield base | i, _jsonl_item(f"{f.where}:{i + 1}", line, limit)
    elif f.kind == "parquet":
        for i, row in enumerate(elements, first):
            yield base | i, record_item(f"{f.where}:{i + 1}", _plain(row.asDict(recursive=True)))
    else:
        from ..io.warc import read_warc  # warcio is needed only for WARC input

        for _uri, data in elements:
            for i, item in enumerate(read_warc(f.where, io.BytesIO(data))):
                yield base | i, item


def _jsonl_item(where: str, line: str, limit: int) -> Item:
    data = line.encode("utf-8")
    if len(data) > limit:
        return BadInput(where, f"line longer than {limit:,} bytes; skipped")
    return json_line_item(where, data)


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """A table row as a JSON line would give it: dates and times as ISO strings."""
    return {k: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for k, v in record.items()}

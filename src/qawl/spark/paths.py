"""Paths on any file system Spark reads: local paths, ``file:`` and ``hdfs://``/``s3a://`` URIs.

A path without a scheme means a local file when Spark runs in local mode, and the
cluster's default file system (HDFS, say) otherwise; Spark gets a ``file:`` URI for a
local one, so that a cluster's default never reinterprets it.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_local_path(path: str) -> bool:
    return not _SCHEME.match(path) or path.startswith("file:")


def local_file(path: str) -> Path:
    """The local file of a path or ``file:`` URI."""
    return Path(re.sub(r"^file:(//)?", "", path) if path.startswith("file:") else path)


def hadoop_fs(spark: SparkSession, path: str) -> tuple[Any, Any]:
    """``(file system, Hadoop Path)`` for ``path``, through the JVM."""
    jvm, conf = spark.sparkContext._jvm, spark.sparkContext._jsc.hadoopConfiguration()
    assert jvm is not None  # a live session has its JVM
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    return hadoop_path.getFileSystem(conf), hadoop_path


def path_exists(spark: SparkSession, path: str) -> bool:
    fs, hadoop_path = hadoop_fs(spark, path)
    return bool(fs.exists(hadoop_path))


def delete_path(spark: SparkSession, path: str) -> None:
    fs, hadoop_path = hadoop_fs(spark, path)
    fs.delete(hadoop_path, True)

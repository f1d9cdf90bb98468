"""The Spark session qawl runs on: local mode on this machine, or any cluster by ``master``.

For a local master (``local``, ``local[N]``, ``local[*]``) qawl sets what makes Spark
behave on a laptop or a CI box: no web UI, the driver on the loopback address, Python
workers that are this very interpreter (so they import the same qawl), a quiet log.
For a cluster it only sets what the run needs (the application name, the shuffle
width) and leaves the rest to ``spark-submit`` and ``spark-defaults.conf``.

Under ``spark-submit`` the JVM already exists with its master and configuration; a
``master`` given here then overrides it, none keeps it.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: The master when none is given and qawl starts Spark itself.
DEFAULT_MASTER = "local[2]"
APP_NAME = "qawl"
#: The Python daemon of every executor: PySpark's, with qawl loaded before it forks.
DAEMON_MODULE = "qawl.spark.daemon"
#: Spark's own logging configuration while qawl runs it (QAWL_DEBUG=1: Spark's defaults).
LOG_CONFIG = "log4j2.properties"


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def under_spark_submit() -> bool:
    """True when this Python is the driver of a ``spark-submit``: the JVM is already up."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def session_conf(master: str | None, partitions: int | None = None) -> dict[str, str]:
    """The settings qawl gives a new session for ``master`` (``None``: keep spark-submit's)."""
    conf = {"spark.app.name": APP_NAME, "spark.ui.showConsoleProgress": "false",
            # each executor's Python daemon loads the stages' data once, before it forks the workers
            "spark.python.daemon.module": DAEMON_MODULE,
            # and a worker lives on between tasks, with all it has loaded
            "spark.python.worker.reuse": "true"}
    if partitions:
        conf["spark.sql.shuffle.partitions"] = str(partitions)
    if master is not None:
        conf["spark.master"] = master
    if master is not None and is_local(master):
        conf |= {"spark.ui.enabled": "false", "spark.driver.host": "127.0.0.1",
                 "spark.driver.bindAddress": "127.0.0.1", "spark.pyspark.python": sys.executable,
                 "spark.pyspark.driver.python": sys.executable}
        if not partitions:
            conf["spark.sql.shuffle.partitions"] = "4"
    if not under_spark_submit() and not os.environ.get("QAWL_DEBUG"):
        log_config = _log_config_path()
        if log_config:
            conf["spark.driver.extraJavaOptions"] = f"-Dlog4j2.configurationFile=file:{log_config}"
    return conf


def _log_config_path() -> str | None:
    path = resources.files(__package__) / LOG_CONFIG
    return str(path) if os.path.isfile(str(path)) else None  # not a file inside a zip import


@contextmanager
def spark_session(master: str | None = None, *, partitions: int | None = None,
                  conf: dict[str, str] | None = None) -> Iterator[SparkSession]:
    """A session for the length of the ``with``: the active one if there is one (a test
    module's, a notebook's), which is left running, else a new one, which is stopped.
    ``conf`` (spark-submit's ``--conf``) goes over qawl's own settings."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    if master is None and not under_spark_submit():
        master = DEFAULT_MASTER
    settings = session_conf(master, partitions) | (conf or {})
    if "spark.pyspark.python" in settings:
        # PySpark starts the Python workers with $PYSPARK_PYTHON; it does not read the setting
        os.environ.setdefault("PYSPARK_PYTHON", settings["spark.pyspark.python"])
    builder = SparkSession.builder
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    try:
        yield spark
    finally:
        spark.stop()

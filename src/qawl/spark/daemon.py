"""The Python daemon of each Spark executor, with qawl loaded before it forks its workers.

PySpark starts one daemon per executor (``python -m pyspark.daemon``), which forks a
worker for each task slot.  qawl sets ``spark.python.daemon.module`` to this module: it
runs the pipeline once on a short text, which loads every stage's lexicons and models,
and then becomes PySpark's own daemon.  Each forked worker starts with all of it already
in memory (shared copy-on-write), so a lexicon or model is loaded once per executor,
not once per worker or task, let alone per row.

Two rules for what a stage loads, since it is loaded before a fork: no threads started
at load time (PySpark's daemon requires it), and nothing written to stdout (the daemon
hands its port to the JVM there).  If loading fails, the daemon starts all the same and
the workers load lazily, as without this module.
"""
from __future__ import annotations

import sys

#: A short text that goes through every stage.
WARM_UP_TEXT = "وقال الوزير إن المشروع سيكتمل العام المقبل، مؤكدا أن التمويل متوفر."


def preload() -> None:
    """Load qawl's stages and their data in this process."""
    try:
        from qawl import api

        api.analyze(WARM_UP_TEXT, id="qawl-daemon-warm-up")
    except Exception as e:  # never keep the executor from starting
        print(f"qawl.spark.daemon: preload failed, workers will load lazily: {type(e).__name__}: {e}", file=sys.stderr)


if __name__ == "__main__":
    preload()
    from pyspark import daemon

    daemon.manager()

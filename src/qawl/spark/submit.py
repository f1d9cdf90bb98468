"""The application file for ``spark-submit``: ``qawl spark ARGS...`` as a Spark application.

    spark-submit --master yarn --archives qawl-env.tar.gz#env \
        --conf spark.pyspark.python=./env/bin/python \
        "$(python -c 'import qawl.spark.submit as s; print(s.__file__)')" analyze IN OUT

The master and configuration are spark-submit's (a ``--master`` after ``analyze``
overrides them); see docs/spark.md.
"""
from __future__ import annotations

import sys

from qawl.cli import main

if __name__ == "__main__":
    sys.exit(main(["spark", *sys.argv[1:]]))

"""qawl on Apache Spark: the local analysis run partition by partition on a cluster.

``qawl spark analyze INPUT OUTPUT`` (``qawl.commands.spark``) reads JSONL, Parquet or WARC
(``sources``), runs ``qawl.api.analyze_record`` over each partition (``analyze``) and
writes Parquet or JSONL with the fields of ``qawl analyze --json``.  ``qawl spark compare``
(``compare``) runs the steps of ``qawl.stories.compare`` spread out (counts per partition,
IDF by a reduce, cosines per day block, groups on the driver, stories per executor) and
writes the stories of ``qawl compare --json``.  ``session`` makes the
SparkSession (local mode, or the cluster of ``--master`` / ``spark-submit``); ``submit``
is the file to hand to ``spark-submit``.  Needs the ``spark`` extra
(``pip install 'qawl[spark]'``): PySpark and warcio; see docs/spark.md.

Importing this package does not import PySpark; its modules import it when they need it.
"""

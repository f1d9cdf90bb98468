"""``qawl spark analyze`` on PySpark in local mode: the same rows as a local ``qawl analyze``.

One SparkSession (local[2], no UI, loopback driver) for the whole module; every run
below reuses it, the CLI's too (it takes the active session and leaves it running).
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import SAUDINEWSNET, needs, skip_without_spark  # noqa: E402

skip_without_spark()
pytestmark = pytest.mark.spark

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from qawl import api  # noqa: E402
from qawl.cli import main  # noqa: E402
from qawl.io.readers import Article, BadInput, html_to_text, read_inputs  # noqa: E402
from qawl.io.warc import read_warc  # noqa: E402
from qawl.spark import analyze as job  # noqa: E402
from qawl.spark import sources  # noqa: E402
from qawl.spark.session import spark_session  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "spark_articles.jsonl"
SAUDINEWSNET_ARTICLES = 300

Expected = tuple[str, dict[str, Any] | None, str | None]  # (where, doc, error)


@pytest.fixture(scope="module")
def spark():
    with spark_session("local[2]", partitions=2) as session:
        yield session


def local_run(items: list[Article | BadInput]) -> list[Expected]:
    """What a local run gives for each item: its ``--json`` object, or its error message."""
    out: list[Expected] = []
    for item in items:
        if isinstance(item, BadInput):
            out.append((item.where, None, item.message))
            continue
        try:
            doc = api.analyze_record(item.record)
        except api.InputError as e:
            out.append((item.where, None, str(e)))
        else:
            out.append((item.where, json.loads(json.dumps(doc.to_dict(), ensure_ascii=False)), None))
    return out


def spark_rows(spark, output: str) -> list[Expected]:
    """The Parquet output of a run, in input order, in the shape of ``local_run``."""
    rows = [r.asDict() for r in spark.read.parquet(output).orderBy(job.POSITION).collect()]
    return [(r[job.WHERE], None if r[job.ERROR] else job.row_to_doc(r), r[job.ERROR]) for r in rows]


def run_parquet(spark, path: Path, out: Path, partitions: int) -> tuple[job.Summary, list[Expected]]:
    summary = job.analyze_corpus(spark, sources.local_inputs(str(path)), out.as_uri(), partitions=partitions)
    return summary, spark_rows(spark, out.as_uri())


def test_small_file_rows_equal_local_row_for_row(spark, tmp_path):
    summary, rows = run_parquet(spark, DATA, tmp_path / "out", partitions=3)
    expected = local_run(list(read_inputs([str(DATA)])))
    assert rows == expected
    assert (summary.analysed, summary.failed, summary.partitions) == (6, 4, 3)
    errors = {where.rsplit(":", 1)[1]: message for where, _, message in rows if message}
    assert errors == {"5": 'no "text" field', "6": '"text" is a number, not a string',
                      "7": "article empty: empty text", "8": errors["8"]}
    assert errors["8"].startswith("not JSON")
    ids = [doc["id"] for _, doc, _ in rows if doc]
    assert ids == ["t1", "t2", "3", f"{DATA}:4", "english", "t9"]  # a missing id is FILE:LINE, as locally


def test_parquet_columns_and_warnings(spark, tmp_path):
    job.analyze_corpus(spark, sources.local_inputs(str(DATA)), (tmp_path / "out").as_uri())
    frame = spark.read.parquet((tmp_path / "out").as_uri())
    fields = list(job.doc_fields())
    assert frame.columns == [job.POSITION, job.WHERE, *fields, job.WARNINGS, job.ERROR]
    assert fields[:2] == ["id", "text"] and "attributions" in fields
    english = frame.where(frame.id == "english").first()
    assert english.warnings and "not Arabic" in english.warnings[0]
    t1 = frame.where(frame.id == "t1").first()
    assert json.loads(t1.attributions)[0]["cue"]["text"] == "قال" and not t1.warnings and t1.error is None


@needs(SAUDINEWSNET, what="SaudiNewsNet")
def test_saudinewsnet_rows_equal_local_row_for_row(spark, tmp_path):
    sample = tmp_path / "snn.jsonl"
    with open(SAUDINEWSNET, encoding="utf-8") as f:
        sample.write_text("".join(line for _, line in zip(range(SAUDINEWSNET_ARTICLES), f)), encoding="utf-8")
    summary, rows = run_parquet(spark, sample, tmp_path / "out", partitions=4)
    expected = local_run(list(read_inputs([str(sample)])))
    assert len(rows) == len(expected) == SAUDINEWSNET_ARTICLES
    for got, want in zip(rows, expected):
        assert got == want, f"{want[0]}: spark and local differ"
    assert summary.analysed == SAUDINEWSNET_ARTICLES and summary.failed == 0
    assert sum(len(doc["attributions"]) for _, doc, _ in rows) > SAUDINEWSNET_ARTICLES  # real analysis ran


def test_cli_jsonl_output_is_the_local_json_output(spark, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["spark", "analyze", str(DATA), str(out), "--format", "jsonl", "--partitions", "2"])
    spark_err = capsys.readouterr().err.splitlines()
    local_code = main(["analyze", str(DATA), "--json"])
    local = capsys.readouterr()
    assert code == local_code == 1
    lines = "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("part-*"))).splitlines()
    assert [line for line in lines if not line.startswith(job.JSONL_ERROR_PREFIX)] == local.out.splitlines()
    errors = [json.loads(line) for line in lines if line.startswith(job.JSONL_ERROR_PREFIX)]
    local_errors = [line for line in local.err.splitlines() if line.startswith("qawl: error:")]
    assert [f"qawl: error: {e['where']}: {e['error']}" for e in errors] == local_errors
    assert spark_err[:len(local_errors)] == local_errors
    assert spark_err[-1] == f"qawl: spark: 6 articles analysed, 4 failed, 2 partitions -> {out} (jsonl)"


def test_cli_only_runs_the_stages_asked_for_as_locally(spark, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["spark", "analyze", str(DATA), str(out), "--format", "jsonl", "--only", "sentences"]) == 1
    capsys.readouterr()
    main(["analyze", str(DATA), "--json", "--only", "sentences"])
    local = capsys.readouterr().out.splitlines()
    lines = "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("part-*"))).splitlines()
    assert [line for line in lines if not line.startswith(job.JSONL_ERROR_PREFIX)] == local
    assert all(json.loads(line)["attributions"] == [] for line in local) and json.loads(local[0])["sentences"]


def test_cli_refuses_an_existing_output_then_overwrites(spark, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    assert main(["spark", "analyze", str(DATA), str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == [f"qawl: error: {out}: already exists; give --overwrite to replace it"]
    assert main(["spark", "analyze", str(DATA), str(out), "--overwrite"]) == 1
    assert spark.read.parquet(out.as_uri()).count() == 10


def test_parquet_input(spark, tmp_path):
    import datetime as dt

    from pyspark.sql.types import DateType, LongType, StringType, StructField, StructType

    schema = StructType([StructField("id", StringType()), StructField("text", StringType()),
                         StructField("date", DateType()), StructField("n", LongType())])
    records = [("p1", "قال الوزير إن المشروع سيكتمل العام المقبل.", dt.date(2017, 12, 2), 1),
               (None, "وأكدت الشرطة أن التحقيق مستمر.", None, 2),
               ("p3", None, None, 3)]
    source = tmp_path / "in.parquet"
    spark.createDataFrame(records, schema).coalesce(1).write.parquet(source.as_uri())
    _, rows = run_parquet(spark, source, tmp_path / "out", partitions=2)
    part = next(source.glob("part-*.parquet"))
    dicts = [dict(zip(("id", "text", "date", "n"), r)) for r in records]
    items = [sources.record_item(f"{part}:{i}", {**d, "date": d["date"] and d["date"].isoformat()})
             for i, d in enumerate(dicts, 1)]
    assert rows == local_run(items)
    assert rows[1][1]["id"] == f"{part}:2" and rows[2][2] == '"text" is null, not a string'


PAGES = {
    "http://example.com/a": ("text/html; charset=utf-8", "utf-8",
                             "<html><head><title>خبر</title></head><body><p>قال الوزير إن المشروع سيكتمل العام المقبل.</p>"
                             "<script>var x = 1;</script><p>وأضاف أن التمويل متوفر.</p></body></html>"),
    "http://example.com/b": ("text/html", "windows-1256",
                             '<html><head><meta charset="windows-1256"></head><body><div>وأكدت الشرطة أن التحقيق مستمر.</div></body></html>'),
    "http://example.com/empty": ("text/html", "utf-8", "<html><body><script>only()</script></body></html>"),
}


def write_warc(path: Path) -> None:
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        writer.write_record(writer.create_warc_record("http://example.com/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))
        for url, (ctype, charset, html) in PAGES.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode(charset)), http_headers=headers))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("http://example.com/i.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=image))


def test_warc_pages_read_like_html_files(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    with open(path, "rb") as f:
        items = list(read_warc("crawl.warc.gz", f))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "BadInput"]
    a, b, empty = items
    assert a.record["url"] == "http://example.com/a" and a.record["title"] == "خبر"
    assert a.record["text"] == html_to_text(PAGES["http://example.com/a"][2])[1]
    assert a.record["id"] == "http://example.com/a" and a.where == "crawl.warc.gz:2"  # the URL, else the record id
    assert b.record["text"] == "وأكدت الشرطة أن التحقيق مستمر."  # decoded by its <meta charset>
    assert (empty.where, empty.message) == ("crawl.warc.gz:4", "no text in the HTML")
    assert [(i.where, i.message) for i in read_warc("x.warc", io.BytesIO(b"not a warc\n"))][0][0] == "x.warc"


def test_warc_input(spark, tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    _, rows = run_parquet(spark, path, tmp_path / "out", partitions=2)
    with open(path, "rb") as f:
        assert rows == local_run(list(read_warc(str(path), f)))
    assert [doc["attributions"][0]["cue"]["text"] for _, doc, _ in rows if doc] == ["قال", "وأكدت"]


def test_directory_input_skips_hidden_files(spark, tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    shutil.copy(DATA, corpus / "b.jsonl")
    write_warc(corpus / "sub" / "a.warc.gz")
    for junk in ("_SUCCESS", ".b.jsonl.crc", "notes.txt"):
        (corpus / junk).write_text("x")
    (corpus / "c.parquet").write_text("not parquet")
    (corpus / "d.warc").write_text("not a warc\n")
    local = sources.local_inputs(str(corpus))
    assert [(Path(f.where).relative_to(corpus).as_posix(), f.kind) for f in local] == [
        ("b.jsonl", "jsonl"), ("c.parquet", "parquet"), ("d.warc", "warc"), ("sub/a.warc.gz", "warc")]
    remote = sources.hadoop_inputs(spark, corpus.as_uri())
    assert [f.kind for f in remote] == ["jsonl", "parquet", "warc", "warc"] and remote[0].path.endswith("/corpus/b.jsonl")
    with pytest.raises(sources.InputPathError, match="no such file"):
        sources.hadoop_inputs(spark, (tmp_path / "missing").as_uri())
    summary = job.analyze_corpus(spark, local, (tmp_path / "out").as_uri())
    assert (summary.analysed, summary.failed) == (6 + 2, 4 + 1 + 2)  # a broken file is one bad row, the rest goes on
    errors = dict(summary.errors)
    assert errors[str(corpus / "c.parquet")].startswith("not a Parquet file")
    assert errors[str(corpus / "d.warc")].startswith("not a WARC record")


def test_lexicons_load_once_per_executor_not_per_row(spark):
    def probe(items):
        """Which worker of which daemon ran this partition; was the cue lexicon in memory before
        its first article; how often has this process loaded it in all."""
        from qawl.attribution import cues
        from qawl.options import Options
        from qawl.spark.analyze import analyze_items

        before = cues.cue_forms.cache_info().currsize
        for _ in analyze_items(items, Options()):
            pass
        yield os.getppid(), os.getpid(), before, cues.cue_forms.cache_info().misses

    records = [(i, Article(f"r{i}", {"id": f"r{i}", "text": "قال الوزير إن المشروع سيكتمل."})) for i in range(64)]
    loads = spark.sparkContext.parallelize(records, 8).mapPartitions(probe).collect()
    assert len(loads) == 8
    assert len({daemon for daemon, *_ in loads}) == 1  # local mode: one executor, one Python daemon
    assert all(before == 1 for _, _, before, _ in loads)  # loaded by the daemon, before it forked the worker
    assert all(misses == 1 for *_, misses in loads)  # and never again, in any worker, for any row
    assert len({pid for _, pid, _, _ in loads}) < 8  # workers are reused between tasks too


def qawl_process(*argv: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qawl", *map(str, argv)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("case, message", [
    ("missing", "qawl: error: missing.jsonl: no such file or directory"),
    ("csv", "unknown input format; expected .jsonl, .parquet, .warc, .warc.gz or a directory of them"),
    ("partitions", "expected a whole number of partitions, 1 or more, not '0'"),
])
def test_process_bad_arguments_are_one_line_before_spark_starts(tmp_path, case, message):
    csv = tmp_path / "articles.csv"
    csv.write_text("id,text\n")
    out = tmp_path / "out"
    argv = {"missing": ["missing.jsonl", out], "csv": [csv, out], "partitions": [DATA, out, "--partitions", "0"]}[case]
    p = qawl_process("spark", "analyze", *argv)
    lines = [line for line in p.stderr.splitlines() if line.strip() and not line.startswith(("usage:", " "))]
    assert p.returncode == 2 and len(lines) == 1 and message in lines[0] and "Traceback" not in p.stderr, p.stderr
    assert not out.exists()


def test_output_inside_the_input_is_refused(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DATA, corpus / "a.jsonl")
    assert main(["spark", "analyze", str(corpus), str(corpus), "--overwrite"]) == 2
    assert "holds the input" in capsys.readouterr().err
    assert (corpus / "a.jsonl").exists()


def test_session_settings_for_local_and_cluster_masters():
    from qawl.spark.session import session_conf

    local = session_conf("local[2]", partitions=3)
    assert local["spark.ui.enabled"] == "false" and local["spark.driver.host"] == "127.0.0.1"
    assert local["spark.pyspark.python"] == sys.executable and local["spark.sql.shuffle.partitions"] == "3"
    assert local["spark.python.worker.reuse"] == "true"
    cluster = session_conf("yarn")
    assert cluster["spark.master"] == "yarn" and "spark.driver.host" not in cluster and "spark.pyspark.python" not in cluster


def test_conf_must_be_key_value(capsys):
    assert main(["spark", "analyze", str(DATA), "out", "--conf", "spark.executor.memory"]) == 2
    assert "expected KEY=VALUE" in capsys.readouterr().err

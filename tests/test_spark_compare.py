"""``qawl spark compare`` on PySpark in local mode: the same stories as a local ``qawl compare --json``.

One SparkSession (local[2]) for the module, as in tests/test_spark.py.  The local side is
the CLI itself (``qawl compare PATH --json``), so the comparison is of the very lines.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from conftest import SAUDINEWSNET, STORIES, needs, skip_without_spark  # noqa: E402

skip_without_spark()
pytestmark = pytest.mark.spark

from qawl.cli import main  # noqa: E402
from qawl.spark import compare as job  # noqa: E402
from qawl.spark import sources  # noqa: E402
from qawl.spark.session import spark_session  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "spark_stories.jsonl"
SAUDINEWSNET_ARTICLES = 300


@pytest.fixture(scope="module")
def spark():
    with spark_session("local[2]", partitions=2) as session:
        yield session


def local_lines(path: Path, capsys) -> tuple[int, list[str], list[str]]:
    """Exit code, stdout lines (stories) and error lines of ``qawl compare PATH --json``."""
    code = main(["compare", str(path), "--json"])
    out = capsys.readouterr()
    return code, out.out.splitlines(), [e for e in out.err.splitlines() if e.startswith("qawl: error:")]


def spark_lines(spark, path: Path, out: Path, partitions: int) -> tuple[job.CompareSummary, list[str]]:
    summary = job.compare_corpus(spark, sources.local_inputs(str(path)), out.as_uri(), fmt="jsonl",
                                 partitions=partitions)
    return summary, "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("part-*"))).splitlines()


def test_cli_small_file_stories_are_the_local_lines(spark, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["spark", "compare", str(DATA), str(out), "--format", "jsonl", "--partitions", "3"])
    err = capsys.readouterr().err.splitlines()
    local_code, local, local_errors = local_lines(DATA, capsys)
    assert code == local_code == 1
    lines = "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("part-*"))).splitlines()
    assert lines == local
    stories = [json.loads(line) for line in lines]
    assert [s["articles"] for s in stories] == [["a1", "a2", "a3"], ["b1", "b2"]]  # b2 is undated: a guest
    assert [s["story"] for s in stories] == ["s1", "s2"]  # a-late is a reprint of a1, but a week later
    assert stories[0]["disagreements"][0]["kind"] == "figure" and not stories[0]["single_origin"]
    assert err[:len(local_errors)] == local_errors and len(local_errors) == 2  # not JSON, no "text"
    assert err[-1].startswith("qawl: spark: 7 articles analysed, 2 failed;") and err[-1].endswith(f"2 stories -> {out} (jsonl)")
    assert main(["spark", "compare", str(DATA), str(out)]) == 2  # an existing output is refused, as by analyze
    assert "already exists" in capsys.readouterr().err


@needs(STORIES, what="the stories set")
def test_stories_set_equals_local_story_for_story(spark, tmp_path, capsys):
    """Parquet output: each row, read back, is the local story line's value."""
    out = tmp_path / "out"
    summary = job.compare_corpus(spark, sources.local_inputs(str(STORIES)), out.as_uri(), partitions=3)
    rows = [job.row_to_story(r.asDict()) for r in spark.read.parquet(out.as_uri()).orderBy(job.NUMBER).collect()]
    code, local, _ = local_lines(STORIES, capsys)
    assert code == 0 and len(rows) == len(local) == summary.stories > 10
    for got, want in zip(rows, map(json.loads, local)):
        assert got == want, f"story {want['story']}: spark and local differ"


@needs(SAUDINEWSNET, what="SaudiNewsNet")
def test_saudinewsnet_with_undated_articles_equals_local(spark, tmp_path, capsys):
    """Many day blocks, and undated articles that are guests of every block."""
    sample = tmp_path / "snn.jsonl"
    rnd = random.Random(8)
    with open(SAUDINEWSNET, encoding="utf-8") as f, open(sample, "w", encoding="utf-8") as out:
        for _, line in zip(range(SAUDINEWSNET_ARTICLES), f):
            record = json.loads(line)
            if rnd.random() < 0.05:
                record.pop("date", None)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    summary, lines = spark_lines(spark, sample, tmp_path / "out", partitions=4)
    code, local, _ = local_lines(sample, capsys)
    assert code == 0 and lines == local
    assert summary.undated > 5 and summary.blocks >= 2 and summary.stories > 10

"""``--jobs N``: worker processes change nothing but the speed (issue 19).

Output order, every error and warning line, the exit code and the stored rows are those
of one job; a bad item is still reported and skipped.
"""
from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path

import pytest

from qawl import api, parallel
from qawl.cli import main
from qawl.options import Options
from qawl.stories.kept import PackedTokens, kept

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "spark_articles.jsonl"
SAMPLE = ROOT / "samples" / "d000.jsonl"


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Real articles with, between them, a line that is not JSON, an empty text and English."""
    lines = ARTICLES.read_text(encoding="utf-8").splitlines()
    bad = ["not json", '{"id": "empty", "text": ""}', '{"id": "en", "text": "The minister said talks resume."}']
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines[:3] + bad + lines[3:] + [SAMPLE.read_text(encoding="utf-8").strip()]) + "\n",
                    encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.slow  # worker processes
@pytest.mark.parametrize("command", [("analyze", "--json"), ("analyze",), ("check", "--json"), ("compare", "--json")])
def test_two_jobs_print_what_one_job_prints(capsys, mixed, command):
    one = _run(capsys, *command, mixed, "--jobs", 1)
    two = _run(capsys, *command, mixed, "--jobs", 2)
    assert one == two
    code, out, err = one
    assert code == 1 and out  # some articles failed, the rest were written
    assert "not JSON" in err and "empty text" in err


@pytest.mark.slow  # worker processes
def test_two_jobs_store_what_one_job_stores(capsys, mixed, tmp_path):
    rows = []
    for jobs in (1, 2):
        db = tmp_path / f"j{jobs}.db"
        code, _, err = _run(capsys, "ingest", mixed, "--db", db, "--jobs", jobs, "--json")
        assert code == 1 and "not JSON" in err
        with sqlite3.connect(db) as c:
            rows.append(c.execute("SELECT a.hash, an.doc FROM articles a JOIN analyses an ON an.article = a.hash "
                                  "ORDER BY a.hash").fetchall())
    assert rows[0] == rows[1] and len(rows[0]) >= 5


def test_jobs_default_to_the_cores_for_large_inputs_only(tmp_path):
    small = tmp_path / "small.jsonl"
    small.write_text('{"id": "a", "text": "قال"}\n', encoding="utf-8")
    large = tmp_path / "large.jsonl"
    large.write_bytes(b" " * parallel.LARGE_INPUT_BYTES)
    assert parallel.default_jobs([str(small)]) == 1
    assert parallel.default_jobs(["-"]) == 1
    assert parallel.default_jobs([str(large)]) == parallel.cores()
    assert parallel.default_jobs([str(tmp_path)]) == parallel.cores()


def test_jobs_must_be_a_whole_number(capsys, mixed):
    code, _, err = _run(capsys, "analyze", mixed, "--jobs", 0)
    assert code == 2 and "--jobs" in err


def test_packed_tokens_read_back_as_the_tokens_they_pack():
    doc = api.analyze(SAMPLE.read_text(encoding="utf-8").split('"text": "')[1].split('"')[0],
                      options=Options(only=("sentences",)))
    small = kept(doc)
    assert isinstance(small.tokens, PackedTokens)
    assert list(small.tokens) == doc.tokens
    assert small.tokens[3:9] == doc.tokens[3:9] and small.tokens[-1] == doc.tokens[-1]
    assert list(pickle.loads(pickle.dumps(small.tokens))) == doc.tokens

"""One ``--format`` for every command that prints records, served by ``qawl.formats``;
``qawl.render_html`` and ``Doc._repr_html_``; ``check --alerts``."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import pytest

import qawl
from qawl.cli import main
from qawl.commands.analyze import ARTICLE_COLUMNS
from qawl.formats import names
from qawl.integrity import model as integrity_model

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "d000.jsonl"
RECORD = json.loads(SAMPLE.read_text(encoding="utf-8"))


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def doc() -> qawl.Doc:
    return qawl.api.analyze_record(RECORD, qawl.Options())


def test_the_registry_is_the_modules_of_the_package() -> None:
    import importlib

    assert names() == ["csv", "html", "jsonl", "markdown", "report"]
    for name in names():
        writer = importlib.import_module(f"qawl.formats.{name}").Writer
        assert all(callable(getattr(writer, m)) for m in ("write", "note", "close"))


def test_json_is_jsonl_and_keeps_where_the_article_was_published(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "analyze", SAMPLE, "--json")
    assert (code, err) == (0, "")
    assert run(capsys, "analyze", SAMPLE, "--format", "jsonl")[1] == out
    data = json.loads(out)
    assert {k: data[k] for k in ("id", "outlet", "date", "title", "url")} == \
        {k: RECORD[k] for k in ("id", "outlet", "date", "title", "url")}


def test_csv_has_a_row_per_attribution(capsys: pytest.CaptureFixture[str], doc: qawl.Doc) -> None:
    code, out, _ = run(capsys, "analyze", SAMPLE, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and tuple(rows[0]) == ARTICLE_COLUMNS
    assert [r["content"] for r in rows] == [a.content.text for a in doc.attributions]
    assert {r["outlet"] for r in rows} == {RECORD["outlet"]} and rows[0]["speaker"] == doc.attributions[0].source.text


def test_output_file_takes_its_format_from_its_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for suffix, check in ((".csv", lambda t: t.startswith("id,outlet,date")), (".md", lambda t: t.startswith("## d000")),
                          (".html", lambda t: t.startswith("<!DOCTYPE html>") and t.rstrip().endswith("</html>")),
                          (".jsonl", lambda t: json.loads(t)["id"] == "d000")):
        path = tmp_path / f"out{suffix}"
        code, out, err = run(capsys, "analyze", SAMPLE, "-o", path)
        assert (code, out, err) == (0, "", "") and check(path.read_text(encoding="utf-8")), suffix
    code, _, err = run(capsys, "analyze", SAMPLE, "-o", tmp_path / "no" / "such" / "dir.csv")
    assert code == 2 and err.startswith("qawl: error: cannot write ")


@pytest.mark.parametrize("fmt", ["report", "jsonl", "csv", "markdown", "html"])
def test_every_record_command_takes_every_format(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": 1, "a": "مقتل 27 شخصا في بغداد", "b": "مقتل 30 شخصا في بغداد"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "q.db"
    assert main(["ingest", str(SAMPLE), "--db", str(db)]) == 0
    capsys.readouterr()
    for argv in (["analyze", SAMPLE], ["check", SAMPLE], ["pairs", pairs], ["compare", SAMPLE],
                 ["search", "كركوك", "--db", db], ["sources", "--db", db]):
        code, out, err = run(capsys, *argv, "--format", fmt)
        assert (code, err) == (0, ""), argv
        assert out.strip(), argv
        if fmt == "jsonl":
            assert all(isinstance(json.loads(line), dict) for line in out.splitlines()), argv
        if fmt == "html":
            assert "<script" not in out and out.rstrip().endswith("</html>"), argv


def test_pairs_report_gives_reasons_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": 1, "a": "مقتل 27 شخصا في انفجار في بغداد", "b": "مقتل 30 شخصا في انفجار في بغداد"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "pairs", pairs)
    assert code == 0 and "numbers differ: 27 / 30" in out.splitlines()[0]


def test_render_html_marks_the_article_inline_without_script(doc: qawl.Doc) -> None:
    page = qawl.render_html(doc)
    assert page == doc._repr_html_() and page.startswith('<div dir="rtl"')
    assert "<script" not in page and "<style" not in page and 'class="' not in page  # styles inline
    first = doc.attributions[0]
    pieces = re.findall(r'data-roles="([^"]*)">([^<]*)</span>', page)
    for role, span in (("cue", first.cue), ("content", first.content), ("speaker", first.source)):
        assert span.text in "".join(text for roles, text in pieces if role in roles.split()), role
    assert any("ent" in roles.split() for roles, _ in pieces)  # entities marked too, as on the web page
    assert "background: rgba(" in page  # the suspicious first sentence is shaded
    hostile = qawl.analyze('قال الوزير إن "<script>alert(1)</script>" خبر كاذب.', id="x")
    assert "<script>" not in qawl.render_html(hostile) and "&lt;script&gt;" in qawl.render_html(hostile)


def test_check_prints_the_threshold_and_alerts_only(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    threshold = integrity_model.load().alert
    code, out, _ = run(capsys, "check", SAMPLE)
    assert code == 0 and f"threshold {threshold:.2f}" in out
    assert out.splitlines()[-1] == f"0 of 1 articles in alert (article score ≥ {threshold:.2f})"
    code, out, _ = run(capsys, "check", SAMPLE, "--alerts")
    assert (code, out.splitlines()) == (0, [f"0 of 1 articles in alert (article score ≥ {threshold:.2f})"])
    low = dataclasses.replace(integrity_model.load(), alert=0.1)
    monkeypatch.setattr(integrity_model, "load", lambda: low)
    code, out, _ = run(capsys, "check", SAMPLE, "--alerts", "--json")
    (verdict,) = [json.loads(line) for line in out.splitlines()]
    assert verdict["alert"] is True and verdict["threshold"] == 0.1 and verdict["outlet"] == RECORD["outlet"]


def test_formats_say_whether_they_read_only_data():
    """``--jobs`` builds records in the workers only for formats that never read a record's report
    lines or Doc; report and html read them."""
    from qawl.formats import names, reads_only_data

    assert {n for n in names() if reads_only_data(n)} == {"jsonl", "csv", "markdown"}


def test_a_record_written_ahead_is_the_line_its_writer_writes():
    """``--jobs`` workers send jsonl records as their written line (``formats.written``); formats
    that write a record in a table's context (csv) keep the data."""
    from qawl.formats import Record, jsonl, written

    record = Record("article", {"id": "a1", "text": "قال الوزير", "n": [1, 2.5]}, rows=[{"id": "a1"}])
    ahead = written("jsonl", record)
    assert ahead.text == jsonl.line(record) and ahead.data == {}
    direct, later = io.StringIO(), io.StringIO()
    jsonl.Writer(direct).write(record)
    jsonl.Writer(later).write(ahead)
    assert later.getvalue() == direct.getvalue()
    assert written("csv", record) is record

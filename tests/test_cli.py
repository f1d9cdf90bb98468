"""The command line, in process through ``main`` and as a real process through ``python -m qawl``."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rich.console import Console

import qawl
from qawl import api
from qawl.cli import main
from qawl.report import print_doc, render
from qawl.text.doc import Doc, Span

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "d000.jsonl"
ARABIC = "وقال الوزير إن المشروع سيكتمل العام المقبل، مؤكدا أن التمويل متوفر."


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, list[str]]:
    """Exit code, stdout and the stderr lines of ``qawl ARGV``."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def json_lines(out: str) -> list[dict[str, Any]]:
    docs = [json.loads(line) for line in out.splitlines()]
    for doc in docs:
        check_spans(doc)
    return docs


def check_spans(doc: dict[str, Any]) -> None:
    """Every span of the output points into the text (CONTRACT.md: text[start:end] == span.text)."""
    text = doc["text"]
    for s in doc["sentences"]:
        assert 0 <= s["start"] < s["end"] <= len(text)
        assert text[s["start"] : s["end"]].strip() == text[s["start"] : s["end"]]
    n = 0

    def walk(value: Any) -> None:
        nonlocal n
        if isinstance(value, dict):
            if {"text", "start", "end"} <= value.keys():
                assert text[value["start"] : value["end"]] == value["text"], value
                n += 1
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk({k: v for k, v in doc.items() if k != "text"})
    for a in doc["attributions"]:
        assert a["type"] in {"direct", "indirect", "mixed", "according_to"}
        assert a["polarity"] in {"assert", "deny"}
        assert isinstance(a["implicit"], bool) and a["content"] is not None and a["cue"] is not None


def write_jsonl(path: Path, *rows: object) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows))
    return path


# -- usage -----------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"qawl {qawl.__version__}"


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2 and any("usage" in line for line in err)


def test_analyze_without_paths_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "analyze")[0] == 2


def test_unknown_stage_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "analyze", SAMPLE, "--only", "sentences,nope")
    assert code == 2 and out == ""
    assert err == [line for line in err if line.startswith("qawl: error: unknown stage(s): nope")] and len(err) == 1


# -- JSON output -----------------------------------------------------------------------


def test_sample_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "analyze", SAMPLE, "--json")
    assert (code, err) == (0, [])
    (doc,) = json_lines(out)
    record = json.loads(SAMPLE.read_text())
    assert doc["id"] == "d000" and doc["text"] == record["text"]
    assert set(doc) >= {"id", "text", "sentences", "attributions", "entities", "times", "quantities", "claims", "integrity"}
    assert len(doc["sentences"]) > 1


def test_only_sentences_runs_no_attributions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyze", SAMPLE, "--json", "--only", "sentences")
    (doc,) = json_lines(out)
    assert code == 0 and doc["sentences"] and doc["attributions"] == []


def test_malformed_line_in_the_middle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write_jsonl(tmp_path / "a.jsonl", {"id": "a1", "text": ARABIC}, '{"id": "a2", text', {"id": "a3", "text": ARABIC})
    code, out, err = run(capsys, "analyze", f, "--json")
    assert code == 1
    assert [d["id"] for d in json_lines(out)] == ["a1", "a3"]
    assert len(err) == 1 and err[0].startswith(f"qawl: error: {f}:2: not JSON")


def test_every_bad_input_is_one_line_and_the_rest_is_analysed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x7fELF\x00\x00")
    (tmp_path / "broken.txt").write_bytes(b"ab\xffcd")
    (tmp_path / "good.txt").write_text(ARABIC)
    write_jsonl(tmp_path / "lines.jsonl", {"id": "no-text"}, {"id": "num", "text": 3}, {"id": "blank", "text": "  "})
    code, out, err = run(capsys, "analyze", tmp_path, tmp_path / "missing.jsonl", "--json")
    assert code == 1
    assert [d["id"] for d in json_lines(out)] == ["good.txt"]
    assert err == [
        f"qawl: error: {tmp_path / 'binary.txt'}: binary file (contains NUL bytes), not text",
        f"qawl: error: {tmp_path / 'broken.txt'}: not valid UTF-8 (byte 2)",
        f"qawl: error: {tmp_path / 'empty.txt'}: empty file",
        f'qawl: error: {tmp_path / "lines.jsonl"}:1: no "text" field',
        f'qawl: error: {tmp_path / "lines.jsonl"}:2: "text" is a number, not a string',
        f"qawl: error: {tmp_path / 'lines.jsonl'}:3: article blank: empty text",  # api.InputError
        f"qawl: error: {tmp_path / 'missing.jsonl'}: no such file or directory",
    ]


def test_nothing_readable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    code, out, err = run(capsys, "analyze", tmp_path / "empty.jsonl", tmp_path / "missing.txt", "--json")
    assert (code, out, len(err)) == (2, "", 2)


def test_non_arabic_text_warns_and_is_still_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "en.txt").write_text("The minister said the project would be finished next year.")
    code, out, err = run(capsys, "analyze", tmp_path / "en.txt", "--json")
    assert code == 0
    assert [d["id"] for d in json_lines(out)] == ["en.txt"]
    assert len(err) == 1 and err[0].startswith("qawl: warning: article en.txt: not Arabic text")


def test_html_directory_and_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text(f"<html><script>alert('x')</script><p>{ARABIC}</p><p>{ARABIC}</p></html>")
    (tmp_path / "a.txt").write_text(ARABIC)
    code, out, _ = run(capsys, "analyze", tmp_path, "--json")
    docs = json_lines(out)
    assert code == 0 and [d["id"] for d in docs] == ["a.txt", "sub/page.html"]
    assert docs[1]["text"] == f"{ARABIC}\n{ARABIC}" and "alert" not in docs[1]["text"]


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAMPLE.read_bytes() * 2)))
    code, out, _ = run(capsys, "analyze", "-", "--json")
    assert code == 0 and [d["id"] for d in json_lines(out)] == ["d000", "d000"]


def test_internal_error_is_one_line_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = api.analyze_record

    def flaky(record: dict[str, Any], options: Any = None) -> Doc:
        if record["id"] == "boom":
            raise RuntimeError("stage fell over\nwith a second line")
        return real(record, options)

    monkeypatch.setattr(api, "analyze_record", flaky)
    f = write_jsonl(tmp_path / "a.jsonl", {"id": "ok1", "text": ARABIC}, {"id": "boom", "text": ARABIC}, {"id": "ok2", "text": ARABIC})
    code, out, err = run(capsys, "analyze", f, "--json")
    assert code == 1 and [d["id"] for d in json_lines(out)] == ["ok1", "ok2"]
    assert err == ["qawl: error: boom: internal error: RuntimeError: stage fell over with a second line"]


def test_keyboard_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(record: Any, options: Any = None) -> Doc:
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "analyze_record", interrupted)
    code, out, err = run(capsys, "analyze", SAMPLE, "--json")
    assert (code, out, err) == (130, "", ["qawl: interrupted"])


# -- the report ------------------------------------------------------------------------


def test_report_shows_every_attribution_without_colour_when_not_a_tty(capsys: pytest.CaptureFixture[str]) -> None:
    code, report, err = run(capsys, "analyze", SAMPLE)
    assert (code, err) == (0, [])
    assert "\x1b[" not in report
    docs = json_lines(run(capsys, "analyze", SAMPLE, "--json")[1])
    n = len(docs[0]["sentences"])
    assert report.splitlines()[0].startswith("d000") and f"{n} sentences" in report.splitlines()[0]
    for a in docs[0]["attributions"]:
        assert a["content"]["text"] in report and a["cue"]["text"] in report


def _attribution(polarity: str, implicit: bool, via: str | None) -> SimpleNamespace:
    cue = SimpleNamespace(text="نفى", start=0, end=3, lemma="نفى", meaning="deny")
    return SimpleNamespace(
        source=Span("الوزير", 0, 1), source_mention=Span("وزير الخارجية", 0, 1), implicit=implicit, cue=cue,
        content=Span("[الخبر] غير صحيح", 0, 1), type="indirect", polarity=polarity,
        via=Span(via, 0, 1) if via else None,
    )


def test_report_marks_implicit_speakers_relays_and_denials() -> None:
    doc = Doc(text="نص", id="r1", attributions=[_attribution("deny", True, "وكالة الأنباء")], done={"attributions"})
    buf = io.StringIO()
    print_doc(doc, Console(file=buf, force_terminal=True, color_system="standard", soft_wrap=True))
    coloured = buf.getvalue()
    assert "\x1b[1;31mdeny" in coloured  # deny in red
    plain = "\n".join(line.plain for line in render(doc))
    assert "وزير الخارجية = الوزير (implicit)" in plain  # the short source is shown when the mention lacks it
    assert "[الخبر] غير صحيح" in plain  # brackets are text, not markup
    assert "via وكالة الأنباء" in plain and "نفى  (lemma نفى, meaning deny)" in plain


def test_report_says_when_attributions_did_not_run() -> None:
    assert "(attributions not run)" in "\n".join(t.plain for t in render(Doc(text="نص", id="x")))


# -- as a real process -----------------------------------------------------------------


def qawl_process(*argv: object, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qawl", *map(str, argv)], capture_output=True, text=True, timeout=120, **kwargs)


@pytest.mark.slow
def test_process_stdin_text_and_json() -> None:
    p = qawl_process("analyze", "-", "--json", input=ARABIC)
    assert (p.returncode, p.stderr) == (0, "")
    (doc,) = json_lines(p.stdout)
    assert doc["id"] == "stdin" and doc["text"] == ARABIC


@pytest.mark.slow
def test_process_bad_input_never_prints_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "bin.jsonl").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "broken.jsonl").write_bytes(b'{"text": "\xff"}\n')
    write_jsonl(tmp_path / "mixed.jsonl", {"text": ARABIC}, "nonsense", {"text": None})
    p = qawl_process("analyze", tmp_path, tmp_path / "nope", "--json")
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert len(p.stderr.splitlines()) == 5 and all(line.startswith("qawl: error: ") for line in p.stderr.splitlines())
    assert len(json_lines(p.stdout)) == 1


@pytest.mark.slow
@pytest.mark.parametrize("mode", [["--json"], []], ids=["json", "report"])
def test_process_closed_pipe_stops_quietly(tmp_path: Path, mode: list[str]) -> None:
    f = tmp_path / "many.jsonl"
    f.write_bytes(SAMPLE.read_bytes() * 300)  # far more output than a pipe buffer holds
    p = subprocess.Popen([sys.executable, "-m", "qawl", "analyze", f, *mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.readline().startswith(b'{"id": "d000"' if mode else b"d000")
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 141 and err == ""


@pytest.mark.slow
def test_process_progress_on_a_terminal_stderr(tmp_path: Path) -> None:
    pty = pytest.importorskip("pty")
    import os

    f = write_jsonl(tmp_path / "a.jsonl", *[{"text": ARABIC}] * 5, "broken")
    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "qawl", "analyze", f, "--json"], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while chunk := _read_pty(master):
        seen += chunk
    os.close(master)
    assert p.wait(timeout=120) == 1
    terminal = seen.decode(errors="replace")
    assert "articles analysed" in terminal and f"qawl: error: {f}:6: not JSON" in terminal


def _read_pty(fd: int) -> bytes:
    import os

    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: the process closed its end
        return b""


def test_a_bug_outside_any_article_is_one_line_too(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import qawl.commands.analyze as analyze_command

    real = analyze_command.read_inputs

    def broken_reader(paths: Any, options: Any) -> Any:
        yield from real(paths, options)
        raise OSError("disk on fire")

    monkeypatch.setattr(analyze_command, "read_inputs", broken_reader)
    code, out, err = run(capsys, "analyze", SAMPLE, "--json")
    assert code == 2 and len(json_lines(out)) == 1
    assert err == ["qawl: error: internal error: OSError: disk on fire"]
    monkeypatch.setenv("QAWL_DEBUG", "1")
    with pytest.raises(OSError, match="disk on fire"):
        main(["analyze", str(SAMPLE), "--json"])

"""The readable report as a person sees it: ``qawl analyze`` run in a real terminal (tmux)
at 80 and 120 columns, the screen captured and read back.

A terminal cuts a long line wherever the column ends, in the middle of an Arabic word,
and the continuation starts at the left edge, under the labels.  The report wraps at
word boundaries and continues each value under itself: so every Arabic word on the
screen must be a whole word of the article (or of the analysis: a country, a lemma),
and no Arabic starts left of the value column.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import regex

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "d000.jsonl"
QAWL = Path(sys.executable).with_name("qawl")
#: "  content      ": the column where every value starts (report._LABEL_WIDTH + 2)
VALUE_COLUMN = 15
ARABIC_WORD = regex.compile(r"[\p{Arabic}--[\p{P}\p{N}]]+", regex.V1)
DONE = "qawl-terminal-test-done"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def screen(columns: int, *argv: str, timeout: float = 120.0) -> str:
    """What ``qawl ARGV`` leaves on a ``columns``-wide terminal."""
    session = f"qawl-{uuid.uuid4().hex[:8]}"
    # the terminal's own size, not an inherited COLUMNS, decides the width
    command = " ".join(["env -u COLUMNS -u LINES LANG=C.UTF-8", str(QAWL), *argv]) + f"; echo {DONE}; sleep 600"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(columns), "-y", "300", command], check=True)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pane = subprocess.run(["tmux", "capture-pane", "-p", "-t", session],
                                  capture_output=True, text=True, check=True).stdout
            if DONE in pane:
                return pane
            time.sleep(0.5)
        raise AssertionError(f"qawl did not finish within {timeout} s:\n{pane}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)


@pytest.fixture(scope="module")
def known_words() -> set[str]:
    """The words a correct screen may show: the article's and the analysis's."""
    out = subprocess.run([str(QAWL), "analyze", str(SAMPLE), "--json"], capture_output=True, text=True, check=True)
    doc = json.loads(out.stdout)
    record = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return {w for s in _strings(doc) + _strings(record) for w in ARABIC_WORD.findall(s)}


@pytest.mark.parametrize("columns", [80, 120])
def test_report_wraps_at_word_boundaries_under_its_field(columns: int, known_words: set[str]) -> None:
    pane = screen(columns, "analyze", str(SAMPLE))
    lines = [line.rstrip() for line in pane.splitlines()[: pane.splitlines().index(DONE)]]
    assert lines[0].startswith("d000") and any(line.lstrip().startswith("denies") for line in lines)
    assert any(line.lstrip().startswith("repeats") for line in lines)
    broken = [w for line in lines for w in ARABIC_WORD.findall(line) if w not in known_words]
    assert not broken, f"words cut at {columns} columns: {broken}"
    wrapped = 0
    for line in lines:
        first = ARABIC_WORD.search(line)
        if first is None:
            continue
        assert first.start() >= VALUE_COLUMN, f"Arabic left of the value column at {columns} columns: {line!r}"
        wrapped += line[:VALUE_COLUMN].strip() == ""
    assert max(map(len, lines)) <= columns
    assert wrapped > 5  # continued lines are there (and were checked), not only short ones

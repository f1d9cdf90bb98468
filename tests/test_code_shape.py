"""The shape of the code: no function above cyclomatic complexity 25 (issue 15), checked by
ruff's mccabe rule with the ceiling set in ``pyproject.toml``."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _ruff() -> list[str]:
    exe = Path(sys.executable).with_name("ruff")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("ruff")
    if found:
        return [found]
    pytest.skip("ruff is not installed (pip install -e '.[test]' brings it)")


def test_no_function_above_complexity_25():
    res = subprocess.run([*_ruff(), "check", "--select", "C901", "--output-format", "concise", "src"],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr

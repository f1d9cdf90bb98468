"""One options object from the API through the CLI to the web server (issue 21): the limits are
defined once (``qawl.options.Limits``), the web app takes them from ``create_app(options=)``,
and ``--limit`` is checked by every command that has it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from qawl.cli import main
from qawl.options import DEFAULT_LIMITS, Limits, Options
from qawl.web import create_app
from web_data import build_store

SRC = Path(__file__).resolve().parents[1] / "src" / "qawl"


def test_create_app_takes_its_limits_from_the_options(tmp_path: Path) -> None:
    db = build_store(str(tmp_path / "q.db"))
    few = Options(limits=Limits(search=1, most_search=2, listing=1, most_listing=2))
    client = TestClient(create_app(db, options=few))
    assert len(client.get("/api/articles").json()) == 1
    assert len(client.get("/api/search", params={"q": "الوزير"}).json()) == 1
    assert client.get("/api/search", params={"q": "الوزير", "limit": 3}).status_code == 422
    assert client.get("/api/speakers", params={"limit": 3}).status_code == 422
    default = TestClient(create_app(db))
    assert default.get("/api/speakers", params={"limit": DEFAULT_LIMITS.most_listing}).status_code == 200
    assert default.get("/api/speakers", params={"limit": DEFAULT_LIMITS.most_listing + 1}).status_code == 422


@pytest.mark.parametrize("argv", [["search", "الوزير", "--limit", "0"], ["search", "x", "--limit", "many"],
                                  ["sources", "--limit", "-3"]], ids=["zero", "word", "negative"])
def test_a_bad_limit_is_a_usage_error(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*argv, "--db", str(tmp_path / "q.db")])
    err = capsys.readouterr().err
    assert code == 2 and "qawl" in err and "error" in err and "Traceback" not in err


def test_a_limit_caps_the_listing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = build_store(str(tmp_path / "q.db"))
    assert main(["search", "الوزير", "--db", db, "--json", "--limit", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert main(["sources", "--db", db, "--json", "--limit", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_the_default_limits_are_written_once() -> None:
    """No number of items as a default in the modules that list them: they read ``Limits``."""
    written = {
        "web/app.py": r"Query\([1-9]",  # an offset's default is 0
        "web/pages.py": r"store\.(articles|speakers|search)\([^)]*\b\d+\)|\[:\d+\]",
        "store/store.py": r"limit: int = \d",
        "commands/search.py": r"default=\d",
        "commands/sources.py": r"default=\d",
    }
    for name, pattern in written.items():
        found = re.findall(pattern, (SRC / name).read_text(encoding="utf-8"))
        assert not found, f"{name} writes a limit of its own: {found}"

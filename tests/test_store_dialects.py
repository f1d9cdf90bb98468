"""The store's dialects as objects (issue 21): what differs between SQLite and PostgreSQL is in
``qawl.store.dialects``, every migration has SQL for every dialect it distinguishes, and a
dialect or URL scheme the store does not know is refused instead of getting another's SQL."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from qawl.cli import main
from qawl.store import StoreError, open_store
from qawl.store.dialects import DIALECTS, POSTGRES, SQLITE, dialect
from qawl.store.schema import MIGRATIONS, Migration


def test_every_migration_speaks_every_dialect_it_distinguishes() -> None:
    for m in MIGRATIONS:
        assert not m.per_dialect or set(m.per_dialect) == set(DIALECTS), m.version
        for d in DIALECTS.values():
            assert m.statements(d)[: len(m.common)] == m.common


def test_placeholders_per_dialect() -> None:
    sql = "SELECT * FROM t WHERE a = ? AND b = ?"
    assert SQLITE.sql(sql) == sql
    assert POSTGRES.sql(sql) == "SELECT * FROM t WHERE a = %s AND b = %s"
    assert SQLITE.search.count("?") == POSTGRES.search.count("?") == 2  # the match, the limit


def test_an_unknown_dialect_is_refused() -> None:
    with pytest.raises(StoreError, match="unknown database dialect 'mysql'"):
        dialect("mysql")
    mysql = dataclasses.replace(SQLITE, name="mysql")
    with pytest.raises(StoreError, match="no SQL for the mysql dialect"):
        MIGRATIONS[0].statements(mysql)
    assert Migration(9, "common only", common=("SELECT 1",)).statements(mysql) == ("SELECT 1",)


def test_an_unknown_url_scheme_is_refused_not_taken_for_a_file(tmp_path: Path, monkeypatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match="unknown database mysql://"):
        open_store("mysql://user@host/db")
    assert main(["sources", "--db", "mysql://user@host/db"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown database mysql://" in err
    assert not list(tmp_path.iterdir())  # no file called mysql:
    with open_store(f"sqlite:///{tmp_path / 'q.db'}") as store:  # SQLAlchemy's way of naming a file
        assert store.db.dialect is SQLITE and store.counts()["articles"] == 0
    assert (tmp_path / "q.db").exists()

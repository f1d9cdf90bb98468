"""Databases for the store tests: a temporary SQLite file, and a real throwaway PostgreSQL
server (Debian's postgresql binaries) started for the session, one fresh database per test.

The server listens on a Unix socket in its own temporary folder only (no TCP port).
As root it runs as the unprivileged ``postgres`` user, as PostgreSQL requires.
"""
from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_counter = itertools.count()


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a throwaway PostgreSQL server's maintenance database."""
    bindir = _bindir()
    if bindir is None or not (bindir / "pg_ctl").exists():
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed: apt-get install postgresql")
    prefix: list[str] = []
    home = Path(tempfile.mkdtemp(prefix="qawl-pg-"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server as")
        os.chown(home, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = home / "data"
    run = lambda *cmd: subprocess.run([*prefix, *map(str, cmd)], check=True, capture_output=True, timeout=120)  # noqa: E731
    run(bindir / "initdb", "-D", data, "-A", "trust", "-U", "qawl", "-E", "UTF8", "--locale=C.UTF-8")
    run(bindir / "pg_ctl", "-D", data, "-l", home / "log", "-w", "-t", "60", "-o",
        f"-k {home} -c listen_addresses='' -c fsync=off", "start")
    try:
        yield f"postgresql://qawl@/postgres?host={home}"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(home, ignore_errors=True)


def fresh_postgres_db(server_url: str) -> str:
    """A new, empty database on the server; its URL."""
    import psycopg

    name = f"t{os.getpid()}_{next(_counter)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.replace("/postgres?", f"/{name}?")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on both backends: same behaviour is the promise."""
    if request.param == "sqlite":
        return str(tmp_path / "qawl.db")
    return fresh_postgres_db(request.getfixturevalue("postgres_server"))

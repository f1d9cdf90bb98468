"""The API keeps its own contract as a generated client sees it (issue 16): Schemathesis,
with all its checks, against ``/openapi.json`` of a store served by ``qawl serve`` on
loopback.  Bounded examples and a fixed seed keep it to seconds and repeatable."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from test_web import free_port
from web_data import build_store

TOKEN = "contract-token"
ST = Path(sys.executable).with_name("st")
#: Examples per operation and phase: enough to reach every documented answer, few enough for CI.
MAX_EXAMPLES = 50


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    db = build_store(str(tmp_path / "q.db"))
    port = free_port()
    env = {**os.environ, "QAWL_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, "-m", "qawl", "serve", "--db", db, "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, "qawl serve did not start"
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
        assert "Traceback" not in err, err[-3000:]


def schemathesis(base: str, *headers: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(ST) if ST.exists() else shutil.which("st") or "st", "run", f"{base}/openapi.json",
               "--checks", "all", "--max-examples", str(MAX_EXAMPLES), "--seed", "16", "--workers", "1",
               "--request-timeout", "30"]
    for h in headers:
        command += ["--header", h]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=cwd,  # its reports go there
                          env={**os.environ, "SCHEMATHESIS_HOOKS": ""})


@pytest.mark.slow
def test_schemathesis_finds_nothing_with_the_token(served: str, tmp_path: Path) -> None:
    done = schemathesis(served, f"Authorization: Bearer {TOKEN}", cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


@pytest.mark.slow
def test_schemathesis_finds_nothing_without_it(served: str, tmp_path: Path) -> None:
    done = schemathesis(served, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


def test_story_claims_take_the_contracts_types(tmp_path: Path) -> None:
    """Found by Schemathesis: a claim with ``"start": null`` was stored, then its story's
    timeline failed (500); and ``"articles": [{}]`` failed while storing."""
    from fastapi.testclient import TestClient

    from qawl.web import create_app

    client = TestClient(create_app(build_store(str(tmp_path / "q.db")), token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for bad in ([{"story": "s", "articles": [], "claims": [{"start": None}]}],
                [{"story": "s", "articles": [{}], "claims": []}],
                [{"story": "s", "articles": [], "claims": [{"polarity": "maybe"}]}],
                [{"story": "s", "articles": [], "claims": [], "x": 1}, {"story": "s", "articles": [], "claims": []}]):
        assert client.put("/api/stories", json=bad, headers=auth).status_code in (409, 422), bad
    ok = [{"story": "s", "articles": ["a"], "claims": [{"article": "a"}], "why": "kept as given"}]
    assert client.put("/api/stories", json=ok, headers=auth).json() == {"saved": 1}
    assert client.get("/api/stories/s").json()["why"] == "kept as given"
    assert client.get("/api/graph", params={"story": "s"}).status_code == 200

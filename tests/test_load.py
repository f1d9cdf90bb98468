"""The server keeps answering while an ingest writes to its database (issue 16): a bounded
load on loopback, every request answered 200, the ingest complete.  No time is asserted;
``benchmarks/store.py`` reports the latencies."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from store import during_ingest, read_articles, serve  # noqa: E402

from qawl.store import open_store  # noqa: E402

from conftest import TRAIN as DEV  # noqa: E402  (train articles, despite the name)


@pytest.mark.slow
def test_the_api_answers_every_request_while_an_ingest_runs(tmp_path: Path) -> None:
    if not DEV.exists():
        pytest.skip(f"{DEV} is missing")
    records = read_articles(DEV, 126)
    db = tmp_path / "q.db"
    with open_store(str(db)) as store:
        for r in records[:6]:
            store.put(r)
    proc, base = serve(db)
    try:
        ids = [str(r["id"]) for r in records[:6]]
        endpoints = {"/api/health (baseline)": ["/api/health"] * 60,
                     "/api/articles/{id}": [f"/api/articles/{ids[n % 6]}" for n in range(60)],
                     "/api/search?q=WORD": ["/api/search?q=الوزير"] * 60}
        latencies, _, state = during_ingest(base, db, records[6:], endpoints, 8, tmp_path)  # raises on non-200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert sum(len(v) for v in latencies.values()) >= 30, (latencies, state)
    assert "added 120" in state and "failed 0" in state, state

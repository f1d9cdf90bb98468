"""Ingest rate into the SQLite store and API latency under concurrent clients, as ratios.

    .venv/bin/python benchmarks/store.py [ARTICLES.jsonl] [--limit N] [--clients 20] [--requests 600]

Ingest: the same articles three ways, each into a fresh database file, one transaction
per article as ``qawl ingest`` does: a bare ``INSERT`` of id and text (the baseline),
``Store.put`` without analysis (hash, metadata, full-text index), and analysis plus
``Store.put`` (what ``qawl ingest`` does by default).  Ratios are against the baseline.

API: ``qawl serve`` as a separate process on loopback over the analysed database; 20
concurrent clients (asyncio + httpx, in this process) send a bounded number of requests
per endpoint (and stop at a time limit): ``/api/health`` (a static answer: the
baseline), ``/api/articles/{id}`` and ``/api/search?q=WORD``.  p50/p95/p99 are reported with
their ratio to the static endpoint's.

API while an ingest runs (issue 16: the server keeps answering): ``qawl ingest`` of further
articles, with analysis, into the database being served, as a separate process; meanwhile
the same clients send the three endpoints' requests mixed, so that all see the same
ingest.  p50/p95/p99 again, beside the static endpoint's, and whether the ingest was still
running when the load ended.  Loopback only; bounded in requests and in time.  Nothing
here asserts on time.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

import httpx

from qawl import api
from qawl.io.readers import Article, read_inputs
from qawl.store import open_store

DEFAULT_ARTICLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "saudinewsnet" / "articles.jsonl"
#: Search words: common news words, so most queries find something.
QUERIES = ["الوزير", "السعودية", "المملكة", "الأمير", "وزارة", "التعليم", "الرياض", "مجلس", "الصحة", "أكد",
           "المشروع", "الملك", "النفط", "الأمن", "مصادر"]
TIME_LIMIT_S = 60.0  # per endpoint: the run stops there even if requests remain


def read_articles(path: Path, limit: int) -> list[dict]:
    return [item.record for item in islice(read_inputs([str(path)]), limit) if isinstance(item, Article)]


def bare_insert(records: list[dict], db: Path) -> float:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE articles (id TEXT, text TEXT)")
    start = time.perf_counter()
    for r in records:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO articles (id, text) VALUES (?, ?)", (str(r["id"]), r["text"]))
        conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def store_put(records: list[dict], db: Path, analyze: bool) -> float:
    with open_store(str(db)) as store:
        start = time.perf_counter()
        for r in records:
            doc = api.analyze_record(r).to_dict() if analyze else None
            store.put(r, doc)
        return time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def load(base: str, paths: list[str], clients: int) -> tuple[list[float], float]:
    """Latencies (ms) of ``paths`` fetched by ``clients`` concurrent workers; wall seconds."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for p in paths:
        queue.put_nowait(p)
    latencies: list[float] = []
    deadline = time.monotonic() + TIME_LIMIT_S
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30, trust_env=False) as client:
        async def worker() -> None:
            while not queue.empty() and time.monotonic() < deadline:
                path = queue.get_nowait()
                t = time.perf_counter()
                r = await client.get(path)
                latencies.append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {r.status_code}")
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return latencies, time.perf_counter() - start


async def load_mixed(base: str, paths: list[tuple[str, str]], clients: int,
                     running: Callable[[], bool]) -> tuple[dict[str, list[float]], float]:
    """Latencies (ms) by label of ``(label, path)`` requests sent by ``clients`` workers, for as
    long as ``running()``; wall seconds."""
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in paths:
        queue.put_nowait(item)
    latencies: dict[str, list[float]] = {label: [] for label, _ in sorted(paths, key=lambda p: "(baseline)" not in p[0])}
    deadline = time.monotonic() + TIME_LIMIT_S
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30, trust_env=False) as client:
        async def worker() -> None:
            while not queue.empty() and time.monotonic() < deadline and running():
                label, path = queue.get_nowait()
                t = time.perf_counter()
                r = await client.get(path)
                latencies[label].append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {r.status_code}")
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return latencies, time.perf_counter() - start


def during_ingest(base: str, db: Path, more: list[dict], endpoints: dict[str, list[str]], clients: int,
                  tmp: Path) -> tuple[dict[str, list[float]], float, str]:
    """The endpoints' requests, mixed, while ``qawl ingest`` writes ``more`` into ``db``."""
    path = tmp / "more.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in more), encoding="utf-8")
    rng = random.Random(11)
    mixed = [(label, p) for label, paths in endpoints.items() for p in paths]
    rng.shuffle(mixed)
    ingest = subprocess.Popen([sys.executable, "-m", "qawl", "ingest", str(path), "--db", str(db), "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        _wait_for_a_write(db, ingest)
        latencies, wall = asyncio.run(load_mixed(base, mixed, clients, lambda: ingest.poll() is None))
        state = "still running when the load ran out of requests" if ingest.poll() is None else \
            "running throughout: the load stopped when it finished"
        out, _ = ingest.communicate(timeout=600)
    finally:
        if ingest.poll() is None:
            ingest.kill()
    summary = json.loads(out) if out.strip() else {}
    return latencies, wall, f"ingest of {len(more)} articles {state}; its summary: " + \
        ", ".join(f"{k} {v if not isinstance(v, list) else len(v)}" for k, v in summary.items() if k != "db")


def _wait_for_a_write(db: Path, ingest: subprocess.Popen) -> None:
    """Until the ingest has stored its first article (it takes a second or two to start)."""
    def count() -> int:
        conn = sqlite3.connect(db)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()

    before, deadline = count(), time.monotonic() + 60
    while count() == before and ingest.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)


def report(title: str, results: dict[str, tuple[list[float], float]]) -> None:
    print(title)
    print(f"{'endpoint':<26}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'p50 x':>8}{'p95 x':>8}{'p99 x':>8}")
    base = None
    for name, (lat, wall) in results.items():
        p = [percentile(lat, q) for q in (50, 95, 99)]
        base = base or p
        print(f"{name:<26}{len(lat):>9}{len(lat) / wall:>8.0f}" + "".join(f"{x:>9.1f}" for x in p)
              + "".join(f"{x / max(b, 1e-9):>8.2f}" for x, b in zip(p, base)))


def serve(db: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "qawl", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/api/health", timeout=2, trust_env=False)
            return proc, base
        except httpx.TransportError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise SystemExit("qawl serve did not start") from None
            time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_ARTICLES, help="a JSONL file of articles")
    parser.add_argument("--limit", type=int, default=500, metavar="N", help="articles to ingest (default 500)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent API clients (default 20)")
    parser.add_argument("--requests", type=int, default=600, help="requests per endpoint (default 600)")
    parser.add_argument("--ingest", type=int, default=200, metavar="N",
                        help="articles ingested while the API is under load (default 200)")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        parser.error(f"{args.path}: no such file")
    records = read_articles(args.path, args.limit + args.ingest)
    records, more = records[: args.limit], records[args.limit :]
    api.analyze_record(records[0])  # load the lexicons before timing
    print(f"{args.path.resolve()}: {len(records)} articles")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        bare = bare_insert(records, d / "bare.db")
        plain = store_put(records, d / "plain.db", analyze=False)
        full = store_put(records, d / "full.db", analyze=True)
        print(f"{'ingest pass':<28}{'seconds':>9}{'articles/s':>12}{'x bare insert':>15}")
        for name, s in (("bare INSERT (baseline)", bare), ("store, no analysis", plain), ("store + analysis", full)):
            print(f"{name:<28}{s:>9.2f}{len(records) / s:>12.1f}{s / bare:>15.2f}")

        proc, base = serve(d / "full.db")
        try:
            rng = random.Random(7)
            ids = [str(r["id"]) for r in records]
            endpoints = {
                "/api/health (baseline)": ["/api/health"] * args.requests,
                "/api/articles/{id}": [f"/api/articles/{rng.choice(ids)}" for _ in range(args.requests)],
                "/api/search?q=WORD": [f"/api/search?q={rng.choice(QUERIES)}" for _ in range(args.requests)],
            }
            asyncio.run(load(base, ["/api/health"] * 50, args.clients))  # warm up connections and caches
            results = {name: asyncio.run(load(base, paths, args.clients)) for name, paths in endpoints.items()}
            busy, wall, state = during_ingest(base, d / "full.db", more, endpoints, args.clients, d) if more else ({}, 1.0, "")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    report(f"\nAPI, {args.clients} concurrent clients on loopback, up to {args.requests} requests per endpoint",
           results)
    if busy:
        report("\nAPI while qawl ingest writes to the served database (the same requests, mixed)",
               {name: (lat, wall) for name, lat in busy.items()})
        print(state)
    return 0


if __name__ == "__main__":
    sys.exit(main())

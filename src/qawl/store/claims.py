"""Claims on articles being analysed, so that concurrent ingests share the work.

Analysis is the slow part of an ingest, and it runs outside any transaction (holding the
write lock through it would stall every other writer).  So two ingests of one file would
both find an article missing and both analyse it.  Before analysing, an ingest claims the
article in a short transaction that also checks whether it is stored: the second ingest
finds the claim, sets the article aside and comes back to it at the end of its batch, when
it is stored.  ``Store.put`` drops the claim in the transaction that stores the article.

A claim of a process that is gone (killed mid-analysis, on this host) or older than
``CLAIM_SECONDS`` is taken over, so a re-run after ``kill -9`` never waits for a dead one.
"""
from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from .. import __version__
from .store import UNCHANGED, Store

#: A claim older than this is abandoned, whoever holds it (seconds).
CLAIM_SECONDS = 600.0
#: ``claim`` says so when another live ingest is analysing the article.
CLAIMED = "claimed"
MINE = "mine"
_HOST = socket.gethostname()


@dataclass(frozen=True, slots=True)
class Owner:
    """Who holds a claim: this host, process, thread and ingest run."""

    name: str

    @classmethod
    def new(cls) -> Owner:
        return cls(f"{_HOST}/{os.getpid()}/{threading.get_ident()}/{uuid.uuid4().hex[:8]}")


def claim(store: Store, hash: str, owner: Owner, *, analysed: bool) -> str:
    """``unchanged`` when the article is stored (and, if ``analysed``, analysed by this
    version), ``claimed`` when another live ingest is at it, else ``mine``: the claim is
    taken, and ``Store.put`` or ``release`` ends it."""
    with store.db.transaction():
        store.db.lock(hash)  # PostgreSQL: one transaction per article at a time (SQLite: the write lock)
        stored = store.stored(hash)
        if stored.exists and (not analysed or stored.version == __version__):
            return UNCHANGED
        row = store.db.row("SELECT owner, claimed FROM ingest_claims WHERE hash = ?", (hash,))
        if row is not None and row["owner"] != owner.name and _alive(row["owner"], row["claimed"]):
            return CLAIMED
        store.db.execute("INSERT INTO ingest_claims (hash, owner, claimed) VALUES (?, ?, ?) ON CONFLICT (hash) "
                         "DO UPDATE SET owner = excluded.owner, claimed = excluded.claimed",
                         (hash, owner.name, datetime.now(timezone.utc).isoformat()))
        return MINE


def release(store: Store, hash: str, owner: Owner) -> None:
    """Drop this owner's claim (the analysis failed: another run may try again)."""
    store.db.execute("DELETE FROM ingest_claims WHERE hash = ? AND owner = ?", (hash, owner.name))


def _alive(owner: str, claimed: str) -> bool:
    """Whether a claim still stands: recent, and not of a process of this host that is gone."""
    try:
        age = (datetime.now(timezone.utc) - datetime.fromisoformat(claimed)).total_seconds()
    except ValueError:
        return False
    if age > CLAIM_SECONDS:
        return False
    host, _, rest = owner.partition("/")
    pid = rest.split("/", 1)[0]
    if host != _HOST or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def wait(seconds: float) -> None:
    """Pause before asking again about an article another ingest holds."""
    time.sleep(seconds)

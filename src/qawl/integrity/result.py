"""The shape of ``Doc.integrity``: CONTRACT.md's integrity object, typed.

It stays a JSON-shaped dict (the CLI, the store, the web pages and ``qawl check`` read it by
key, and it is written out as it is), typed with ``TypedDict`` so that mypy checks every
reader and writer against one declaration.
"""
from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class Reason(TypedDict):
    """A reason as the message catalogue keys it (``data/messages/integrity.tsv``): its code,
    the fields that fill it, and its English text."""

    code: str
    fields: dict[str, Any]
    text: str


class Explained(TypedDict):
    """A verdict's reasons: in English and as catalogue codes (``evidence.explained``)."""

    reasons: list[str]
    why: list[Reason]


class ClauseVerdict(TypedDict):
    """A clause of a suspicious sentence that stands out of it (``integrity/clauses.py``)."""

    start: int
    end: int
    suspicion: float
    reasons: list[str]
    why: list[Reason]


class SentenceVerdict(TypedDict):
    """One sentence's suspicion in [0, 1], the kind of manipulation it looks most like, and the
    reasons (the signals that raised it most), in English and as catalogue codes (``why``);
    a clause that stands out (``clauses``); page furniture (``furniture``, never ranked)."""

    start: int
    end: int
    suspicion: float
    looks: str
    reasons: list[str]
    why: NotRequired[list[Reason]]
    clauses: NotRequired[list[ClauseVerdict]]
    furniture: NotRequired[bool]


class Integrity(TypedDict):
    """Every sentence's verdict; ``score`` (the highest suspicion) and ``alert`` once the
    integrity stage has run (a doc it did not run on has ``{"sentences": []}``)."""

    sentences: list[SentenceVerdict]
    score: NotRequired[float]
    alert: NotRequired[bool]

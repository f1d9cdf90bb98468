"""The value a signal gives one sentence, with the reason a person can check."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Evidence:
    """``value`` is the model's input; ``reason`` is shown when the value raises the suspicion."""

    value: float
    reason: str | None = None


#: One sentence's signals by name.
Signals = dict[str, Evidence]


def fmt(x: float) -> str:
    return f"{x:.2f}"

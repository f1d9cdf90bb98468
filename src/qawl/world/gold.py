"""Score times and quantities against a hand-built gold file.

    python -m qawl.world.gold tests/data/world_gold.jsonl ../shared/data/dev/articles.jsonl

A gold line is ``{"id", "date", "blind"?, "times": [{"text", "value", "after"?}], "quantities":
[{"text", "value", "unit", "after"?}]}``; each item is the next occurrence of its text in
the article (after the text ``after``, when given).  A predicted item is found when its
span overlaps a gold one (one to one); the value (and the unit, in normal form) is then
right or wrong.  Reported per kind: span precision / recall / F1 and value accuracy
over the found items.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api import analyze_record
from ..options import Options
from ..text.normalize import normalize


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    found: int = 0
    right: int = 0  # value (and unit) right among the found

    def as_dict(self) -> dict[str, float]:
        p = self.found / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
                "value_accuracy": round(self.right / self.found if self.found else 0.0, 4), "gold": self.gold}


def _gold_spans(text: str, items: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    out, pos = [], 0
    for it in items:
        if "after" in it:
            pos = text.index(it["after"])
        i = text.index(it["text"], pos)
        out.append((i, i + len(it["text"]), it))
        pos = i + 1
    return out


def _same(kind: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if kind == "times":
        return gold["value"] == pred["value"]
    def unit(u: str | None) -> str | None:
        return normalize(u) if u else None

    return abs(float(gold["value"]) - float(pred["value"])) < 1e-6 and unit(gold["unit"]) == unit(pred["unit"])


def score(gold_path: Path, articles_path: Path, only_blind: bool = False) -> dict[str, dict[str, float]]:
    """Scores per kind; with ``only_blind``, only the articles marked ``"blind": true``
    (marked by hand before the rules were run on them, and not read against since)."""
    articles = {}
    for line in articles_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            articles[rec["id"]] = rec
    tallies = {"times": Tally(), "quantities": Tally()}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        if only_blind and not g.get("blind"):
            continue
        rec = dict(articles[g["id"]], date=g["date"])
        out = analyze_record(rec, Options(only=("times", "quantities"))).to_dict()
        for kind, tally in tallies.items():
            gold = _gold_spans(rec["text"], g[kind])
            pred = out[kind]
            tally.gold += len(gold)
            tally.predicted += len(pred)
            used: set[int] = set()
            for a, b, it in gold:
                for k, p in enumerate(pred):
                    if k not in used and p["start"] < b and a < p["end"]:
                        used.add(k)
                        tally.found += 1
                        tally.right += _same(kind, it, p)
                        break
    return {k: t.as_dict() for k, t in tallies.items()}


if __name__ == "__main__":
    gold, articles = Path(sys.argv[1]), Path(sys.argv[2])
    print(json.dumps({"all": score(gold, articles), "blind": score(gold, articles, only_blind=True)}, ensure_ascii=False))

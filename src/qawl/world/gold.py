"""Score times and quantities against a hand-built gold file.

    python -m qawl.world.gold tests/data/world_gold.jsonl ../shared/data/dev/articles.jsonl
    python -m qawl.world.gold tests/data/world_snn_gold.jsonl ../shared/data/saudinewsnet/articles.jsonl

A gold line is ``{"id", "date"?, "blind"?, "times": [{"text", "value", "after"?}], "quantities":
[{"text", "value", "unit", "max"?, "after"?}]}``, without the article's text: the text is joined
by id from the articles file (so the repository carries only short expressions, ids and
values); "date" defaults to the article's.  Each item is the next occurrence of its text in
the article after the previous item of its kind (after the text ``after``, when given); an
item whose text is not in the article counts as missed and is reported as ``unlocated``.

A predicted item is found when its span overlaps a gold one (one to one).  Its value is then
right or wrong: a time's value string must be equal; a quantity's value must agree within a
relative tolerance of 0.5% (1/3 written 0.3333 or 0.333333), its unit in normal form, and its
"max" when the gold gives one.  Reported per kind: span precision / recall / F1, value accuracy
over the found items, and ``strict_f1``, which counts only found items with the right value.
"""
from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api import analyze_record
from ..options import Options
from ..text.normalize import normalize

REL_TOL = 0.005


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    found: int = 0
    right: int = 0  # value (and unit) right among the found
    unlocated: int = 0  # gold items whose text is not in the article

    def as_dict(self) -> dict[str, float]:
        p = self.found / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        sp = self.right / self.predicted if self.predicted else 0.0
        sr = self.right / self.gold if self.gold else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4),
                "value_accuracy": round(self.right / self.found if self.found else 0.0, 4),
                "strict_f1": round(_f1(sp, sr), 4), "gold": self.gold, "unlocated": self.unlocated}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _gold_spans(text: str, items: list[dict[str, Any]]) -> tuple[list[tuple[int, int, dict[str, Any]]], int]:
    """(start, end, item) of each gold item found in ``text``, and how many were not found."""
    out, pos, missing = [], 0, 0
    for it in items:
        at = pos
        if "after" in it:
            a = text.find(it["after"], pos)
            a = text.find(it["after"]) if a < 0 else a
            at = a + len(it["after"]) if a >= 0 else pos
        i = text.find(it["text"], at)
        if i < 0:
            i = text.find(it["text"])  # an item out of order: the first occurrence
        if i < 0:
            missing += 1
            continue
        out.append((i, i + len(it["text"]), it))
        pos = i + len(it["text"])  # items of a kind do not overlap: "أمس الأربعاء" then "الأربعاء" is a later one
    return out, missing


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=1e-9)


def same_value(kind: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Whether a found item's value (and unit, and a range's upper end) is the gold one."""
    if kind == "times":
        return gold.get("value") == pred.get("value")

    def unit(u: str | None) -> str | None:
        return normalize(u) if u else None

    if not _close(gold.get("value"), pred.get("value")) or unit(gold.get("unit")) != unit(pred.get("unit")):
        return False
    return "max" not in gold or gold["max"] is None or _close(gold["max"], pred.get("max"))


def read_articles(path: Path) -> dict[str, dict[str, Any]]:
    articles = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                articles[rec["id"]] = rec
    return articles


def score(gold_path: Path, articles_path: Path, only_blind: bool = False,
          errors: list[str] | None = None, ids: frozenset[str] | None = None) -> dict[str, dict[str, float]]:
    """Scores per kind; with ``only_blind``, only the articles marked ``"blind": true``
    (marked by hand before the rules were run on them, and not read against since); with
    ``ids``, only those articles.  With ``errors`` (a list), every missed, spurious and wrongly
    valued item is added to it as a line: for a training file only, never for the one that
    measures."""
    articles = read_articles(articles_path)
    tallies = {"times": Tally(), "quantities": Tally()}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        if only_blind and not g.get("blind") or ids is not None and g["id"] not in ids:
            continue
        art = articles[g["id"]]
        rec = dict(art, date=g.get("date") or art.get("date"))
        out = analyze_record(rec, Options(only=("times", "quantities"))).to_dict()
        for kind, tally in tallies.items():
            if errors is not None:
                errors.append(f"## {g['id']} {rec['date']}")
            _tally(kind, tally, rec["text"], g.get(kind, []), out[kind], errors)
    return {k: t.as_dict() for k, t in tallies.items()}


def _tally(kind: str, tally: Tally, text: str, items: list[dict[str, Any]], pred: list[dict[str, Any]],
           errors: list[str] | None = None) -> None:
    gold, missing = _gold_spans(text, items)
    tally.gold += len(items)
    tally.unlocated += missing
    tally.predicted += len(pred)
    used: set[int] = set()
    for a, b, it in gold:
        for k, p in enumerate(pred):
            if k not in used and p["start"] < b and a < p["end"]:
                used.add(k)
                tally.found += 1
                ok = same_value(kind, it, p)
                tally.right += ok
                if errors is not None and not ok:
                    errors.append(f"{kind}\twrong\t{it['text']} = {it.get('value')} {it.get('unit', '')} {it.get('max', '')}"
                                  f"\t| {p['text']} = {p['value']} {p.get('unit', '')} {p.get('max', '')}")
                break
        else:
            if errors is not None:
                errors.append(f"{kind}\tmissed\t{it['text']} = {it.get('value')}\t| {text[max(0, a - 40):b + 20]!r}")
    if errors is not None:
        errors.extend(f"{kind}\tspurious\t{p['text']} = {p['value']}\t| {text[max(0, p['start'] - 40):p['end'] + 20]!r}"
                      for k, p in enumerate(pred) if k not in used)


if __name__ == "__main__":
    gold, articles = Path(sys.argv[1]), Path(sys.argv[2])
    if "--errors" in sys.argv[3:]:  # a training file's errors, to read
        lines: list[str] = []
        print(json.dumps(score(gold, articles, errors=lines), ensure_ascii=False))
        print("\n".join(lines))
    else:
        print(json.dumps({"all": score(gold, articles), "blind": score(gold, articles, only_blind=True)}, ensure_ascii=False))

"""The integrity gate: dev figures of the reference scorer, pinned as floors, and the seed.

The model is trained on synthetic manipulations of SaudiNewsNet (scripts/train_integrity.py),
never on dev; dev only measures.  Floors only go up: raise them when the figures rise.
The targets of issue 6 are hit_at_1 0.70 and article_auc 0.80.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qawl.api import analyze_record

from conftest import ROOT, SCORER, SHARED_DATA, needs

MANIPULATED = SHARED_DATA / "dev" / "manipulated.jsonl"
SAMPLE = ROOT / "samples" / "d000.jsonl"

pytestmark = pytest.mark.quality  # the evaluation gates: left out of the fast loop (README)

#: read by scripts/integrity_gate.py too (the training's dev gate).  hit_at_1 moves in steps of one
#: article in 16: it stays one step below the shipped 0.875, so that the gate does not choose the
#: next model by one dev article (issue 17: a model that fits dev does not generalise).
FLOORS_DEV = {"hit_at_1": 0.81, "article_auc": 0.87, "sentence_auc": 0.92}  # measured 0.875 / 0.875 / 0.925 (issue 17 fifth round: the clause head, 2026-12-07)

needs_shared = needs(MANIPULATED, SCORER)


@needs_shared
def test_dev_integrity_floors(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    with open(MANIPULATED, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
        for line in f:
            if line.strip():
                w.write(json.dumps(analyze_record(json.loads(line)).to_dict(), ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, str(SCORER), "integrity", str(MANIPULATED), str(out)],
                         capture_output=True, text=True, check=True)
    got = json.loads(res.stdout[: res.stdout.rindex("}") + 1])
    for key, floor in FLOORS_DEV.items():
        assert got[key] >= floor, f"dev {key} {got[key]} fell below its floor {floor}"


def test_seed_article_ranks_its_inserted_sentence_first() -> None:
    """d000: the sentence holding an inserted passage (a wrong hamza, a detached و, تكذيب) comes first."""
    record = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc = analyze_record(record)
    inserted = ("أن قوات التحالف أنتشرت في كركوك فعلا و ",
                "و كان العراق قد نفى أنتشار القوات الامريكية في كركوك و هذا التصريح الامريكي تكذيب لما قالته العراق.")
    top = max(doc.integrity["sentences"], key=lambda s: s["suspicion"])
    text = doc.text[top["start"] : top["end"]]
    assert any(passage in text for passage in inserted), text
    assert top["reasons"]

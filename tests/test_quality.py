"""The evaluation gate: dev figures scored by the reference scorer, pinned as floors.

Floors only go up: raise them when the figures rise, never lower one to pass.
The targets of issue 3 are strict_f1 0.80 and content_f1 0.88; the floors below are
the figures measured when they were set, so a regression fails the build.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qawl.api import analyze_record

from conftest import DEV, SCORER, SHARED_DATA, TRAIN, needs

pytestmark = pytest.mark.quality  # the evaluation gates: left out of the fast loop (README)

FLOORS_DEV = {"strict_f1": 0.87, "content_f1": 0.92}  # measured 0.8703 / 0.9215 (issue 15, round attr-content; 0.8741 / 0.9252 before)
# silver; since issue 15 the learned decisions train on it, so this is an in-sample regression check
FLOORS_TRAIN = {"strict_f1": 0.77, "content_f1": 0.87}
# fresh/check.jsonl: 30 SaudiNewsNet articles annotated after the rules were written, measured only
# (never read, never tuned on); issue 15's target is 0.87 (0.80 before the learned decisions)
CHECK = SHARED_DATA / "fresh" / "check.jsonl"
FLOORS_CHECK = {"strict_f1": 0.835, "content_f1": 0.90}  # measured 0.8371 / 0.905 (attr-content + attr-implicit; 0.8416 / 0.905 attr-content alone)

# batches 15-17 of data/annotations (614 sparser SaudiNewsNet articles, silver, reviewed): held out of
# the shipped model's training (train_attributions.HELD_BATCHES), so a measurement of unseen articles
HELD = [Path(__file__).resolve().parents[1] / "data" / "annotations" / f"batch{n}.standoff.jsonl" for n in (15, 16, 17)]
FLOORS_HELD = {"strict_f1": 0.66, "content_f1": 0.79}  # measured (raised 0.65 -> 0.66) 0.6645 / 0.7976 (attr-content + attr-implicit; 0.663 / 0.7973 attr-content alone)

needs_shared = needs(DEV, SCORER)


def _score(gold: Path, tmp_path: Path) -> dict:
    out = tmp_path / "pred.jsonl"
    with open(gold, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
        for line in f:
            if line.strip():
                w.write(json.dumps(analyze_record(json.loads(line)).to_dict(), ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, str(SCORER), "attributions", str(gold), str(out)], capture_output=True, text=True, check=True)
    summary = res.stdout[: res.stdout.rindex("}") + 1]
    return json.loads(summary)


@needs_shared
def test_dev_attribution_floors(tmp_path):
    got = _score(DEV, tmp_path)
    for key, floor in FLOORS_DEV.items():
        assert got[key] >= floor, f"dev {key} {got[key]} fell below its floor {floor}"


@needs_shared
def test_train_attribution_floors(tmp_path):
    got = _score(TRAIN, tmp_path)
    for key, floor in FLOORS_TRAIN.items():
        assert got[key] >= floor, f"train {key} {got[key]} fell below its floor {floor}"


@needs_shared
def test_check_attribution_floors(tmp_path):
    got = _score(CHECK, tmp_path)
    for key, floor in FLOORS_CHECK.items():
        assert got[key] >= floor, f"check {key} {got[key]} fell below its floor {floor}"


@needs_shared
@needs(SHARED_DATA / "saudinewsnet" / "articles.jsonl")
def test_held_batches_attribution_floors(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import annotations as standoff
    import train_attributions

    assert set(train_attributions.HELD_BATCHES) == {p.name for p in HELD}, "the shipped model trains on a batch measured here"
    gold = tmp_path / "held.jsonl"
    with open(gold, "w", encoding="utf-8") as w:
        for path in HELD:
            for line in open(path, encoding="utf-8"):
                if line.strip():
                    w.write(json.dumps(standoff.join(json.loads(line)), ensure_ascii=False) + "\n")
    got = _score(gold, tmp_path)
    for key, floor in FLOORS_HELD.items():
        assert got[key] >= floor, f"held batches {key} {got[key]} fell below its floor {floor}"


@needs_shared
def test_seed_article_reads_its_relays():
    """d000: the coalition spokesman relayed by Al Bayan, the Facebook post, the Kurdish media."""
    d000 = json.loads(DEV.read_text(encoding="utf-8").splitlines()[0])
    doc = analyze_record(d000)
    by_cue = {(a.cue.text, a.source.text if a.source else None): a for a in doc.attributions}
    spokesman = by_cue[("قوله", "رايان ديلون")]
    assert spokesman.via is not None and spokesman.via.text == "صحيفة البيان الإماراتية"
    assert spokesman.source_mention.text == "الناطق باسم التحالف الدولي العقيد رايان ديلون"
    added = [a for a in doc.attributions if a.cue.text == "وأضاف"]
    assert added and added[0].implicit and added[0].source.text == "رايان ديلون"
    assert any(a.polarity == "deny" and a.source and a.source.text == "العراق" for a in doc.attributions)
    facebook = [a for a in doc.attributions if a.cue.text == "وأوضح"][0]
    assert facebook.via is not None and "فيسبوك" in facebook.via.text
    kurdish = [a for a in doc.attributions if a.source and a.source.text == "وستا رسول"][0]
    assert kurdish.via is not None and kurdish.via.text == "وسائل إعلام كردية"

"""The integrity training data: seeded kinds of insertion, and splits that keep dev and fresh out."""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from qawl.api import analyze
from qawl.options import Options

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import integrity_kinds as kinds  # noqa: E402

FRESH = ROOT.parent / "shared" / "data" / "fresh"
TEXT = ("أعلنت وزارة الصحة تسجيل 30 إصابة جديدة بفيروس كورونا في الرياض يوم الخميس.\n"
        "وقال المتحدث باسم الوزارة إن الفرق الطبية تتابع حالة المصابين في المستشفيات.\n"
        "وأكد المتحدث أن الوزارة لا تتوقع ارتفاع عدد الإصابات خلال الأسبوع المقبل.\n"
        "وأضاف أن الوزارة ستعلن أرقاما جديدة يوم الأحد في مؤتمر صحفي.")


class NoDonors:
    def donors(self, rng, doc, n):
        return []

    def anywhere(self, rng, doc, n):
        return []


def test_a_contradiction_changes_one_fact_and_is_seeded() -> None:
    doc = analyze(TEXT, options=Options(only=("attributions",)))
    made = [kinds.contradiction(random.Random(seed), doc, NoDonors()) for seed in (1, 1, 2)]
    assert made[0] == made[1] and made[0] is not None
    for m in made:
        assert m.label == "contradiction" and m.text not in TEXT and 0 <= m.near < len(doc.sentences)


def test_a_clause_goes_inside_a_sentence_with_its_connector() -> None:
    doc = analyze(TEXT, options=Options(only=("attributions",)))
    made = [kinds.clause(random.Random(seed), doc, NoDonors()) for seed in range(20)]
    made = [m for m in made if m is not None]
    assert made and all(m.within and m.kind.startswith("clause_") and m.glue in ("، ", " ") for m in made)


def test_a_slip_changes_the_hand_not_the_words() -> None:
    text = "وأكد المتحدث أن الوزارة، التي تتابع الحالات، لا تتوقع ارتفاع الإصابات."
    slipped = {kinds.slip(random.Random(seed), text) for seed in range(12)}
    assert any(s != text for s in slipped)
    assert all(len(s.replace(" ", "")) == len(text.replace(" ", "")) for s in slipped)


@pytest.mark.skipif(not FRESH.exists(), reason="shared data not found")
def test_splits_keep_fresh_out_and_outlets_apart() -> None:
    rows = [line.rstrip("\n").split("\t") for line in open(ROOT / "data" / "integrity" / "splits.tsv", encoding="utf-8")
            if not line.startswith("#")]
    split = dict(rows)
    for name in ("train.jsonl", "check.jsonl"):
        for line in open(FRESH / name, encoding="utf-8"):
            assert split[json.loads(line)["id"].removeprefix("f-")] == "excluded"
    assert {"train", "seed", "outlets", "excluded"} == set(split.values())


class OnePool(NoDonors):
    """A pool of one other article, for the whole-sentence kinds (its rare words: a name)."""

    def __init__(self, other):
        self.other, self.rare, self.rare_set = other, ["الدوسري"], {"الرياض", "الوزارة"}

    def anywhere(self, rng, doc, n):
        return [self.other]

    def donors(self, rng, doc, n):
        return [self.other]

    def closest(self, doc, others):
        return others[0]


def test_whole_sentence_kinds_of_the_first_generator() -> None:
    doc = analyze(TEXT, options=Options(only=("attributions",)))
    other = analyze("افتتح أمير المنطقة معرضا للكتاب في جدة بمشاركة مئة دار نشر من عشرين دولة.\n"
                    "وقال مدير المعرض إن المعرض يستقبل الزوار يوميا حتى العاشرة مساء طوال أيام المعرض.\n"
                    "وأوضح المدير أن الدخول مجاني للجميع وأن الندوات تقام في القاعة الكبرى.",
                    options=Options(only=("attributions",)))
    pool = OnePool(other)
    for name, label in (("moved", "offtopic"), ("changed", "contradiction"), ("unsourced", "unsourced")):
        made = [kinds.WHOLE_KINDS[name](random.Random(seed), doc, pool) for seed in range(12)]
        made = [m for m in made if m is not None]
        assert made and all(m.label == label and not m.within and m.text not in TEXT for m in made), name
    moved = kinds.moved(random.Random(0), doc, pool)
    assert moved is not None and moved.text in other.text


class HostPool(OnePool):
    """``OnePool`` for the train set: insertions take their host's habits."""

    match_host = True


def test_insertions_take_their_hosts_habits_only_in_the_train_set() -> None:
    """The first generator opened every editorial and unsourced sentence with "و"; with the host's
    habits (``Habits``) it opens them as often as the host's sentences do (here three of four), and a
    pool without ``match_host`` draws exactly what it drew before (the evaluation splits stay as made)."""
    doc = analyze(TEXT, options=Options(only=("attributions",)))
    other = analyze("وقال مدير المعرض إن المعرض يستقبل الزوار يوميا حتى العاشرة مساء طوال أيام المعرض.\n"
                    "وأوضح المدير أن الدخول مجاني للجميع وأن الندوات تقام في القاعة الكبرى.",
                    options=Options(only=("attributions",)))
    habits = kinds.habits(doc)
    assert habits.waw == 0.75 and habits.quoted == 0.0 and habits.new_paragraph == 1.0 and len(habits.words) == 4
    first = [kinds.unsourced(random.Random(seed), doc, OnePool(other)) for seed in range(40)]
    assert all(m is not None and m.text.startswith("و") for m in first)
    matched = [kinds.unsourced(random.Random(seed), doc, HostPool(other)) for seed in range(40)]
    opened = [m.text.startswith("و") for m in matched if m is not None]
    assert 0 < sum(opened) < len(opened)

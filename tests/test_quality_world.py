"""Quality gate of the world stages: NER on ANERcorp's test split (entity-level micro F1,
on the corpus's own words), and times / quantities on the hand-built gold files: the old
one of seven dev articles, and the SaudiNewsNet files of issue 20 (70 measurement articles
annotated from the text alone before qawl ran on them, and 40 training articles whose errors
the rules were written from).  The SaudiNewsNet gold files hold only ids, dates, the short
expressions and their values; the article text is joined from ../shared by id.

Floors only go up: raise them when the figures rise, never lower one to pass.  The NER
target of issue 4 is 0.78 and is not reached (0.686 here); the published CAMeLBERT
figure on this split is 0.831.
"""
from __future__ import annotations

import json

import pytest

from qawl.world import ner, title_names
from qawl.world.conll import evaluate, read_conll
from qawl.world.gold import score

from conftest import DEV, ROOT, SHARED_DATA, needs

ANERCORP_TEST = SHARED_DATA / "anercorp" / "test.conll"

pytestmark = pytest.mark.quality  # the evaluation gates: left out of the fast loop (README)
GOLD = ROOT / "tests" / "data" / "world_gold.jsonl"
SNN = SHARED_DATA / "saudinewsnet" / "articles.jsonl"
SNN_GOLD = ROOT / "tests" / "data" / "world_snn_gold.jsonl"  # measurement: its errors are never read
SNN_TRAIN = ROOT / "tests" / "data" / "world_snn_train.jsonl"  # training: the rules were read against it

NER_TEST_F1 = 0.686  # measured 0.6857 (P 0.802, R 0.599) with the known-name lists (issue 20; 0.6748 before), 0.6854 with the title-name step (issue 20, chosen by CV on train), 0.6862 with its title-phrase and name-length features; dev (train's last sixth) 0.7006
NER_ACCURATE_TEST_F1 = 0.71  # measured 0.7106 (P 0.788, R 0.647); dev 0.7267
# measured on 34 times and 22 quantities of 7 dev articles: times F1 0.93 / value accuracy 0.97,
# quantities 0.98 / 0.90; after issue 20's grammar times 0.971 / 0.971, quantities 0.978 / 0.955.
# Four articles were read against while writing the rules; the three
# marked "blind" were marked by hand first and not tuned on (times 0.86 / 1.00, quantities
# 0.86 / 0.33 there, on 11 and 4 items): a regression check more than a figure to quote.
# after issue 20's second round: times 1.0 / 0.971, quantities 0.978 / 1.0; third round (times3) the same
FLOORS_GOLD = {"times": {"f1": 0.99, "value_accuracy": 0.97}, "quantities": {"f1": 0.97, "value_accuracy": 0.99}}


@needs(ANERCORP_TEST, what="ANERcorp")
def test_ner_f1_on_anercorp_test():
    # the tags the entities stage reads: the CRF's, then the title-name step (issue 20)
    res = evaluate(list(read_conll(ANERCORP_TEST)), lambda toks: title_names.tag_many([toks])[0])
    assert res.f1 >= NER_TEST_F1, f"ANERcorp test entity F1 {res.f1:.4f} fell below its floor {NER_TEST_F1}"


@needs(ANERCORP_TEST, what="ANERcorp")
def test_accurate_ner_f1_on_anercorp_test():
    """The opt-in accurate mode (the CRF stacked on the e5 encoder, issue 20); about a minute."""
    res = evaluate(list(read_conll(ANERCORP_TEST)), lambda toks: ner.tag(toks, accurate=True))
    assert res.f1 >= NER_ACCURATE_TEST_F1, f"accurate ANERcorp test entity F1 {res.f1:.4f} fell below its floor {NER_ACCURATE_TEST_F1}"


@needs(DEV, what="dev articles")
def test_times_and_quantities_on_gold():
    got = score(GOLD, DEV)
    for kind, floors in FLOORS_GOLD.items():
        for key, floor in floors.items():
            assert got[kind][key] >= floor, f"{kind} {key} {got[kind][key]} fell below its floor {floor}"


# issue 20, measured on 174 times and 267 quantities of 70 SaudiNewsNet articles (annotated from the
# text alone; CONVENTIONS in README "Times and quantities"): before the issue-20 grammar, times F1
# 0.769 / value accuracy 0.712, quantities 0.795 / 0.870; after: see FLOORS_SNN (floors just under).
# measured after the first round: times F1 0.891 (P 0.915, R 0.868), value accuracy 0.874, strict F1
# 0.779; quantities F1 0.897 (P 0.867, R 0.929), value accuracy 0.915, strict F1 0.821.
# after the second round of quantities (forms read from 85 training articles; the second round's
# times, on branch world2, reached times F1 0.913 but value accuracy 0.867, under its floor, and
# are not shipped): times as above; quantities F1 0.927 (P 0.907, R 0.948), value accuracy 0.929,
# strict F1 0.861 (issue 20's target for quantities, 0.90 F1, reached).
# third round (branch times3: world2's times forms, the annotators' differences ruled by the first
# annotator, measured twice): times F1 0.9133 (P 0.9186, R 0.9080), value accuracy 0.8671, strict F1
# 0.7919, the same both times; quantities 0.9284 / 0.9289 / 0.8624. Times' value accuracy is under
# its floor 0.87 (137 of 158 found items rightly valued): the floors are neither raised nor lowered.
# fourth round (branch times4: forms read on unlabelled articles and on the training file's third part,
# the measurement file scored for its aggregates only): times F1 0.9310 (P 0.9310, R 0.9310), value
# accuracy 0.8827 (143 of 162), strict F1 0.8218; quantities 0.9301 / 0.9289 / 0.8640
FLOORS_SNN = {"times": {"f1": 0.92, "value_accuracy": 0.88, "strict_f1": 0.81},
              "quantities": {"f1": 0.93, "value_accuracy": 0.92, "strict_f1": 0.86}}
# the training file, a regression check, not a figure to quote; its first 40 articles (75 times,
# 94 quantities) were annotated by the measurement file's annotator, the 45 after them (132 times,
# 111 quantities) by a second one from the same conventions; where the two differ, the first
# annotator's reading is the ruling and 17 of the second one's 145 times were corrected to it
# (README, "the value conventions"): each part has its floors.
# first 40 measured: times 0.954 / 0.917 first round, 0.973 / 0.973 second, now 0.973 / 1.000;
# quantities 0.973 / 0.978, now 0.973 / 0.989
FLOORS_SNN_TRAIN = {"times": {"f1": 0.97, "value_accuracy": 0.99}, "quantities": {"f1": 0.97, "value_accuracy": 0.98}}
# last 45 measured: times 0.713 / 0.939 first round, 0.907 / 0.959 second, 0.953 / 0.975 third (after the
# corrections), 0.957 / 0.976 fourth; quantities 0.905 / 0.900, now 0.933 / 0.952
FLOORS_SNN_TRAIN2 = {"times": {"f1": 0.95, "value_accuracy": 0.97}, "quantities": {"f1": 0.93, "value_accuracy": 0.95}}
# the third part (issue 20, fourth round): 50 articles (339 times, 424 quantities) annotated from the
# text alone by a third annotator from the same conventions, not corrected to the rulings (it reads
# بداية / نهاية of a year or month as a third, "قبل عام" as a month, "بعد شهرين" as a day, where the
# rulings read a day, a year and a month: 13 of the 33 found times qawl values otherwise, now).  Measured when it came, before any rule
# was read from it: times 0.934 / 0.865 (strict 0.807), quantities 0.937 / 0.959; after the fourth
# round's rules times 0.961 / 0.903 (strict 0.868), quantities 0.937 / 0.962 (a count inside a time found
# as one, "الأشهر السبعة الأولى من العام", is no quantity here: README)
FLOORS_SNN_TRAIN3 = {"times": {"f1": 0.95, "value_accuracy": 0.90}, "quantities": {"f1": 0.93, "value_accuracy": 0.95}}
TRAIN_PARTS = {1: slice(0, 40), 2: slice(40, 85), 3: slice(85, None)}  # the training file's parts, in its order


def _train_ids(part: int) -> frozenset[str] | None:
    """The ids of one part of the training file (``TRAIN_PARTS``)."""
    if not SNN_TRAIN.exists():
        return None
    ids = [json.loads(line)["id"] for line in SNN_TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    return frozenset(ids[TRAIN_PARTS[part]])


@needs(SNN, what="SaudiNewsNet articles")
@pytest.mark.parametrize("gold, floors, part", [(SNN_GOLD, FLOORS_SNN, None), (SNN_TRAIN, FLOORS_SNN_TRAIN, 1),
                                                (SNN_TRAIN, FLOORS_SNN_TRAIN2, 2), (SNN_TRAIN, FLOORS_SNN_TRAIN3, 3)],
                         ids=["measurement", "training", "training-second-annotator", "training-third-annotator"])
def test_times_and_quantities_on_saudinewsnet_gold(gold, floors, part):
    got = score(gold, SNN, ids=None if part is None else _train_ids(part))
    for kind, kind_floors in floors.items():
        assert got[kind]["unlocated"] == 0, f"{kind}: gold items whose text is not in their article"
        for key, floor in kind_floors.items():
            assert got[kind][key] >= floor, f"{gold.name} {kind} {key} {got[kind][key]} fell below its floor {floor}"

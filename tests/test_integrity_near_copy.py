"""The near-copy signals: a sentence that repeats another word for word but for one short slot."""
from __future__ import annotations

from qawl.api import analyze_record
from qawl.integrity import contradiction
from qawl.integrity.context import build
from qawl.integrity.model import load
from qawl.integrity.near_copy import slot
from qawl.options import Options

BASE = tuple("a b c d e f g h".split())


def test_one_word_changed_inside_is_a_slot() -> None:
    got = slot(tuple("a b c X e f g h".split()), BASE)
    assert got is not None and got.mine == ("X",) and got.theirs == ("d",) and got.cover == 7 / 8


def test_the_last_word_changed_is_a_slot() -> None:
    got = slot(tuple("a b c d e f g X".split()), BASE)
    assert got is not None and got.mine == ("X",) and got.theirs == ("h",)


def test_a_negation_dropped_from_a_clause_cut_out_of_a_longer_sentence() -> None:
    longer = tuple("p q r a b not c d e f g h s t u v".split())
    got = slot(BASE, longer)
    assert got is not None and got.mine == () and got.theirs == ("not",) and got.cover == 1.0


def test_an_exact_copy_or_a_rewording_is_no_slot() -> None:
    assert slot(BASE, BASE) is None  # a restated line changes no fact
    assert slot(tuple("a b X Y Z f g h".split()), BASE) is None  # three words in a row: a rewording
    assert slot(tuple("a X c Y e Z g h".split()), BASE) is None  # three slots
    assert slot(tuple("a b c".split()), tuple("a b c".split())) is None  # too short to be a copy


def test_the_copy_whose_word_the_article_never_states_elsewhere(monkeypatch) -> None:
    monkeypatch.setattr(contradiction, "NEAR_COPY", True)  # training's reading (the shipped model may not read them)
    text = ("هز انفجار كبير العاصمة التركية أنقرة صباح اليوم.\n"
            "وحذرت أجهزة الأمن الحكومة مؤخرا من خطر هجوم إرهابي على الأراضي التركية قبل أسابيع.\n"
            "وقال شهود إن الانفجار وقع قرب محطة القطارات.\n"
            "وحذرت أجهزة الأمن الحكومة مؤخرا من خطر هجوم إرهابي على الأراضي الليبية قبل أسابيع.")
    ctx = build(analyze_record({"id": "t", "text": text}, Options(only=("attributions",))))
    sig = contradiction.signals(ctx)
    assert sig[1]["copy_slot"].value > 0.8 and sig[3]["copy_slot"].value > 0.8
    assert sig[3]["copy_unsupported"].value > 0.8 and sig[1]["copy_unsupported"].value < 0  # "التركية" is in the lead
    assert "sentence 2" in sig[3]["copy_unsupported"].reason
    assert sig[2]["copy_slot"].value == 0.0


def test_an_endless_sentence_is_not_aligned() -> None:
    assert slot(("w",) * 1000, ("w",) * 999 + ("x",)) is None  # its cost would be the product of the lengths


def test_near_copy_signals_are_worked_out_only_when_a_model_reads_them(monkeypatch) -> None:
    text = ("وحذرت أجهزة الأمن الحكومة مؤخرا من خطر هجوم إرهابي على الأراضي التركية قبل أسابيع.\n"
            "وحذرت أجهزة الأمن الحكومة مؤخرا من خطر هجوم إرهابي على الأراضي الليبية قبل أسابيع.")
    ctx = build(analyze_record({"id": "t", "text": text}, Options(only=("attributions",))))
    monkeypatch.setattr(contradiction, "NEAR_COPY", False)
    assert all(s["copy_slot"].value == 0.0 for s in contradiction.signals(ctx))
    monkeypatch.setattr(contradiction, "NEAR_COPY", None)
    reads = any(n.startswith("copy_") for n in load().features)
    assert contradiction.near_copy_wanted() is reads

"""Quantities and numbers: digits, Arabic-Indic digits, number words, approximations, units."""
from __future__ import annotations

import pytest

import qawl
from qawl.options import Options
from qawl.text.tokens import tokenize
from qawl.world.numbers import read_number

ONLY = Options(only=("quantities",))


def quantities(text: str) -> list[tuple[str, float, str | None, bool]]:
    doc = qawl.analyze(text, "2017-12-02", options=ONLY)
    for q in doc.quantities:
        assert text[q.start : q.end] == q.text
    return [(q.text, q.value, q.unit, q.approx) for q in doc.quantities]


@pytest.mark.parametrize("words, value", [
    ("ثلاثين", 30), ("ثلاثة وعشرين", 23), ("خمسة عشر", 15), ("اثنا عشر", 12), ("مئة وخمسين", 150),
    ("ثلاث مئة", 300), ("ثلاثمئة", 300), ("ألفين", 2000), ("ألفي", 2000), ("ثلاثة آلاف", 3000),
    ("ثلاثة ملايين وخمسمئة ألف", 3_500_000), ("نصف مليون", 500_000), ("ربع", 0.25), ("مئات", 100),
    ("آلاف", 1000), ("عشرات الآلاف", 10_000), ("مئات الآلاف", 100_000),
    ("30", 30), ("٣٠", 30), ("2,500", 2500), ("٢٫٥", 2.5), ("1.5 مليار", 1.5e9), ("5 ملايين", 5e6), ("3 آلاف", 3000),
])
def test_number_values(words, value):
    toks = list(tokenize(words))
    n = read_number(toks, 0)
    assert n is not None and n.end == len(toks) and n.value == pytest.approx(value)


@pytest.mark.parametrize("text, expected", [
    ("وصلت نحو 30 آلية عسكرية إلى ضواحي المدينة.", [("نحو 30 آلية", 30, "آلية", True)]),
    ("إن الهدف من وراء وصول مئات الجنود الأميركيين إلى ضواحي مدينة كركوك.", [("مئات الجنود", 100, "الجنود", True)]),
    ("بلغت قيمة الصفقة 5 ملايين دولار.", [("5 ملايين دولار", 5_000_000, "دولار", False)]),
    ("وارتفعت الأسعار 12% خلال الربع الأول.", [("12%", 12, "%", False)]),
    ("وتراجعت البطالة إلى 7.5 في المئة.", [("7.5 في المئة", 7.5, "%", False)]),
    ("وارتفعت نسبة المشاركة إلى ٤٥٪ في العاصمة.", [("٤٥٪", 45, "%", False)]),
    ("شارك عشرات الآلاف من المتظاهرين في المسيرة.", [("عشرات الآلاف من المتظاهرين", 10_000, "المتظاهرين", True)]),
    ("وقتل أكثر من ثلاثين شخصا في الهجوم.", [("أكثر من ثلاثين شخصا", 30, "شخصا", False)]),  # a bound, not approximate
    ("وأصيب حوالي ٤٥ آخرين بجروح.", [("حوالي ٤٥ آخرين", 45, "آخرين", True)]),
    ("وغادر قرابة نصف السكان المدينة.", [("قرابة نصف السكان", 0.5, "السكان", True)]),
    ("أعلن الوزير أن أكثر من ألفي عراقي بمحافظة نينوى أعدموا.", [("أكثر من ألفي عراقي", 2000, "عراقي", False)]),
    ("ولم يتمكن سوى نحو ألفين منهم من الفرار.", [("نحو ألفين", 2000, None, True)]),
    ("وأنفقت الحكومة 1.5 مليار ريال على ثلاثة آلاف مشروع.",
     [("1.5 مليار ريال", 1_500_000_000, "ريال", False), ("ثلاثة آلاف مشروع", 3000, "مشروع", False)]),
    ("أفادت مصادر أمنية عراقية أمس بمقتل 24 مدنيا وإصابة 37 آخرين في مدينة بعقوبة (57 كم شمال شرقي بغداد).",
     [("24 مدنيا", 24, "مدنيا", False), ("37 آخرين", 37, "آخرين", False), ("57 كم", 57, "كم", False)]),
])
def test_quantities(text, expected):
    assert quantities(text) == expected


def test_numbers_inside_dates_are_times_not_quantities():
    assert quantities("وصل الوفد في 2 كانون الأول 2017 ومعه 12 خبيرا.") == [("12 خبيرا", 12, "خبيرا", False)]


def test_one_and_two_as_adjectives_are_not_counts():
    # "واحد" follows its noun, which already says how many
    assert quantities("ولو بقي منهم رجل واحد، وسوف نلاحقهم.") == []


def test_vague_plurals_say_so():
    doc = qawl.analyze("تركوا آلافا من جثثهم في ساحات المعارك.", options=ONLY)
    (q,) = doc.quantities
    assert (q.value, q.vague, q.approx) == (1000, True, True)
    assert q.to_dict()["vague"] is True

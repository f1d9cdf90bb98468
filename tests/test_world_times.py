"""Times: every absolute and relative form, on sentences as Arabic news writes them."""
from __future__ import annotations

import pytest

import qawl
from qawl.options import Options

ONLY = Options(only=("times",))


def times(text: str, date: str | None = "2017-12-02") -> list[tuple[str, str | None]]:
    doc = qawl.analyze(text, date, options=ONLY)
    for t in doc.times:
        assert text[t.start : t.end] == t.text
    return [(t.text, t.value) for t in doc.times]


@pytest.mark.parametrize("text, expected", [
    # Levantine / Iraqi months, in a dateline with brackets
    ("بغداد ( 2 كانون الأول 2017) - قالت مصادر أمنية إن الهجوم فشل.", [("2 كانون الأول 2017", "2017-12-02")]),
    ("وقال الرئيس في ٢٠ نيسان ٢٠١٧ إن الاتفاق صامد.", [("٢٠ نيسان ٢٠١٧", "2017-04-20")]),
    ("وأعلنت الحكومة في 15 تشرين الثاني 2016 حالة الطوارئ.", [("15 تشرين الثاني 2016", "2016-11-15")]),
    # Gregorian (Egypt, Gulf) with the Levantine name in brackets
    ("وبدأت تركيا في 24 يوليو (تموز) ما سمته «حربا على الارهاب».", [("24 يوليو (تموز)", "2015-07-24")]),
    ("وفي 3 أغسطس (آب) العام الماضي قام المتشددون باجتياح قضاء سنجار.", [("3 أغسطس (آب) العام الماضي", "2014-08-03")]),
    # Maghreb months
    ("وأكد الوزير يوم 12 جوان 2016 أن المشروع سينطلق.", [("يوم 12 جوان 2016", "2016-06-12")]),
    ("ونظمت الانتخابات في 4 ماي 2017 في كامل الولايات.", [("4 ماي 2017", "2017-05-04")]),
    # Hijri, converted
    ("وقع الهجوم في 14 ربيع الأول 1439 هـ الموافق 2 ديسمبر 2017.",
     [("14 ربيع الأول 1439 هـ الموافق 2 ديسمبر 2017", "2017-12-02")]),  # both calendars, one span (issue 20)
    # digits
    ("صدر البيان بتاريخ 02/12/2017 وأعيد نشره في 2017-12-05.", [("02/12/2017", "2017-12-02"), ("2017-12-05", "2017-12-05")]),
    # months and years alone
    ("بعد عبور الحدود السورية منتصف عام 2014 في محاولة لإقامة خلافة.", [("منتصف عام 2014", "2014-05-01/2014-08-31")]),
    ("وتراجعت الصادرات في ديسمبر 2016 بنسبة كبيرة.", [("ديسمبر 2016", "2016-12-01/2016-12-31")]),
    ("وجرت الانتخابات في مارس الماضي.", [("مارس الماضي", "2017-03-01/2017-03-31")]),
    ("ومن المقرر أن يبدأ الصيام في شهر رمضان.", [("شهر رمضان", "2018-05-16/2018-06-14")]),
])
def test_absolute_dates(text, expected):
    date = "2015-08-04" if "تموز" in text or "آب" in text else "2017-12-02"
    assert times(text, date) == expected


@pytest.mark.parametrize("text, expected", [
    ("أعلن التحالف الدولي ضد تنظيم داعش، اليوم السبت، أن قوات التحالف انتشرت في كركوك.", [("اليوم السبت", "2017-12-02")]),
    ("وشكك معهد بحثي أمريكي أمس الجمعة في تفسير إيران للنشاط في الموقع.", [("أمس الجمعة", "2017-12-01")]),
    ("وقال المتحدث ليلة أمس إن الهجوم وقع أول أمس.", [("ليلة أمس", "2017-12-01"), ("أول أمس", "2017-11-30")]),
    ("وقال العبيدي في تسجيل مصور مساء أول من أمس إن الضحايا مدنيون.", [("مساء أول من أمس", "2017-11-30")]),
    ("ويصل الوفد غدا إلى بغداد.", [("غدا", "2017-12-03")]),
    ("وقال النائب عن الاتحاد الوطني، السبت، إن قوة عسكرية تتمركز قرب القضاء.", [("السبت", "2017-12-02")]),
    ("وكان الوفد قد وصل يوم الأحد الماضي إلى أربيل.", [("يوم الأحد الماضي", "2017-11-26")]),
    ("ومن المقرر أن يعقد الاجتماع الخميس في جنيف.", [("الخميس", "2017-12-07")]),
    ("وستعقد الجولة الثانية الأحد المقبل.", [("الأحد المقبل", "2017-12-03")]),
    ("وعقد الاجتماع الأسبوع الماضي في عمان.", [("الأسبوع الماضي", "2017-11-25/2017-12-01")]),
    ("وتجرى الانتخابات الشهر المقبل.", [("الشهر المقبل", "2018-01-01/2018-01-31")]),
    ("وارتفع العجز العام الماضي إلى مستوى قياسي.", [("العام الماضي", "2016-01-01/2016-12-31")]),
    ("وكان الوزير قد نفى في وقت سابق هذه الأنباء.", [("في وقت سابق", "../2017-12-02")]),
    ("سقوط أكثر من 10 قذائف هاون الليلة قبل الماضية على منازل في ناحية هبهب.", [("الليلة قبل الماضية", "2017-11-30")]),
    ("والسبت المقبل موعد الجولة.", [("السبت المقبل", "2017-12-09")]),
])
def test_relative_expressions(text, expected):
    assert times(text) == expected


def test_a_named_weekday_decides_the_day():
    # d006, dated Tuesday 2015-08-04; d001 is dated Sunday 2015-08-09 but reports "اليوم السبت"
    text = "حض الاتحاد الاوروبي والولايات المتحدة، اليوم (الثلاثاء)، تركيا على التزام «رد متكافئ»."
    assert times(text, "2015-08-04") == [("اليوم (الثلاثاء)", "2015-08-04")]
    text = "وصف وزير الخارجية الإيراني محمد جواد ظريف اليوم السبت اتهامات بأنها أكاذيب. وشكك معهد بحثي أمس الجمعة في تفسير إيران."
    assert times(text, "2015-08-09") == [("اليوم السبت", "2015-08-08"), ("أمس الجمعة", "2015-08-07")]


def test_anchor_is_recorded_and_absolute_times_have_none():
    doc = qawl.analyze("قال الوزير أمس إن الاتفاق وقع في 2 كانون الأول 2017.", "2017-12-05", options=ONLY)
    rel, absolute = doc.times
    assert (rel.value, rel.anchor, rel.kind) == ("2017-12-04", "2017-12-05", "date")
    assert (absolute.value, absolute.anchor) == ("2017-12-02", None)


def test_anchor_from_the_dateline_when_metadata_has_no_date():
    text = "بغداد ( 2 كانون الأول 2017) - قالت مصادر إن الاجتماع عقد أمس."
    assert times(text, None) == [("2 كانون الأول 2017", "2017-12-02"), ("أمس", "2017-12-01")]
    assert qawl.analyze(text, options=ONLY).times[1].anchor == "2017-12-02"


def test_no_anchor_leaves_relative_times_unresolved():
    doc = qawl.analyze("وقال المتحدث أمس إن القوات انسحبت.", options=ONLY)
    assert [(t.text, t.value, t.anchor, t.kind) for t in doc.times] == [("أمس", None, None, "unresolved")]


def test_month_names_that_are_also_words_need_a_date_context():
    # مارس is also "he practised", صفر is "zero", رجب a name
    assert times("مارس اللاعب الرياضة منذ صغره، وسجل الفريق صفر أهداف.") == []


def test_an_impossible_day_is_not_invented():
    # 31 February is no date: only the month and year it names are read
    assert times("وسجل 31 شباط 2017 في الوثيقة المزورة.") == [("شباط 2017", "2017-02-01/2017-02-28")]


@pytest.mark.parametrize("text, expected", [
    # منذ with a count is a duration, a quantity (the gold's reading): "الحرب الدائرة منذ أربع سنوات"
    ("وتدور المعارك منذ ثلاثة أيام في المدينة.", []),
    ("وتقيم الأسرة في المدينة منذ أشهر.", [("أشهر", "../2017-12-02")]),
    ("ووقع الهجوم قبل يومين في المدينة نفسها.", [("قبل يومين", "2017-11-30")]),
    # years and months back are that year or month, as the gold reads them
    ("ووقع الهجوم قبل عامين في المدينة نفسها.", [("قبل عامين", "2015-01-01/2015-12-31")]),
    ("وانسحبت القوات قبل 3 أشهر من المنطقة.", [("قبل 3 أشهر", "2017-09-01/2017-09-30")]),
    ("وكان قد زارها قبل أيام.", [("قبل أيام", None)]),
    ("وقعت معظم عمليات الإعدام على مدى الأشهر الستة الماضية.", [("الأشهر الستة الماضية", "2017-06-02/2017-12-02")]),
    ("اعتدى التنظيم على أبناء الطائفة الإيزيدية في صيف 2014.", [("صيف 2014", "2014-06-01/2014-08-31")]),
    ("وتراجعت الأمطار في شتاء 2016.", [("شتاء 2016", "2016-12-01/2017-02-28")]),
])
def test_durations_and_seasons(text, expected):
    assert times(text) == expected


def test_a_few_days_is_too_vague_to_date():
    assert times("تلقى برقية قبل أيام من الحادث.") == [("قبل أيام", None)]


def test_a_bare_year_after_a_preposition():
    assert times("ومنذ 2014 يسيطر التنظيم على المدينة، وتراجعت الصادرات في 2016.") == [
        ("2014", "2014-01-01/2014-12-31"), ("2016", "2016-01-01/2016-12-31")]
    assert times("وارتفع عدد الضحايا إلى 2014 قتيلا.") == []  # a count, not a year


def test_every_first_word_of_a_reader_opens_it():
    """``_roles`` reads what a word may open from one table of forms (issue 19): each reader's first
    words open it, also with a proclitic, and a plain word opens none."""
    from qawl.world import times

    tables = {times._R_PART: times.period_parts().first_words, times._R_WORD: times.time_words().first_words,
              times._R_DATE: times._date_firsts() | times._firsts_of("season"), times._R_NAME: times._firsts_of("name"),
              times._R_DURATION: times._DURATION_FIRSTS}
    for role, words in tables.items():
        assert words and all(times._roles(w) & role and times._roles("و" + w) & role for w in words), role
    assert times._roles("2015") & times._R_DATE and all(times._roles(w) & times._R_CLOCK for w in times._CLOCK)
    assert times._roles("السيارة") == 0

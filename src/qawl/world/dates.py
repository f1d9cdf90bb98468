"""Calendar dates as Arabic news writes them: a grammar of days, months and years.

    date   := numeric | [day-range] [من] month [alias] [year-tail] | year | season year
    day    := 1..31 | ordinal day word (السابع عشر، الحادي والثلاثين، غرة)  (``data/ordinal_days.tsv``)
    range  := day (و | إلى | حتى | - | ــ) day                               "بين 4 و6 مايو"، "10 ــ 14 يونيو"
    month  := a name in any calendar (``data/months.tsv``), with its other name beside it:
              "آذار (مارس)"، "تموز/يوليو"، "يناير كانون الثاني"
    year-tail := [من] [عام] 2016 [م|هـ] | [من] العام الماضي / لهذا العام | الماضي / المقبل / الجاري
    numeric := 12/5/2019، "12 / 05 / 2019م"، 3-7-1440هـ (day-month-year as the Arab world writes
               it), 1440/7/3 هـ (year first); Hijri by its era mark or its range (1343-1500 (the years hijridate's Umm al-Qura table covers))

A month or day with no year is placed by its direction, else by the sentence's tense
(``periods.placed``).  Every reader returns where it stopped, so the combinator in
``times.py`` can chain them (a part of a period, a range of two dates, a clock before a day).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..data import rows
from ..text.doc import Token
from ..text.normalize import normalize
from . import periods
from .numbers import number_words
from .periods import Period
from .phrases import PhraseTable, word_forms

#: (anchor, tense) -> the period; raises ValueError when it cannot be resolved (no anchor, no such day)
Resolver = Callable[[dt.date | None, int], Period]


@dataclass(frozen=True, slots=True)
class Month:
    calendar: str  # gregorian (its Levantine and Maghreb names too) or hijri
    number: int
    alone: bool = True  # a month wherever it stands; else only with a day, year, direction or lead word


@dataclass(slots=True)
class Found:
    """A time expression found at tokens ``first .. end`` (end exclusive) of a sentence."""

    first: int
    end: int
    resolve: Resolver
    relative: bool = False  # resolved against the anchor
    month: Month | None = None  # set when the expression is a month or a day of one without a year:
    day: int | None = None  # the first of a range may then take the year of the second


@lru_cache(maxsize=1)
def months() -> PhraseTable[Month]:
    return PhraseTable.build((name, Month("hijri" if cal == "hijri" else "gregorian", int(n), reading == "alone"))
                             for name, cal, n, reading in rows("months.tsv"))


@lru_cache(maxsize=1)
def holidays() -> PhraseTable[tuple[Month, int]]:
    return PhraseTable.build((p, (Month("hijri", int(m)), int(d))) for p, m, d in rows("holidays.tsv"))


NTH_DAY = {normalize(w): n for w, n in (("أول", 1), ("ثاني", 2), ("ثالث", 3), ("رابع", 4))}


def holiday(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """"أول يوم من العيد"، "ثاني أيام عيد الأضحى": the day of a feast (``data/holidays.tsv``); العيد
    alone is the feast nearest the anchor."""
    nth = NTH_DAY.get(tokens[i].norm)
    if nth is None or i + 2 >= end:
        return None
    j = i + 1
    if tokens[j].norm == "يوم" and tokens[j + 1].norm == "من":
        j += 2
    elif tokens[j].norm == "ايام":
        j += 1
    else:
        return None
    hit = holidays().match_at(tokens, j, end) if j < end else None
    if hit is None:
        return None
    (month, d), n = hit
    feasts = [(month, d)] if month.number else [(Month("hijri", 10), 1), (Month("hijri", 12), 10)]

    def resolve(anchor: dt.date | None, tense: int) -> Period:
        days = [periods.placed(_hijri_day(m.number, dd), "hijri", need(anchor), periods.NEUTRAL, False)
                for m, dd in feasts]
        starts = [p.start for p in days if p.start is not None]
        first = min(starts, key=lambda d: abs((d - need(anchor)).days))
        return periods.day(first + dt.timedelta(days=nth - 1))
    return Found(i, j + n, resolve, True)


def _hijri_day(month: int, d: int) -> Callable[[int], Period]:
    return lambda y: periods.date("hijri", y, month, d)


@lru_cache(maxsize=1)
def ordinal_days() -> PhraseTable[int]:
    return PhraseTable.build((p, int(d)) for p, d in rows("ordinal_days.tsv"))


HIJRI_YEARS = (1343, 1500)  # hijridate's Umm al-Qura table
_ERA = {normalize(w): cal for w, cal in (
    ("هـ", "hijri"), ("ه", "hijri"), ("هجري", "hijri"), ("هجرية", "hijri"), ("للهجرة", "hijri"),
    ("م", "gregorian"), ("ميلادي", "gregorian"), ("ميلادية", "gregorian"), ("للميلاد", "gregorian"))}
YEAR_WORDS = frozenset(normalize(w) for w in ("عام", "العام", "سنة", "السنة", "لعام", "للعام", "بعام", "وعام", "عامي", "سنتي"))
#: words before a month name that make it a month, not a verb or a name (في مارس، مطلع شباط);
#: not من or بين ("من صفر إلى عشرة"): a range says so by its second month ("من مارس حتى مايو")
MONTH_LEAD = frozenset(normalize(w) for w in (
    "في", "منذ", "خلال", "حتى", "مطلع", "أوائل", "أواخر", "منتصف", "نهاية", "بداية", "أواسط", "شهر", "شهري",
    "قبل", "بعد", "مستهل", "ختام", "آخر", "أواخر"))
_YEAR_LEAD = frozenset(normalize(w) for w in (
    "في", "منذ", "خلال", "حتى", "قبل", "بعد", "مطلع", "نهاية", "بداية", "أواخر", "أوائل", "منتصف", "من", "بين", "بحلول"))
#: what may follow a year that stands alone after a noun ("انتفاضة 2011 التي"، "كأس العالم 2014 في
#: البرازيل"): a particle, not a noun it could count ("2014 قتيلا")
_YEAR_FOLLOW = frozenset(normalize(w) for w in (
    "التي", "الذي", "اللذين", "اللتين", "في", "من", "إلى", "على", "عن", "حتى", "و", "أو", "ثم", "مع", "ضد", "بين",
    "بعد", "قبل", "خلال", "حين", "عندما", "حيث", "إذ", "لكن", "بل"))
#: words before a bare number that make it a count or an amount, not a year ("بلغ عددهم 2000")
_COUNT_LEAD = frozenset(normalize(w) for w in (
    "عدد", "بلغ", "بلغت", "يبلغ", "تبلغ", "إجمالي", "مجموع", "قدره", "قدرها", "بواقع", "بمعدل", "بقيمة", "بمبلغ",
    "سعر", "رقم", "الرقم", "برقم", "ايزو", "أيزو", "نحو", "حوالي", "قرابة", "زهاء", "المادة", "مادة"))
_RANGE = frozenset(normalize(w) for w in ("و", "إلى", "الى", "حتى", "-", "–", "—", "ـ", "ــ", "الي"))
_NUM = re.compile(r"[وفبل]?(\d{1,4})(ه|م)?")
_SEPARATORS = ("/", "-", ".")
#: the relative words (data/time_words.tsv) a year tail may be: "من العام الماضي"، "لهذا العام"
YearWord = Callable[[Sequence[Token], int, int], tuple[str, int, int] | None]  # -> (kind, offset, n)


def int_at(tok: Token) -> tuple[int, str | None] | None:
    """A number token, with a و/ب attached before it or an era mark after it (و3، 2016م، 1437هـ)."""
    m = _NUM.fullmatch(tok.norm)
    if m is None:
        return None
    era = m.group(2)
    return int(m.group(1)), (_ERA[era] if era else None)


GREGORIAN_YEARS = (1800, 2100)


def _calendar(y: int, era: str | None, low: int = GREGORIAN_YEARS[0]) -> str | None:
    """The calendar of year ``y``: its era mark's, unless the year cannot be in it ("2015هـ" is a
    slip for 2015م); without one, Hijri for 1343-1500 and Gregorian for 1800-2100 (from ``low``
    after a year word: "عام 1515")."""
    hijri = HIJRI_YEARS[0] <= y <= HIJRI_YEARS[1]
    gregorian = low <= y <= GREGORIAN_YEARS[1]
    if era == "hijri" and hijri or era == "gregorian" and gregorian:
        return era
    return "hijri" if hijri and era is None or hijri and not gregorian else "gregorian" if gregorian else None


def need(anchor: dt.date | None) -> dt.date:
    if anchor is None:
        raise ValueError("a relative time without an anchor")
    return anchor


def year_number(tokens: Sequence[Token], j: int, end: int, low: int = GREGORIAN_YEARS[0]) -> tuple[int, str, int] | None:
    """A year at ``tokens[j]``: (year, calendar, index after it and its era mark).  The era
    mark decides the calendar (``_calendar``)."""
    if j >= end:
        return None
    got = int_at(tokens[j])
    if got is None:
        return None
    y, era = got
    j += 1
    if era is None and j < end and tokens[j].norm in _ERA:
        era = _ERA[tokens[j].norm]
        j += 1
    cal = _calendar(y, era, low)
    if cal is None:
        return None
    return y, cal, j


def day_number(tokens: Sequence[Token], i: int, end: int) -> tuple[int, int] | None:
    """A day of the month at ``tokens[i]``: digits 1-31 (also with the article: "الـ12 من أغسطس")
    or an ordinal word; (day, index after it)."""
    norm = tokens[i].norm
    if norm.startswith("ال") and norm[2:].isdigit() and len(norm) <= 4 and 1 <= int(norm[2:]) <= 31 \
            and i + 1 < end and tokens[i + 1].norm == "من":
        return int(norm[2:]), i + 1
    got = int_at(tokens[i])
    if got is not None:
        d, era = got
        return (d, i + 1) if 1 <= d <= 31 and era is None and len(tokens[i].norm.lstrip("وفبل")) <= 2 else None
    hit = ordinal_days().match_at(tokens, i, end)
    return (hit[0], i + hit[1]) if hit else None


def month_at(tokens: Sequence[Token], i: int, end: int) -> tuple[Month, int] | None:
    """A month name at ``tokens[i]`` with its other calendar's name beside it, skipped:
    "آذار (مارس)"، "تموز/يوليو"، "يناير كانون الثاني"; (month, index after it all)."""
    hit = months().match_at(tokens, i, end)
    if hit is None:
        return None
    month, j = hit[0], i + hit[1]
    if j + 2 < end and tokens[j].text in ("(", "/", "-") and (other := months().match_at(tokens, j + 1, end, clitics=False)):
        k = j + 1 + other[1]
        if tokens[j].text != "(":
            return month, k
        if k < end and tokens[k].text == ")":
            return month, k + 1
    if j < end and (other := months().match_at(tokens, j, end, clitics=False)) and other[0].number == month.number:
        return month, j + other[1]
    return month, j


def year_tail(tokens: Sequence[Token], j: int, end: int, cal: str,
              year_word: YearWord) -> tuple[tuple[str, int], int] | None:
    """What places a month in a year, after it: ("abs", year) for "2016", "عام 2019", "من عام
    2016م"; ("rel", offset) for "العام الماضي", "من العام الجاري", "لهذا العام"; ("dir", offset) for
    "الماضي", "المقبل", "الماضيين"; None when nothing does."""
    if j >= end:
        return None
    k = j + 1 if tokens[j].norm == "من" and j + 1 < end else j
    y = k + 1 if tokens[k].norm in YEAR_WORDS else k
    year = year_number(tokens, y, end, 1000 if cal == "gregorian" and len(tokens[y].norm) == 4 else GREGORIAN_YEARS[0])
    if year is not None and year[1] == cal and (y > k or k == j):  # "6 يونيو 1799": four digits after a month
        return ("abs", year[0]), year[2]
    word = year_word(tokens, k, end)
    if word is not None and word[0] == "year":
        return ("rel", word[1]), k + word[2]
    word = year_word(tokens, j, end)
    if word is not None and word[0] == "modifier":
        return ("dir", word[1]), j + word[2]
    return None


def placer(month: Month, day_: int | None, spec: tuple[str, int] | None) -> tuple[Resolver, bool]:
    """The resolver of a month (or a day of it) and a year tail; whether it needs the anchor."""
    cal, n = month.calendar, month.number

    def make(y: int) -> Period:
        return periods.date(cal, y, n, day_)

    if spec is None:
        return (lambda a, tense: periods.placed(make, cal, need(a), tense, False)), True
    kind, value = spec
    if kind == "abs":
        return (lambda a, tense: make(value)), False
    if kind == "rel":
        return (lambda a, tense: make(periods.year_of(need(a), cal) + value)), True
    return (lambda a, tense: periods.placed(make, cal, need(a), value, True)), True


def numeric_date(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """12/5/2019، "12 / 05 / 2019م"، 3-7-1440هـ، 1440/7/3 هـ: three numbers, one separator; and a
    day range before one: "من 4 إلى 15 / 9 / 1436هـ" (the first day in the same month)."""
    f = _numeric(tokens, i, end)
    if f is not None or i + 3 >= end:
        return f
    first = day_number(tokens, i, end) if tokens[i].norm[:1].isdigit() else None
    if first is None or not (tokens[i + 1].norm in _RANGE or tokens[i + 1].text in _RANGE):
        return None
    last = _numeric(tokens, i + 2, end)
    if last is None:
        return None
    p = last.resolve(None, 0)
    if p.start is None or last.day is None or not first[0] < last.day:
        return None
    span = Period(p.start - dt.timedelta(days=last.day - first[0]), p.end)  # in whichever calendar: same month
    return Found(i, last.end, lambda a, t: span)


def _numeric(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    if i + 4 >= end or tokens[i + 1].text not in _SEPARATORS or tokens[i + 3].text != tokens[i + 1].text:
        return None
    parts = [int_at(tokens[k]) for k in (i, i + 2, i + 4)]
    if any(p is None for p in parts):
        return None
    (a, _), (b, _), (c, era) = parts  # type: ignore[misc]
    k = i + 5
    if era is None and k < end and tokens[k].norm in _ERA:
        era, k = _ERA[tokens[k].norm], k + 1
    y, m, d = (a, b, c) if len(tokens[i].norm.lstrip("وفبل")) == 4 else (c, b, a)
    cal = _calendar(y, era)
    if cal is None:
        return None
    try:
        value = periods.date(cal, y, m, d)
    except ValueError:
        return None
    return Found(i, k, lambda a_, t: value, day=d)


def _in_context(tokens: Sequence[Token], i: int, k: int, end: int) -> bool:
    """Whether a month name that is also a word (مارس، صفر) at ``tokens[i:k]`` reads as a month:
    a lead word before it, or a range to another month after it ("مارس حتى مايو")."""
    if i > 0 and any(f in MONTH_LEAD for f in word_forms(tokens[i - 1].norm)):
        return True
    first = months().match_at(tokens, i, end)
    j = i + first[1] if first else k
    if first and j + 1 < end and tokens[j].text in ("(", "/"):  # "مارس (آذار)": its other name says it is the month
        other = months().match_at(tokens, j + 1, end, clitics=False)
        if other is not None and other[0].number == first[0].number and tokens[j + 1].norm != tokens[i].norm:
            return True
    return k + 1 < end and (tokens[k].norm in _RANGE or tokens[k].text in _RANGE) and months().match_at(tokens, k + 1, end) is not None


def fixed(p: Period) -> Resolver:
    """The resolver of a period the text gives whole (no anchor needed)."""
    return lambda a, t: p


def _through(first: Resolver, last: Resolver) -> Resolver:
    """From the start of what ``first`` resolves to, to the end of ``last``'s."""
    return lambda a, t: periods.through(first(a, t), last(a, t))


def month_date(tokens: Sequence[Token], i: int, end: int, year_word: YearWord, context: bool = False) -> Found | None:
    """[day [range day] [من]] month [alias] [year-tail] starting at ``tokens[i]``; with
    ``context`` a month name that is also a word reads as the month ("العشر الأواخر من رمضان")."""
    first_day = day_number(tokens, i, end)
    last_day = None
    j = i
    if first_day is not None:
        j = first_day[1]
        if j + 1 < end and (tokens[j].norm in _RANGE or tokens[j].text in _RANGE):
            last_day = day_number(tokens, j + 1, end)
            j = last_day[1] if last_day else j
        else:
            while j + 1 < end and tokens[j].norm[:1] == "و" and (second := day_number(tokens, j, end)):
                last_day, j = second, second[1]  # "4 و6 مايو"، "12 و19 و26 يوليو": the و is on the number
        if j < end and tokens[j].norm == "من":
            j += 1
            j += j + 1 < end and tokens[j].norm == "شهر"  # "12-21 من شهر ذي القعدة"
    if j >= end:
        return None
    hit = month_at(tokens, j, end)
    if hit is None and first_day is not None and j + 2 < end and tokens[j].text == "(":  # "الـ 12 (أغسطس) المقبل"
        inner = month_at(tokens, j + 1, end)
        hit = (inner[0], inner[1] + 1) if inner is not None and inner[1] < end and tokens[inner[1]].text == ")" else None
    if hit is None:
        return None
    month, k = hit
    spec = None
    got = year_tail(tokens, k, end, month.calendar, year_word)
    if got is not None:
        spec, k = got
    if first_day is None and spec is None and not month.alone and not context and not _in_context(tokens, i, k, end):
        return None
    if first_day is None and (spec is None or spec[0] != "abs") and i > 0 and tokens[i - 1].norm == "شهر":
        i -= 1  # شهر رمضان
    d0 = first_day[0] if first_day else None
    resolve, relative = placer(month, d0, spec)
    if last_day is not None:
        resolve = _through(resolve, placer(month, last_day[0], spec)[0])
    if not relative:
        try:
            resolve(None, 0)
        except ValueError:
            return None  # "31 شباط 2017" is no day: the month and year after it may still be read
    yearless = spec is None or spec[0] == "dir"
    return Found(i, k, resolve, relative, month if yearless else None, d0 if yearless and last_day is None else None)


def year_alone(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """عام 2014، العام 1979، 2016م، 1437هـ، في 2017 (a bare year after a preposition), "عامي 2014 و2015"."""
    t = tokens[i]
    j = i + 1 if t.norm in YEAR_WORDS else i
    year = year_number(tokens, j, end, 1000 if j > i else GREGORIAN_YEARS[0])  # عام 1515: a year word makes it one
    if year is None:
        return None
    if j == i:  # a bare number: a year when it carries its era or follows a preposition
        got = int_at(t)
        marked = (got is not None and got[1] is not None) or year[2] > i + 1
        lead = i > 0 and (any(f in _YEAR_LEAD for f in word_forms(tokens[i - 1].norm))
                          or t.norm[:1] == "و" and year_number(tokens, i - 1, i) is not None)  # في 2014 و2015
        counted = year[2] < end and tokens[year[2]].is_word and number_words().match_at(tokens, year[2], end)
        second = _second_year(tokens, i, year[2], end, sure=False) if not marked and not lead else None
        if not marked and (not lead or counted) and second is None and (lead or not _bare_year(tokens, i, year, end)):
            return None  # "إلى 2014 قتيلا" is a count, "2014 ألف" a number; "2015 / 2016م" a season
        if not marked and year[1] == "hijri" and second is None and not year_ends(tokens, year[2], end):
            return None  # "أكثر من 1400 شركة"، "1500 و1404 رحلات": a count in the Hijri years' range, no era
    y, cal, k = year
    first = periods.year(cal, y)
    second = _second_year(tokens, i, k, end)
    if second is not None and second[1] == cal and second[0] > y:
        last = periods.year(cal, second[0])
        return Found(i, second[2], lambda a, tense: Period(first.start, last.end))
    return Found(i, k, lambda a, tense: first)


def _bare_year(tokens: Sequence[Token], i: int, year: tuple[int, str, int], end: int) -> bool:
    """A Gregorian year of four digits with no year word, era or preposition: in brackets
    ("(1975)"، "( 2008)"، "(1946-2014)") or after a noun with a particle or a mark after it
    ("انتفاضة 2011 التي"، "كأس العالم 2014 في"، "إلكراما 2016،"); not a count ("بلغ 2000 شخص"),
    a code ("أيزو 9001 : 2008") or a number with an approximation before it (نحو 2000)."""
    y, cal, k = year
    if cal != "gregorian" or not tokens[i].norm.isdigit() or len(tokens[i].norm) != 4:
        return False
    before = tokens[i - 1] if i > 0 else None
    if before is not None and (before.text in (":", "/", "-", "+", ".") or _COUNT_LEAD & {before.norm, before.stem_norm}
                               or before.norm[-1:].isdigit() or number_words().match_at(tokens, i - 1, i)):
        return False
    after = tokens[k] if k < end else None
    if before is not None and before.text in ("(", "[") and (after is None or after.text in (")", "]", "-", "–")):
        return True
    if y < 1900 or after is not None and after.text in (":", "/", "-", ".", "%", "٪") and k + 1 < end \
            and tokens[k + 1].norm[:1].isdigit() and not _later_year(tokens, k + 1, y):
        return False
    return year_ends(tokens, k, end)


def year_ends(tokens: Sequence[Token], k: int, end: int) -> bool:
    """Whether a year may end before ``tokens[k]``: nothing, a mark, a particle, or a word with
    ل/ب and the article ("2014 للفوز"); not a noun the number could count ("2000 شخص")."""
    after = tokens[k] if k < end else None
    return after is None or not after.is_word or after.norm in _YEAR_FOLLOW \
        or after.norm[:1] in "لب" and after.norm[1:3] in ("ال", "لا", "لل") or after.norm[:2] == "لل"


def _later_year(tokens: Sequence[Token], k: int, y: int) -> bool:
    """Whether ``tokens[k]`` is a later year of four digits: "موسم 2011 - 2012"."""
    n = tokens[k].norm
    return len(n) == 4 and n.isdigit() and y < int(n) <= y + 10


def _second_year(tokens: Sequence[Token], i: int, k: int, end: int, sure: bool = True) -> tuple[int, str, int] | None:
    """The second year of "عامي 2014 و2015"، "من 2010 إلى 2014"، "بين عامي 2010 و2014"، "2014-2015"."""
    if k >= end:
        return None
    lead = i > 0 and tokens[i - 1].norm in ("من", "بين", "منذ")
    pair = tokens[i].norm in ("عامي", "سنتي")
    t = tokens[k]
    if t.norm[:1] == "و" and t.norm[1:2].isdigit() and (pair or lead):
        return year_number(tokens, k, end)
    if k + 1 < end and (t.text in ("-", "–", "/") or (lead and t.norm in _RANGE)):
        if not sure:  # "2015 / 2016م": a bare pair only with the era on the second
            got = year_number(tokens, k + 1, end)
            marked = got is not None and (int_at(tokens[k + 1]) or (0, None))[1] is not None or (
                got is not None and got[2] > k + 2)
            return got if marked else None
        if tokens[k + 1].norm in YEAR_WORDS:
            k += 1
        return year_number(tokens, k + 1, end)
    return None

"""Periods: what a time expression resolves to, and the calendar arithmetic behind it.

A ``Period`` is a closed run of days (a day is a period of one), or a run open at one end
("../2015-08-09": before the anchor).  Its ``value`` is the string CONTRACT.md gives
times: an ISO date, "A/B" (both ends inclusive), or "../B" / "A/.." (ISO 8601-2).

Months and years come in two calendars: Gregorian (with its Levantine and Maghreb names)
and Hijri, converted on the Umm al-Qura calendar with ``hijridate``.  A month or a day named
without a year is placed by a direction (الماضي: the last one before the anchor, المقبل:
the first after it, الجاري: the anchor's year) or, with none, by the sentence's tense:
the coming one in a future sentence, the last one in a past one, else the nearest.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from hijridate import Gregorian, Hijri

PAST, NEUTRAL, FUTURE = -1, 0, 1


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date | None  # None: open at that end
    end: dt.date | None

    @property
    def value(self) -> str:
        a = self.start.isoformat() if self.start else ".."
        b = self.end.isoformat() if self.end else ".."
        return a if a == b else f"{a}/{b}"

    @property
    def kind(self) -> str:
        if self.start is None or self.end is None:
            return "vague"
        return "date" if self.start == self.end else "interval"


def day(d: dt.date) -> Period:
    return Period(d, d)


def through(a: Period, b: Period) -> Period:
    """From the start of ``a`` to the end of ``b``: a range "من مارس حتى مايو"."""
    if a.start and b.end and a.start > b.end:
        raise ValueError("a range that ends before it starts")
    return Period(a.start, b.end)


def _hijri_days(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = Hijri(year, month, 1)
    last = Hijri(year, month, first.month_length())
    return dt.date(*first.to_gregorian().datetuple()), dt.date(*last.to_gregorian().datetuple())


def month(cal: str, year: int, number: int) -> Period:
    """A whole month; ValueError when it is no month the calendar (or hijridate's range) knows."""
    try:
        if cal == "hijri":
            return Period(*_hijri_days(year, number))
        return Period(dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1]))
    except OverflowError as e:  # hijridate outside its table
        raise ValueError(str(e)) from e


def date(cal: str, year: int, number: int, day_: int | None) -> Period:
    """A day of a month (or the whole month when ``day_`` is None)."""
    if day_ is None:
        return month(cal, year, number)
    try:
        if cal == "hijri":
            return day(dt.date(*Hijri(year, number, day_).to_gregorian().datetuple()))
        return day(dt.date(year, number, day_))
    except OverflowError as e:
        raise ValueError(str(e)) from e


def year(cal: str, y: int) -> Period:
    if cal == "hijri":
        return Period(month(cal, y, 1).start, month(cal, y, 12).end)
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31))


def year_of(anchor: dt.date, cal: str) -> int:
    """The anchor's year in ``cal``."""
    return Gregorian.fromdate(anchor).to_hijri().year if cal == "hijri" else anchor.year


def placed(make: Callable[[int], Period], cal: str, anchor: dt.date, how: int, direction: bool) -> Period:
    """The one of ``make(year)`` around the anchor's year that a direction (``direction``: ``how``
    -1 the last before the anchor, +1 the first after it, 0 the anchor's year) or a tense
    (``how`` PAST / FUTURE / NEUTRAL) picks."""
    y = year_of(anchor, cal)
    if direction and how == 0:
        return make(y)
    options = []
    for k in (y - 1, y, y + 1):
        try:
            options.append(make(k))
        except ValueError:
            continue
    if not options:
        raise ValueError("no such month or day near the anchor")
    spans = [(p.start, p.end, p) for p in options if p.start is not None and p.end is not None]
    if direction:
        if how < 0:
            return max((x for x in spans if x[1] < anchor), key=lambda x: x[1])[2]
        return min((x for x in spans if x[0] > anchor), key=lambda x: x[0])[2]
    nearest = min(spans, key=lambda x: (_distance(x[2], anchor), x[0] > anchor))[2]
    if how == FUTURE:
        by_tense = min((x for x in spans if x[1] >= anchor), key=lambda x: x[0])[2]
    elif how == PAST:
        by_tense = max((x for x in spans if x[0] <= anchor), key=lambda x: x[0])[2]
    else:
        return nearest
    if how == FUTURE and _distance(by_tense, anchor) > FAR_BY_TENSE and _distance(nearest, anchor) <= NEAR_OTHER_WAY:
        return nearest  # "نمو الاقتصاد في ثلاثة أشهر حتى يونيو" in a future sentence of late July
    if how == PAST and by_tense.start == by_tense.end and _distance(by_tense, anchor) > FAR_BY_TENSE \
            and _distance(nearest, anchor) <= NEAR_DAY:
        return nearest  # "بنهاية تداول يوم الـ13 من أغسطس" on 6 August: a day a week ahead, not a year back
    return by_tense


#: a month or day a future sentence puts about a year ahead gives way to the same one just past
#: (within three months): the future is the sentence's, not the time's ("المتوقع أن تظهر البيانات
#: نمو الاقتصاد حتى يونيو"، "كان من المتوقع ... وفق مسح في الثالث من آب"; issue 20, fourth round,
#: read on the third training part)
FAR_BY_TENSE, NEAR_OTHER_WAY = 270, 92
#: a day of a month a past sentence puts about a year back gives way to the same day within a
#: month ahead (a month keeps its last one: "وكثرت الزيارات في الشهر الفضيل" in March)
NEAR_DAY = 31


def _distance(p: Period, anchor: dt.date) -> int:
    assert p.start and p.end
    if p.start <= anchor <= p.end:
        return 0
    return min(abs((p.start - anchor).days), abs((p.end - anchor).days))


def shift_months(d: dt.date, n: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + n
    return k // 12, k % 12 + 1


def months_back(anchor: dt.date, n: int) -> dt.date:
    y, m = shift_months(anchor, -n)
    return dt.date(y, m, min(anchor.day, calendar.monthrange(y, m)[1]))


def part(p: Period, index: int, of: int) -> Period:
    """Piece ``index`` (1-based) of ``p`` cut in ``of``: by months when ``p`` is whole months
    (thirds of a year: Jan-Apr / May-Aug / Sep-Dec), a month's thirds by ten-day blocks
    (1-10 / 11-20 / 21-end), anything else by days; ``of`` 0 is one day, the first (``index``
    1) or the last (-1)."""
    if p.start is None or p.end is None:
        raise ValueError("no part of an open period")
    if of == 0:  # one day: the first (بداية) or the last (نهاية)
        return day(p.start if index > 0 else p.end)
    if not 1 <= index <= of:
        raise ValueError("no such part")
    n_months = (p.end.year - p.start.year) * 12 + p.end.month - p.start.month + 1
    whole = p.start.day == 1 and p.end.day == calendar.monthrange(p.end.year, p.end.month)[1]
    if whole and n_months >= 2 and n_months % of == 0:
        size = n_months // of
        y, m = shift_months(p.start, (index - 1) * size)
        ey, em = shift_months(p.start, index * size - 1)
        return Period(dt.date(y, m, 1), dt.date(ey, em, calendar.monthrange(ey, em)[1]))
    length = (p.end - p.start).days + 1
    if whole and n_months == 1 and of == 3 and length >= 28:  # a month's thirds: ten-day blocks
        first = p.start + dt.timedelta(days=10 * (index - 1))
        return Period(first, p.end if index == 3 else first + dt.timedelta(days=9))
    a = p.start + dt.timedelta(days=-(-(index - 1) * length // of))  # rounded up: a week's first third is 3 days
    b = p.start + dt.timedelta(days=-(-index * length // of) - 1)
    return Period(a, b)


def week(anchor: dt.date, offset: int) -> Period:
    """الأسبوع الماضي: the seven days before the anchor; المقبل: the seven after; الجاري: the
    week around it (anchor-3 .. anchor+3); قبل الماضي (-2): the seven days before last week's."""
    if offset < 0:
        return Period(anchor + dt.timedelta(days=7 * offset), anchor + dt.timedelta(days=7 * offset + 6))
    if offset > 0:
        return Period(anchor + dt.timedelta(days=7 * offset - 6), anchor + dt.timedelta(days=7 * offset))
    return Period(anchor - dt.timedelta(days=3), anchor + dt.timedelta(days=3))


def weekday(anchor: dt.date, wd: int, how: int, direction: bool) -> Period:
    """A weekday (0 Monday .. 6 Sunday) by a direction or a tense, as ``placed`` does months;
    in the past (and with no tense) the anchor's own day counts, since reports are often
    dated the day they tell of."""
    back = (anchor.weekday() - wd) % 7
    ahead = (wd - anchor.weekday()) % 7
    if direction and how == 0:
        return day(anchor + dt.timedelta(days=ahead if ahead <= 3 else -back))
    if how > 0:
        return day(anchor + dt.timedelta(days=ahead or 7))
    if direction and back == 0:
        back = 7
    return day(anchor - dt.timedelta(days=back))

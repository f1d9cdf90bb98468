"""Times: absolute dates in every calendar Arabic news uses, and relative expressions
resolved against the article's date.

Absolute forms: "2 كانون الأول 2017", "السبت 2 ديسمبر", "14 ربيع الأول 1439 هـ"
(converted with ``hijridate``), "02/12/2017", "2017-12-02", "ديسمبر 2017", "في مارس",
"عام 2017".  Relative forms (``data/time_words.tsv``): اليوم، أمس، ليلة أمس، أول أمس،
غدا، weekdays (السبت، يوم الأحد الماضي)، الأسبوع / الشهر / العام الماضي، في وقت سابق.

The anchor is the article's date (input metadata), else the dateline's date (a full date
in the first sentence), else the first full date in the text.  Values are ISO dates, or
"A/B" intervals for a week (ISO week, Monday to Sunday), a month or a year; a vague past
is "../anchor" and a vague future "anchor/.." (ISO 8601-2 open intervals).  Without an
anchor a relative time keeps its span with a null value.

Durations back from the anchor: "منذ ثلاثة أيام" / "قبل عامين" (a date), "الأشهر الستة
الماضية" (an interval up to the anchor).  What it does not do: clock times; a bare
weekday is read as the last one on or before the anchor unless the sentence speaks of
the future (سوف، من المقرر).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from hijridate import Gregorian, Hijri

from ..data import rows
from ..options import Options
from ..pipeline import stage
from ..text.doc import Doc, Token
from ..text.normalize import normalize
from .numbers import number_words, read_number
from .phrases import PhraseTable, after_proclitic, word_forms


@dataclass(frozen=True, slots=True)
class Time:
    """A time expression: ``value`` an ISO date or "A/B" interval (None when unresolved)."""

    text: str
    start: int
    end: int
    value: str | None
    anchor: str | None  # the date a relative expression was resolved against; None for an absolute one
    kind: str  # date | interval | vague

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value,
                "anchor": self.anchor, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Month:
    calendar: str
    number: int


@dataclass(frozen=True, slots=True)
class TimeWord:
    kind: str
    offset: int | None


@lru_cache(maxsize=1)
def months() -> PhraseTable[Month]:
    return PhraseTable.build((name, Month(cal, int(n))) for name, cal, n in rows("months.tsv"))


@lru_cache(maxsize=1)
def time_words() -> PhraseTable[TimeWord]:
    return PhraseTable.build((p, TimeWord(k, None if o == "-" else int(o))) for p, k, o in rows("time_words.tsv"))


#: words before a month name that make it a month, not a verb or a name (في مارس، مطلع شباط)
_MONTH_LEAD = frozenset(normalize(w) for w in (
    "في", "منذ", "خلال", "حتى", "مطلع", "أوائل", "أواخر", "منتصف", "نهاية", "بداية", "أواسط", "شهر", "من", "قبل", "بعد"))
_YEAR_WORDS = frozenset(normalize(w) for w in ("عام", "العام", "سنة", "لعام", "للعام", "بعام", "وعام"))
_ERA = frozenset(normalize(w) for w in ("هـ", "ه", "م", "هجري", "هجرية", "ميلادي", "ميلادية", "للميلاد", "للهجرة"))
_YEAR_LEAD = frozenset(normalize(w) for w in ("في", "منذ", "خلال", "حتى", "قبل", "بعد", "مطلع", "نهاية", "بداية", "أواخر", "أوائل", "منتصف"))
_AGO = frozenset(normalize(w) for w in ("قبل", "منذ"))
_UNITS = ("days", "weeks", "months", "years")
_FUTURE = frozenset(normalize(w) for w in ("سوف", "المقرر", "المرتقب", "المنتظر", "سيعقد", "ستعقد", "سيتم"))
_DIGIT_DATE = re.compile(r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})")

Resolver = Callable[[dt.date], tuple[str, str]]  # anchor -> (value, kind)


@dataclass(slots=True)
class _Found:
    first: int  # token indices in the sentence, end exclusive
    end: int
    value: str | None = None  # for an absolute time
    kind: str = "date"
    relative: Resolver | None = None


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _interval(a: dt.date, b: dt.date) -> str:
    return f"{a.isoformat()}/{b.isoformat()}"


def _month_interval(year: int, month: int) -> str:
    return _interval(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))


def _gregorian(cal: str, year: int, month: int, day: int | None) -> tuple[str, str] | None:
    """(value, kind) of a date or month in ``cal``; None when it is no real date."""
    try:
        if cal == "hijri":
            if day is not None:
                return _iso(dt.date(*Hijri(year, month, day).to_gregorian().datetuple())), "date"
            first = Hijri(year, month, 1)
            last = Hijri(year, month, first.month_length())
            return _interval(dt.date(*first.to_gregorian().datetuple()), dt.date(*last.to_gregorian().datetuple())), "interval"
        if day is not None:
            return _iso(dt.date(year, month, day)), "date"
        return _month_interval(year, month), "interval"
    except (ValueError, OverflowError):
        return None


def _number(tok: Token) -> int | None:
    return int(tok.norm) if tok.norm.isdigit() and len(tok.norm) <= 4 else None


def _year_at(tokens: Sequence[Token], j: int, end: int, cal: str) -> tuple[int, int] | None:
    """A year at ``tokens[j]`` (with an era mark after it): (year, index after it)."""
    if j >= end:
        return None
    y = _number(tokens[j])
    low, high = (1300, 1500) if cal == "hijri" else (1900, 2100)
    if y is None or not low <= y <= high:
        return None
    j += 1
    if j < end and tokens[j].norm in _ERA:
        j += 1
    return y, j


def _explicit(tokens: Sequence[Token], i: int, end: int) -> _Found | None:
    """An absolute date, month or year starting at ``tokens[i]``."""
    t = tokens[i]
    # 02/12/2017, 2017-12-02: digits and separators written without spaces
    k, text = i, ""
    while k < end and k - i < 5 and (k == i or tokens[k].start == tokens[k - 1].end) \
            and (tokens[k].norm.isdigit() if (k - i) % 2 == 0 else tokens[k].text in "/.-"):
        text += tokens[k].norm
        k += 1
    m = _DIGIT_DATE.fullmatch(text)
    if m and k - i == 5:
        a, _, b, c = m.groups()
        y, mo, d = (int(a), int(b), int(c)) if len(a) == 4 else (int(c), int(b), int(a))
        got = _gregorian("gregorian", y, mo, d) if 1900 <= y <= 2100 else None
        if got:
            return _Found(i, k, *got)
    day = _number(t)
    if day is not None and 1 <= day <= 31 and i + 1 < end:
        hit = months().match_at(tokens, i + 1, end, clitics=False)
        if hit is None and tokens[i + 1].norm == "من" and i + 2 < end:  # 2 من كانون الأول
            hit = months().match_at(tokens, i + 2, end, clitics=False)
            hit = (hit[0], hit[1] + 1) if hit else None
        if hit is not None:
            month, n = hit
            j = _after_alias(tokens, i + 1 + n, end)
            year = _year_at(tokens, j, end, month.calendar)
            if year is not None:
                got = _gregorian(month.calendar, year[0], month.number, day)
                return _Found(i, year[1], *got) if got else None
            rel = time_words().match_at(tokens, j, end, clitics=False) if j < end else None
            if rel and rel[0].kind == "year":  # 3 أغسطس العام الماضي
                return _Found(i, j + rel[1], relative=_month_day(month, day, rel[0].offset or 0))
            return _Found(i, j, relative=_month_day(month, day))
    hit = months().match_at(tokens, i, end)
    if hit is not None:
        month, n = hit
        n = _after_alias(tokens, i + n, end) - i
        year = _year_at(tokens, i + n, end, month.calendar)
        if year is not None:
            got = _gregorian(month.calendar, year[0], month.number, None)
            return _Found(i, year[1], *got) if got else None
        lead = i > 0 and tokens[i - 1].norm in _MONTH_LEAD
        first = i - 1 if lead and tokens[i - 1].norm == "شهر" else i
        mod = time_words().match_at(tokens, i + n, end, clitics=False) if i + n < end else None
        if mod and mod[0].kind == "modifier":
            return _Found(first, i + n + mod[1], relative=_month_in_year(month, mod[0].offset or 0))
        if lead:
            return _Found(first, i + n, relative=_month_in_year(month, 0))
        return None
    word = time_words().match_at(tokens, i, end)
    if word is not None and word[0].kind == "season":  # صيف 2014
        year = _year_at(tokens, i + word[1], end, "gregorian")
        if year is not None:
            y, mo = _shift_months(dt.date(year[0], word[0].offset or 1, 1), 2)
            a = dt.date(year[0], word[0].offset or 1, 1)
            return _Found(i, year[1], _interval(a, dt.date(y, mo, calendar.monthrange(y, mo)[1])), "interval")
    if t.norm in _YEAR_WORDS:
        year = _year_at(tokens, i + 1, end, "gregorian")
        if year is not None:
            return _Found(i, year[1], _interval(dt.date(year[0], 1, 1), dt.date(year[0], 12, 31)), "interval")
    if i > 0 and t.norm.isdigit() and len(t.norm) == 4 and any(f in _YEAR_LEAD for f in word_forms(tokens[i - 1].norm)):
        year = _year_at(tokens, i, end, "gregorian")  # في 2017، منذ 2014: a bare year after a preposition
        if year is not None and not (year[1] < end and tokens[year[1]].is_word and number_words().match_at(tokens, year[1], end)):
            return _Found(i, year[1], _interval(dt.date(year[0], 1, 1), dt.date(year[0], 12, 31)), "interval")
    return None


def _after_alias(tokens: Sequence[Token], j: int, end: int) -> int:
    """Skip a month's other name in brackets: "24 يوليو (تموز)"."""
    if j + 2 < end and tokens[j].text == "(":
        hit = months().match_at(tokens, j + 1, end, clitics=False)
        if hit is not None and j + 1 + hit[1] < end and tokens[j + 1 + hit[1]].text == ")":
            return j + 2 + hit[1]
    return j


def _month_day(month: Month, day: int, year_offset: int = 0) -> Resolver:
    """"2 كانون الأول" without a year: that day in the anchor's year (or the year ``year_offset`` from it)."""
    def resolve(anchor: dt.date) -> tuple[str, str]:
        year = Gregorian.fromdate(anchor).to_hijri().year if month.calendar == "hijri" else anchor.year
        year += year_offset
        got = _gregorian(month.calendar, year, month.number, day)
        if got is None:
            raise ValueError("no such day")
        return got
    return resolve


def _month_in_year(month: Month, offset: int) -> Resolver:
    """A month without a year: this year's (offset 0), the last one before the anchor (-1), the next (+1)."""
    def resolve(anchor: dt.date) -> tuple[str, str]:
        if month.calendar == "hijri":
            h = Gregorian.fromdate(anchor).to_hijri()
            year = h.year - (offset < 0 and month.number >= h.month) + (offset > 0 and month.number <= h.month)
        else:
            year = anchor.year - (offset < 0 and month.number >= anchor.month) + (offset > 0 and month.number <= anchor.month)
        got = _gregorian(month.calendar, year, month.number, None)
        if got is None:
            raise ValueError("no such month")
        return got
    return resolve


def _shift_months(d: dt.date, n: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + n
    return k // 12, k % 12 + 1


def _relative(word: TimeWord, modifier: int | None, future: bool) -> Resolver | None:
    off = word.offset or 0
    if word.kind == "day":
        return lambda a: (_iso(a + dt.timedelta(days=off)), "date")
    if word.kind == "weekday":
        def weekday(a: dt.date) -> tuple[str, str]:
            back = (a.weekday() - off) % 7
            if modifier is not None and modifier > 0 or modifier is None and future:
                ahead = (off - a.weekday()) % 7 or 7
                return _iso(a + dt.timedelta(days=ahead)), "date"
            if modifier is not None and modifier < 0 and back == 0:
                back = 7
            return _iso(a - dt.timedelta(days=back)), "date"
        return weekday
    if word.kind == "week":
        def week(a: dt.date) -> tuple[str, str]:
            monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(weeks=off)
            return _interval(monday, monday + dt.timedelta(days=6)), "interval"
        return week
    if word.kind == "month":
        return lambda a: (_month_interval(*_shift_months(a, off)), "interval")
    if word.kind == "year":
        return lambda a: (_interval(dt.date(a.year + off, 1, 1), dt.date(a.year + off, 12, 31)), "interval")
    if word.kind == "past":
        return lambda a: (f"../{_iso(a)}", "vague")
    if word.kind == "future":
        return lambda a: (f"{_iso(a)}/..", "vague")
    return None


def _relative_at(tokens: Sequence[Token], i: int, end: int, future: bool) -> _Found | None:
    """A relative expression at ``tokens[i]``, with a leading part of the day (صباح، يوم) and
    a trailing weekday or modifier (اليوم السبت، الأحد الماضي)."""
    table = time_words()
    hit = table.match_at(tokens, i, end)
    if hit is None:
        return None
    word, n = hit
    j = i + n
    lead = word.kind == "part"
    if lead:
        if j >= end:
            return None
        exp = _explicit(tokens, j, end)
        if exp is not None:  # يوم 2 كانون الأول
            exp.first = i
            return exp
        hit = table.match_at(tokens, j, end, clitics=False)
        if hit is None or hit[0].kind not in ("day", "weekday"):
            return None
        word, n = hit
        j += n
    if word.kind in ("part", "modifier"):
        return None
    modifier = weekday = None
    if j < end:
        nxt = table.match_at(tokens, j, end, clitics=False)
        if nxt and nxt[0].kind == "modifier" and word.kind == "weekday":
            modifier, j = nxt[0].offset, j + nxt[1]
        elif nxt and nxt[0].kind == "weekday" and word.kind == "day":  # اليوم السبت، أمس الجمعة
            j += nxt[1]
            weekday = nxt[0].offset
        elif word.kind == "day" and j + 2 < end and tokens[j].text == "(" and tokens[j + 2].text == ")":
            inner = table.match_at(tokens, j + 1, end, clitics=False)  # اليوم (الثلاثاء)
            if inner and inner[0].kind == "weekday" and inner[1] == 1:
                j += 3
                weekday = inner[0].offset
        elif word.kind == "weekday" and j < end and _number(tokens[j]) is not None:  # السبت 2 ديسمبر
            exp = _explicit(tokens, j, end)
            if exp is not None:
                exp.first = i
                return exp
    if weekday is not None:
        return _Found(i, j, relative=_day_named(word.offset or 0, weekday))
    resolver = _relative(word, modifier, future)
    return _Found(i, j, relative=resolver) if resolver else None


def _day_named(offset: int, weekday: int) -> Resolver:
    """"اليوم السبت": the weekday decides, nearest to the day the word alone gives (the
    article's date is often the next day's: a report of Saturday dated Sunday)."""
    def resolve(anchor: dt.date) -> tuple[str, str]:
        day = anchor + dt.timedelta(days=offset)
        delta = (weekday - day.weekday() + 3) % 7 - 3  # -3 .. +3
        return _iso(day + dt.timedelta(days=delta)), "date"
    return resolve


def _back(anchor: dt.date, unit: str, n: float) -> dt.date:
    if unit in ("days", "weeks"):
        return anchor - dt.timedelta(days=round(n * (7 if unit == "weeks" else 1)))
    months = round(n * (12 if unit == "years" else 1))
    y, m = _shift_months(anchor, -months)
    return dt.date(y, m, min(anchor.day, calendar.monthrange(y, m)[1]))


def _duration_at(tokens: Sequence[Token], i: int, end: int) -> _Found | None:
    """"منذ ثلاثة أيام"، "قبل عامين" -> a date back from the anchor; "الأشهر الستة الماضية" -> up to it."""
    table = time_words()
    if tokens[i].norm in _AGO and i + 1 < end:
        j = i + 1
        num = read_number(tokens, j, end)
        count, j = (num.value, num.end) if num is not None and not num.vague else (1.0, j)
        unit = table.match_at(tokens, j, end, clitics=False) if j < end else None
        if unit is None or unit[0].kind not in _UNITS or (num is None and unit[0].offset != 2):
            return None
        n, kind = count * (unit[0].offset or 1), unit[0].kind
        return _Found(i, j + unit[1], relative=lambda a: (_iso(_back(a, kind, n)), "date"))
    unit = table.match_at(tokens, i, end, clitics=False)
    if unit is not None and unit[0].kind in _UNITS and tokens[i].norm.startswith("ال") and i + 2 < end:
        ordinal = _ordinal_count(tokens[i + 1])
        mod = table.match_at(tokens, i + 2, end, clitics=False)
        if ordinal is not None and mod is not None and mod[0].kind == "modifier" and (mod[0].offset or 0) < 0:
            kind, n = unit[0].kind, ordinal
            return _Found(i, i + 2 + mod[1], relative=lambda a: (_interval(_back(a, kind, n), a), "interval"))
    return None


def _ordinal_count(tok: Token) -> float | None:
    """"الستة" in "الأشهر الستة الماضية": a number word with the article, or digits."""
    if tok.norm.isdigit():
        return float(tok.norm)
    bare = tok.norm[2:] if tok.norm.startswith("ال") else ""
    w = number_words().phrases.get((bare,)) if bare else None
    return w.value if w is not None and w.kind in ("unit", "ten") else None


@lru_cache(maxsize=65_536)
def _may_start(norm: str) -> bool:
    """Whether a time expression can start at a token: a cheap test before the real ones."""
    if norm[:1].isdigit():
        return True
    firsts = _first_words()
    return any(f in firsts for f in word_forms(norm))


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return months().first_words | time_words().first_words | _YEAR_WORDS | _AGO


def find_times(doc: Doc) -> list[Time]:
    """Every time expression of ``doc``, resolved against the article's anchor date."""
    found: list[tuple[int, _Found, list[Token]]] = []
    for n, sent in enumerate(doc.sentences):
        tokens = doc.sentence_tokens(sent)
        future = any(t.norm in _FUTURE for t in tokens)
        i, end = 0, len(tokens)
        while i < end:
            if not _may_start(tokens[i].norm):
                i += 1
                continue
            f = _explicit(tokens, i, end) or _duration_at(tokens, i, end) or _relative_at(tokens, i, end, future)
            if f is None:
                i += 1
                continue
            found.append((n, f, tokens))
            i = f.end
    anchor = _anchor(doc, found)
    out = []
    for _, f, tokens in found:
        value, kind = f.value, f.kind
        used = None
        if f.relative is not None:
            value = None
            if anchor is not None:
                try:
                    value, kind = f.relative(anchor)
                    used = _iso(anchor)
                except (ValueError, OverflowError):
                    value = None
            kind = kind if value else "unresolved"
        span = doc.span(after_proclitic(tokens[f.first]), tokens[f.end - 1].end)
        if span is not None:
            out.append(Time(span.text, span.start, span.end, value, used, kind))
    return out


def _anchor(doc: Doc, found: list[tuple[int, _Found, list[Token]]]) -> dt.date | None:
    """The article's date: metadata, else a full date in the first sentence (the dateline), else the first full date."""
    if doc.date:
        try:
            return dt.date.fromisoformat(str(doc.date)[:10])
        except ValueError:
            pass
    dates = [(n, f.value) for n, f, _ in found if f.relative is None and f.kind == "date" and f.value]
    for n, value in dates:
        if n == 0:
            return dt.date.fromisoformat(value)
    return dt.date.fromisoformat(dates[0][1]) if dates else None


@stage("times", requires={"sentences"}, provides={"times"})
def times_stage(doc: Doc, options: Options) -> None:
    doc.times = find_times(doc)

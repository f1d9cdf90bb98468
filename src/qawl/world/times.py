"""Times: dates in every calendar Arabic news uses, relative expressions resolved against
the article's date, and the forms built from them.

The grammar of calendar dates is in ``dates.py``; this module adds the relative words
(``data/time_words.tsv``: اليوم، أمس، غدا، الأسبوع الماضي، weekdays ...), durations back from
the anchor ("منذ ثلاثة أيام"، "الأشهر الستة الماضية"), and combines the pieces:

- a part of a period (``data/period_parts.tsv``): "الربع الأول من 2016"، "مطلع الشهر"، "أواخر عام 2014";
- a range or a pair: "من مارس حتى مايو الماضيين"، "فبراير ومارس الماضيين"، "يومي الاثنين والثلاثاء"
  (a first month or day without a year takes the year of the second);
- a day word beside an explicit date, which wins: "اليوم 14 مارس 2016";
- a clock before a day: "الساعة العاشرة من صباح أمس" (the value is the day).

Values (``periods.Period``): an ISO date, "A/B" for a period (both ends inclusive: a week, a
month, a year, a part, a range), "../B" for a vague past and "A/.." for a vague future.  A
month or weekday with no direction is the coming one in a future sentence (``data/tense.tsv``,
or a verb with the future prefix س), else the last one.  The anchor is the article's date
(input metadata), else a full date in the first sentence (the dateline), else the first full
date in the text; without one a relative time keeps its span with a null value.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any

from ..attribution.lexicon import person_names
from ..data import rows
from ..options import Options
from ..pipeline import stage
from ..text.doc import Doc, Token
from ..text.normalize import normalize
from . import dates, periods
from .dates import Found, Resolver, need
from .ner import corpus_count, known_names
from .numbers import DECADE, number_words, read_number
from .periods import FUTURE, NEUTRAL, PAST, Period
from .phrases import PhraseTable, after_proclitic, word_forms


@dataclass(frozen=True, slots=True)
class Time:
    """A time expression: ``value`` an ISO date or "A/B" interval (None when unresolved)."""

    text: str
    start: int
    end: int
    value: str | None
    anchor: str | None  # the date a relative expression was resolved against; None for an absolute one
    kind: str  # date | interval | vague | unresolved

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value,
                "anchor": self.anchor, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class TimeWord:
    kind: str
    offset: int | None


@lru_cache(maxsize=1)
def time_words() -> PhraseTable[TimeWord]:
    return PhraseTable.build((p, TimeWord(k, None if o == "-" else int(o))) for p, k, o in rows("time_words.tsv"))


@lru_cache(maxsize=1)
def period_parts() -> PhraseTable[tuple[int, int, bool]]:
    """(part, of, exact): ``exact`` for a fraction (الربع، النصف، الثلث), which cuts any period."""
    return PhraseTable.build((p, (int(k), int(n), reading == "fraction")) for p, k, n, reading in rows("period_parts.tsv"))


@lru_cache(maxsize=1)
def _tense_words() -> dict[str, int]:
    return {normalize(w): {"future": FUTURE, "past": PAST}.get(tense, NEUTRAL) for w, tense in rows("tense.tsv")}


_AGO = frozenset(normalize(w) for w in ("قبل", "منذ"))
_UNITS = ("days", "weeks", "months", "years", "decades")
#: the units a duration is counted in (its count is a quantity too: "قبل 70 عاما")
DURATION_UNITS = frozenset(_UNITS + ("hours",))
_FEW = frozenset(normalize(w) for w in ("عدة", "بضعة", "بضع"))
_PLURAL_UNITS = frozenset(normalize(w) for w in ("أيام", "أسابيع", "أشهر", "شهور", "سنوات", "سنين", "أعوام", "عقود"))
_LATER = normalize("بعد")
_AND_HALF = frozenset(normalize(w) for w in ("ونصف", "ونصفا"))
_NOW = frozenset(normalize(w) for w in ("الآن", "الزمن"))  # "من الآن"، "من الزمن": counted from the anchor
_DURATION_FIRSTS = _AGO | {_LATER}  # قبل / منذ / بعد open a duration
#: what a part word may stand before alone: "مطلع الشهر" is this month, "نهاية العام" this year
#: (not الأسبوع: "عطلة نهاية الأسبوع" is the weekend, no date)
_BARE_PERIODS = {normalize(w): k for w, k in (("الشهر", "month"), ("العام", "year"), ("السنة", "year"))}
_PAIR_LEAD = frozenset(normalize(w) for w in ("يومي", "بين", "شهري", "عامي", "ما بين", "خلال يومي"))
_RANGE_LEAD = frozenset(normalize(w) for w in ("من", "بين", "منذ"))
_TO = frozenset(normalize(w) for w in ("إلى", "الى", "حتى", "-", "–", "—", "ـ", "ــ", "و", "وحتى", "وإلى", "ولغاية", "لغاية"))
_THAT = frozenset(normalize(w) for w in ("ذلك", "تلك"))
_THIS = frozenset(normalize(w) for w in ("هذا", "هذه"))
_RELATIVE_PRONOUNS = frozenset(normalize(w) for w in ("الذي", "التي", "اللذين"))
_OPEN = frozenset("(«“\"'")
#: between a day word and the explicit date that names it: "الثلاثاء الموافق 3 / 11 / 1436هـ"
_SAME_DAY = frozenset(normalize(w) for w in ("الموافق", "الموافقة", "موافق"))
_CLOCK = frozenset(normalize(w) for w in ("الساعة", "تمام", "الساعات"))
#: words a clock may hold before its day: "الساعة الثامنة والنصف من مساء أمس"
_CLOCK_WORDS = frozenset(normalize(w) for w in ("من", "و", "صباحا", "مساء", "مساءً", "ظهرا", "عصرا", "فجرا", "تماما",
                                               "والنصف", "والربع", "إلا", "ربعا", "دقيقة", "دقائق"))
#: words a verb with the future prefix س is not: nouns that start the same way
_NOT_FUTURE = frozenset(normalize(w) for w in (
    "سيارة", "سيارات", "سيارته", "سياسة", "سياسات", "سياسي", "سياسية", "سيطرة", "سيدة", "سيدات", "سيناء", "سياحة",
    "سياحي", "سياحية", "ستة", "ستين", "ستون", "سنة", "سنوات", "سنوي", "سنوية", "سنويا", "سنين", "سنتين", "ستار",
    "سياق", "سيول", "سيف", "سيادة", "سيادي", "سيناريو", "سيرة", "سير", "سينما", "ستمئة", "ستمائة", "سنغافورة",
    "سيبيريا", "سيراليون", "سيئة", "سيئ", "ستراتيجية", "ستوكهولم", "سيول", "سنجار", "سنة", "سنن",
    "سيطر", "سيطرت", "سيطروا", "سيطرتها", "سيطرته", "سيطرتهم", "سيارتها", "سيارتهم", "سيدي"))


def _tense(tokens: Sequence[Token], first: int | None = None, before: int | None = None) -> int:
    """The tense of a time at ``tokens[first:before]``: FUTURE for a future word or a verb with
    the prefix س (سيعقد، ستبدأ، سنواصل), PAST for a past word (كان، قد), NEUTRAL for a present
    verb of scheduling (تقام، يعقد); with none PAST: news reports what happened ("طردت التنظيم
    في يناير" is the last January), and a past verb has no mark to read.  A future or past cue
    within seven words of the time decides, the nearest first (in "قال أمس إن الاجتماع سيعقد
    الخميس" the Thursday is the coming one); else the sentence's first cue.  A cue after the
    time counts only up to a quote's or a reported content's opening: in "قال كيري الجمعة: إن
    الرفض سيكون خطأ" and "أعلنت النقابة الاثنين أن الحركة ستتوقف" the future is what was
    said, and the day is the one it was said (``_cue_at`` reads قد and كان in their places).
    A month right after تسليم (a futures contract's
    delivery: "نزلت عقود برنت لتسليم سبتمبر") is a coming one."""
    if first is not None and first > 0 and (tokens[first - 1].norm in _DELIVERY
                                            or any(t.norm in _SHIPMENTS for t in tokens[max(0, first - _SHIP_NEAR):first])):
        return FUTURE  # "عقود برنت لتسليم سبتمبر"، "أسعار شحنات النفط إلى آسيا في سبتمبر": the coming month
    if first is not None and first > 0 and any(f in _SINCE for f in word_forms(tokens[first - 1].norm)):
        return PAST  # "منذ يوم الجمعة"، "منذ مارس": a time something runs from is past
    stop = len(tokens)
    if before is not None:
        stop = next((k for k in range(before, len(tokens)) if tokens[k].text in _QUOTE_OPENERS
                     or tokens[k].norm in _THAT_OPENS), len(tokens))
    if first is not None and before is not None:
        near = [(min(abs(k - first), abs(k - before + 1)), k >= before, cue)
                for k in range(max(0, first - _NEAR), min(stop, before + _NEAR))
                if not first <= k < before and (cue := _cue_at(tokens, k)) not in (None, NEUTRAL)]
        if near:
            return min(near)[2]
    for k in range(stop):
        cue = _cue_at(tokens, k)
        if cue is not None and (first is None or _clause_cue(tokens, k)):
            return cue
    return PAST


def _clause_cue(tokens: Sequence[Token], k: int) -> bool:
    """Whether a cue far from the time speaks for its clause: a verb or particle (سيعقد، سوف، كان،
    قد), a time's direction (الشهر المقبل), or "من المتوقع / من المقرر"; an adjective of expectation
    after its noun (الهبوط المتوقع في أسعار الديزل) speaks only for that noun, and only near the time."""
    return tokens[k].norm not in _EXPECTED or k > 0 and tokens[k - 1].norm in _FROM


_FROM = frozenset(normalize(w) for w in ("من", "ومن"))
_EXPECTED = frozenset(normalize(w) for w in ("المتوقع", "المتوقعة", "المرتقب", "المرتقبة", "المنتظر", "المنتظرة",
                                             "المزمع", "المزمعة", "المقرر", "المقررة"))


_MAY = frozenset(normalize(w) for w in ("قد", "وقد"))
_WAS = frozenset(normalize(w) for w in ("كان", "كانت", "وكان", "وكانت"))


def _cue_at(tokens: Sequence[Token], k: int) -> int | None:
    """The tense ``tokens[k]`` says in its place: "قد" before a present verb is a possibility, not
    the past ("قد يخرج من السجن في نوفمبر": the coming November), and "كان" before a future
    word is a future seen from the past ("كان من المتوقع أن ترفع الأسعار في سبتمبر"): the
    future word decides."""
    norm = tokens[k].norm
    if norm in _MAY and k + 1 < len(tokens):
        nxt = tokens[k + 1].norm
        if len(nxt) >= 3 and (nxt[0] == "ي" or nxt.startswith("تت")):
            return FUTURE
    if norm in _WAS and any(_tense_cue(t.norm) == FUTURE for t in tokens[k + 1:k + 4]):
        return None
    return _tense_cue(norm)


_DELIVERY = frozenset(normalize(w) for w in ("تسليم", "لتسليم", "التسليم", "استحقاق", "عقود"))
#: shipments priced or loaded in a month (the monthly official selling prices): within a few words before it
_SHIPMENTS = frozenset(normalize(w) for w in ("شحنات", "لشحنات", "الشحنات", "للتحميل", "تحميل", "لتسليم", "تسليم"))
_SINCE = frozenset((normalize("منذ"),))
_SHIP_NEAR = 7  # "شحنات النفط الخام إلى آسيا في سبتمبر"
_NEAR = 7  # words either side of a time within which a future or past cue is its own
#: what opens a reported content after a time: "أعلنت الاثنين أن ..."، "قال الجمعة إن ..."
_THAT_OPENS = frozenset(normalize(w) for w in ("أن", "إن", "بأن", "وأن", "إنه", "إنها", "أنه", "أنها", "بأنه", "بأنها", "إنهم"))
_QUOTE_OPENERS = frozenset((":", "«", "“", "\""))


def _a_name(norm: str) -> bool:
    """Whether a word is a person's name (the attribution list, or the NER tagger's known names)."""
    return norm in person_names() or norm in known_names()[0].get("person", frozenset())


#: a word with س is a future verb when the present verb under it occurs in the news the word
#: clusters were made from (data/word_clusters.tsv: "سيعقد" is يعقد's future), or when the word
#: itself is rare there (سينعقد، ستندلع: rare verbs); a word seen often whose present is never
#: seen is a name ("سيفاري" a town, "ستاندرد"، "سيتي")
_SEEN_VERB, _SEEN_NAME = 2, 5
_COMMON_VERB = 15  # a four-letter word with س (a hollow or defective verb: سيحل، ستصل) needs a common present


_VERB_ENDINGS = ("هما", "هم", "ها", "كم", "نا", "ني", "ه", "ان")


def _a_verb(present: str) -> bool:
    """Whether a present verb occurs in the news, in any person (نتباحث as يتباحث or تتباحث),
    with or without an object pronoun (يراجعهم) or the dual's ending (يساعدان)."""
    for stem in {present, "ي" + present[1:], "ت" + present[1:]}:
        if corpus_count(stem) >= _SEEN_VERB:
            return True
        if any(stem.endswith(p) and len(stem) - len(p) >= 3 and corpus_count(stem[:-len(p)]) >= _SEEN_VERB
               for p in _VERB_ENDINGS):
            return True
    return False


@lru_cache(maxsize=65_536)
def _tense_cue(norm: str) -> int | None:
    """The tense a word says, None when it says none."""
    words = _tense_words()
    for n in word_forms(norm):
        if n in words:
            return words[n]
        if len(n) >= 5 and n[0] == "س" and n[1] in "يتن" and n not in _NOT_FUTURE and not n.endswith(("ات", "يه", "ون", "ين")) \
                and (_a_verb(n[1:]) or corpus_count(n) < _SEEN_NAME) and not _a_name(n):  # not سيرجيو، سيفاري، ستاندرد
            return FUTURE
        if len(n) == 4 and n[0] == "س" and n[1] in "يتن" and n[-1] != "ه" and (n == norm or norm[:1] in "وف") \
                and corpus_count(n[1:]) >= _COMMON_VERB and n not in _NOT_FUTURE:
            return FUTURE  # سيحل، ستظل، سيجد: a short verb, common in the news; not وسيلة، بسيطة
    return None


def _year_word(tokens: Sequence[Token], k: int, end: int) -> tuple[str, int, int] | None:
    """A year word or a direction at ``tokens[k]`` for ``dates.year_tail``: (kind, offset, n)."""
    if k >= end:
        return None
    hit = time_words().match_at(tokens, k, end)
    if hit is None or hit[0].kind not in ("year", "modifier"):
        return None
    return hit[0].kind, hit[0].offset or 0, hit[1]


@lru_cache(maxsize=65_536)
def _season_first(norm: str) -> bool:
    seasons = _firsts_of("season")
    return any(f in seasons for f in word_forms(norm))


def _explicit(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """A calendar date, month, year or season starting at ``tokens[i]``."""
    f = dates.numeric_date(tokens, i, end) or dates.month_date(tokens, i, end, _year_word)
    if f is not None:
        return f
    word = time_words().match_at(tokens, i, end) if _season_first(tokens[i].norm) else None
    if word is not None and word[0].kind == "season":
        return _season(tokens, i, i + word[1], end, word[0].offset or 1)
    return dates.holiday(tokens, i, end) or _hajj_season(tokens, i, end) or dates.year_alone(tokens, i, end)


_HAJJ = (normalize("موسم"), frozenset(normalize(w) for w in ("حج", "الحج")))


def _hajj_season(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """"موسم حج عام 1436هـ": the month of the pilgrimage, ذو الحجة of that Hijri year."""
    if i + 2 >= end or _HAJJ[0] not in word_forms(tokens[i].norm) or tokens[i + 1].norm not in _HAJJ[1]:
        return None
    year = dates.year_alone(tokens, i + 2, end)
    if year is None:
        return None
    whole = year.resolve

    def pilgrimage(a: dt.date | None, t: int) -> Period:
        """The ذو الحجة whose feast (its 10th day) falls in the year: of a Hijri year its last
        month; of a Gregorian year ("موسم حج عام 1989") the one in it, not that of the Hijri year
        its last day falls in."""
        p = whole(a, t)
        assert p.start is not None and p.end is not None
        months = [periods.month("hijri", y, 12) for y in (periods.year_of(p.start, "hijri"), periods.year_of(p.end, "hijri"))]
        return next((m for m in months if m.start is not None and p.start <= m.start + dt.timedelta(days=9) <= p.end),
                    months[-1])
    return Found(i, year.end, pilgrimage, year.relative)


def _season(tokens: Sequence[Token], i: int, j: int, end: int, first_month: int) -> Found | None:
    """"صيف 2014"، "صيف العام الحالي 2015م"، "شتاء العام الماضي": three months from the season's first."""
    def season(y: int) -> Period:
        first = dt.date(y, first_month, 1)
        ey, em = periods.shift_months(first, 2)
        return Period(first, periods.month("gregorian", ey, em).end)
    rel = _year_word(tokens, j, end)
    if rel is not None and rel[0] == "year":
        k, off = j + rel[2], rel[1]
        year = dates.year_number(tokens, k, end)
        if year is not None and year[1] == "gregorian":
            return Found(i, year[2], dates.fixed(season(year[0])))  # the year written after wins
        return Found(i, k, lambda a, t: season(need(a).year + off), True)
    year = dates.year_number(tokens, j, end)
    if year is not None and year[1] == "gregorian":
        return Found(i, year[2], dates.fixed(season(year[0])))
    return _season_near(tokens, i, j, end, season)


_SEASON_HEAD = frozenset(normalize(w) for w in ("موسم", "لموسم", "بموسم"))


def _season_near(tokens: Sequence[Token], i: int, j: int, end: int, season: Callable[[int], Period]) -> Found | None:
    """A season with no year: "الصيف الماضي" the last one, "الصيف المقبل" the next, "هذا الصيف"
    and "الصيف الحالي" the nearest (the one under way), "موسم الصيف" by the sentence's tense (as
    the training parts read it); a bare "الصيف" or "فصل الصيف" is any summer, no time."""
    mod = time_words().match_at(tokens, j, end, clitics=False) if j < end else None
    if mod is not None and mod[0].kind == "modifier" and mod[1] == 1:
        off = mod[0].offset or 0
        if off == 0:
            return Found(i, j + 1, lambda a, t: periods.placed(season, "gregorian", need(a), NEUTRAL, False), True)
        return Found(i, j + 1, lambda a, t: periods.placed(season, "gregorian", need(a), off, True), True)
    if i > 0 and tokens[i - 1].norm in _THIS:
        return Found(i - 1, j, lambda a, t: periods.placed(season, "gregorian", need(a), NEUTRAL, False), True)
    if i > 0 and tokens[i - 1].norm in _SEASON_HEAD and j == i + 1:
        return Found(i - 1, j, lambda a, t: periods.placed(season, "gregorian", need(a), t, False), True)
    return None


def _relative(word: TimeWord) -> Resolver | None:
    off = word.offset or 0
    kind = word.kind
    if kind == "day":
        return lambda a, t: periods.day(need(a) + dt.timedelta(days=off))
    if kind == "week":
        return lambda a, t: periods.week(need(a), off)
    if kind == "month":
        return lambda a, t: periods.month("gregorian", *periods.shift_months(need(a), off))
    if kind == "year":
        return lambda a, t: periods.year("gregorian", need(a).year + off)
    if kind == "century":  # القرن العشرين: 1900-1999; القرن الماضي: the one before the anchor's
        def century(a: dt.date | None, t: int) -> Period:
            c = off if off > 1 else need(a).year // 100 + off
            return Period(dt.date(c * 100, 1, 1), dt.date(c * 100 + 99, 12, 31))
        return century
    if kind == "new_year":  # the year that starts nearest the anchor
        return lambda a, t: periods.year("gregorian", need(a).year + (need(a).month >= 7))
    if kind in ("undated", "event"):
        return _unresolved
    if kind == "past":
        return lambda a, t: Period(None, need(a))
    if kind == "future":
        return lambda a, t: Period(need(a), None)
    return None


def _weekday(wd: int, direction: int | None) -> Resolver:
    if direction is None:
        return lambda a, tense: periods.weekday(need(a), wd, tense, False)
    return lambda a, tense: periods.weekday(need(a), wd, direction, True)


def _day_named(offset: int, wd: int) -> Resolver:
    """"اليوم السبت": the weekday decides when it is a day off the word alone (the article's
    date is often the next day's: a report of Saturday dated Sunday); further off, the date
    is not to be trusted over the word, and the word's day stands (CONVENTIONS.md)."""
    def resolve(anchor: dt.date | None, tense: int) -> Period:
        d = need(anchor) + dt.timedelta(days=offset)
        delta = (wd - d.weekday() + 3) % 7 - 3
        return periods.day(d + dt.timedelta(days=delta if abs(delta) <= 1 else 0))
    return resolve


def _weekday_tail(tokens: Sequence[Token], j: int, end: int) -> tuple[int | None, int]:
    """After a weekday: a direction (الأحد الماضي) or "من الأسبوع المقبل/نفسه": (direction, index after)."""
    table = time_words()
    nxt = table.match_at(tokens, j, end, clitics=False) if j < end else None
    if nxt and nxt[0].kind == "modifier":
        return nxt[0].offset, j + nxt[1]
    if j + 1 < end and tokens[j].norm == "من":
        week = table.match_at(tokens, j + 1, end, clitics=False)
        if week and week[0].kind == "week":
            return week[0].offset, j + 1 + week[1]
        if tokens[j + 1].norm == "الاسبوع" and j + 2 < end and tokens[j + 2].norm in ("نفسه", "ذاته"):
            return None, j + 3
    return None, j


def _relative_at(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """A relative expression at ``tokens[i]``, with a leading part of the day (صباح، يوم), a
    trailing weekday or direction (اليوم السبت، الأحد الماضي), and an explicit date after it,
    which wins (اليوم 14 مارس 2016، السبت 2 ديسمبر)."""
    table = time_words()
    hit = table.match_at(tokens, i, end)
    if hit is None:
        return None
    word, n = hit
    j = i + n
    if word.kind in ("part", "weekday") and _every(tokens, i, end):
        return None  # "كل يوم خميس"، "أيام الجمعة"، "يوم الجمعة من كل أسبوع": any such day, no date
    if word.kind == "part" and j + 1 < end and tokens[j].norm == "يوم":
        j += 1  # مساء يوم الاثنين الماضي: a part of the day, then the day
    if word.kind == "part":
        exp = _explicit(tokens, j, end) if j < end else None
        if exp is not None:  # يوم 2 كانون الأول
            exp.first = i
            return exp
        hit = table.match_at(tokens, j, end, clitics=False) if j < end else None
        if hit is None or hit[0].kind not in ("day", "weekday"):
            return None
        word, n = hit
        j += n
    if word.kind in ("past", "future") and n >= 2 and j < end:  # في وقت سابق من يوم أمس، في وقت لاحق اليوم
        within = _within_at(tokens, i, j, end)
        if within is not None:
            return within
    written = _year_written_after(tokens, j, end) if word.kind == "year" else None
    if written is not None:
        written.first = i
        return written
    if word.kind not in ("day", "weekday"):
        resolver = _relative(word)
        return Found(i, j, resolver, True) if resolver else None
    if word.kind == "weekday" and j < end and tokens[j].norm in dates.ordinal_days().first_words:
        exp = _explicit(tokens, j, end)  # يوم الجمعة التاسع من شهر رمضان: the date names the weekday's day
        if exp is not None and exp.day is not None:
            exp.first = i
            return exp
    if j < end and (tokens[j].norm in _RELATIVE_PRONOUNS or tokens[j].norm in dates.ordinal_days().first_words) \
            or i > 0 and tokens[i - 1].norm in _THAT:
        return None  # "اليوم الذي تزرع فيه"، "ذلك اليوم"، "اليوم الثالث لعيد الفطر": a day described, not dated
    if word.kind == "day" and n == 1 and _not_a_day(tokens, i, end):
        return None
    if word.kind == "weekday" and n == 1 and i == j - 1 and i > 0 and tokens[i - 1].norm in person_names() \
            and _weekday_tail(tokens, j, end)[0] is None:
        return None  # "يوسف الخميس": a family name; not "بني سعد الجمعة الماضية"
    after = table.match_at(tokens, j, end, clitics=False) if word.kind == "weekday" and j < end else None
    if after is not None and after[0].kind == "day" and after[0].offset is not None and abs(after[0].offset) <= 1:
        return Found(i, j + after[1], _day_named(after[0].offset, word.offset or 0), True)  # الجمعة أمس
    wd = None
    if j < end and word.kind == "day":
        nxt = table.match_at(tokens, j, end, clitics=False)
        if nxt and nxt[0].kind == "weekday":  # اليوم السبت، أمس الجمعة
            wd, j = nxt[0].offset, j + nxt[1]
        elif j + 2 < end and tokens[j].text in _OPEN and not tokens[j + 2].is_word:
            quoted = table.match_at(tokens, j + 1, end, clitics=False)  # اليوم (الثلاثاء)، اليوم “الأحد”
            if quoted and quoted[0].kind == "weekday" and quoted[1] == 1:
                wd, j = quoted[0].offset, j + 3
    k = j + 1 if j < end and (tokens[j].text in ("،", ",", "-") or tokens[j].norm in _SAME_DAY) else j
    exp = _explicit(tokens, k, end) if k < end else None
    if exp is not None and not exp.relative or (exp is not None and exp.month is not None and exp.day is not None):
        exp.first = i
        return exp
    if word.kind == "weekday":
        direction, j = _weekday_tail(tokens, j, end)
        k = j + 1 if j < end and (tokens[j].text in ("،", ",") or tokens[j].norm in _SAME_DAY) else j
        exp = _explicit(tokens, k, end) if direction is not None and k < end else None
        if exp is not None and (exp.day is not None or _one_day(exp)):  # يوم الأحد المقبل 10 شوال (1436هـ): the date names the day
            exp.first = i
            return exp
        return Found(i, j, _weekday(word.offset or 0, direction), True)
    if wd is not None:
        return Found(i, j, _day_named(word.offset or 0, wd), True)
    resolver = _relative(word)
    return Found(i, j, resolver, True) if resolver else None


def _one_day(f: Found) -> bool:
    """Whether an explicit date with its year is one day ("9 شوال 1436هـ"), not a month or a year."""
    if f.relative:
        return False
    try:
        p = f.resolve(None, NEUTRAL)
    except (ValueError, OverflowError):
        return False
    return p.start is not None and p.start == p.end


def _not_a_day(tokens: Sequence[Token], i: int, end: int) -> bool:
    """"اليوم" that dates nothing: a rate ("500 مل في اليوم"، "10 مفتشين في اليوم": a number before
    في اليوم) or the newspaper in brackets or quotes ("لـ(اليوم)"، «اليوم»)."""
    if i > 0 and i + 1 < end and tokens[i - 1].text in _OPEN and tokens[i + 1].text in ")»”\"'" \
            and tokens[i].norm == "اليوم":
        return True
    if tokens[i].norm != "اليوم" or i == 0 or tokens[i - 1].norm != "في":
        return False
    return any(t.norm[:1].isdigit() or number_words().match_at(tokens, k, i) for k, t in enumerate(tokens[max(0, i - 5):i - 1],
                                                                                                  start=max(0, i - 5)))


_EVERY = frozenset(normalize(w) for w in ("كل", "أيام", "ايام"))


def _every(tokens: Sequence[Token], i: int, end: int) -> bool:
    """Whether the weekday at ``tokens[i]`` (or its يوم) is any such day: after كل or أيام, or
    before "من كل أسبوع" (also with a second weekday between)."""
    k = i + 1 + ("يوم" in word_forms(tokens[i].norm))
    if k < end and tokens[k].norm[:1].isdigit():
        return False  # "أيام الثلاثاء 10/12 والأربعاء 10/13": dated days
    b = i - 1 - (i > 1 and tokens[i - 1].norm == "يوم")  # كل يوم الخميس
    if b >= 0 and any(f in _EVERY for f in word_forms(tokens[b].norm)):
        return True
    if i > 1 and tokens[i].norm[:1] == "و" and tokens[i - 2].norm in _EVERY:
        return True  # أيام الجمعة والسبت
    return any(m + 2 < end and tokens[m].norm == "من" and tokens[m + 1].norm == "كل" and tokens[m + 2].norm in _A_WEEK
               for m in (k, k + 1))  # also "الجمعة والسبت من كل أسبوع"; not "الخميس من كل الجهات"


_A_WEEK = frozenset(normalize(w) for w in ("أسبوع", "اسبوع", "شهر", "عام", "سنة"))


def _within_at(tokens: Sequence[Token], i: int, j: int, end: int) -> Found | None:
    """"في وقت سابق من يوم أمس"، "في وقت لاحق اليوم": that day; "في وقت سابق من هذا الشهر"، "في وقت
    لاحق من العام الجاري": that period (the gold reads "في وقت سابق من يوم أمس" as the day)."""
    j += j < end and tokens[j].norm == "من"
    if j >= end:
        return None
    table = time_words()
    day_word = table.match_at(tokens, j, end)
    inner = _relative_at(tokens, j, end) if day_word is not None and (
        day_word[0].kind in ("day", "part") or tokens[j].norm == "يوم") else None
    if inner is not None:
        inner.first = i
        return inner
    k = j + (tokens[j].norm in _THIS)  # من هذا الشهر
    period = _period_at(tokens, k, end) if k < end else None
    if period is None or day_word is not None and day_word[0].kind not in ("week", "month", "year"):
        return None
    period.first = i
    return period


def _year_written_after(tokens: Sequence[Token], j: int, end: int) -> Found | None:
    """The year written after a year's word, which wins: "العام الماضي 2014م"، "العام الحالي
    1436هـ" (with its era, or a year of this century: a count that large after the word is
    rarer than the year it names; not "العام الماضي 1500 شخص")."""
    year = dates.year_number(tokens, j, end) if j < end else None
    if year is None:
        return None
    marked = year[2] > j + 1 or (dates.int_at(tokens[j]) or (0, None))[1] is not None
    if not (marked or year[1] == "gregorian" and (dates.year_ends(tokens, year[2], end) or 2000 < year[0] <= 2030)):
        return None
    return Found(j, year[2], dates.fixed(periods.year(year[1], year[0])))


def _weekday_pair(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """"يومي الاثنين والثلاثاء": the first by the sentence's tense, the second the days after it."""
    if i + 2 >= end or tokens[i].norm != "يومي":
        return None
    table = time_words()
    a = table.match_at(tokens, i + 1, end, clitics=False)
    b = table.match_at(tokens, i + 1 + a[1], end) if a else None
    if not (a and b and a[0].kind == b[0].kind == "weekday" and tokens[i + 1 + a[1]].norm.startswith("و")):
        return None
    wa, wb = a[0].offset or 0, b[0].offset or 0
    direction, k = _weekday_tail(tokens, i + 1 + a[1] + b[1], end)
    if k + 1 < end and tokens[k].norm == "من" and tokens[k + 1].norm == "كل":
        return None  # "يومي الجمعة والسبت من كل أسبوع": any such days, no date
    first = _weekday(wa, direction)

    def resolve(anchor: dt.date | None, tense: int) -> Period:
        p = first(anchor, tense)
        assert p.start is not None
        return Period(p.start, p.start + dt.timedelta(days=(wb - wa) % 7))
    return Found(i, k, resolve, True)


def _back(anchor: dt.date, unit: str, n: float) -> dt.date:
    """The day ``n`` units before the anchor (after it when ``n`` is negative)."""
    if unit in ("days", "weeks", "hours"):
        return anchor - dt.timedelta(days=round(n * {"weeks": 7, "hours": 1 / 24}.get(unit, 1)))
    return periods.months_back(anchor, round(n * {"years": 12, "decades": 120}.get(unit, 1)))


def _duration_at(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """"قبل عامين"، "قبل 70 عاما" -> back from the anchor (a day, or the month or year for those
    units); "منذ أشهر" -> the open past; "قبل أيام" -> a time with no value; "الأشهر الستة
    الماضية" -> up to the anchor.  "منذ ثلاث سنوات" with a count is a duration (a quantity)."""
    table = time_words()
    lead = next((f for f in word_forms(tokens[i].norm) if f in _AGO), None)  # قبل، وقبل، ومنذ
    if lead is not None and i + 1 < end:
        ago = lead == "قبل"
        j = i + 1 + (tokens[i + 1].norm in _FEW)
        approx = number_words().match_at(tokens, j, end) if ago and j < end else None
        if approx is not None and approx[0].kind == "approx":  # قبل نحو أسبوعين
            j += approx[1]
        num = read_number(tokens, j, end)
        count, j = (num.value, num.end) if num is not None and not num.vague else (1.0, j)
        unit = table.match_at(tokens, j, end, clitics=False) if j < end else None
        if unit is None or unit[0].kind not in DURATION_UNITS:
            return None
        kind, k = unit[0].kind, j + unit[1]
        if num is None and k < end and tokens[k].norm[:1].isdigit():
            return None  # "قبل عام 1865": before a year, which is read on its own
        singular = ago and num is None and tokens[j].norm not in _PLURAL_UNITS and unit[1] == 1  # قبل عام: one
        if singular and k < end and tokens[k].is_word and (tokens[k].norm.startswith("ال") and tokens[k].norm not in _RELATIVE_PRONOUNS
                                                         or dates.months().match_at(tokens, k, end, clitics=False) is not None):
            return None  # "قبل شهر رمضان"، "قبل عقد القران": the unit's word heads a noun phrase, no duration
        if num is None and unit[0].offset != 2 and not singular:  # أيام، أشهر: a few, no count ("منذ عام" is a year's duration)
            if ago:
                return Found(i, k, _unresolved, True)
            plural = j == i + 1 and tokens[j].norm in _PLURAL_UNITS
            return Found(i + 1, k, lambda a, t: Period(None, need(a)), True) if plural else None
        if not ago:
            return None
        half = k < end and tokens[k].norm in _AND_HALF  # قبل عام ونصف
        k += half
        if k + 1 < end and tokens[k].norm == "من":
            if tokens[k + 1].norm in _NOW:
                k += 2  # قبل 70 عاما من الآن، قبل عام من الزمن
            elif _an_event(tokens[k + 1]):
                return None  # "قبل يومين من الانتخابات" counts from an event, as بعد does
        n = count * (unit[0].offset or 1) + 0.5 * half
        return Found(i, k, lambda a, t: _back_period(need(a), kind, n), True)
    if _LATER in word_forms(tokens[i].norm) and i + 1 < end:
        return _later_at(tokens, i, end)
    unit = table.match_at(tokens, i, end) if i + 2 < end and "ال" in tokens[i].norm[:3] else None  # والسنوات الثلاث الأخيرة
    first_count = None
    if unit is None and i + 2 < end and (first_count := _ordinal_count(tokens[i])) is not None:
        one = table.phrases.get((tokens[i + 1].norm,))  # الخمس السنوات الماضية: the count first
        unit = (one, 1) if one is not None else None
    if unit is not None and unit[0].kind in _UNITS:
        c = i + 1 + (tokens[i + 1].norm == "ال" and i + 3 < end)  # السنوات الـ 20 الماضية
        ordinal = _ordinal_count(tokens[c]) if first_count is None else first_count
        of = _units_of_period(tokens, i, c, end, unit[0].kind, ordinal) if ordinal is not None else None
        if of is not None:
            return of
        mod = table.match_at(tokens, c + 1, end, clitics=False)
        way, n = (-1, 1) if tokens[c + 1].norm in _LAST else (mod[0].offset or 0, mod[1]) if mod and mod[0].kind == "modifier" else (0, 0)
        if ordinal is not None and way and any(f in _SEASONS for f in word_forms(tokens[i].norm)):
            return Found(i, c + 1 + n, _unresolved, True)  # "المواسم الأربعة الأخيرة": seasons, not dated
        if ordinal is not None and way:  # "الأشهر الستة الماضية"
            kind, count = unit[0].kind, ordinal
            if way > 0:  # السنوات الثلاث القادمة: from the anchor on
                return Found(i, c + 1 + n, lambda a, t: Period(need(a), _back(need(a), kind, -count)), True)
            return Found(i, c + 1 + n, lambda a, t: Period(_back(need(a), kind, count), need(a)), True)
    the = next((f for f in word_forms(tokens[i].norm) if f.startswith("ال")), None)  # العامين، والشهرين
    dual = table.phrases.get((the[2:],)) if the is not None and i + 1 < end else None
    if dual is not None and dual.kind in _UNITS and dual.offset == 2:  # العامين الماضيين: the two years up to the anchor
        mod = table.match_at(tokens, i + 1, end, clitics=False)
        kind2 = dual.kind
        if mod is not None and mod[0].kind == "modifier" and (mod[0].offset or 0) < 0:
            return Found(i, i + 1 + mod[1], lambda a, t: Period(_back(need(a), kind2, 2), need(a)), True)
        if mod is not None and mod[0].kind == "modifier" and (mod[0].offset or 0) > 0:  # اليومين المقبلين
            return Found(i, i + 1 + mod[1], lambda a, t: Period(need(a), _back(need(a), kind2, -2)), True)
    return None


_FIRST_ONES = frozenset(normalize(w) for w in ("الأولى", "الأول", "الاولى"))


def _units_of_period(tokens: Sequence[Token], i: int, c: int, end: int, kind: str, count: float) -> Found | None:
    """"الأشهر السبعة الأولى من العام"، "الأشهر الثلاثة الأخيرة من عام 2014": the first or last
    ``count`` months (days, weeks) of the period after من, not a stretch up to the dateline."""
    w = c + 1
    if w + 2 >= end or tokens[w + 1].norm != "من" or not (tokens[w].norm in _FIRST_ONES or tokens[w].norm in _LAST):
        return None
    inner = _period_at(tokens, w + 2, end)
    if inner is None or kind not in ("days", "weeks", "months"):
        return None
    first, whole, n = tokens[w].norm in _FIRST_ONES, inner.resolve, count

    def resolve(a: dt.date | None, t: int) -> Period:
        p = whole(a, t)
        if p.start is None or p.end is None:
            raise ValueError("no part of an open period")
        if kind == "months":
            y, m = periods.shift_months(p.start, int(n) - 1) if first else periods.shift_months(p.end, 1 - int(n))
            cut = periods.month("gregorian", y, m)
            return Period(p.start, cut.end) if first else Period(cut.start, p.end)
        days = int(n) * (7 if kind == "weeks" else 1)
        return Period(p.start, p.start + dt.timedelta(days=days - 1)) if first else Period(p.end - dt.timedelta(days=days - 1), p.end)
    return Found(i, inner.end, resolve, inner.relative)


_SEASONS = frozenset(normalize(w) for w in ("المواسم",))  # a sports season is no stretch of the calendar
_LAST = frozenset(normalize(w) for w in ("الأخيرة", "الأخير", "الاخيرة"))


def _count_span_at(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """"خلال 48 ساعة الماضية"، "الـ 24 ساعة الأخيرة"، "10 أيام المقبلة": a count, a unit and a
    direction, from the anchor back (or on); "الـ" before the count belongs to the span."""
    num = read_number(tokens, i, end)
    if num is None or num.vague or num.fraction or num.end + 1 >= end:
        return None
    unit = time_words().match_at(tokens, num.end, end, clitics=False)
    if unit is None or unit[0].kind not in DURATION_UNITS or unit[0].offset != 1:
        return None
    k = num.end + unit[1]
    mod = time_words().match_at(tokens, k, end, clitics=False)
    way = -1 if tokens[k].norm in _LAST else mod[0].offset if mod and mod[0].kind == "modifier" else 0
    if not way:
        return None
    kind, n = unit[0].kind, num.value
    first = i - 1 if i > 0 and tokens[i - 1].norm == "ال" else i
    if way < 0:
        return Found(first, k + 1, lambda a, t: Period(_back(need(a), kind, n), need(a)), True)
    return Found(first, k + 1, lambda a, t: Period(need(a), _back(need(a), kind, -n)), True)


def _later_at(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """"بعد نحو 90 يوما"، "بعد عقد من الزمن": forward from the anchor, as "قبل" goes back; not
    "بعد عامين من الحرب", which counts from an event."""
    j = i + 1
    approx = number_words().match_at(tokens, j, end)
    if approx is not None and approx[0].kind == "approx":
        j += approx[1]
    num = read_number(tokens, j, end) if j < end else None
    count, j = (num.value, num.end) if num is not None and not num.vague else (1.0, j)
    unit = time_words().match_at(tokens, j, end, clitics=False) if j < end else None
    if unit is None or unit[0].kind not in _UNITS or (num is None and j > i + 1 + (approx is not None)):
        return None
    if num is None and tokens[j].norm in _PLURAL_UNITS:
        return None  # "بعد أيام": no count
    k = j + unit[1]
    if num is None and k < end and tokens[k].norm[:1].isdigit():
        return None  # "بعد عام 2003": after a year, which is read on its own
    before = time_words().match_at(tokens, i - 1, i) if i > 0 and num is None else None
    if before is not None and before[0].kind == unit[0].kind or _from_an_event(tokens, k, end):
        return None  # "عاما بعد عام": year after year, no date
    half = k < end and tokens[k].norm in _AND_HALF  # بعد سنة ونصف
    k += half
    now = k + 1 < end and tokens[k].norm == "من" and tokens[k + 1].norm in _NOW
    if k < end and tokens[k].norm == "من":
        if not now:
            return None
        k += 2
    kind, n = unit[0].kind, -(count * (unit[0].offset or 1) + 0.5 * half)

    ahead = now or any(_a_present_verb(t) for t in tokens[max(0, i - 3):min(end, k + 3)])

    def resolve(a: dt.date | None, t: int) -> Period:
        if t == PAST and not ahead:  # "وبعد عام جاءت النكسة"، "وبعد شهر كامل تمت الموافقة": a story's own count
            raise ValueError("a count after a past event, not from the dateline")
        return _back_period(need(a), kind, n)
    return Found(i, k, resolve, True)


def _a_present_verb(tok: Token) -> bool:
    """Whether a word is a present verb: one whose future with س occurs in the news
    (تنتهي: ستنتهي), so that "وتنتهي الاتفاقية بعد ثلاث سنوات" counts from the dateline."""
    return any(len(f) >= 4 and f[0] in "يت" and corpus_count("س" + f) >= _SEEN_VERB for f in word_forms(tok.norm))


def _from_an_event(tokens: Sequence[Token], k: int, end: int) -> bool:
    """Whether a count ending at ``tokens[k]`` runs from an event named after it with على:
    "بعد ثلاث سنوات (تقريبا) على إطلاق النار"، "بعد عام على الاتفاق", as "بعد عامين من الحرب"
    does with من (not from the dateline: no time)."""
    k += k < end and tokens[k].norm in _ABOUT
    return k + 1 < end and tokens[k].norm == _ON and tokens[k + 1].is_word


_ABOUT = frozenset(normalize(w) for w in ("تقريبا", "تقريباً", "فقط"))
_ON = normalize("على")


#: definite nouns after "قبل N unit من" that name an event the count runs from (a definite noun
#: is more often what a verb governs: "انسحبت القوات قبل 3 أشهر من المنطقة")
_EVENTS = frozenset(normalize(w) for w in (
    "الانتخابات", "الانتخاب", "الحرب", "المباراة", "الاجتماع", "الحادث", "الحادثة", "الهجوم", "الزيارة", "الافتتاح",
    "الموعد", "الاستفتاء", "القمة", "البطولة", "الموسم", "الحفل", "المؤتمر", "الاختبار", "الامتحان", "الامتحانات",
    "الإعلان", "الوفاة", "الولادة", "الزواج", "الاتفاق", "التصويت", "الإفطار", "الأذان", "الصلاة", "العيد", "رمضان",
    "التوقيع", "الانطلاق", "الانتهاء", "الإطلاق", "التسليم", "الرحيل", "الوصول", "الانفجار", "الاقتحام", "الانتخابات"))


def _an_event(tok: Token) -> bool:
    """Whether the word after "قبل N unit من" names an event: one of ``_EVENTS``, or a noun
    without the article that heads a phrase (وصول الرئيس، افتتاح القناة، نهاية التداولات، إعلان
    ترشحه), not a place the verb governs (من المنطقة، من لندن: the NER tagger's place names)."""
    if not tok.is_word or tok.norm[:1].isdigit():
        return False
    names = known_names()[0]
    return tok.norm in _EVENTS or not tok.norm.startswith("ال") and not any(
        tok.norm in names.get(kind, frozenset()) for kind in ("place", "country"))  # من لندن: a place


def _unresolved(anchor: dt.date | None, tense: int) -> Period:
    raise ValueError("a time the text does not date: قبل أيام، الموسم الماضي")


def _back_period(anchor: dt.date, unit: str, n: float) -> Period:
    """"قبل 70 عاما": the year 70 years back; "قبل 3 أشهر": the month; days and weeks: the day."""
    d = _back(anchor, unit, n)
    if unit in ("years", "decades"):
        return periods.year("gregorian", d.year)
    if unit == "months":
        return periods.month("gregorian", d.year, d.month)
    return periods.day(d)


def _ordinal_count(tok: Token) -> float | None:
    """"الستة" in "الأشهر الستة الماضية": a number word with the article, or digits."""
    if tok.norm.isdigit() or tok.norm[:2] == "ال" and tok.norm[2:].isdigit():  # الـ20
        return float(tok.norm.removeprefix("ال"))
    bare = tok.norm[2:] if tok.norm.startswith("ال") else ""
    w = number_words().phrases.get((bare,)) if bare else None
    return w.value if w is not None and w.kind in ("unit", "ten") else None


def _day_of_month_word(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """"15 من الشهر الجاري"، "العاشر من الشهر المقبل": a day of a month named by a relative word."""
    got = dates.day_number(tokens, i, end)
    if got is None:
        return None
    d, j = got
    j += j < end and tokens[j].norm == "من"
    hit = time_words().match_at(tokens, j, end, clitics=False) if j < end else None
    if hit is not None and hit[0].kind == "month":
        off, k = hit[0].offset or 0, j + hit[1]
    elif j < end and tokens[j].norm == "الشهر":
        off, k = 0, j + 1
    else:
        return None
    return Found(i, k, lambda a, t: periods.date("gregorian", *periods.shift_months(need(a), off), d), True)


def _period_at(tokens: Sequence[Token], j: int, end: int) -> Found | None:
    """The period a part word stands before: a month, a year, a relative period, or a bare
    الشهر / العام / الأسبوع (the anchor's own)."""
    if j >= end:
        return None
    if tokens[j].norm == "شهر" and j + 1 < end:  # نهاية شهر يونيو
        f = dates.month_date(tokens, j + 1, end, _year_word)
        if f is not None:
            f.first = j
            return f
    f = _explicit(tokens, j, end) or _decade_at(tokens, j, end)  # مطلع تسعينات القرن الماضي
    if f is None and j > 0 and tokens[j - 1].norm == "من":  # العشر الأواخر من رمضان: the part says it is the month
        f = dates.month_date(tokens, j, end, _year_word, context=True)
    if f is not None:
        return f
    hit = time_words().match_at(tokens, j, end, clitics=False)
    written = _year_written_after(tokens, j + hit[1], end) if hit is not None and hit[0].kind == "year" else None
    if written is not None:  # بداية العام الحالي 1436هـ
        written.first = j
        return written
    if hit is not None and hit[0].kind in ("week", "month", "year", "century"):
        resolver = _relative(hit[0])
        return Found(j, j + hit[1], resolver, True) if resolver else None
    kind = _BARE_PERIODS.get(tokens[j].norm)
    named = time_words().match_at(tokens, j, end, clitics=False)
    if kind is not None and not (named and named[0].kind == "name"):  # not بداية العام الدراسي
        resolver = _relative(TimeWord(kind, 0))
        return Found(j, j + 1, resolver, True) if resolver else None
    return None


_CENTURY = (("من", "القرن", "الماضي"), ("من", "القرن", "العشرين"), ("القرن", "الماضي"), ("القرن", "العشرين"))
#: a decade before its century, without the article: "تسعينات القرن الماضي"
_DECADE_OF = re.compile(r"(عشرين|ثلاثين|اربعين|خمسين|ستين|سبعين|ثمانين|تسعين)(يات|ات)")


def _decade_at(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """"الثمانينات من القرن الماضي": 1980-1989 (a decade with its century; alone, or "من عمره", it
    is no date)."""
    m = DECADE.fullmatch(tokens[i].norm) or _DECADE_OF.fullmatch(tokens[i].norm)
    if m is None:
        return None
    tens = int(number_words().phrases[(m.group(1),)].value or 0)
    span = Period(dt.date(1900 + tens, 1, 1), dt.date(1909 + tens, 12, 31))
    if i + 1 < end and tokens[i + 1].norm in _HIJRI_ERA:  # "التسعينات الهجرية": 1390-1399 هـ
        try:
            span = Period(periods.year("hijri", 1300 + tens).start, periods.year("hijri", 1309 + tens).end)
        except ValueError:
            return None
    for words in _CENTURY:
        if tuple(t.norm for t in tokens[i + 1:i + 1 + len(words)]) == words:
            return Found(i, i + 1 + len(words), dates.fixed(span))
    if not tokens[i].norm.startswith("ال"):
        return None  # "تسعينات" of a century only: "تسعينات القرن الماضي"
    before = tokens[i - 1].norm if i > 0 else ""
    if before in _DECADE_HEADS:  # عقد الثمانينيات
        return Found(i - 1, i + 1, dates.fixed(span))
    age = i + 2 < end and tokens[i + 1].norm == "من" and tokens[i + 2].norm.startswith(("عمر", "العمر"))
    if any(f in _DECADE_LEAD for f in word_forms(before)) and not age:  # في الثمانينيات، not في الخمسينيات من عمره
        return Found(i, i + 1, dates.fixed(span))
    return None


_HIJRI_ERA = frozenset(normalize(w) for w in ("الهجرية", "الهجري", "للهجرة"))
_DECADE_HEADS = frozenset(normalize(w) for w in ("عقد", "حقبة", "فترة"))
_DECADE_LEAD = frozenset(normalize(w) for w in ("في", "خلال", "منذ", "حتى", "مطلع", "أواخر", "أوائل", "بداية", "نهاية",
                                                "منتصف", "بدايات", "نهايات"))


def _part_at(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """A part of a period: "الربع الأول من 2016"، "النصف الثاني من العام الجاري"، "مطلع الشهر"."""
    hit = period_parts().match_at(tokens, i, end)
    if hit is None:
        return None
    (index, of, exact), n = hit
    j = i + n
    if j < end and (tokens[j].norm == "من" or tokens[j].norm == "في" and n > 1):  # آخر أسبوع في شهر رمضان
        j += 1
    inner = _period_at(tokens, j, end)
    if inner is None:
        return _bare_quarter(tokens, i, n, index, of, end) if j == i + n else None
    whole = inner.resolve

    def resolve(a: dt.date | None, t: int) -> Period:
        p = whole(a, t)
        if not exact and p.start is not None and p.end is not None and (p.end - p.start).days > _LONGEST_NAMED_PART:
            raise ValueError("a named part of a decade or a century: بداية القرن العشرين")
        return periods.part(p, index, of)
    return Found(i, inner.end, resolve, inner.relative)


_QUARTER = normalize("الربع")


def _bare_quarter(tokens: Sequence[Token], i: int, n: int, index: int, of: int, end: int) -> Found | None:
    """"الربع الثاني" with no period after it: the quarter of the year by the sentence's tense
    (in a report, the last one begun: "تعافى الاقتصاد في الربع الثاني" of late July is April-June
    of that year), as the third training part reads it; halves are left out ("النصف الأول" is
    also a match's)."""
    if of != 4 or n != 2 or tokens[i].norm != _QUARTER or (i + n < end and tokens[i + n].norm == "من"):
        return None
    return Found(i, i + n, lambda a, t: periods.placed(lambda y: periods.part(periods.year("gregorian", y), index, of),
                                                       "gregorian", need(a), t, False), True)


#: the longest period a conventional part word (مطلع، بداية، أواخر) is read on: two years; a
#: decade's or a century's has no value (README, the rulings of issue 20's third round)
_LONGEST_NAMED_PART = 731


def _clock_at(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """"الساعة العاشرة من صباح أمس"، "الساعة 10 صباح اليوم": a clock joins the day after it."""
    if tokens[i].norm not in _CLOCK:
        return None
    for j in range(i + 1, min(i + 6, end)):
        f = _relative_at(tokens, j, end) or _explicit(tokens, j, end)
        if f is not None:
            f.first = i
            return f
        t = tokens[j]
        if t.is_word and not (t.norm[:1].isdigit() or t.norm.startswith("ال") or t.norm in _CLOCK_WORDS
                              or number_words().match_at(tokens, j, end)):
            return None
    return None


def _match_at(tokens: Sequence[Token], i: int, end: int) -> Found | None:
    """The time expression at ``tokens[i]``: only the readers the token can open are tried."""
    roles = _roles(tokens[i].norm)
    return ((roles & _R_CLOCK and _clock_at(tokens, i, end)) or (roles & _R_PART and _part_at(tokens, i, end))
            or (roles & _R_PAIR and _weekday_pair(tokens, i, end)) or (roles & _R_DATE and (_explicit(tokens, i, end) or _day_of_month_word(tokens, i, end)
                                          or _decade_at(tokens, i, end) or _count_span_at(tokens, i, end)))
            or (roles & _R_DURATION and _duration_at(tokens, i, end)) or (roles & _R_WORD and _relative_at(tokens, i, end))
            or None)


_R_CLOCK, _R_PART, _R_PAIR, _R_DATE, _R_DURATION, _R_WORD, _R_NAME = 1, 2, 4, 8, 16, 32, 64


@lru_cache(maxsize=65_536)
def _roles(norm: str) -> int:
    """Which readers a token may open (a bit each), from the first words of their tables: a
    cheap test before the real ones, most tokens opening none.  What a form of the word opens is
    read from one table (``_form_roles``), not from each reader's words in turn: every new word
    type asks (issue 19)."""
    table = _form_roles()
    found = 0
    for f in word_forms(norm):
        found |= table.get(f, 0)
    if not found & _R_DATE and (norm[:1].isdigit() or norm[1:2].isdigit() or norm[2:3].isdigit() and norm[:2] == "ال"
                                or norm in dates.NTH_DAY or DECADE.fullmatch(norm) is not None
                                or _DECADE_OF.fullmatch(norm) is not None):
        found |= _R_DATE
    return found | (_R_CLOCK if norm in _CLOCK else 0) | (_R_PAIR if norm == "يومي" else 0)


@lru_cache(maxsize=1)
def _form_roles() -> dict[str, int]:
    """The readers each form of a word (``word_forms``) may open, a bit each: the first words of
    the period parts, dates (with the seasons), durations, time words and names; a duration also
    opens at a time or number word of one word after ال (الأسبوع, الثلاث)."""
    words = time_words().first_words
    duration_al = {w for w in words if w.startswith("ال")} | {
        "ال" + k[0] for table in (time_words().phrases, number_words().phrases) for k in table if len(k) == 1}
    out: dict[str, int] = {}
    for role, forms in ((_R_PART, period_parts().first_words), (_R_DATE, _date_firsts() | _firsts_of("season")),
                        (_R_DURATION, _DURATION_FIRSTS | duration_al), (_R_WORD, words), (_R_NAME, _firsts_of("name"))):
        for f in forms:
            out[f] = out.get(f, 0) | role
    return out


@lru_cache(maxsize=None)
def _firsts_of(kind: str) -> frozenset[str]:
    """The first words of the time-word phrases of ``kind`` (season, name), made once per kind,
    not once per new word type."""
    return frozenset(k[0] for k, w in time_words().phrases.items() if w.kind == kind)


@lru_cache(maxsize=1)
def _date_firsts() -> frozenset[str]:
    """The words a calendar date may open with: a month, an ordinal day or a year word."""
    return dates.months().first_words | dates.ordinal_days().first_words | dates.YEAR_WORDS | {_HAJJ[0]}


def _joins(tokens: Sequence[Token], a: Found, b: Found) -> bool:
    """Whether two expressions side by side are one range or pair: "من مارس حتى مايو"،
    "بين 2010 و2014"، "فبراير ومارس الماضيين" (a dual direction closes a pair)."""
    between = tokens[a.end:b.first]
    lead = a.first > 0 and tokens[a.first - 1].norm in _RANGE_LEAD | _PAIR_LEAD
    if len(between) == 1 and between[0].norm in _TO | {""} or len(between) == 1 and between[0].text in _TO:
        return lead or between[0].norm not in ("و", "حتي", "وحتي")
    if not between and tokens[b.first].norm.startswith("و"):
        last = tokens[b.end - 1].norm
        return lead or last.endswith(("يين", "ين", "تين")) and time_words().match_at(tokens, b.end - 1, b.end) is not None
    return False


def _bracketed(tokens: Sequence[Token], a: Found, b: Found) -> bool:
    """Whether ``b`` is the same time again in brackets right after ``a``: "اليوم الأحد (19
    يوليو)"، "1436هـ (2014م)"، "صباح الاثنين (أمس)"."""
    return b.first == a.end + 1 and tokens[a.end].text == "(" and b.end < len(tokens) and tokens[b.end].text == ")"


def _recurring(tokens: Sequence[Token], k: int) -> bool:
    """Whether "من كل عام" (سنة، شهر) or "كل عام" follows a day or month: a yearly date, no time."""
    k += k < len(tokens) and tokens[k].norm in ("من", "في")
    return k + 1 < len(tokens) and tokens[k].norm == "كل" and tokens[k + 1].norm in _A_WEEK


def _same_day(tokens: Sequence[Token], a: Found, b: Found) -> bool:
    """Whether ``b`` names ``a``'s day again after الموافق: "25 شوال 1436 هـ الموافق 10 أغسطس
    2015 م"، "الأحد 8 ذو القعدة المقبل، الموافق 23 أغسطس 2015م" (one time, as the gold spans
    both calendars written together)."""
    between = [t for t in tokens[a.end:b.first] if t.text not in ("،", ",")]
    return len(between) == 1 and between[0].norm in _SAME_DAY and b.end - b.first >= 2


def _with_bracket(tokens: Sequence[Token], a: Found, b: Found) -> Found:
    """One expression through the closing bracket; an explicit date wins over a relative word,
    unless the word names a part of it: "بداية شهر أغسطس القادم (2015)"، "يناير (2015)" are that
    day and that month of the year in brackets, not the year."""
    if not (a.relative and (not b.relative or b.day is not None)):
        return Found(a.first, b.end + 1, a.resolve, a.relative, a.month, a.day)
    word, date = a.resolve, b.resolve

    def resolve(anchor: dt.date | None, tense: int) -> Period:
        wide = date(anchor, tense)
        try:
            narrow = word(anchor, tense)
        except ValueError:
            return wide
        inside = None not in (narrow.start, narrow.end, wide.start, wide.end) and wide.start <= narrow.start <= narrow.end <= wide.end  # type: ignore[operator]
        return narrow if inside else wide
    return Found(a.first, b.end + 1, resolve, b.relative, b.month, b.day)


def _joined(tokens: Sequence[Token], a: Found, b: Found) -> Found:
    """One range from ``a`` to ``b``; a first month or day without a year takes the second's."""
    first, last = a.resolve, b.resolve
    month, d = a.month, a.day

    def resolve(anchor: dt.date | None, tense: int) -> Period:
        end_ = last(anchor, tense)
        if month is None or end_.start is None:
            return periods.through(first(anchor, tense), end_)
        y = periods.year_of(end_.start, month.calendar)
        start = periods.date(month.calendar, y, month.number, d)
        if start.start and start.start > end_.start:
            start = periods.date(month.calendar, y - 1, month.number, d)
        return periods.through(start, end_)
    lead = a.first > 0 and tokens[a.first - 1].norm in _PAIR_LEAD  # بين، يومي belong to the span; من، منذ do not
    return Found(a.first - 1 if lead else a.first, b.end, resolve, a.relative or b.relative)


def _sentence_times(tokens: Sequence[Token]) -> list[Found]:
    found: list[Found] = []
    end = len(tokens)
    roles_of = list(map(_roles, [t.norm for t in tokens]))  # each word type's once, read in C (issue 19)
    free = 0  # the first token not inside what was read already
    for i in compress(range(end), roles_of):  # most tokens open no reader: only those that may are visited
        if i < free:
            continue
        roles = roles_of[i]
        name = time_words().match_at(tokens, i, end) if roles & _R_NAME else None
        if name is not None and name[0].kind == "name":  # عين اليوم، العام الدراسي
            free = i + name[1]
            continue
        f = _match_at(tokens, i, end)
        if f is None:
            continue
        if f.month is not None and _recurring(tokens, f.end):
            free = f.end  # "الخامس عشر من شهر سبتمبر من كل عام": any year's, no date
            continue
        if found and _bracketed(tokens, found[-1], f):
            f = _with_bracket(tokens, found.pop(), f)
        elif found and _same_day(tokens, found[-1], f):
            a = found.pop()  # "9 شوال 1436هـ، الموافق 25 يوليو 2015م": one day in two calendars
            f = Found(a.first, f.end, a.resolve if f.relative else f.resolve, a.relative and f.relative, f.month, f.day)
        elif found and _joins(tokens, found[-1], f):
            f = _joined(tokens, found.pop(), f)
        found.append(f)
        free = f.end
    return found


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return (dates.months().first_words | time_words().first_words | dates.YEAR_WORDS | _AGO | _CLOCK
            | dates.ordinal_days().first_words | period_parts().first_words | {"يومي"})


def find_times(doc: Doc) -> list[Time]:
    """Every time expression of ``doc``, resolved against the article's anchor date."""
    found: list[tuple[int, Found, list[Token], int]] = []
    for n, sent in enumerate(doc.sentences):
        tokens = doc.sentence_tokens(sent)
        here = _sentence_times(tokens)
        if here:  # the tense only where a time needs it: most sentences have none
            found.extend((n, f, tokens, _tense(tokens, f.first, f.end)) for f in here)
    anchor = _anchor(doc, found)
    credit = _credit_line_end(doc)
    out = []
    story: tuple[int, int] | None = None  # (sentence, year) of the last day written with a year other than the anchor's
    event = -1  # the last sentence with a day named from an event (اليوم التالي)
    year: int | None = None  # the year of the last time written with one
    for n, f, tokens, tense in found:
        if f.relative and tokens[f.first].start < credit:
            continue  # "عين اليوم – الرياض": the outlet's name in the credit line, not a day
        words = _words_in(f, tokens) if f.relative else ()
        event = n if any(w.kind == "event" for w in words) else event
        try:
            if event == n and any(w.kind == "day" and w.offset for w in words):
                raise ValueError("a day word after a day named from an event: في اليوم التالي ... حدث البارحة")
            p: Period | None = _in_story(f, tokens, story, n, tense, anchor) or f.resolve(anchor, tense)
        except (ValueError, OverflowError):
            p = None
        last = f.end
        same = _same_year_at(tokens, f.end) if f.month is not None and year is not None else None
        if same is not None and f.month is not None and year is not None and f.month.calendar == "gregorian":
            p, last = periods.date("gregorian", year, f.month.number, f.day), same  # "يونيو من العام ذاته"
        if not f.relative and p is not None and p.start and p.start == p.end \
                and anchor is not None and p.start.year != anchor.year:
            story = (n, p.start.year)  # a day written with its year: "6 أغسطس 1945"
        if not f.relative and p is not None and p.start and p.end and p.start.year == p.end.year:
            year = p.start.year  # the last year written, for "من العام نفسه"
        used = anchor.isoformat() if f.relative and anchor is not None and p is not None else None
        span = doc.span(_start(tokens[f.first]), tokens[last - 1].end)
        if span is not None:
            out.append(Time(span.text, span.start, span.end, p.value if p else None, used, p.kind if p else "unresolved"))
    return out


_SAME = frozenset(normalize(w) for w in ("نفسه", "ذاته"))
_SAME_YEAR = (frozenset(normalize(w) for w in ("من", "في")), frozenset(normalize(w) for w in ("العام", "السنة", "عام")))


def _same_year_at(tokens: Sequence[Token], k: int) -> int | None:
    """Where "من العام نفسه"، "من العام ذاته"، "من نفس العام" or "من ذلك العام" after a month
    ends: the month is of the last year written before it ("25 أكتوبر 2011 ... في يونيو من
    العام ذاته" is June 2011), not the dateline's nearest one."""
    if k + 2 >= len(tokens) or tokens[k].norm not in _SAME_YEAR[0]:
        return None
    a, b = tokens[k + 1].norm, tokens[k + 2].norm
    if a in _SAME_YEAR[1] and b in _SAME or b in _SAME_YEAR[1] and (a == normalize("نفس") or a in _THAT):
        return k + 3
    return None


def _words_in(f: Found, tokens: Sequence[Token]) -> list[TimeWord]:
    """The time words written inside ``f`` (اليوم التالي، البارحة، العام الماضي ...)."""
    table = time_words()
    return [hit[0] for k in range(f.first, f.end) if (hit := table.match_at(tokens, k, f.end, clitics=False)) is not None]


def _in_story(f: Found, tokens: Sequence[Token], story: tuple[int, int] | None, n: int, tense: int,
              anchor: dt.date | None) -> Period | None:
    """A time in a story of another year (the year of a day written in full in this sentence or
    the two before it): a day of a month with no year and no direction ("6 أغسطس 1945 ... وفي 15
    اغسطس" is 15 August 1945, not the last 15 August), and a part of the bare year ("قتل 140 ألف
    شخص بحلول نهاية العام" after 6 August 1945 is 31 December 1945, as the measurement file's
    annotator reads it); a future sentence keeps its coming one."""
    if story is None or n - story[0] > 2 or tense == FUTURE:
        return None
    if f.relative and anchor is not None and f.end - f.first >= 2 and tokens[f.end - 1].norm in _BARE_YEARS \
            and period_parts().match_at(tokens, f.end - 2, f.end) is not None:  # نهاية العام, not (ل)هذا العام
        return f.resolve(anchor.replace(year=story[1], day=min(anchor.day, 28)), tense)
    if f.month is None or f.day is None or f.month.calendar != "gregorian" \
            or any(time_words().match_at(tokens, k, f.end, clitics=False) for k in range(f.first, f.end)):
        return None
    return periods.date("gregorian", story[1], f.month.number, f.day)


_BARE_YEARS = frozenset(w for w, kind in _BARE_PERIODS.items() if kind == "year")


def _credit_line_end(doc: Doc) -> int:
    """Where a short first line naming the source ("عين اليوم – متابعات"، "الرياض - واس") ends; 0
    when the text opens with no such line.  Relative words there are names, not days."""
    nl = doc.text.find("\n")
    first = doc.text[:nl] if nl > 0 else ""
    return nl if first and len(first.split()) <= 6 and any(d in first for d in ("–", " - ", "—")) else 0


def _start(tok: Token) -> int:
    """Where a span starting at ``tok`` starts: after a proclitic, also one on digits (و3),
    but not inside a word whose first letter only looks like one (فبراير)."""
    if tok.norm in _first_words():
        return tok.start
    if len(tok.text) == len(tok.norm):  # لصيف، ليوم: a proclitic the tokeniser left on the word
        for f in word_forms(tok.norm)[1:]:
            if f in _first_words():
                return tok.start + len(tok.norm) - len(f)
    if not tok.prefix and tok.norm[:1] in "وفبل" and tok.norm[1:2].isdigit():
        return tok.start + 1
    return after_proclitic(tok)


def _anchor(doc: Doc, found: list[tuple[int, Found, list[Token], int]]) -> dt.date | None:
    """The article's date: metadata, else a full date in the first sentence (the dateline), else the first full date."""
    if doc.date:
        try:
            return dt.date.fromisoformat(str(doc.date)[:10])
        except ValueError:
            pass
    days = []
    for n, f, _, tense in found:
        if f.relative:
            continue
        try:
            p = f.resolve(None, tense)
        except (ValueError, OverflowError):
            continue
        if p.kind == "date" and p.start:
            days.append((n, p.start))
    first = [d for n, d in days if n == 0]
    return first[0] if first else days[0][1] if days else None


@stage("times", requires={"sentences"}, provides={"times"})
def times_stage(doc: Doc, options: Options) -> None:
    doc.times = find_times(doc)

"""Quantities: a number, whether it is approximate, and what it counts.

"نحو 30 آلية عسكرية" -> 30 آلية (approx), "مئات الجنود" -> 100 الجنود (vague: an order of
magnitude, its lower bound), "5 ملايين دولار" -> 5000000 دولار, "12%" / "12 في المئة" -> 12 %,
"بين 20 و30 قتيلا" -> 20 قتيلا, max 30 (a range: value the lower end), "ثلث السكان" -> 1/3
السكان (fraction), "أكثر من 50 شخصا" -> 50 شخصا, bound "more" ("أقل من": "less").
Approximation and bound words (نحو، قرابة، أكثر من، أقل من ...) and number words are data
(``data/numbers.tsv``).  The counted noun is the word after the number (after من for
"عشرات الآلاف من المتظاهرين"), unless that word is a preposition, a conjunction or
another number; numbers inside a time expression (years, days of a date) are not
quantities, so the stage runs after "times" (nor is the count of a duration inside a time:
"قبل 70 عاما" is a time; the old seven-article dev gold leaves "70 عاما" out, the SaudiNewsNet
annotators mark it, see the README).
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from typing import Any

from ..options import Options
from ..pipeline import stage
from ..text.doc import Doc, Token
from ..text.normalize import normalize
from . import dates
from .dates import GREGORIAN_YEARS, HIJRI_YEARS, ordinal_days
from .numbers import DECADE, GLUED_UNIT, TEENS, Number, Word, number_words, read_number
from .phrases import after_proclitic, word_forms

#: words after a number that are not what it counts
_NOT_UNITS = frozenset(normalize(w) for w in (
    "في", "من", "على", "إلى", "عن", "مع", "و", "أو", "ثم", "أن", "إن", "التي", "الذي", "الذين", "هو", "هي",
    "بين", "حتى", "منذ", "خلال", "بعد", "قبل", "عند", "لدى", "حول", "نحو", "عبر", "ضد", "لا", "لم", "لن", "قد",
    "كما", "كان", "كانت", "إلا", "أي", "كل", "هذا", "هذه", "ذلك", "تلك",
    "بسبب", "جراء", "نتيجة", "إثر", "اثر", "بعد", "وسط", "بين", "داخل", "خارج", "أمام", "تحت", "فوق",
    "منهم", "منها", "منه", "منهن", "منا", "عليهم", "عليها", "لهم", "لها", "له", "فيها", "فيهم",
    "أيضا", "فقط", "سنويا", "يوميا", "شهريا", "أسبوعيا", "وقال", "وقالت", "وأضاف", "وأكد", "وأوضح", "وأشار", "ما", "مما", "بما", "آخر", "والتي", "والذي", "الذي", "التي",
    "بحلول", "لصالح", "بقيمة", "بنسبة", "لمدة", "حيث", "وهو", "وهي", "مابين", "فيما", "ولا", "ولم", "ولن", "وقد"))
#: words after a fraction that make it an adjective, not a part: "تقرير نصف سنوي"
_FRACTION_ADJECTIVES = frozenset(normalize(w) for w in ("سنوي", "سنوية", "شهري", "شهرية", "نهائي", "نهائية", "قطر", "دائري"))


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float | int
    unit: str | None
    approx: bool  # نحو، حوالي، قرابة ... or a vague amount
    vague: bool = False  # "مئات الجنود": the value is an order of magnitude, its lower bound
    max: float | int | None = None  # a range's upper end ("بين 20 و30": value 20, max 30)
    fraction: bool = False  # "ثلث السكان": the value is a part of what the unit names
    bound: str | None = None  # "more" (أكثر من 50: value is a lower bound) | "less" (أقل من)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "unit": self.unit,
                "approx": self.approx, "vague": self.vague, "max": self.max, "fraction": self.fraction,
                "bound": self.bound}


def _unit(tokens: Sequence[Token], j: int, end: int, vague: bool = False) -> tuple[str | None, int]:
    """The counted noun or unit after a number at ``tokens[j]``: (unit, index after it)."""
    if j >= end:
        return None, j
    if tokens[j].text in ("%", "٪"):
        return "%", j + 1
    pct = number_words().match_at(tokens, j, end, clitics=False)
    if pct and pct[0].kind == "percent":
        return "%", j + pct[1]
    start, t = j, tokens[j]
    if t.norm == "من" and j + 1 < end and tokens[j + 1].is_word:
        j += 1  # عشرات الآلاف من المتظاهرين، آلافا من جثثهم، ثلاثة من جنودها
        t = tokens[j]
    if not _noun_like(t) or number_words().match_at(tokens, j, end) or t.prefix in _AND_THE:
        return None, start  # "«435» والشيوخ": و and the article start the next noun, not the counted one
    return t.text, j + 1


_AND_THE = frozenset(("وال", "فال", "وأل", "لل", "ولل"))  # و، ف or ل with the article: another noun, or a phrase


def _noun_like(t: Token) -> bool:
    """Whether a token may be a counted noun: an Arabic word, not a particle, not a number,
    not a plural past verb ("قرابة 2000 لفظوا أنفاسهم"; "30 عضواً" is a noun: short, or with its tanween)."""
    n = t.norm
    return (t.is_word and n not in _NOT_UNITS and not any(c.isdigit() for c in n) and not n.isascii()
            and not (len(n) >= 5 and n.endswith("وا") and "\u064b" not in t.text)  # لفظوا, not عضواً
            and not (len(n) >= 5 and n[0] == "و" and n[1] in "يتن"))  # وتمتد، ويقول: و and a present verb


@lru_cache(maxsize=65_536)
def _may_start(norm: str) -> bool:
    """Whether a quantity can start at a token: digits, or a number or approximation word
    (not "في" of "في المئة", which only follows a number)."""
    firsts = _opening_words()
    return (norm[:1].isdigit() or norm[1:2].isdigit() or norm[:2] == "ال" and norm[2:3].isdigit() or norm in _RANGE_LEAD or DECADE.fullmatch(norm) is not None
            or any(f in firsts for f in word_forms(norm)) or norm[2:] in firsts and norm.startswith("ال")
            or any(f.startswith(_fraction_stems()) or f in _SINGULAR_UNITS for f in word_forms(norm)))  # ثلثه، نصفنا، ساعة ونصف


@lru_cache(maxsize=1)
def _fraction_stems() -> tuple[str, ...]:
    """The fraction words, which may carry a pronoun (ثلثه، نصفنا)."""
    return tuple(k[0] for k, w in number_words().phrases.items() if w.kind == "fraction" and len(k) == 1)


@lru_cache(maxsize=1)
def _opening_words() -> frozenset[str]:
    return frozenset(k[0] for k, w in number_words().phrases.items() if w.kind != "percent")


class Taken:
    """Character ranges already taken (by times): ``x in taken`` by bisection, not by a scan
    of every range for every token (the square of the article's length)."""

    def __init__(self, ranges: list[tuple[int, int]]):
        ranges = sorted(ranges)
        self.starts = [a for a, _ in ranges]
        self.reach = list(accumulate((b for _, b in ranges), max))  # the furthest end so far

    def __contains__(self, x: int) -> bool:
        k = bisect_right(self.starts, x)  # the ranges that start at or before x
        return k > 0 and self.reach[k - 1] > x


#: a range of two numbers: "بين 20 و30"، "ما بين 20 و30"، "من 20 إلى 30"، "20 - 30"
_RANGE_LEAD = frozenset(normalize(w) for w in ("بين", "من"))
_RANGE_TO = {normalize("و"): "بين", normalize("إلى"): "من", normalize("الى"): "من", normalize("حتى"): "من",
             "-": "", "–": "", "ـ": ""}
#: words before a number that make it a label, not a count: "القرار رقم 12"، "المادة 5"
_LABELS = frozenset(normalize(w) for w in ("رقم", "الرقم", "برقم", "المادة", "مادة", "البند", "الفقرة", "الطريق", "طريق",
                                           "الرمز", "الهاتف", "جوال", "الجوال", "هاتف", "الرحلة", "رحلة", "صندوق", "ص.ب",
                                           "الساعة", "ص", "صفحة", "الصفحة", "دور", "الدور",  # الساعة 0400: a clock; ص 47: a page; دور الـ32: a round
    "الدقيقة", "الشوط", "المخرج", "مخرج", "الآية", "الكيلو"))  # الدقيقة 26 of a match, المخرج 9 of a road
#: words before a bare number (no noun after it) that make it a label: "الفوج 12"، "القائمة 23"، "الجولة 5";
#: with a noun after it the number counts ("ضمت القائمة 31 لاعبا")
_BARE_LABELS = frozenset(normalize(w) for w in (
    "الفوج", "فوج", "الكتيبة", "اللواء", "الفرقة", "الواجب", "القائمة", "قائمة", "الدورة", "النسخة", "المركز",
    "المرتبة", "الجولة", "الحلقة", "الفصل", "الطبعة", "البوابة", "بوابة", "الصف", "الجزء", "المجلد", "شارع", "الشارع",
    "الرئيس", "المجموعة", "المادة", "الفقرة"))


@dataclass(frozen=True, slots=True)
class _Read:
    """A number read at a token, with what stands before it: an approximation, a bound, a range."""

    first: int  # token index where the quantity starts (its approximation word or range word)
    num: Number
    approx: bool = False
    bound: str | None = None
    upper: Number | None = None


def _range_end(tokens: Sequence[Token], lead: str, num: Number, end: int) -> Number | None:
    """The second number of a range after ``num``: "بين 20 و30"، "من 20 إلى 30"، "20 - 30"."""
    j = num.end
    if j >= end:
        return None
    t = tokens[j]
    if t.norm.startswith("و") and len(t.norm) > 1 and lead == "بين":  # و30، وثلاثين
        return read_number(tokens, j, end, conj=True)
    if t.norm == "او" and not lead and j + 1 < end:  # "خمس أو أربع نجوم": the two ends, either order
        return read_number(tokens, j + 1, end)
    if not lead and t.norm.startswith("و") and num.scale == 1.0 and num.value < 10:
        upper = read_number(tokens, j, end, conj=True)  # "ثلاثة وأربعة آلاف ريال": 3000 to 4000
        first = upper.value / upper.scale if upper is not None else 0
        return upper if upper is not None and upper.scale > 1.0 and num.value < first <= num.value + 2 else None
    want = _RANGE_TO.get(t.norm, _RANGE_TO.get(t.text))
    if want is None or j + 1 >= end or want != lead and not (want == "من" and lead == "بين"):  # بين 200 إلى 300
        if want == "من" and not lead and j + 1 < end:  # "4 إلى 5 سنوات": the unit after the second only
            upper = read_number(tokens, j + 1, end)
            counted = upper is not None and upper.end < end and _noun_like(tokens[upper.end]) \
                and tokens[num.first].norm[:1].isdigit() == tokens[upper.first].norm[:1].isdigit()  # not "واحدة إلى 4"
            return upper if counted and upper is not None and num.value < upper.value <= 10 * max(num.value, 1) else None
        return None
    return read_number(tokens, j + 1, end)


def _read_at(tokens: Sequence[Token], i: int, end: int, hit: tuple[Word, int] | None) -> _Read | None:
    """The quantity that starts at ``tokens[i]`` (``hit``: the number word there): [approximation
    | bound | range word] number [range end]."""
    kind = hit[0].kind if hit else ""
    j = i + hit[1] if kind in ("approx", "more", "less") and hit else i
    if j > i and j + 1 < end and (tokens[j].norm == "ال" or tokens[j].text in _CLOSE) and tokens[j + 1].norm[:1].isdigit():
        j += 1  # قرابة الـ 20 لاعبا، بحوالى (11,9) مليون
    if kind == "" and i + 1 < end and tokens[i].norm == "ما" and tokens[i + 1].norm == "بين":
        j, lead = i + 2, "بين"
    else:
        lead = tokens[i].norm if tokens[i].norm in _RANGE_LEAD and j == i else ""
        j = j + 1 if lead else j
    num = read_number(tokens, j, end, conj=j == i) if j < end else None  # وآلاف من الأسر
    if num is None or _code_like(tokens, num, end, counted=j > i):  # "قرابة 2000": a count, not a year
        return None
    num = _scale_after_bracket(tokens, num, end)
    joins = lead or (num.end < end and (tokens[num.end].text in "-–" or tokens[num.end].norm[:1] == "و"
                                        or tokens[num.end].norm in ("او", "الي", "حتي")))
    upper = _range_end(tokens, lead, num, end) if joins else None
    if upper is None and lead:
        return None  # "من 20 عاما": من is no part of a single number
    if upper is not None and upper.value <= num.value and tokens[num.end].text in "-–":
        return None  # "15-13"، "2-0": a score, not a range
    if upper is not None and upper.value < num.value:
        num, upper = Number(upper.value, num.first, num.end, upper.vague, upper.scale, upper.fraction), \
            Number(num.value, upper.first, upper.end, num.vague, num.scale, num.fraction)
    if upper is not None and num.scale == 1.0 and upper.scale > 1.0 and num.value < upper.value / upper.scale * 10:
        num = Number(num.value * upper.scale, num.first, num.end, num.vague, upper.scale)  # بين 2 و3 ملايين
    bound = {"more": "more", "less": "less"}.get(kind)
    return _Read(i, num, approx=kind == "approx", bound=bound, upper=upper)


_JOINED = frozenset(":/+=×")


def _scale_after_bracket(tokens: Sequence[Token], num: Number, end: int) -> Number:
    """"(2.17) مليار ريال": the scale word after the closing bracket still scales the number."""
    k = num.end
    if num.scale != 1.0 or k + 1 >= end or tokens[k].is_word or tokens[k].text not in ")»”\"":
        return num
    hit = number_words().match_at(tokens, k + 1, end, clitics=False)
    if hit is None or hit[0].kind not in ("scale", "plural_scale") or hit[0].value is None:
        return num
    return Number(num.value * hit[0].value, num.first, k + 1 + hit[1], scale=hit[0].value)


def _code_like(tokens: Sequence[Token], num: Number, end: int, counted: bool = False) -> bool:
    """Digits that are a clock, a ratio, a code or a phone number, not a count: 23:15، 3/4،
    5598309-012، 88591 (five digits or more, no separators: counts that large carry a unit), a
    score (15-13), an item of a list (1- ...), a year in a name ("أبها يجمعنا 1436", unless
    ``counted``: an approximation or bound before it makes it a count)."""
    first, last = tokens[num.first], tokens[num.end - 1]
    if not first.norm[-1:].isdigit():
        return False
    for a, sep, b in ((num.first - 2, num.first - 1, num.first), (num.end - 1, num.end, num.end + 1)):
        joined = 0 <= a and b < end and tokens[sep].text in _JOINED | {"-"} and tokens[sep].start == tokens[a].end \
            and tokens[b].start == tokens[sep].end and tokens[a].norm[-1:].isdigit() and tokens[b].norm[:1].isdigit()
        if joined and (tokens[sep].text in _JOINED or max(len(tokens[a].norm), len(tokens[b].norm)) >= 5
                       or tokens[b].norm.startswith("0") or _score(tokens[a].norm, tokens[b].norm)
                       or _year_like(tokens[a].norm) and _year_like(tokens[b].norm)):  # 1813-1901: years
            return True
    digits = last.norm.lstrip("و")
    bare = num.end == num.first + 1 and digits.isdigit()
    if bare and num.end < end and tokens[num.end].text in "-).":
        start = num.first == 0 or tokens[num.first - 1].text in ".:؛!?؟" or "\n" in tokens[num.first - 1].text
        if start:
            return True  # "1- مدير عام الدفاع المدني": an item of a list
    if bare and not counted and not _noun_like_at(tokens, num.end, end) and len(digits) == 4 and _year_like(digits):
        return True  # "مهرجان أبها يجمعنا 1436": a year in a name
    return bare and (len(digits) >= 5 or digits.startswith("0") and len(digits) > 1) and not _noun_like_at(tokens, num.end, end)


def _year_like(digits: str) -> bool:
    """Four digits in the Hijri or Gregorian years the date grammar reads as years."""
    if len(digits) != 4:
        return False
    y = int(digits)
    return HIJRI_YEARS[0] <= y <= HIJRI_YEARS[1] or GREGORIAN_YEARS[0] <= y <= GREGORIAN_YEARS[1]


def _score(a: str, b: str) -> bool:
    """"15-13"، "2-0": two numbers joined by a dash, the second not above the first: a score."""
    a, b = a.lstrip("و"), b.lstrip("و")
    return a.isdigit() and b.isdigit() and int(b) <= int(a)


def _noun_like_at(tokens: Sequence[Token], j: int, end: int) -> bool:
    return j < end and _noun_like(tokens[j])


#: number words with the article after their noun: "الجنود الثلاثة"، "المواسم الأربعة الأخيرة"
_AFTER_NOUN_KINDS = ("unit", "ten")
_TWO = frozenset(normalize(w) for w in ("اثنين", "اثنان", "اثنتين", "اثنتان"))


def _after_noun(doc: Doc, tokens: Sequence[Token], i: int, end: int) -> Quantity | None:
    """A number after the noun it counts: "الجنود الثلاثة" (3 الجنود), "سببين اثنين" (2 سببين),
    "لوحاته الـ 22" (22 لوحاته); the unit is the noun before it."""
    t = tokens[i]
    if i == 0:
        return None
    k = i - 1 - (tokens[i - 1].text in _CLOSE.values() or tokens[i - 1].text in "»”″")  # «الشهداء» الثلاثة
    back = i - 1 - (i >= 2 and tokens[i - 1].text in _CLOSE)  # النواب الـ «435»، not صاحب الـ (27 عاما)
    if t.norm.isdigit() and back >= 1 and tokens[back].norm == "ال" and _noun_like(tokens[back - 1]) \
            and not (back < i - 1 and _noun_like_at(tokens, i + 1, end)):
        noun = tokens[back - 1]
    elif k >= 0 and (t.norm in _TWO or (t.norm.startswith("ال") and _definite_count(t.norm[2:]))):
        noun = tokens[k]
        definite = any(f.startswith("ال") for f in word_forms(noun.norm))
        if t.norm.startswith("ال") and not definite:
            return None  # "الثلاثة" agrees with a definite noun; after anything else it is not its count
        if t.norm in _TWO and not noun.norm.endswith(("ين", "ان")):
            return None  # "سببين اثنين" repeats a dual; "مقتل اثنين" counts on its own
    else:
        return None
    if not _noun_like(noun):
        return None
    value = float(t.norm) if t.norm.isdigit() else (2.0 if t.norm in _TWO else _definite_count(t.norm[2:]) or 0.0)
    last = tokens[i + 1] if t.norm.startswith("ال") and i + 1 < end and tokens[i + 1].norm in TEENS else t
    unit = doc.text[after_proclitic(noun):noun.end]
    span = doc.span(t.start, last.end)  # البلدان الخمسة عشر: 15
    return Quantity(span.text, span.start, span.end, _value(value + 10 * (last is not t)), unit, False) if span else None


def _definite_count(bare: str) -> float | None:
    """The value of "الثلاثة" without its article, for 3 to 10 (not العشرين: "مجموعة العشرين" is a name)."""
    w = number_words().phrases.get((bare,))
    if w is None or w.kind not in _AFTER_NOUN_KINDS or w.value is None or not 3 <= w.value <= 10:
        return None
    return w.value


def _age_decade(tokens: Sequence[Token], i: int, end: int) -> Quantity | None:
    """"في الخمسينيات من عمره": an age by its decade, vague (value the decade's first year)."""
    m = DECADE.fullmatch(tokens[i].norm)
    if m is None or not (i + 2 < end and tokens[i + 1].norm == "من" and tokens[i + 2].norm.startswith("عمر")):
        return None
    t = tokens[i]
    value = number_words().phrases[(m.group(1),)].value or 0
    return Quantity(t.text, t.start, t.end, _value(value), None, True, True)


def _dual(doc: Doc, tokens: Sequence[Token], i: int, hit: tuple[Word, int] | None) -> Quantity | None:
    """A noun in the dual that is its own count: "لمدة عامين" -> 2 عامين (``hit``: the number
    word at ``tokens[i]``)."""
    if hit is None or hit[0].kind != "dual":
        return None
    t = tokens[i]
    if i >= 2 and tokens[i - 1].norm == "او" and _singular_of(tokens[i - 2].norm, t.norm):
        one = tokens[i - 2]  # "سنة أو سنتين": one to two
        span = doc.span(after_proclitic(one), t.end)
        return Quantity(span.text, span.start, span.end, 1, doc.text[after_proclitic(one):one.end], False, max=2) if span else None
    cut = len(t.norm) - len(next(f for f in word_forms(t.norm) if f in number_words().first_words))
    start = t.start + cut if len(t.text) == len(t.norm) else after_proclitic(t)  # لأسبوعين -> أسبوعين
    half, k = _and_a_half(tokens, i + 1)
    span = doc.span(start, tokens[k - 1].end)
    noun = doc.text[start:t.end]
    return Quantity(span.text, span.start, span.end, _value(2 + half), noun, False) if span else None


#: a unit named once that "ونصف" makes one and a half: "ساعة ونصف الساعة"، "أكثر من عام ونصف"
_SINGULAR_UNITS = frozenset(normalize(w) for w in ("ساعة", "يوم", "أسبوع", "شهر", "عام", "سنة", "دقيقة", "ليلة", "قرن"))


def _one_and_a_half(doc: Doc, tokens: Sequence[Token], i: int, end: int, hit: tuple[Word, int] | None) -> Quantity | None:
    """"ساعة ونصف الساعة" -> 1.5 ساعة; with an approximation or a bound before it ("أكثر من عام
    ونصف"); ``hit`` the number word at ``tokens[i]``."""
    kind = hit[0].kind if hit else ""
    j = i + hit[1] if hit and kind in ("approx", "more", "less") else i
    if j + 1 >= end or tokens[j + 1].norm not in _HALF or not any(f in _SINGULAR_UNITS for f in word_forms(tokens[j].norm)):
        return None
    k = j + 2
    if k < end and tokens[k].norm.startswith("ال") and tokens[k].norm[2:] in word_forms(tokens[j].norm):
        k += 1  # ونصف الساعة
    unit = doc.text[after_proclitic(tokens[j]):tokens[j].end]
    span = doc.span(after_proclitic(tokens[i]), tokens[k - 1].end)
    if span is None:
        return None
    return Quantity(span.text, span.start, span.end, 1.5, unit, kind == "approx", bound={"more": "more", "less": "less"}.get(kind))


def _past(tokens: Sequence[Token], i: int, offset: int) -> int:
    """The index of the first token at or after ``i`` that starts at or after ``offset``."""
    while i < len(tokens) and tokens[i].start < offset:
        i += 1
    return i


def _singular_of(one: str, two: str) -> bool:
    """Whether ``one`` is the singular of the dual ``two``: سنة / سنتين، مرة / مرتين، يوم / يومين."""
    stem = two[:-2] if two.endswith(("ين", "ان")) else two
    return any(f == stem or (f.endswith("ه") and f[:-1] + "ت" == stem) for f in word_forms(one))


def find_quantities(doc: Doc) -> list[Quantity]:
    taken = Taken([(t.start, t.end) for t in doc.times])
    out: list[Quantity] = []
    for sent in doc.sentences:
        tokens = doc.sentence_tokens(sent)
        end = len(tokens)
        may = list(map(_may_start, [t.norm for t in tokens]))  # each word type's once, read in C (issue 19)
        free = 0  # the first token not inside a quantity read already
        for i in compress(range(end), may):  # most tokens start none: only those that may are visited
            t = tokens[i]
            if i < free or t.end - 1 in taken \
                    or (t.norm in _RANGE_LEAD and not (i + 1 < end and may[i + 1])) or _labelled(tokens, i):
                continue
            hit = number_words().match_at(tokens, i, end)
            other = _dual(doc, tokens, i, hit) or _after_noun(doc, tokens, i, end) or _age_decade(tokens, i, end) \
                or _one_and_a_half(doc, tokens, i, end, hit)
            if other is not None:
                out.append(other)
                free = _past(tokens, i, other.end)
                continue
            read = _read_at(tokens, i, end, hit)
            last = read.upper or read.num if read else None
            if read is None or last is None or any(tokens[k].start in taken for k in range(read.num.first, last.end)):
                continue
            q = _quantity(doc, tokens, read, taken)
            if q is not None:
                out.append(q)
            free = max(last.end, i + 1, _past(tokens, i, q.end) if q else 0)
    return out


def _labelled(tokens: Sequence[Token], i: int) -> bool:
    """Whether the number at ``tokens[i]`` is a label: "القرار رقم 12"، "بالرمز (126)"."""
    k = i - 1 if i > 0 and (not tokens[i - 1].is_word or tokens[i - 1].norm == "ال") else i  # رقم ”298”، رقم (12)، دور الـ 16
    return k > 0 and any(f in _LABELS for f in word_forms(tokens[k - 1].norm))


def _value(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 6)


_CLOSE = {"(": ")", "«": "»", "“": "”″\"", "\"": "\"", "'": "'", "[": "]"}


def _quantity(doc: Doc, tokens: Sequence[Token], read: _Read, taken: Taken) -> Quantity | None:
    num, i = read.num, read.first
    last_num = read.upper or num
    big = num.vague or num.scale > 1.0 or last_num.scale > 1.0
    after, opened = last_num.end, i > 0 and tokens[i - 1].text in _CLOSE and i == num.first
    inside = opened and any(tokens[x].text in _CLOSE[tokens[i - 1].text] for x in range(num.first, last_num.end))
    if opened and (inside or after < len(tokens) and tokens[after].text in _CLOSE[tokens[i - 1].text]):
        after += not inside  # "(4878) متقدمة"، "«10» أهداف"، "(2.17) مليار ريال": the marks belong to the span
        i -= 1
    if after < len(tokens) and tokens[after].is_word and tokens[after].norm.isascii() and tokens[after].norm.isalpha():
        return None  # "100 MTB"، "2008 ISO": part of a name or a code
    if _ends_a_name(tokens, i, num, after):
        return None  # «دي بي 9»، “ويندوز 10″: the number closes a name in quotes
    k0 = num.first - 1 - (num.first > 0 and tokens[num.first - 1].norm == "ال")
    bare_label = i == num.first and k0 >= 0 and any(f in _BARE_LABELS for f in word_forms(tokens[k0].norm))
    if num.fraction and after < len(tokens) and tokens[after].norm in _FRACTION_ADJECTIVES:
        return None
    if not tokens[num.first].norm[:1].isdigit() and after < len(tokens) and tokens[after].norm[:1].isdigit():
        return None  # "كانت تسع 600 شخص": a word before a number is the verb, not a count
    last_tok = tokens[num.end - 1]
    pronoun = num.fraction and last_tok.suffix != "" and (last_tok.norm,) not in number_words().phrases  # ثلثه, not ثلثي
    glued = GLUED_UNIT.search(last_tok.norm) if num.end == last_num.end else None
    if glued is not None and not _glued_unit(glued.group(1), glued.group(2)):
        return None  # "30يونيو" a date, "1930على" a year run into the next word
    unit, k = (None, after) if pronoun else (glued.group(2), after) if glued else _unit(tokens, after, len(tokens), big)
    if unit is not None and tokens[k - 1].start in taken:
        unit, k = None, after  # "مقابل 49 اليوم": the word after is a time, not what is counted
    if (unit is None or unit[:1] == "و" or after < len(tokens) and tokens[after].norm == "من") and bare_label \
            and read.upper is None:
        return None  # "الفوج 12"، "الرئيس 21 للولايات": a label
    if glued is not None:
        unit = last_tok.text[len(last_tok.text) - len(glued.group(2)):]  # 100كم -> كم, as written
    if unit is None and opened and after > last_num.end:
        after, i, k = last_num.end, i + 1, last_num.end  # marks around a bare number: not a count's
        unit, k = None, after
    approx = read.approx
    if k < len(tokens) and tokens[k].norm in ("تقريبا",):
        approx, k = True, k + 1
    written_word = not tokens[num.first].norm.isdigit()
    if written_word and unit is not None and (normalize(tokens[num.end - 1].text), normalize(unit)) in _IDIOMS:
        return None  # "بألف خير": well, not a thousand of anything
    if written_word and num.value == 1 and not (approx or read.bound or read.upper):
        return None  # "واحد": an adjective after its noun ("رجل واحد"), or "one of"; اثنين is a count
    if _after_ordinal(tokens, num.first):
        return None  # "في سن الثالثة عشرة": the tens of an ordinal
    half, k = _and_a_half(tokens, k)
    last = k - 1 if k > last_num.end else last_num.end - 1
    start = _word_start(tokens[i]) if i < num.first else tokens[i].start  # ونحو، بنحو -> نحو; واحد stays
    if i == num.first and tokens[i].norm[:1] == "و" and tokens[i].text[:1] == "و" and (
            tokens[i].norm[1:2].isdigit() or number_words().match_at(tokens, i, i + 1, clitics=False) is None):
        start = tokens[i].start + 1  # و80، وآلاف: the و joins it to what came before
    if i == num.first and tokens[i].norm[:1] in "بلف" and tokens[i].text[:1] in "بلف" \
            and (tokens[i].norm[1:],) in number_words().phrases:
        start = tokens[i].start + 1  # لثلاثة أسباب -> ثلاثة أسباب
    if i == num.first and (tokens[i].norm[:1] in "بل" and tokens[i].norm[1:2].isdigit()
                            or tokens[i].norm[:2] == "ال" and tokens[i].norm[2:3].isdigit()):
        start = tokens[i].start + next(x for x, c in enumerate(tokens[i].text) if c.isdigit())  # بـ22، الـ48 -> 22، 48
    span = doc.span(start, tokens[last].end)
    if span is None:
        return None
    upper = _value(read.upper.value) if read.upper else None
    return Quantity(span.text, span.start, span.end, _value(num.value + half), unit, approx or num.vague, num.vague,
                    upper, num.fraction and num.scale == 1.0, read.bound)


#: a number word and the noun after it that say no amount: "وكل عام وأنتم بألف خير"
_IDIOMS = frozenset((normalize(a), normalize(b)) for a, b in (("ألف", "خير"), ("بألف", "خير"), ("ألف", "ليلة")))


_CLOSING = frozenset("»”″\"')")


def _ends_a_name(tokens: Sequence[Token], i: int, num: Number, after: int) -> bool:
    """Whether bare digits are the last word of a name in quotes or brackets: a word before
    them, a closing mark right after ("«إف 16»"، "“ويندوز 10″"، "مقاتلات (إف 16)")."""
    return (i == num.first and num.end - num.first == 1 and tokens[i].norm.isdigit() and i > 0 and tokens[i - 1].is_word
            and after == num.end and after < len(tokens) and tokens[after].text in _CLOSING)


def _word_start(tok: Token) -> int:
    """Where an approximation or bound word starts: after a proclitic the tokeniser left on it
    (بنحو، وحوالي), which the table's first words say."""
    if len(tok.text) == len(tok.norm) and tok.norm not in _opening_words():
        for f in word_forms(tok.norm)[1:]:
            if f in _opening_words():
                return tok.start + len(tok.norm) - len(f)
    return after_proclitic(tok)


def _glued_unit(digits: str, letters: str) -> bool:
    """Whether the letters run onto digits ("100كم"، "14ساعة") are the unit counted: not a
    month ("30يونيو" is a date), not a particle, not a year's next word ("2015عقب")."""
    return not (_year_like(digits) or letters in _NOT_UNITS or letters in dates.months().first_words
                or letters in _FRACTION_ADJECTIVES)


_HALF = frozenset(normalize(w) for w in ("ونصف", "ونصفا"))


def _and_a_half(tokens: Sequence[Token], k: int) -> tuple[float, int]:
    """"خمس سنوات ونصف"، "ساعة ونصف": half a unit more, and the index after it."""
    return (0.5, k + 1) if k < len(tokens) and tokens[k].norm in _HALF else (0.0, k)


@lru_cache(maxsize=1)
def _ordinals() -> frozenset[str]:
    """Ordinal words in both genders (الثالث، الثالثة), from the ordinal days of ``data/ordinal_days.tsv``."""
    words = {k[0] for k in ordinal_days().phrases}
    return frozenset(words | {w + "ه" for w in words})


def _after_ordinal(tokens: Sequence[Token], i: int) -> bool:
    """"الثالثة عشرة"، "دور الستة عشر": عشر after an ordinal or a unit with the article is its teen."""
    if i == 0 or tokens[i].norm not in ("عشر", "عشره"):
        return False
    before = tokens[i - 1].norm
    unit = number_words().phrases.get((before[2:],)) if before.startswith("ال") else None
    return before in _ordinals() or unit is not None and unit.kind == "unit"


@stage("quantities", requires={"sentences", "times"}, provides={"quantities"})
def quantities_stage(doc: Doc, options: Options) -> None:
    doc.quantities = find_quantities(doc)

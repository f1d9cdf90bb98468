"""Quantities: a number, whether it is approximate, and what it counts.

"نحو 30 آلية عسكرية" -> 30 آلية (approx), "مئات الجنود" -> 100 الجنود (vague: an order of
magnitude, its lower bound), "5 ملايين دولار" -> 5000000 دولار, "12%" / "12 في المئة" -> 12 %.
Approximation words (نحو، قرابة، أكثر من، حوالي ...) and number words are data
(``data/numbers.tsv``).  The counted noun is the word after the number (after من for
"عشرات الآلاف من المتظاهرين"), unless that word is a preposition, a conjunction or
another number; numbers inside a time expression (years, days of a date) are not
quantities, so the stage runs after "times".
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..options import Options
from ..pipeline import stage
from ..text.doc import Doc, Token
from ..text.normalize import normalize
from .numbers import Number, number_words, read_number
from .phrases import after_proclitic, word_forms

#: words after a number that are not what it counts
_NOT_UNITS = frozenset(normalize(w) for w in (
    "في", "من", "على", "إلى", "عن", "مع", "و", "أو", "ثم", "أن", "إن", "التي", "الذي", "الذين", "هو", "هي",
    "بين", "حتى", "منذ", "خلال", "بعد", "قبل", "عند", "لدى", "حول", "نحو", "عبر", "ضد", "لا", "لم", "لن", "قد",
    "كما", "كان", "كانت", "إلا", "أي", "كل", "هذا", "هذه", "ذلك", "تلك",
    "بسبب", "جراء", "نتيجة", "إثر", "اثر", "بعد", "وسط", "بين", "داخل", "خارج", "أمام", "تحت", "فوق",
    "منهم", "منها", "منه", "منهن", "منا", "عليهم", "عليها", "لهم", "لها", "له", "فيها", "فيهم"))


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float | int
    unit: str | None
    approx: bool
    vague: bool = False  # "مئات الجنود": the value is an order of magnitude

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "unit": self.unit,
                "approx": self.approx, "vague": self.vague}


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
    if t.norm == "من" and j + 1 < end and tokens[j + 1].is_word and (vague or tokens[j + 1].norm.startswith("ال")):
        j += 1  # عشرات الآلاف من المتظاهرين، آلافا من جثثهم، 3 من الجنود
        t = tokens[j]
    if not t.is_word or t.norm.isdigit() or t.norm in _NOT_UNITS or number_words().match_at(tokens, j, end):
        return None, start
    return t.text, j + 1


@lru_cache(maxsize=65_536)
def _may_start(norm: str) -> bool:
    """Whether a quantity can start at a token: digits, or a number or approximation word."""
    firsts = number_words().first_words
    return norm[:1].isdigit() or any(f in firsts for f in word_forms(norm))


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


def find_quantities(doc: Doc) -> list[Quantity]:
    taken = Taken([(t.start, t.end) for t in doc.times])
    out: list[Quantity] = []
    for sent in doc.sentences:
        tokens = doc.sentence_tokens(sent)
        i, end = 0, len(tokens)
        while i < end:
            if not _may_start(tokens[i].norm) or tokens[i].start in taken:
                i += 1
                continue
            approx_hit = number_words().match_at(tokens, i, end)
            j = i + approx_hit[1] if approx_hit and approx_hit[0].kind == "approx" else i
            num = read_number(tokens, j, end) if j < end else None
            if num is None or any(tokens[k].start in taken for k in range(num.first, num.end)):
                i += 1
                continue
            q = _quantity(doc, tokens, i, num, approx=j > i)
            if q is not None:
                out.append(q)
            i = max(num.end, i + 1)
    return out


def _quantity(doc: Doc, tokens: Sequence[Token], i: int, num: Number, approx: bool) -> Quantity | None:
    unit, k = _unit(tokens, num.end, len(tokens), num.vague)
    if k < len(tokens) and tokens[k].norm in ("تقريبا",):
        approx, k = True, k + 1
    written_word = not tokens[num.first].norm.isdigit()
    if written_word and num.value in (1, 2) and not approx:
        return None  # "واحد" / "اثنين": an adjective after its noun, which is counted by its own form
    last = k - 1 if k > num.end else num.end - 1
    start = after_proclitic(tokens[i]) if i < num.first else tokens[i].start  # ونحو -> نحو; واحد stays
    span = doc.span(start, tokens[last].end)
    if span is None:
        return None
    value: float | int = int(num.value) if float(num.value).is_integer() else num.value
    return Quantity(span.text, span.start, span.end, value, unit, approx or num.vague, num.vague)


@stage("quantities", requires={"sentences", "times"}, provides={"quantities"})
def quantities_stage(doc: Doc, options: Options) -> None:
    doc.quantities = find_quantities(doc)

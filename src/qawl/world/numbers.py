"""Numbers as Arabic news writes them: digits, Arabic-Indic digits and number words.

``read_number`` reads the number that starts at a token: a digit group (with a decimal
point or thousands separators written inside it, 2.5 / 2,500 / ٢٫٥), optionally
followed by a scale word (5 ملايين، 1.5 مليار); or a run of number words joined by
و (ثلاثة وعشرين، مئة وخمسين، ثلاثة آلاف، عشرات الآلاف).  The words are data
(``data/numbers.tsv``); this module holds only how they combine.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..data import rows
from ..text.doc import Token
from .phrases import PhraseTable

#: a decade as a word: الثمانينات، الخمسينيات (a time with its century, an age "من عمره")
DECADE = re.compile(r"ال(عشرين|ثلاثين|اربعين|خمسين|ستين|سبعين|ثمانين|تسعين)(يات|ات)")
#: digits with their unit written on them, no space: "100كم"، "5كغ" (two letters or more: 2016م is a year)
GLUED_UNIT = re.compile(r"(\d+)([\u0621-\u064a]{2,})$")
#: a number as some agencies write it, with ر for the separator and the parts in reverse:
#: "5ر32" is 32.5, "17ر2111" 2111.17, "000ر22" 22000 (three digits after ر are thousands)
_RA_DECIMAL = re.compile(r"(\d+)ر(\d+)")
#: written inside a number between digits, without spaces: a decimal point or a thousands separator
_DECIMAL = {".", "٫"}
_THOUSANDS = {",", "٬", "،"}


@dataclass(frozen=True, slots=True)
class Word:
    kind: str
    value: float | None


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    first: int  # token indices, end exclusive
    end: int
    vague: bool = False  # "مئات": an order of magnitude, not a count
    scale: float = 1.0  # the scale word that closed it (2 ملايين: 1e6), which a range's first number shares
    fraction: bool = False  # "ثلث"، "نصف": a part of what follows, not a count


@lru_cache(maxsize=1)
def number_words() -> PhraseTable[Word]:
    return PhraseTable.build((p, Word(k, None if v == "-" else float(v))) for p, k, v in rows("numbers.tsv"))


def _digits(tokens: Sequence[Token], i: int, end: int, conj: bool = False) -> tuple[float, int] | None:
    """A digit group at ``tokens[i]`` (after و when ``conj``: "بين 20 و30"): its value and the index after it."""
    t = tokens[i]
    norm = t.norm[1:] if (conj and t.norm[:1] == "و" or t.norm[:1] in "بل") and t.norm[1:2].isdigit() else t.norm  # و30، بـ22
    norm = norm[2:] if norm[:2] == "ال" and norm[2:3].isdigit() else norm  # الـ48
    reuters = _RA_DECIMAL.fullmatch(norm)
    if reuters is not None:  # "5ر32"، "000ر22": ر between the parts, the smaller part written first
        low, high = reuters.groups()
        return (float(high) * 1000 + float(low) if len(low) == 3 else float(f"{high}.{low}")), i + 1
    glued = GLUED_UNIT.match(norm)
    if glued is not None:
        return float(glued.group(1)), i + 1  # 100كم: the unit is read off the token by the caller
    if not norm.isdigit():
        return None
    text, j = norm, i + 1
    dotted = _dotted_thousands(tokens, i, end)  # 5.715.969: dots that group thousands
    while j + 1 < end and tokens[j].start == tokens[j - 1].end and tokens[j + 1].start == tokens[j].end \
            and tokens[j + 1].norm.isdigit():
        sep = tokens[j].text
        if dotted and sep == "." and len(tokens[j + 1].norm) == 3:
            text += tokens[j + 1].norm
        elif sep in _DECIMAL and "." not in text:
            text += "." + tokens[j + 1].norm
        elif sep in _THOUSANDS and len(tokens[j + 1].norm) == 3 and "." not in text:
            text += tokens[j + 1].norm
        elif sep in _THOUSANDS and len(tokens[j + 1].norm) <= 2 and "." not in text and text == norm:
            text += "." + tokens[j + 1].norm  # "١١,٩ مليون": a comma before one or two digits is a decimal point
        else:
            break
        j += 2
    if "." not in text and j + 2 < end and tokens[j].text in _DECIMAL and tokens[j + 1].text == "\u200f" \
            and tokens[j + 2].norm.isdigit() and tokens[j].start == tokens[j - 1].end and tokens[j + 2].start == tokens[j + 1].end:
        text, j = text + "." + tokens[j + 2].norm, j + 3  # "5.\u200f26": a right-to-left mark inside the number
    return float(text), j


def _dotted_thousands(tokens: Sequence[Token], i: int, end: int) -> bool:
    """Whether the digits at ``tokens[i]`` are grouped by two dots or more ("5.715.969"،
    "1.900.000"): thousands, as some outlets write them; one dot stays a decimal point."""
    dots, j = 0, i + 1
    while j + 1 < end and tokens[j].text == "." and tokens[j].start == tokens[j - 1].end \
            and tokens[j + 1].start == tokens[j].end and tokens[j + 1].norm.isdigit() and len(tokens[j + 1].norm) == 3:
        dots, j = dots + 1, j + 2
    return dots >= 2 and len(tokens[i].norm.lstrip("وبل")) <= 3


def _word(tokens: Sequence[Token], i: int, end: int, joined: bool, first: bool = False) -> tuple[Word, int] | None:
    """The number word at ``tokens[i]`` (its و taken off when ``joined``; a ب or ل when it is
    the ``first`` word of the number): (word, token count)."""
    hit = number_words().match_at(tokens, i, end, clitics=False)
    if hit is None and joined and tokens[i].norm.startswith("و") and len(tokens[i].norm) > 2:
        w = number_words().phrases.get((tokens[i].norm[1:],))
        hit = (w, 1) if w is not None else None
    if hit is None and tokens[i].norm.startswith("ال"):  # الآلاف، الملايين after عشرات / مئات; الثمانية عشر
        w = number_words().phrases.get((tokens[i].norm[2:],))
        teen = i + 1 < end and tokens[i + 1].norm in TEENS and w is not None and w.kind == "unit"
        hit = (w, 1) if w is not None and (w.kind in ("plural_scale", "scale") or teen) else None
    if hit is None and first and tokens[i].norm[:1] in "بلف" and len(tokens[i].norm) > 3:  # لثلاثة أسباب، بآلاف، بنصف
        w = number_words().phrases.get((tokens[i].norm[1:],))
        hit = (w, 1) if w is not None and w.kind in ("unit", "ten", "hundred", "scale", "plural_scale", "vague",
                                                       "fraction") else None
    if hit is None and tokens[i].suffix and tokens[i].stem_norm:  # ثلثه، نصفنا: a fraction of what the pronoun names
        w = number_words().phrases.get((tokens[i].stem_norm,))
        hit = (w, 1) if w is not None and w.kind == "fraction" else None
    return hit


#: the tens word of a teen: "خمسة عشر"، "الثمانية عشرة"
TEENS = frozenset(("عشر", "عشره"))
_COUNTING = ("unit", "ten", "hundred", "scale", "plural_scale", "vague", "fraction")


_SCALES = (1e3, 1e6, 1e9, 1e12)


def read_number(tokens: Sequence[Token], i: int, end: int | None = None, conj: bool = False) -> Number | None:
    """The number starting at ``tokens[i]``, or None; with ``conj`` its first token may carry
    و (the second number of "بين 20 و30"، "بين عشرين وثلاثين")."""
    end = len(tokens) if end is None else end
    digits = _digits(tokens, i, end, conj)
    if digits is not None:
        value, j = digits
        hit = _word(tokens, j, end, joined=False) if j < end else None
        if hit and hit[0].kind in ("scale", "plural_scale") and hit[0].value in _SCALES:
            scale = hit[0].value or 1.0
            rest = read_number(tokens, j + 1, end, conj=True) if j + 1 < end and tokens[j + 1].norm[:1] == "و" else None
            if rest is not None and rest.value < scale:  # 3 ملايين و450 ألف
                return Number(value * scale + rest.value, i, rest.end, scale=scale)
            return Number(value * scale, i, j + 1, scale=scale)
        return Number(value, i, j)
    words = _read_words(tokens, i, end, conj)
    if words is not None and words.scale > 1.0 and words.end + 1 < end and tokens[words.end].norm[:1] == "و" \
            and tokens[words.end].norm[1:2].isdigit():
        rest = read_number(tokens, words.end, end, conj=True)  # مليار و115 مليون
        if rest is not None and rest.value < words.scale:
            return Number(words.value + rest.value, i, rest.end, scale=words.scale)
    return words


def _follows(kind: str, value: float, last: str, joined: bool) -> bool:
    """Whether a number word continues the number read so far (``last`` the previous word's kind)."""
    if kind in ("scale", "plural_scale"):
        return True  # ثلاثة آلاف، نصف مليون، عشرات الآلاف
    if kind in ("vague", "fraction"):
        return False
    if not joined:  # side by side: only خمسة عشر، ثلاث مئة
        return last == "unit" and ((kind == "ten" and value == 10) or (kind == "hundred" and value == 100))
    after = {"unit": ("hundred", "scale", "plural_scale"), "ten": ("unit", "hundred", "scale", "plural_scale"),
             "hundred": ("scale", "plural_scale")}
    return last in after.get(kind, ())  # ثلاثة وعشرون، مئة وخمسون، ألف ومئة; not عشرين وثلاثين (two numbers)


def _read_words(tokens: Sequence[Token], i: int, end: int, conj: bool = False) -> Number | None:
    total = current = 0.0
    vague = False
    j, last, scale = i, "", 1.0
    while j < end:
        hit = _word(tokens, j, end, joined=j > i or conj, first=j == i)
        if hit is None or hit[0].kind not in _COUNTING:
            break
        w, n = hit
        v = w.value or 0.0
        if j > i and not _follows(w.kind, v, last, tokens[j].norm.startswith("و")):
            break
        if w.kind in ("scale", "plural_scale"):
            scale = v if v in _SCALES else scale
            if not current and not total:
                vague = w.kind == "plural_scale"  # آلاف alone: thousands
            if vague and not current:
                total = (total or 1) * v  # عشرات الآلاف
            else:
                total += (current or 1) * v
            current = 0.0
        elif w.kind == "hundred" and last == "unit" and v == 100:
            current *= v
        elif w.kind == "vague":
            vague, total = True, v
        else:  # unit, ten, hundred, fraction
            current += v
        last = w.kind
        j += n
    if j == i:
        return None
    return Number(total + current, i, j, vague, scale, last == "fraction")

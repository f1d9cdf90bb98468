"""Normalisation for matching only: the original text is never changed.

Diacritics and tatweel go, alef forms become one, final ى/ة are unified with ي/ه,
so that مؤكداً, مؤكدا and مُؤكّدا all match one lexicon entry.
"""
from __future__ import annotations

import re
import unicodedata

from pyarabic import araby

_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: Characters that are written but not seen (soft hyphen, Arabic letter mark, zero-width and
#: directional marks, BOM): a word holding one is still one word (``tokens``) and matches
#: without it.
INVISIBLE = "\u00ad\u061c\u200b-\u200f\u2060\u2066-\u2069\ufeff"
_CONTROL = re.compile(f"[{INVISIBLE}\u202a-\u202e]")


def normalize(text: str) -> str:
    """Matching form of a word or phrase."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    text = araby.strip_tashkeel(araby.strip_tatweel(text))
    text = _CONTROL.sub("", text)
    return text.translate(_ALEF).translate(_DIGITS)


_ARABIC_LETTER = re.compile("[ء-يٱ-ۓﭐ-ﻼ]")
_LETTER = re.compile(r"[^\W\d_]")


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic: the language check behind the non-Arabic warning."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0.0
    return len(_ARABIC_LETTER.findall(text)) / letters

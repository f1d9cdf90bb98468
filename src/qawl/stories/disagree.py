"""Where the reports of one story do not say the same thing.

Two kinds, both read off what the reports put first: *figures* — the lead sentences
(``LEAD_SENTENCES`` of each report) count one thing with different numbers ("25 شخصا"
against "15 شخصا"); and *denials* — a claim that one report asserts and another (or the
same) denies, as grouped by ``repeats``.  A figure is a number followed by the noun it
counts; years, dates and clock times are not figures (``data/not_counted.txt``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations

from ..data import rows
from ..text.normalize import normalize
from .claims import Part
from .lexicon import bare
from .model import ClaimGroup, Disagreement, Mention, StoryClaim

LEAD_SENTENCES = 2
#: A number (Arabic-Indic digits too, decimal point or comma) and the word after it.
_FIGURE = re.compile(r"(?<![\d.,٫])([0-9٠-٩]+(?:[.,٫][0-9٠-٩]+)?)\s*(%|[^\W\d_]{2,})")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩٫", "0123456789.")


@lru_cache(maxsize=1)
def not_counted() -> frozenset[str]:
    return frozenset(normalize(r[0]) for r in rows("not_counted.txt"))


def _number(written: str) -> str:
    """A figure as written, in ASCII digits with a decimal point: 363,378 is a thousands
    separator, 2,5 and ٢٫٥ a decimal comma."""
    digits = written.translate(_DIGITS)
    if _THOUSANDS.match(digits):
        return digits.replace(",", "")
    return digits.replace(",", ".")


def lead_figures(part: Part) -> dict[str, Mention]:
    """Counted noun (matching form) -> its first figure in the lead sentences of a report."""
    doc = part.doc
    out: dict[str, Mention] = {}
    for sent in doc.sentences[:LEAD_SENTENCES]:
        if sent.start >= part.end:
            break
        for m in _FIGURE.finditer(doc.text, sent.start, min(sent.end, part.end)):
            number, noun = _number(m.group(1)), normalize(m.group(2))
            if _YEAR.match(number) or noun in not_counted() or bare(noun) in not_counted():
                continue
            key = noun if noun == "%" else bare(noun).removeprefix("ال")
            out.setdefault(key, Mention(doc.id, m.start(), m.end(), m.group(0), float(number)))
    return out


def _decimals(mention: Mention) -> int:
    found = _FIGURE.match(mention.text)
    assert found is not None  # a mention is a match of _FIGURE
    number = _number(found.group(1))
    return len(number.partition(".")[2])


def same_figure(a: Mention, b: Mention) -> bool:
    """Equal at the precision of the less precise of the two: 71 and 71.08 points agree."""
    places = min(_decimals(a), _decimals(b))
    return abs((a.value or 0) - (b.value or 0)) < 0.5 * 10 ** -places + 1e-9


def figure_disagreements(parts: Sequence[Part]) -> list[Disagreement]:
    """Counted things whose lead figures differ between reports (beyond rounding)."""
    by_noun: dict[str, list[Mention]] = {}
    for part in parts:
        for noun, mention in lead_figures(part).items():
            by_noun.setdefault(noun, []).append(mention)
    out = []
    for mentions in by_noun.values():
        if any(not same_figure(a, b) for a, b in combinations(mentions, 2)):
            about = mentions[0].text.split(maxsplit=1)[-1]
            out.append(Disagreement("figure", about, tuple(sorted(mentions, key=lambda m: m.value or 0))))
    return out


def _speaker(c: StoryClaim) -> str:
    return normalize(c.source or "")


def denial_disagreements(claims: Sequence[StoryClaim], grouped: Sequence[ClaimGroup]) -> list[Disagreement]:
    """A claim denied by one speaker and asserted by another (the same speaker saying both is
    a quirk of reading, not a disagreement)."""
    out = []
    for g in grouped:
        members = [claims[i] for i in g.claims]
        deniers = {_speaker(c) for c in members if c.polarity == "deny"}
        if deniers and any(c.polarity != "deny" and _speaker(c) not in deniers for c in members):
            members.sort(key=lambda c: c.polarity != "deny")  # the denial first
            about = next(c.text for c in members if c.polarity != "deny")
            out.append(Disagreement("denial", about, tuple(Mention(c.article, c.start, c.end, c.text)
                                                           for c in members)))
    return out

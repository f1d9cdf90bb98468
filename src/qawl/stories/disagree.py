"""Where the reports of one story do not say the same thing.

Two kinds, both read off what the reports put first: *figures* — the lead sentences
(``LEAD_SENTENCES`` of each report) count one thing with different numbers ("25 شخصا"
against "15 شخصا"); and *denials* — a claim that one report asserts and another (or the
same) denies, as grouped by ``repeats``.  A figure is a number followed by the noun it
counts; years are not figures.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .claims import Part
from .model import ClaimGroup, Disagreement, Mention, StoryClaim

LEAD_SENTENCES = 2
_NUMBER = re.compile(r"^\d+([.,]\d+)?$")
_YEAR = re.compile(r"^(19|20)\d\d$")


def lead_figures(part: Part) -> dict[str, Mention]:
    """Counted noun (matching form) -> its first figure in the lead sentences of a report."""
    doc = part.doc
    out: dict[str, Mention] = {}
    for sent in doc.sentences[:LEAD_SENTENCES]:
        if sent.start >= part.end:
            break
        toks = [t for t in doc.sentence_tokens(sent) if t.is_word]
        for num, noun in zip(toks, toks[1:]):
            if _NUMBER.match(num.norm) and not _YEAR.match(num.norm) and not noun.norm.isdigit():
                value = float(num.norm.replace(",", "."))
                out.setdefault(noun.stem_norm, Mention(doc.id, num.start, noun.end, doc.text[num.start:noun.end], value))
    return out


def figure_disagreements(parts: Sequence[Part]) -> list[Disagreement]:
    by_noun: dict[str, list[Mention]] = {}
    for part in parts:
        for noun, mention in lead_figures(part).items():
            by_noun.setdefault(noun, []).append(mention)
    out = []
    for noun, mentions in by_noun.items():
        if len({m.value for m in mentions}) > 1:
            about = mentions[0].text.split(maxsplit=1)[-1]
            out.append(Disagreement("figure", about, tuple(sorted(mentions, key=lambda m: m.value or 0))))
    return out


def denial_disagreements(claims: Sequence[StoryClaim], grouped: Sequence[ClaimGroup]) -> list[Disagreement]:
    out = []
    for g in grouped:
        if g.asserted and g.denied:
            members = [claims[i] for i in g.claims]
            members.sort(key=lambda c: c.polarity != "deny")  # the denial first
            about = next(c.text for c in members if c.polarity != "deny")
            out.append(Disagreement("denial", about, tuple(Mention(c.article, c.start, c.end, c.text)
                                                           for c in members)))
    return out

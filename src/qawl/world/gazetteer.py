"""The place gazetteer: Arabic names of countries, capitals, provinces and cities.

Loaded once from ``data/places.tsv`` (written by hand; see its header).  Names are
matched in normal form on whole tokens, so "والعراق", "بالعراق", "للعراق" and
"العراق" all find العراق; a name of several words ("الولايات المتحدة الأمريكية")
is matched longest first.  A variant spelling (سورية, أميركا) resolves to the main
row of its place, with that row's country and coordinates.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..data import rows
from .phrases import PhraseTable, word_forms


@dataclass(frozen=True, slots=True)
class Place:
    """A place the gazetteer knows: its canonical name, kind, country and (maybe) coordinates."""

    canonical: str
    kind: str  # country | capital | city | province | region
    country: str | None
    lat: float | None
    lon: float | None


@lru_cache(maxsize=1)
def places() -> PhraseTable[Place]:
    main: dict[str, Place] = {}
    named: list[tuple[str, str]] = []
    for name, canonical, kind, country, lat, lon in rows("places.tsv"):
        if name == canonical:
            main.setdefault(canonical, Place(canonical, kind, None if country == "-" else country,
                                             None if lat == "-" else float(lat), None if lon == "-" else float(lon)))
        named.append((name, canonical))
    return PhraseTable.build((name, main[canonical]) for name, canonical in named if canonical in main)


def is_place_word(norm: str) -> bool:
    """Whether a token (in normal form) can start a known place name: a feature for the tagger."""
    firsts = places().first_words
    return any(f in firsts for f in word_forms(norm))


def resolve(words: list[str]) -> Place | None:
    """The place a mention's words (as written) name, if the gazetteer knows it."""
    return places().lookup(words)

#!/usr/bin/env python3
"""Build ``src/qawl/data/known_names.tsv``: Arabic names of places and person-name words
from installed packages, read by the NER tagger as features (``qawl.world.ner``).

ANERcorp's 125k training words hold too few names to learn from the words alone; a
list of names the corpus never saw tells the tagger that "ينبع" is a town and
"ليفاندوفسكي" a surname.  The lists are only features: the CRF learns how far to trust
each of them (a place list also holds words such as "الأمل"), so no filtering by hand.

Sources (install them first; nothing is downloaded here):
  country  Debian ``iso-codes`` (LGPL-2.1+): the Arabic translations of ISO 3166-1/-3
           country names; Debian ``unicode-cldr-core`` (Unicode-DFS-2016, Unicode, Inc.):
           CLDR's Arabic territory names.
  place    Debian ``libgeonames-common`` (data CC-BY-4.0, GeoNames, www.geonames.org): the
           Arabic names of its cities; CLDR's Arabic exemplar cities of time zones.
  person   PyPI ``arabnamer`` (MIT, Elsayed Yousef): the Arabic sides of its Latin-to-Arabic
           name dictionary (``data/dict_FINAL.json``), cut into words.  Install it with
           ``pip install -e '.[train]'``; qawl does not need it at run time.

    apt-get install iso-codes unicode-cldr-core libgeonames-common
    python scripts/make_known_names.py
"""
from __future__ import annotations

import gettext
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from qawl.text.normalize import is_arabic_letter, normalize  # noqa: E402

OUT = ROOT / "src" / "qawl" / "data" / "known_names.tsv"
LOCALE = Path("/usr/share/locale/ar/LC_MESSAGES")
CLDR_AR = Path("/usr/share/unicode/cldr/common/main/ar.xml")
MAX_WORDS = 4  # a longer "name" is a description ("جمهورية اتحاد بورما الاشتراكية")
_MARKS = str.maketrans("", "", "\u200e\u200f\u200b\u061c")

HEADER = """\
# Known names for the NER tagger's features, made by scripts/make_known_names.py (do not edit by hand).
# Columns: name<TAB>kind
#   country  a country or territory: Arabic translations of ISO 3166 in Debian iso-codes
#            (LGPL-2.1+), and Arabic territory names of the Unicode CLDR (unicode-cldr-core,
#            Copyright (c) 1991-2022 Unicode, Inc., Unicode-DFS-2016 licence, see
#            https://www.unicode.org/copyright.html)
#   place    a city or town: GeoNames Arabic city names as packaged in Debian libgeonames-common
#            (GeoNames, www.geonames.org, licensed under CC BY 4.0,
#            https://creativecommons.org/licenses/by/4.0/; names selected and normalised here),
#            and CLDR's Arabic exemplar cities
#   person   a word of a person's name: the Arabic side of the name dictionary in the PyPI
#            package arabnamer 0.1 (MIT licence, Copyright (c) Elsayed Yousef)
# A name may have several kinds (one row each).  Names are as the sources write them.
"""


def clean(name: str | None) -> str | None:
    """A source name as one space-separated Arabic phrase, or None when it is not one."""
    if not name:
        return None
    name = " ".join(name.translate(_MARKS).split())
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(is_arabic_letter(c) for c in letters):
        return None
    if any(c in name for c in "()،,/-.") or len(name.split()) > MAX_WORDS or len(normalize(name)) < 2:
        return None
    return name


def catalogue(path: Path) -> Iterator[str]:
    """The translated strings of a gettext catalogue."""
    if path.exists():
        with path.open("rb") as f:
            yield from (v for k, v in gettext.GNUTranslations(f)._catalog.items() if k)


def countries() -> Iterator[str]:
    for name in ("iso_3166-1.mo", "iso_3166-3.mo"):
        yield from catalogue(LOCALE / name)
    if CLDR_AR.exists():
        root = ET.parse(CLDR_AR).getroot()
        yield from (t.text or "" for t in root.iterfind(".//territories/territory"))


def places() -> Iterator[str]:
    yield from catalogue(LOCALE / "geonames.mo")
    if CLDR_AR.exists():
        root = ET.parse(CLDR_AR).getroot()
        yield from (c.text or "" for c in root.iterfind(".//timeZoneNames/zone/exemplarCity"))


def person_words() -> Iterator[str]:
    """The words of the Arabic names in arabnamer's dictionary."""
    try:
        table = json.loads((resources.files("arabnamer") / "data" / "dict_FINAL.json").read_text(encoding="utf-8"))
    except ModuleNotFoundError:
        sys.exit("make_known_names: arabnamer is not installed (pip install -e '.[train]')")
    for arabic in table.values():
        yield from arabic.split()


def rows(kind: str, names: Iterable[str]) -> list[tuple[str, str]]:
    """Sorted unique (name, kind) rows, one per matching form."""
    seen: dict[str, str] = {}
    for name in names:
        name = clean(name)
        if name is not None:
            seen.setdefault(normalize(name), name)
    return [(seen[k], kind) for k in sorted(seen)]


def main() -> int:
    table = rows("country", countries()) + rows("place", places()) + rows("person", person_words())
    lines = [HEADER] + [f"{name}\t{kind}\n" for name, kind in table]
    OUT.write_text("".join(lines), encoding="utf-8")
    counts = {k: sum(1 for _, kind in table if kind == k) for k in ("country", "place", "person")}
    print(f"{counts} -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

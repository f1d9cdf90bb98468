"""One message catalogue for every user-facing string that has to exist in two languages.

The web interface speaks Arabic and the CLI report speaks English around Arabic content; both
say the same things (an integrity reason, a story's disagreement, a page's labels). Keeping each
message once, keyed, with its English and Arabic side by side in ``data/messages/*.tsv`` means a
translator edits data, not code, and a test can prove that no key lacks a language.

Each file has the header ``key<TAB>en<TAB>ar``; a message may hold ``{name}`` fields filled by
``str.format``. Keys are unique across files; loading fails loudly on a duplicate key, a missing
column or an empty text.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from babel import Locale

from .data import rows

LANGUAGES = ("en", "ar")
HEADER = ["key", *LANGUAGES]


class CatalogueError(ValueError):
    """A message file breaks the catalogue's format (raised at load, never at display time)."""


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """key -> {language: text}, read once from every ``data/messages/*.tsv``."""
    out: dict[str, dict[str, str]] = {}
    folder = resources.files("qawl.data") / "messages"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".tsv"):
            continue
        lines = [ln for ln in entry.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
        if not lines or lines[0].split("\t") != HEADER:
            raise CatalogueError(f"{entry.name}: the first line must be the header {'<TAB>'.join(HEADER)}")
        for n, line in enumerate(lines[1:], 2):
            cols = line.split("\t")
            if len(cols) != len(HEADER) or not all(c.strip() for c in cols):
                raise CatalogueError(f"{entry.name}: line {n}: expected {len(HEADER)} non-empty columns")
            if cols[0] in out:
                raise CatalogueError(f"{entry.name}: line {n}: key {cols[0]!r} is defined twice")
            out[cols[0]] = dict(zip(LANGUAGES, cols[1:]))
    return out


def text(key: str, lang: str = "en", /, **fields: object) -> str:
    """The message ``key`` in ``lang`` with its ``{fields}`` filled; an unknown key raises KeyError."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    template = catalogue()[key][lang]
    return template.format(**fields) if fields else template


#: The CLDR plural categories of Arabic that ``data/counted.tsv`` gives a form for, in column order.
AR_FORMS = ("one", "two", "few", "many", "other")


@lru_cache(maxsize=1)
def counted() -> dict[str, dict[str, str]]:
    """noun key -> {"en_one", "en_other", "ar_one", ... "ar_other"} from ``data/counted.tsv``."""
    columns = ["en_one", "en_other", *(f"ar_{f}" for f in AR_FORMS)]  # the file's schema checks each row
    return {row[0]: dict(zip(columns, row[1:])) for row in rows("counted.tsv")}


@lru_cache(maxsize=1)
def _arabic_plural() -> Callable[[float], str]:
    """babel's CLDR plural rule of Arabic (building the Locale per count cost 40 µs a count)."""
    return Locale("ar").plural_form


def count(n: int, noun: str, lang: str = "ar") -> str:
    """``n`` of ``noun`` as a reader writes it, the one place counts are worded: in Arabic the
    noun agrees with the number (مقال واحد، مقالان، 5 مقالات، 11 مقالًا، 100 مقال; babel gives
    the CLDR category of ``n``), in English "1 article", "5 articles"."""
    forms = counted()[noun]
    if lang == "en":
        return f"{n} {forms['en_one'] if n == 1 else forms['en_other']}"
    if lang != "ar":
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    category = _arabic_plural()(abs(n))
    if category in ("one", "two"):
        return forms[f"ar_{category}"]
    return f"{n} {forms['ar_' + (category if category in AR_FORMS else 'other')]}"


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    """outlet slug -> the Arabic name readers know it by (``data/outlets.tsv``)."""
    return {slug: name for slug, name in rows("outlets.tsv")}


def outlet_name(outlet: str | None) -> str | None:
    """An outlet as a reader of the Arabic interface knows it: its Arabic name where
    ``data/outlets.tsv`` has the slug, else as the input gave it."""
    return outlets().get(outlet, outlet) if isinstance(outlet, str) else outlet

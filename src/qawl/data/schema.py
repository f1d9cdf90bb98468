"""What each data file may hold, declared once and checked when the file is loaded.

A data file is data a contributor edits by hand; a typo in it (a ``meaning`` of ``asert``, a
``takes`` flag that is no preposition, a clause-word kind nobody reads) used to load silently and
change behaviour far away.  Here every file under ``qawl/data`` names its columns and the values
each may take, and :func:`qawl.data.rows` refuses a row that breaks them with the file, the line
and what is wrong (``DataError``), when the file is first read.  The vocabularies below are the
constants the code reads: a kind a rule asks for that is not declared here is a bug too.

The message catalogue (``data/messages/*.tsv``) has its own checks in ``qawl.messages``; the
models (``data/models/*.json``, ``ner.crfsuite``) are read by their own loaders.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: cues.tsv ``meaning``: what a reporting verb says of its content (deny turns the polarity).
CUE_MEANINGS = ("assert", "confirm", "deny", "claim", "warn", "demand", "promise", "accuse", "opinion",
                "reveal", "add", "relay")
#: cues.tsv ``takes`` flags that are not prepositions (see the file's header).
CUE_TAKES_FLAGS = ("np", "obj", "desc", "in_doc")
#: cues.tsv ``takes`` prepositions whose object is the content (دعا إلى، اتهم ب).
CUE_PREPOSITIONS = ("إلى", "على", "عن", "من", "ب", "في")
#: clause_words.tsv kinds, read by qawl.attribution (see the file's header for each).
CLAUSE_KINDS = ("comp", "event", "time", "adjunct", "opener", "relative", "pronoun", "pp", "ambiguous",
                "audience", "adverbial", "butpron", "hal", "timepp", "duration", "namepart", "gesture", "linker",
                "copula")
#: claim_words.tsv kinds, read by qawl.claims.frame.
CLAIM_WORD_KINDS = ("aux", "preverb", "passive", "notverb", "boundary")
#: speakers.tsv kinds, read by qawl.attribution and the NER features.
SPEAKER_KINDS = ("rank", "office", "media", "source", "anon")
#: entity_cues.tsv classes, features of the NER tagger.
ENTITY_CUE_CLASSES = ("org", "loc", "given")
#: negation.tsv kinds.
NEGATION_KINDS = ("neg", "without")
#: months.tsv calendars.
CALENDARS = ("gregorian", "levantine", "maghreb", "hijri")
#: time_words.tsv kinds, read by qawl.world.times.
TIME_WORD_KINDS = ("day", "week", "month", "year", "weekday", "past", "future", "season", "days", "weeks",
                   "months", "years", "decades", "hours", "century", "undated", "event", "part", "modifier", "new_year", "name")
#: period_parts.tsv readings: an exact fraction of any period, or a conventional part of a month or a year.
PART_READINGS = ("fraction", "name")
#: months.tsv readings: a month wherever it stands, or only in a date context (مارس، صفر).
MONTH_READINGS = ("alone", "context")
#: tense.tsv tenses, read by qawl.world.times.
TENSES = ("future", "past", "present")
#: numbers.tsv kinds, read by qawl.world.numbers.
NUMBER_KINDS = ("unit", "teen", "ten", "hundred", "scale", "plural_scale", "vague", "fraction", "approx",
                "more", "less", "percent", "dual")
#: furniture.tsv: how a row matches a line (see qawl.text.furniture).
FURNITURE_KINDS = ("line", "prefix", "opening")
#: places.tsv kinds.
PLACE_KINDS = ("country", "capital", "city", "province", "region")
#: known_names.tsv kinds (built by scripts/make_known_names.py), features of the NER tagger.
KNOWN_NAME_KINDS = ("country", "place", "person")

NONE = "-"  # "no value" in a column that allows it


class DataError(ValueError):
    """A data file breaks its declared shape (raised at load, with the file and line)."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the values it may take.  ``values`` None means any non-empty text;
    ``number`` a column of ``int`` or ``float`` (``low``/``high`` inclusive bounds);
    ``none``: ``-`` stands for no value; ``many``: comma-separated values, each checked."""

    name: str
    values: frozenset[str] | None = None
    number: type | None = None
    low: float | None = None
    high: float | None = None
    none: bool = False
    many: bool = False

    def problem(self, value: str) -> str | None:
        """What is wrong with ``value`` in this column, or None."""
        if value != value.strip() or not value:
            return f"{self.name} {value!r} is empty or has spaces around it"
        if value == NONE and self.none:
            return None
        for part in (value.split(",") if self.many else [value]):
            wrong = self._one(part.strip())
            if wrong:
                return wrong
        return None

    def _one(self, value: str) -> str | None:
        if self.values is not None and value not in self.values:
            return f"{self.name} {value!r} is not one of {', '.join(sorted(self.values))}"
        if self.number is not None:
            try:
                n = self.number(value)
            except ValueError:
                return f"{self.name} {value!r} is not {'a whole number' if self.number is int else 'a number'}"
            if (self.low is not None and n < self.low) or (self.high is not None and n > self.high):
                return f"{self.name} {value!r} is outside {self.low:g}..{self.high:g}"
        return None


@dataclass(frozen=True, slots=True)
class FileSchema:
    """A data file's columns; ``header``: its first row names them (and is not returned);
    ``unique``: the first column names each entry once (its readers keep one value per key)."""

    columns: tuple[Column, ...]
    header: bool = False
    unique: bool = False

    def check(self, name: str, text: str) -> list[list[str]]:
        """The rows of data file ``name`` holding ``text``: comments, blank lines and the header
        left out, each checked; a bad row is a DataError naming its line."""
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
        table = [line.split("\t") for _, line in lines]
        names = [c.name for c in self.columns]
        if self.header:
            if not table or table[0] != names:
                raise DataError(f"{name}: the first row must name the columns {'<TAB>'.join(names)}")
            lines, table = lines[1:], table[1:]

        def fail(i: int, problem: str) -> DataError:
            return DataError(f"{name}: line {lines[i][0]}: {problem}")

        widths = [len(row) for row in table]
        if any(w != len(names) for w in widths):
            i = next(i for i, w in enumerate(widths) if w != len(names))
            raise fail(i, f"{widths[i]} columns, expected {len(names)} ({', '.join(names)})")
        for col, values in zip(self.columns, zip(*table)):
            for value in dict.fromkeys(values):  # each distinct value once, in file order
                wrong = col.problem(value)
                if wrong:
                    raise fail(values.index(value), wrong)
        first: dict[object, int] = {}
        distinct = len({row[0] for row in table}) if self.unique else len(set(map(tuple, table)))
        for i, row in enumerate(table if distinct < len(table) else ()):  # a repeated row repeats its key too
            earlier = first.setdefault(row[0] if self.unique else tuple(row), i)
            if earlier != i:
                said = f"{row[0]!r} is already given on" if self.unique else "the same row as"
                raise fail(i, f"{said} line {lines[earlier][0]}")
        return table


def _text(name: str) -> Column:
    return Column(name)


def _of(name: str, values: Sequence[str], none: bool = False, many: bool = False) -> Column:
    return Column(name, values=frozenset(values), none=none, many=many)


def _words(kind: str, kinds: Sequence[str], unique: bool = False) -> FileSchema:
    """A ``word<TAB>kind`` file."""
    return FileSchema((_text("word"), _of(kind, kinds)), unique=unique)


_LIST = FileSchema((_text("word"),))
_COUNT = Column("count", number=int, low=0)

#: Every data file under qawl/data (path relative to it) -> its shape.
SCHEMAS: dict[str, FileSchema] = {
    "cues.tsv": FileSchema((
        _text("lemma"), _of("meaning", CUE_MEANINGS),
        _text("past"), _text("present"), _text("participle"), _text("masdar"),
        _of("takes", (*CUE_TAKES_FLAGS, *CUE_PREPOSITIONS), none=True, many=True),
    ), header=True, unique=True),
    "shared_cue_forms.tsv": FileSchema((_text("form"), _text("lemma")), unique=True),
    "according_to.tsv": FileSchema((_text("phrase"), _text("lemma")), unique=True),
    "agencies.tsv": FileSchema((_text("written form"), _text("name")), unique=True),
    "outlets.tsv": FileSchema((_text("slug"), _text("Arabic name")), unique=True),
    "counted.tsv": FileSchema((_text("noun"), _text("en_one"), _text("en_other"), *(_text(f"ar_{f}") for f in
                               ("one", "two", "few", "many", "other"))), unique=True),
    "anaphora.tsv": _LIST,
    "antonyms.tsv": FileSchema((_text("one side"), _text("other side"))),
    "claim_words.tsv": _words("kind", CLAIM_WORD_KINDS),
    "clause_words.tsv": _words("kind", CLAUSE_KINDS),
    "editorial.tsv": FileSchema((_text("phrase"), _text("gloss")), unique=True),
    "entity_cues.tsv": _words("class", ENTITY_CUE_CLASSES, unique=True),
    "known_names.tsv": FileSchema((_text("name"), _of("kind", KNOWN_NAME_KINDS))),
    "months.tsv": FileSchema((_text("name"), _of("calendar", CALENDARS),
                              Column("month", number=int, low=1, high=12), _of("reading", MONTH_READINGS)),
                             unique=True),
    "ordinal_days.tsv": FileSchema((_text("phrase"), Column("day", number=int, low=1, high=31)), unique=True),
    "period_parts.tsv": FileSchema((_text("phrase"), Column("part", number=int, low=-1, high=4),
                                    Column("of", number=int, low=0, high=4), _of("reading", PART_READINGS)), unique=True),
    "holidays.tsv": FileSchema((_text("phrase"), Column("month", number=int, low=0, high=12),
                                Column("day", number=int, low=1, high=30)), unique=True),
    "tense.tsv": _words("tense", TENSES, unique=True),
    "negation.tsv": _words("kind", NEGATION_KINDS, unique=True),
    "numbers.tsv": FileSchema((_text("phrase"), _of("kind", NUMBER_KINDS),
                               Column("value", number=float, none=True)), unique=True),
    "place_words.tsv": FileSchema((_text("word"), _text("place")), unique=True),
    "places.tsv": FileSchema((_text("name"), _text("canonical"), _of("kind", PLACE_KINDS),
                              Column("country", none=True), Column("lat", number=float, low=-90, high=90, none=True),
                              Column("lon", number=float, low=-180, high=180, none=True))),
    "speakers.tsv": _words("kind", SPEAKER_KINDS, unique=True),
    "time_words.tsv": FileSchema((_text("phrase"), _of("kind", TIME_WORD_KINDS),
                                  Column("offset", number=int, none=True)), unique=True),
    "topic_shifts.tsv": FileSchema((_text("opening"),)),
    "word_clusters.tsv": FileSchema((_text("word"), *(Column(f"cluster{k}", number=int, low=0, high=k - 1)
                                                     for k in (32, 128, 512, 2048)), _COUNT), unique=True),
    "abbreviations.txt": _LIST,
    "generic_speakers.txt": _LIST,
    "not_counted.txt": _LIST,
    "person_names.txt": _LIST,
    "models/integrity_idf.tsv": FileSchema((_text("stem"), _COUNT), unique=True),
    "furniture.tsv": FileSchema((_of("matches", FURNITURE_KINDS), _text("normal form"),
                                 Column("articles", number=int, low=1, none=True))),
}


def schema_of(name: str) -> FileSchema:
    """The declared shape of data file ``name``; a file with none is refused, so a new file
    gets its columns declared before anything reads it."""
    try:
        return SCHEMAS[name]
    except KeyError:
        raise DataError(f"{name}: no schema declared in qawl/data/schema.py") from None

"""The Python API: ``analyze`` one text, ``analyze_many`` a stream of articles."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from .io.records import lone_surrogate, record_problem
from .options import Options
from .pipeline import Pipeline
from .text.doc import Doc
from .text.normalize import arabic_ratio


class InputError(ValueError):
    """An article that cannot be analysed, with a message fit for one line."""


@lru_cache(maxsize=16)
def _pipeline(only: tuple[str, ...] | None) -> Pipeline:
    return Pipeline(only)


def analyze(
    text: str,
    date: str | None = None,
    *,
    id: str = "",
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    options: Options | None = None,
) -> Doc:
    """Analyse one article; every span of the result points into ``text``."""
    options = options or Options()
    if not isinstance(text, str):
        raise InputError(f"article {id or '?'}: text must be a string, not {type(text).__name__}")
    if not text.strip():
        raise InputError(f"article {id or '?'}: empty text")
    surrogate = lone_surrogate(text)
    if surrogate:  # valid in a Python string, but no Unicode text: no stage could write it out
        raise InputError(f"article {id or '?'}: text holds a lone surrogate ({surrogate}): not valid Unicode text")
    if len(text) > options.max_article_chars:
        raise InputError(
            f"article {id or '?'}: {len(text):,} characters, over the limit of {options.max_article_chars:,}"
        )
    doc = Doc(text=text, id=id, date=date, outlet=outlet, title=title, url=url)
    ratio = arabic_ratio(text)
    if ratio < options.min_arabic_ratio:
        doc.warnings.append(f"article {id or '?'}: not Arabic text ({ratio:.0%} Arabic letters); analysed anyway")
    return _pipeline(options.only)(doc, options)


def analyze_record(record: Mapping[str, Any], options: Options | None = None) -> Doc:
    """Analyse one input record ``{"id", "text", "date"?, "outlet"?, "title"?, "url"?}``;
    a record of the wrong shape (a title that is an object, a lone surrogate) is an
    ``InputError``, not a failure deep inside a stage."""
    problem = record_problem(record)
    if problem:
        raise InputError(f"article {_id_of(record)}: {problem}")
    text: Any = record.get("text")  # analyze refuses what is not a string, in one line
    return analyze(
        text,
        record.get("date"),
        id=str(record.get("id", "")),
        outlet=record.get("outlet"),
        title=record.get("title"),
        url=record.get("url"),
        options=options,
    )


def _id_of(record: Mapping[str, Any]) -> str:
    """A record's id fit for a one-line message, whatever it holds."""
    ident = record.get("id")
    if not isinstance(ident, (str, int)) or isinstance(ident, bool) or lone_surrogate(ident):
        return ascii(ident)[:80]
    return " ".join(str(ident).split())[:80] or "?"


def analyze_many(records: Iterable[Mapping[str, Any]], options: Options | None = None) -> Iterator[Doc]:
    """Analyse a stream of records lazily, one at a time (constant memory)."""
    for record in records:
        yield analyze_record(record, options)

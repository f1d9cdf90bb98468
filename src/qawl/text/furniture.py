"""Page furniture: footers, bylines, captions and contact lines that are not news text.

A site wraps its articles in lines it repeats ("رابط الخبر بصحيفة الوئام: ..."، "(تصوير: المحرر)"،
"للتواصل مع الكاتب ..."، "// انتهى //").  They are marked at segmentation time (``Sentence.furniture``)
so that no stage reads them as a report's sentences; the integrity model never ranks them.  What
furniture looks like is learned from clean news by ``scripts/make_furniture.py`` (lines an outlet
repeats across many articles, short and not ending as a sentence does), kept in ``data/furniture.tsv``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import data
from .normalize import normalize

FILE = "furniture.tsv"
#: A line longer than this is prose, whatever its first words.
MAX_WORDS = 40
STOPS = (".", "؟", "!", "?")
_DIGIT = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
#: where a sentence ends inside a line and the next one starts
_SENTENCE_BREAK = re.compile(r"[.؟!?][\"»)]?\s+")


def line_key(line: str) -> str:
    """A line's matching form: normal form, digits runs as 0, spaces collapsed."""
    return _SPACE.sub(" ", _DIGIT.sub("0", normalize(line))).strip()


@lru_cache(maxsize=1)
def table() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """(whole lines, first words of lines, openings) that mark furniture."""
    kinds: dict[str, set[str]] = {"line": set(), "prefix": set(), "opening": set()}
    for how, key, *_ in data.rows(FILE):
        kinds[how].add(key)
    return frozenset(kinds["line"]), frozenset(kinds["prefix"]), tuple(sorted(kinds["opening"]))


def is_furniture(line: str, key: str | None = None) -> bool:
    """A line of page furniture: learned whole, or opening as learned furniture does, and short."""
    key = line_key(line) if key is None else key
    words = key.split()
    if not words or len(words) > MAX_WORDS:
        return False
    lines, prefixes, openings = table()
    if key in lines or key.startswith(openings):
        return True
    # a line that ends as a sentence does is prose after a dateline or a byline, not furniture
    return not line.rstrip().endswith(STOPS) and (" ".join(words[:2]) in prefixes or " ".join(words[:3]) in prefixes)


def run_in_start(line: str, key: str | None = None) -> int | None:
    """Where furniture run into a line of prose starts, or None.

    Some sites (and copies that lost their line breaks) put the footer or caption on the line of
    the last sentence: "... حتى لحظة كتابة هذا التقرير. رابط الخبر بصحيفة الوئام: ...".  Only the
    openings (``opening`` rows: a footer, a caption, "اقرأ أيضا") are looked for there, right after
    a sentence's end, and the rest of the line must be short: a prefix learned from whole lines says
    too little about a sentence inside prose."""
    openings = table()[2]
    key = line_key(line) if key is None else key
    if not any(o in key for o in openings):  # the tail's matching form is a piece of the line's
        return None
    found = None
    # the rest of the line after a later break is a tail of the rest after an earlier one, so once a rest
    # is too long every earlier one is: read from the line's end back, the earliest break that opens
    # furniture is the answer, and the long rests are not normalised one a sentence (issue 19)
    for m in reversed(list(_SENTENCE_BREAK.finditer(line))):
        rest = line_key(line[m.end():])
        if len(rest.split()) > MAX_WORDS:
            break
        if rest and rest.startswith(openings):
            found = m.end()
    return found


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every line of ``text`` that is furniture, or of its run-in tail."""
    out = []
    at = 0
    for line in text.split("\n"):
        if line.strip():
            key = line_key(line)
            if is_furniture(line, key):
                out.append((at, at + len(line)))
            elif (start := run_in_start(line, key)) is not None:
                out.append((at + start, at + len(line)))
        at += len(line) + 1
    return out

"""Full-text search over Arabic: both sides of the match are qawl's matching forms.

An article is indexed as the normal form of each of its words followed by the normal
form of its stem when clitics came off (والوزير -> والوزير وزير), and a query word
is looked up as itself or its stem, so الوزير finds وزير, والوزير and للوزير (and وزير,
which the segmenter may wrongly read as و + زير, still finds itself).  SQLite's FTS5
and PostgreSQL's ``simple`` text search both see only these pre-normalised words, so
the two backends find the same articles.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..text.tokens import tokenize, word_forms

#: A snippet shows about this many characters of text around its first match.
SNIPPET_CHARS = 160
#: Query words beyond this many are ignored: a pasted paragraph is not a query.
MAX_QUERY_WORDS = 16


def index_text(*texts: str | None) -> str:
    """The words of ``texts`` as the search index stores them."""
    words: list[str] = []
    for text in texts:
        for _, _, norm, stem in word_forms(text or ""):
            words.append(norm.lower())
            if stem and stem != norm:
                words.append(stem.lower())
    return " ".join(words)


Term = tuple[str, ...]  # one query word: the index words any of which matches it


def query_terms(query: str) -> list[Term]:
    """What a query looks for: every word must match, as itself or as its stem."""
    terms: list[Term] = []
    for tok in tokenize(query):
        if not tok.is_word:
            continue
        term = tuple(dict.fromkeys(w.lower() for w in (tok.norm, tok.stem_norm) if w))
        if term not in terms:
            terms.append(term)
    return terms[:MAX_QUERY_WORDS]


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression; every word a quoted string, so no query word is an operator."""
    return " AND ".join("(" + " OR ".join('"' + w.replace('"', '""') + '"' for w in t) + ")" for t in terms)


def tsquery(terms: list[Term]) -> str:
    """The same for PostgreSQL's ``to_tsquery``; words are letters, marks, digits and ``_``
    only (the tokeniser's words), and each is quoted as a lexeme all the same."""
    return " & ".join("(" + " | ".join("'" + w.replace("'", "''") + "'" for w in t) + ")" for t in terms)


@dataclass(frozen=True, slots=True)
class Snippet:
    """A window of the article's text; ``marks`` are ``(start, end)`` of matched words in it,
    offsets into the snippet text, so a page can highlight them without parsing anything."""

    text: str
    start: int  # where the window starts in the article text
    marks: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "marks": [list(m) for m in self.marks]}


def snippet(text: str, terms: list[Term]) -> Snippet:
    """The part of ``text`` around the first word that matches a term (or its beginning)."""
    wanted = {w for t in terms for w in t}
    hits: list[tuple[int, int]] = []
    end = len(text)
    for s, e, norm, stem in word_forms(text):  # read only up to the end of the window
        if hits and s >= end:
            break
        if norm.lower() in wanted or (stem or "").lower() in wanted:
            if not hits:
                end = _window(text, s)[1]
            hits.append((s, e))
    start, end = _window(text, hits[0][0] if hits else 0)
    marks = tuple((s - start, e - start) for s, e in hits if start <= s and e <= end)
    return Snippet(text[start:end], start, marks)


def _window(text: str, centre: int) -> tuple[int, int]:
    """About SNIPPET_CHARS around ``centre`` (a third before it), cut at spaces."""
    start = max(0, centre - SNIPPET_CHARS // 3)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space < end + 20 else end
    return start, end

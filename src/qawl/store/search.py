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

from ..text.tokens import tokenize

#: A snippet shows about this many characters of text around its first match.
SNIPPET_CHARS = 160
#: Query words beyond this many are ignored: a pasted paragraph is not a query.
MAX_QUERY_WORDS = 16


def index_text(*texts: str | None) -> str:
    """The words of ``texts`` as the search index stores them."""
    words: list[str] = []
    for text in texts:
        for tok in tokenize(text or ""):
            if tok.is_word:
                words.append(tok.norm.lower())
                if tok.stem_norm and tok.stem_norm != tok.norm:
                    words.append(tok.stem_norm.lower())
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
    hits = [t for t in tokenize(text) if t.is_word and
            (t.norm.lower() in wanted or (t.stem_norm or "").lower() in wanted)]
    centre = hits[0].start if hits else 0
    start = max(0, centre - SNIPPET_CHARS // 3)
    if start:  # begin at a word boundary
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space < end + 20 else end
    marks = tuple((h.start - start, h.end - start) for h in hits if start <= h.start and h.end <= end)
    return Snippet(text[start:end], start, marks)

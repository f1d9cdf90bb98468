"""Sourcing: an assertion nobody is said to have made, in a report built from sources.

A news report attributes its claims; a sentence that states a contested fact with no
speaker, or in the writer's own editorial voice (لا شك، بالفعل، من الواضح), is what an
insertion of opinion as fact looks like.  Editorial words inside a quotation are the
speaker's, so only those outside attributed content count fully.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import compress

from .. import data
from ..text.doc import Doc, Token
from ..text.normalize import normalize
from .context import NAME_IDF, ArticleContext, SentenceFacts, bare, forms
from .evidence import Signals, ev, joined

EDITORIAL_FILE = "editorial.tsv"


@lru_cache(maxsize=1)
def editorial_phrases() -> dict[tuple[str, ...], str]:
    """Editorial phrases as tuples of normal-form words, each with its gloss."""
    out = {}
    for row in data.rows(EDITORIAL_FILE):
        words = tuple(bare(normalize(w)) if k else normalize(w) for k, w in enumerate(row[0].split()))
        out[words] = row[1] if len(row) > 1 else ""
    return out


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(p[0] for p in editorial_phrases())


@lru_cache(maxsize=262_144)
def _may_open(norm: str) -> bool:
    """Whether a word (as written or without an attached و/ف) is the first word of an editorial
    phrase: asked once a word type, not once a token (issue 19)."""
    firsts = _first_words()
    return any(f in firsts for f in forms(norm))


def editorial_hits(words: list[Token]) -> list[tuple[int, int, str]]:
    """(first token, last token exclusive, phrase as written) of every editorial phrase."""
    phrases = editorial_phrases()
    longest = max((len(p) for p in phrases), default=0)
    norms = [t.norm for t in words]
    hits: list[tuple[int, int, str]] = []
    free = 0  # the first word after the last phrase found
    for k in compress(range(len(norms)), map(_may_open, norms)):  # most sentences have none (issue 19)
        if k < free:
            continue
        for n in range(min(longest, len(norms) - k), 0, -1):
            rest = tuple(bare(w) for w in norms[k + 1 : k + n])
            if any((first, *rest) in phrases for first in forms(norms[k])):
                hits.append((k, k + n, " ".join(t.text for t in words[k : k + n])))
                free = k + n
                break
    return hits


def _inside_content(doc: Doc, token: Token) -> bool:
    return any(a.content.start <= token.start < a.content.end for a in doc.attributions)


_MIN_ASSERTION = 5  # words: a shorter line is a heading or a dateline


def _bare_assertion(ctx: ArticleContext, s: SentenceFacts) -> bool:
    """A sentence that asserts without anything a reader could check: no number and no rare
    word (a name, a place).  News states checkable specifics or gives a source; a writer's
    own verdict in the article's register ("وهذا يعني أن الخطة فشلت") has neither, even
    when it has no editorial phrase to give it away."""
    return (len(s.words) >= _MIN_ASSERTION and not s.numbers
            and not any(ctx.idf(t) >= NAME_IDF for t in s.terms))


def signals(ctx: ArticleContext) -> list[Signals]:
    n = len(ctx.sentences)
    attributed = sum(s.attributed for s in ctx.sentences)
    out: list[Signals] = []
    for s in ctx.sentences:
        share = (attributed - s.attributed) / (n - 1) if n > 1 else 0.0
        own: list[str] = []
        quoted: list[str] = []
        for a, _end, written in ctx.once("editorial", s, lambda o: editorial_hits(o.words)):
            (quoted if _inside_content(ctx.doc, s.words[a]) else own).append(written)
        unattributed = 0.0 if s.attributed else 1.0
        out.append({
            "unattributed": ev(unattributed * share, "integrity.unattributed", share=share),
            "editorial_unattributed": ev(unattributed * min(len(own), 1), "integrity.editorial_unattributed",
                                         words=joined(own)),
            "editorial_attributed": ev((1 - unattributed) * min(len(own), 1), "integrity.editorial_attributed",
                                       words=joined(own)),
            "editorial_quoted": ev(min(len(quoted), 1), "integrity.editorial_quoted", words=joined(quoted)),
            "no_specifics": ev(unattributed * float(_bare_assertion(ctx, s)), "integrity.no_specifics"),
        })
    return out

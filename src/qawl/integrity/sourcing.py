"""Sourcing: an assertion nobody is said to have made, in a report built from sources.

A news report attributes its claims; a sentence that states a contested fact with no
speaker, or in the writer's own editorial voice (لا شك، بالفعل، من الواضح), is what an
insertion of opinion as fact looks like.  Editorial words inside a quotation are the
speaker's, so only those outside attributed content count fully.
"""
from __future__ import annotations

from functools import lru_cache

from .. import data
from ..text.doc import Doc, Token
from ..text.normalize import normalize
from .context import ArticleContext, bare, forms
from .evidence import Evidence, Signals

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


def editorial_hits(words: list[Token]) -> list[tuple[int, int, str]]:
    """(first token, last token exclusive, phrase as written) of every editorial phrase."""
    phrases = editorial_phrases()
    firsts = _first_words()
    longest = max((len(p) for p in phrases), default=0)
    norms = [t.norm for t in words]
    hits = []
    k = 0
    while k < len(norms):
        if not any(f in firsts for f in forms(norms[k])):
            k += 1
            continue
        for n in range(min(longest, len(norms) - k), 0, -1):
            rest = tuple(bare(w) for w in norms[k + 1 : k + n])
            if any((first, *rest) in phrases for first in forms(norms[k])):
                hits.append((k, k + n, " ".join(t.text for t in words[k : k + n])))
                k += n - 1
                break
        k += 1
    return hits


def _inside_content(doc: Doc, token: Token) -> bool:
    return any(a.content.start <= token.start < a.content.end for a in doc.attributions)


def signals(ctx: ArticleContext) -> list[Signals]:
    n = len(ctx.sentences)
    attributed = sum(s.attributed for s in ctx.sentences)
    out: list[Signals] = []
    for s in ctx.sentences:
        share = (attributed - s.attributed) / (n - 1) if n > 1 else 0.0
        own: list[str] = []
        quoted: list[str] = []
        for a, _end, written in editorial_hits(s.words):
            (quoted if _inside_content(ctx.doc, s.words[a]) else own).append(written)
        unattributed = 0.0 if s.attributed else 1.0
        out.append({
            "unattributed": Evidence(unattributed * share, (
                f"unattributed assertion in a report built from attributed statements "
                f"({share:.0%} of the other sentences are attributed)")),
            "editorial_unattributed": Evidence(unattributed * min(len(own), 1), (
                f"an editorial claim stated as fact, with no source ({'، '.join(own)})")),
            "editorial_attributed": Evidence((1 - unattributed) * min(len(own), 1), (
                f"editorialising outside the quoted words: {'، '.join(own)}")),
            "editorial_quoted": Evidence(min(len(quoted), 1), f"editorialising words in a quotation: {'، '.join(quoted)}"),
        })
    return out

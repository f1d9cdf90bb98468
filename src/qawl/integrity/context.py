"""What every integrity signal reads about a sentence, computed once per article.

A signal compares one sentence with the rest of its own article (its habits, its topic,
its sources), so the per-sentence facts are gathered here once: content terms with
their weights, numbers, negation, and whether an attribution covers the sentence.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .. import data
from ..attribution.cues import cue_forms
from ..text.doc import Doc, Token
from ..text.normalize import normalize

#: Document frequencies of light stems in news, made by ``scripts/make_integrity_data.py``.
IDF_FILE = "models/integrity_idf.tsv"
_MIN_TERM = 2  # letters; shorter stems are particles


@dataclass(frozen=True, slots=True)
class Idf:
    """Inverse document frequency of stems: common words weigh little in topic overlap."""

    df: dict[str, int]
    n_docs: int
    _memo: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, term: str) -> float:
        w = self._memo.get(term)
        if w is None:
            w = self._memo[term] = math.log((self.n_docs + 1) / (self.df.get(term, 0) + 1)) + 1.0
        return w


@lru_cache(maxsize=1)
def idf() -> Idf:
    table = data.rows(IDF_FILE)
    n_docs = int(table[0][1])  # first row: the number of documents
    return Idf({t: int(c) for t, c in table[1:]}, n_docs)


@lru_cache(maxsize=1)
def negation_words() -> frozenset[str]:
    return frozenset(normalize(r[0]) for r in data.rows("negation.tsv") if " " not in r[0])


_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و")  # Larkey's light10, longest first
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")  # ة is ه in normal form


@lru_cache(maxsize=262_144)
def light_stem(norm: str) -> str:
    """Light stem of a normal-form word (after Larkey et al.'s light10): the article and
    conjunction off the front, plural, dual and pronoun endings off the back, so that
    الأمريكية، أمريكي and الأمريكيين count as one term for topic overlap."""
    w = norm
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2 + (p == "و"):
            w = w[len(p):]
            break
    for x in _SUFFIXES:
        if w.endswith(x) and len(w) - len(x) >= 2:
            w = w[: -len(x)]
    return w


def bare(norm: str) -> str:
    """A normal form without an attached و/ف, so that وقال and قال are one word."""
    return norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm


def forms(norm: str) -> tuple[str, ...]:
    """The word as written and, for a short word too (ولا، فلم), without an attached و/ف."""
    return (norm, norm[1:]) if len(norm) > 2 and norm[0] in "وف" else (norm,)


@dataclass(slots=True)
class SentenceFacts:
    index: int
    start: int
    end: int
    words: list[Token]
    terms: Counter[str]  # content stems (normal form) and how often they occur
    numbers: frozenset[str]
    negations: int
    attributed: bool  # an attribution or a reporting cue in it, or covered by an attribution's content
    sources: frozenset[str]  # normal forms of the speakers' words
    implicit: bool  # an attribution in it whose speaker is only implied ("وأضاف")
    deny: bool


@dataclass(slots=True)
class ArticleContext:
    doc: Doc
    sentences: list[SentenceFacts]
    idf: Idf
    term_sentences: Counter[str] = field(default_factory=Counter)  # in how many sentences each term occurs

    def others(self, i: int) -> list[SentenceFacts]:
        return [s for s in self.sentences if s.index != i]

    def text(self, i: int) -> str:
        s = self.sentences[i]
        return self.doc.text[s.start : s.end]


def build(doc: Doc) -> ArticleContext:
    neg = negation_words()
    cues = cue_forms()  # a cue whose statement the attribution rules could not read still sources it
    covered = _attribution_cover(doc)
    sentences: list[SentenceFacts] = []
    for i, sent in enumerate(doc.sentences):
        words = [t for t in doc.sentence_tokens(sent) if t.is_word]
        terms: Counter[str] = Counter()
        numbers = set()
        negations = 0
        for t in words:
            if t.norm.isdigit():
                numbers.add(t.norm.lstrip("0") or "0")
                continue
            if any(f in neg for f in forms(t.norm)):
                negations += 1
            term = light_stem(t.norm)
            if len(term) >= _MIN_TERM + 1:
                terms[term] += 1
        atts = [a for a in doc.attributions if a.sentence == i]
        sources = frozenset(
            w for a in atts if a.source is not None for w in normalize(a.source.text).split()
        )
        sentences.append(SentenceFacts(
            i, sent.start, sent.end, words, terms, frozenset(numbers), negations,
            bool(atts) or covered[i] >= 0.5 or any(t.norm in cues for t in words), sources,
            any(a.implicit for a in atts), any(a.polarity == "deny" for a in atts),
        ))
    ctx = ArticleContext(doc, sentences, idf())
    for s in sentences:
        ctx.term_sentences.update(s.terms.keys())
    return ctx


def _attribution_cover(doc: Doc) -> list[float]:
    """For each sentence, the share of its characters inside some attribution's content."""
    out = []
    spans = sorted((a.content.start, a.content.end) for a in doc.attributions)
    for sent in doc.sentences:
        length = max(1, sent.end - sent.start)
        inside = sum(max(0, min(e, sent.end) - max(s, sent.start)) for s, e in spans)
        out.append(min(1.0, inside / length))
    return out

"""What every integrity signal reads about a sentence, computed once per article.

A signal compares one sentence with the rest of its own article (its habits, its topic,
its sources), so the per-sentence facts are gathered here once: content terms with
their weights, numbers, negation, and whether an attribution covers the sentence.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
import re
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any, TypeVar

from .. import data
from ..attribution.cues import cue_forms
from ..claims.lexicon import bases, is_deny, place_of
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


class ArticleWeights(dict):
    """The idf of each term, looked up once: the signals ask for them about 4,800 times an
    article (issue 19).  ``ctx.idf`` is its ``__getitem__``, a dictionary read in C for a term
    seen before.  One table serves every article of the process (``shared_weights``): a table
    an article missed each of its terms once more, through two Python calls."""

    def __init__(self, idf: Idf):
        super().__init__()
        self._idf = idf

    def __missing__(self, term: str) -> float:
        w = self[term] = self._idf(term)
        return w


#: Terms the process-wide table holds at most; past this it starts again (between two articles).
MAX_SHARED_TERMS = 262_144


@lru_cache(maxsize=1)
def _shared() -> ArticleWeights:
    return ArticleWeights(idf())


def shared_weights() -> ArticleWeights:
    """The process's table of term weights, emptied when it grows past ``MAX_SHARED_TERMS``."""
    table = _shared()
    if len(table) > MAX_SHARED_TERMS:
        table.clear()
    return table


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


#: A speaker's word below this weight (في، وزارة، مسؤول) names no one in particular; the
#: last word of a speaker's name (a surname: العربي) counts whatever its weight.
_SPEAKER_IDF = 3.0
#: A term at least this rare in news is a name or a place: what a sentence names (drift,
#: sourcing) and what a contradiction must share (contradiction).
NAME_IDF = 5.0
#: Words that open a clause of its own within a statement (normal form, without و/ف).
_CLAUSE_BREAKS = frozenset({"لكن", "لكنه", "لكنها", "ولكن", "الا", "بل", "ان", "انه", "انها"})
_CLAUSE_HEAD = 8  # words: a negation further into a clause negates a part of it, not the clause
_SPEAKER_WORDS = 6  # a statement whose cue was not read: where its speaker is named
_NOT_LETTERS = re.compile(r"[^\w\s]|\d")


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement of a sentence: an attribution's content and its speaker, or, in a
    sentence nobody is said to have spoken, the sentence itself as the writer's own."""

    terms: frozenset[str]
    polarity: int  # 1 for a statement that says no (a denial or a negation, not both)
    speaker: frozenset[str]  # light stems that identify the speaker; empty for the writer
    denied: bool = False  # said no by a deny cue (نفى) rather than by a negation
    weight: float = 0.0  # the idf weight of its terms


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
    claims: list[Claim] = field(default_factory=list)
    #: what the sentence's own facts depend on: its characters and tokens (first, last exclusive);
    #: one key in the sentence pass and the clause pass (``ArticleContext.once``); None: not kept
    key: tuple[int, int, int, int] | None = None


T = TypeVar("T")
#: Values worked out once per article from a sentence's own words, by (what, sentence key, ...).
Memo = dict[Hashable, Any]


@dataclass(slots=True)
class ArticleContext:
    doc: Doc
    sentences: list[SentenceFacts]
    idf: Callable[[str], float]  # the article's weights (ArticleWeights), or any term -> idf
    term_sentences: Counter[str] = field(default_factory=Counter)  # in how many sentences each term occurs
    #: shared by the sentence pass and the clause pass (``clauses``), which reads the article again with
    #: a few sentences cut into clauses: every other sentence's own facts are the same (issue 19)
    memo: Memo = field(default_factory=dict)

    def once(self, what: str, s: SentenceFacts, make: Callable[[SentenceFacts], T]) -> T:
        """``make(s)``, worked out once per article: what ``s``'s own words give."""
        if s.key is None:
            return make(s)
        key = (what, s.key)
        if key not in self.memo:
            self.memo[key] = make(s)
        return self.memo[key]

    def once_a_pair(self, what: str, s: SentenceFacts, o: SentenceFacts, make: Callable[[], T]) -> T:
        """``make()``, worked out once per article for what the own words of ``s`` and ``o`` give."""
        if s.key is None or o.key is None:
            return make()
        key = (what, s.key, o.key)
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def others(self, i: int) -> list[SentenceFacts]:
        return [s for s in self.sentences if s.index != i]

    def text(self, i: int) -> str:
        s = self.sentences[i]
        return self.doc.text[s.start : s.end]


@lru_cache(maxsize=262_144)
def _word(norm: str) -> tuple[str, bool, bool]:
    """What the signals read of a normal-form word: its content stem ("" for a particle or a
    number), whether it negates, and whether it opens a clause of its own."""
    if norm.isdigit():
        return "", False, False
    term = light_stem(norm)
    return (term if len(term) >= _MIN_TERM + 1 else "", any(f in negation_words() for f in forms(norm)),
            bare(norm) in _CLAUSE_BREAKS or norm in _CLAUSE_BREAKS)


def _read(words: list[Token]) -> tuple[Counter[str], frozenset[str], int]:
    """Content stems with their counts, the numbers, and the negation words of ``words``."""
    norms = [t.norm for t in words]
    # a word type's reading is cached (``_word``; a number reads ("", False, False)), read and
    # counted in C, in the words' order (issue 19)
    read = list(map(_word, norms))
    terms = Counter(filter(None, map(itemgetter(0), read)))
    return terms, frozenset(n.lstrip("0") or "0" for n in norms if n.isdigit()), sum(map(itemgetter(1), read))


def _claims(words: list[Token], deny: bool, speaker: frozenset[str], weight: Callable[[str], float]) -> list[Claim]:
    """The statements of ``words``, one a clause: "there are no grants, but there may be
    support" says no to one thing and yes to another, so each clause after a contrast word
    (لكن، بل، إلا) or a coordinated "وأن" is a statement of its own, negated when a negation
    heads it."""
    def claim(terms: set[str], negated: bool) -> Claim:
        return Claim(frozenset(terms), (int(negated) + int(deny)) % 2, speaker, deny, math.fsum(map(weight, terms)))

    out = []
    terms: set[str] = set()
    negated = False
    k = 0  # words into the clause
    for t in words:
        term, negates, breaks = _word(t.norm)
        if breaks and k:
            out.append(claim(terms, negated))
            terms, negated, k = set(), False, 0
        if term:
            terms.add(term)
        negated = negated or (negates and k < _CLAUSE_HEAD)
        k += 1
    out.append(claim(terms, negated))
    return out


def speaker_stems(name: str, weight: Callable[[str], float]) -> frozenset[str]:
    """The stems of a speaker's name that identify it: rare words, and its last word.  A place
    in a title (قائد شرطة كركوك، رئيس لجنة كركوك) is shared by many speakers, so it names
    the speaker only when nothing else does (الحكومة الهندية)."""
    words = _NOT_LETTERS.sub(" ", normalize(name)).split()
    last = len(words) - 1  # a surname may be a place word (العربي)
    kept = [(light_stem(w), k < last and place_of(bases(w)) is not None) for k, w in enumerate(words)
            if k == last or weight(light_stem(w)) >= _SPEAKER_IDF]
    kept = [(t, place) for t, place in kept if len(t) > _MIN_TERM]
    if any(not place for _, place in kept):
        kept = [(t, place) for t, place in kept if not place]
    return frozenset(t for t, _ in kept)


def _own_claims(s: SentenceFacts, weight: Callable[[str], float]) -> list[Claim]:
    """The statements of a sentence no attribution reads: the writer's own, or one whose
    speaker is among its first words ("وكانت الهيئة قد أكدت"، "وأكد الوزير")."""
    said_no = any(is_deny(t.norm) for t in s.words[:_SPEAKER_WORDS])
    speaker: frozenset[str] = frozenset()
    if s.attributed:
        speaker = frozenset(t for t in (light_stem(w.norm) for w in s.words[:_SPEAKER_WORDS])
                            if len(t) > _MIN_TERM and weight(t) >= _SPEAKER_IDF)
    return _claims(s.words, said_no, speaker, weight)


def build(doc: Doc, memo: Memo | None = None) -> ArticleContext:
    """The facts of every sentence of ``doc``.  ``memo`` is the article's (``ArticleContext.memo``)
    when the article is read again (the clause pass): a sentence's own facts are not worked out twice."""
    memo = {} if memo is None else memo
    if "weights" not in memo:
        memo["weights"] = shared_weights()
    weight = memo["weights"].__getitem__
    cues = cue_forms()  # a cue whose statement the attribution rules could not read still sources it
    covered = _attribution_cover(doc)
    sentences: list[SentenceFacts] = []
    by_sentence: dict[int, list] = {}
    for a in doc.attributions:
        by_sentence.setdefault(a.sentence, []).append(a)
    for i, sent in enumerate(doc.sentences):
        key = (sent.start, sent.end, sent.first_token, sent.last_token)
        own = memo.get(("words", key))
        if own is None:
            words = [t for t in doc.sentence_tokens(sent) if t.is_word]
            own = memo["words", key] = (words, *_read(words), any(t.norm in cues for t in words))
        words, terms, numbers, negations, cue = own
        atts = by_sentence.get(i, [])
        sources = frozenset(
            w for a in atts if a.source is not None for w in normalize(a.source.text).split()
        )
        sentences.append(SentenceFacts(
            i, sent.start, sent.end, words, terms, numbers, negations,
            bool(atts) or covered[i] >= 0.5 or cue, sources,
            any(a.implicit for a in atts), any(a.polarity == "deny" for a in atts), key=key,
        ))
    for a in doc.attributions:
        if 0 <= a.sentence < len(sentences):
            s = sentences[a.sentence]
            # the same statement in the same words gives the same claims: the clause pass reads most
            # sentences' attributions again (issue 19)
            claims_key = ("claims", s.key, a.content.start, a.content.end, a.polarity == "deny",
                          a.source.text if a.source is not None else None)
            found = memo.get(claims_key)
            if found is None:
                content = [t for t in s.words if a.content.start <= t.start < a.content.end]
                speaker = speaker_stems(a.source.text, weight) if a.source is not None else frozenset()
                found = memo[claims_key] = _claims(content, a.polarity == "deny", speaker, weight)
            s.claims.extend(found)
    for s in sentences:
        if not s.claims:  # the writer's own, or a statement whose cue the attribution rules could not read
            found = memo.get(("own claims", s.key, s.attributed))
            if found is None:
                found = memo["own claims", s.key, s.attributed] = _own_claims(s, weight)
            s.claims.extend(found)
    ctx = ArticleContext(doc, sentences, weight, memo=memo)
    for s in sentences:
        ctx.term_sentences.update(s.terms.keys())
    return ctx


def _attribution_cover(doc: Doc) -> list[float]:
    """For each sentence, the share of its characters inside some attribution's content.

    Each content span is laid over the sentences it reaches (found by bisection), so the
    cost grows with the article, not with sentences times attributions."""
    starts = [sent.start for sent in doc.sentences]
    inside = [0] * len(doc.sentences)
    for s, e in sorted((a.content.start, a.content.end) for a in doc.attributions):
        for i in range(max(0, bisect_right(starts, s) - 1), bisect_left(starts, e)):
            sent = doc.sentences[i]
            inside[i] += max(0, min(e, sent.end) - max(s, sent.start))
    return [min(1.0, n / max(1, sent.end - sent.start)) for n, sent in zip(inside, doc.sentences)]

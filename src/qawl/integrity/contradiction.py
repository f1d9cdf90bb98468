"""Contradiction within the article: another sentence's content repeated with a fact changed.

News repeats itself (the lead is restated further down), but a repetition keeps its
facts.  A sentence whose weighted words mostly come from one other sentence, with a
different number, a negation added or dropped, or a name swapped, says the opposite
of that sentence: one of the two does not belong.  Repetition alone is not a signal
(leads are restated all the time), so each signal here is the repetition's extent
times the presence of a change.

Statements are also compared one by one (``context.Claim``: an attribution's content,
clause by clause, with its speaker): a later statement that restates most of an earlier
one with the other polarity ("X denied A" then "X had confirmed A") is a contradiction,
the stronger when one speaker is given both.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from math import fsum
from operator import itemgetter

from .. import data
from ..claims.lexicon import place_named
from ..text.normalize import normalize
from .context import NAME_IDF, ArticleContext, Claim, SentenceFacts
from .evidence import Evidence, Signals, ev, joined
from .near_copy import CLAUSE_SHARE, Slot, sentence_words, slot, supported

#: the near-copy signals (``_copy_signals``) are worked out when a model reads them: ``None`` asks the
#: shipped model (``model.load().features``); training and the gate set ``True`` (they fit new heads on
#: every signal). A signal no head reads changes no output, and aligning near copies costs a few
#: per cent of the whole analysis (issue 19)
NEAR_COPY: bool | None = None
_COPY_NAMES = ("copy_slot", "copy_unsupported", "copy_clause")


@lru_cache(maxsize=1)
def _shipped_reads_copies() -> bool:
    from .model import load  # the model module imports this one

    return any(n in load().features for n in _COPY_NAMES)


def near_copy_wanted() -> bool:
    return _shipped_reads_copies() if NEAR_COPY is None else NEAR_COPY


_REPEAT = 0.5  # share of a sentence's weight found in another one: it restates that sentence
_OPPOSED = 0.25  # shared weight from which two sentences of opposite polarity are about one thing
_MIN_CLAIM_TERMS = 4  # a dateline or a heading is no claim to contradict
_MAX_SWAPPED = 2  # more changed words than this is a rewording, not a changed fact
_SWAP_REPEAT = 0.7  # a swapped name or place leaves the rest of both sentences as it was
#: In a long article, a term in more sentences than this (a cue, a common word) does not make
#: two sentences candidates for comparison: only rarer shared terms do.  Comparing every pair
#: costs the square of the article's length; through rarer terms it is linear.
_MAX_POSTINGS = 32
#: An article of at most this many sentences is compared pair by pair, exactly (every shared
#: term counts): that is cheap, and it is all news but one article in 5,000 of SaudiNewsNet.
_EXACT_SENTENCES = 200
#: Two sentences sharing this share of the shorter one's weight are about one thing: a
#: different figure, place or date in them is a conflict, not another event.
_ABOUT = 0.3
#: A restated statement: the share of an earlier statement restated, and that statement's sentence.
Restated = tuple[float, "SentenceFacts | None"]


def _weight(ctx: ArticleContext, terms) -> float:
    """The summed rarity of ``terms``. ``fsum`` because the terms are often a set: a plain
    sum's last bits follow the set's order, which follows the hash seed, and two sentences
    tied but for those bits were ranked differently from run to run."""
    return fsum(map(ctx.idf, terms))


class Postings:
    """The sentences (and statements) each term occurs in, so that a sentence is compared
    only with those it shares a term with, not with every other one."""

    def __init__(self, ctx: ArticleContext):
        self.ctx = ctx
        self.sentences: dict[str, list[int]] = defaultdict(list)
        self.claims: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for o in ctx.sentences:
            for t in o.terms:
                self.sentences[t].append(o.index)
            for k, d in enumerate(o.claims):
                for t in d.terms:
                    self.claims[t].append((o.index, k))
        # in how many sentences a statement holds each term
        self.claim_spread = {t: len({i for i, _ in hits}) for t, hits in self.claims.items()}
        self.cap = len(ctx.sentences) if len(ctx.sentences) <= _EXACT_SENTENCES else _MAX_POSTINGS
        #: each sentence's weight (1.0 for none), summed once: every comparison divides by it
        self.weight = [ctx.once("weight", o, lambda s: _weight(ctx, s.terms) or 1.0) for o in ctx.sentences]
        self._sharing: dict[int, list[SentenceFacts]] = {}
        self._common: dict[tuple[int, int], float] = {}  # (s, o) -> ``common(s, o)`` in this reading

    def sharing_with(self, s: SentenceFacts) -> list[SentenceFacts]:
        """``sharing(s.terms)``, found once a sentence: three signals walk it (issue 19)."""
        found = self._sharing.get(s.index)
        if found is None:
            found = self._sharing[s.index] = self.sharing(s.terms)
        return found

    def common(self, s: SentenceFacts, o: SentenceFacts) -> float:
        """The weight of the terms ``s`` shares with ``o``, summed once a pair in the article (either
        way round: ``fsum`` rounds the exact sum once, whatever the order of the terms).  Three
        signals ask for each pair, each way round: after the first, it is read from a table of this reading."""
        found = self._common.get((s.index, o.index))
        if found is None:  # ``fsum`` is exact, so the pair's weight is the same either way round: kept for both
            first, second = (s, o) if s.index < o.index else (o, s)
            found = self._common[s.index, o.index] = self._common[o.index, s.index] = self.ctx.once_a_pair(
                "common", first, second, lambda: _weight(self.ctx, s.terms.keys() & o.terms.keys()))
        return found

    def sharing(self, terms: Iterable[str], before: int | None = None) -> list[SentenceFacts]:
        """The sentences (earlier than ``before``) sharing a term of ``terms``, in article order;
        in a long article, terms in more than ``_MAX_POSTINGS`` sentences do not count."""
        found: set[int] = set()
        for t in terms:
            hits = self.sentences.get(t, ())
            if len(hits) <= self.cap:
                found.update(hits)
        return [self.ctx.sentences[i] for i in sorted(found) if before is None or i < before]

    def claims_sharing(self, terms: Iterable[str], before: int) -> list[tuple[SentenceFacts, Claim]]:
        """The statements of sentences earlier than ``before`` sharing a term of ``terms``, in
        article order (sentence, then statement)."""
        found: set[tuple[int, int]] = set()
        for t in terms:
            if self.claim_spread.get(t, 0) <= self.cap:
                hits = self.claims.get(t, ())  # in article order: those before ``before`` are a prefix
                found.update(hits[:bisect_left(hits, (before,))])
        return [(self.ctx.sentences[i], self.ctx.sentences[i].claims[k]) for i, k in sorted(found)]


def term_index(ctx: ArticleContext) -> Postings:
    """The article's sentences and statements indexed by their rarer terms (built once per article)."""
    return Postings(ctx)


def _closest(ctx: ArticleContext, s: SentenceFacts, index: Postings) -> tuple[float, float, SentenceFacts | None]:
    """The sentence that holds most of ``s``'s weight: (share of s in it, share of it in s, it)."""
    own = index.weight[s.index]
    best, back, best_s = 0.0, 0.0, None
    for o in index.sharing_with(s):
        if o.index == s.index:
            continue
        common = index.common(s, o)
        if common / own > best:
            best, back, best_s = common / own, common / index.weight[o.index], o
    return best, back, best_s


def polarity(s: SentenceFacts) -> int:
    """1 for a sentence that says no (a negation or a denial, not both), else 0."""
    return (int(s.negations > 0) + int(s.deny)) % 2


def _opposed(ctx: ArticleContext, s: SentenceFacts, index: Postings) -> tuple[float, SentenceFacts | None]:
    """The earlier sentence most about the same thing that says the opposite: (shared weight, it).

    Only earlier sentences count: a report states its facts first (the lead), so of two
    sentences at odds the later one is the one that contradicts the report.  The share
    is taken of the shorter of the two, so that a short claim and the long sentence that
    reports its denial still meet."""
    own = index.weight[s.index]
    best, best_s = 0.0, None
    if len(s.terms) < _MIN_CLAIM_TERMS:
        return best, best_s
    for o in index.sharing_with(s):
        if o.index >= s.index:
            break
        if polarity(o) == polarity(s) or len(o.terms) < _MIN_CLAIM_TERMS:
            continue
        common = index.common(s, o)
        share = common / min(own, index.weight[o.index])
        if share > best:
            best, best_s = share, o
    return best, best_s


def _one_speaker(c: Claim, d: Claim) -> bool:
    """Statements ``c`` and ``d`` have one speaker: a word that names one names the other."""
    return bool(c.speaker & d.speaker)


def same_speaker(s: SentenceFacts, o: SentenceFacts) -> bool:
    """Some statement of ``s`` and some statement of ``o`` have one speaker."""
    return any(_one_speaker(c, d) for c in s.claims for d in o.claims)


def _restated(ctx: ArticleContext, s: SentenceFacts, index: Postings) -> tuple[Restated, Restated]:
    """The earlier statement that ``s`` restates with the opposite polarity, and the same
    among those one speaker makes: each as (the share of the earlier statement's weight that
    ``s`` restates, its sentence).  Statements are compared, not sentences: "X denied A,
    saying B" is answered by "X had confirmed A", which shares little with B."""
    best: Restated = (0.0, None)
    same: Restated = (0.0, None)
    for c in s.claims:
        if len(c.terms) < _MIN_CLAIM_TERMS:
            continue
        for o, d in index.claims_sharing(c.terms, before=s.index):
            if d.polarity == c.polarity or len(d.terms) < _MIN_CLAIM_TERMS:
                continue
            if c.denied == d.denied and s.negations and o.negations:
                continue  # both sentences negate something: which clause a negation heads is too fine a reading
            common = c.terms & d.terms
            if not common:
                continue
            share = _weight(ctx, common) / (d.weight or 1.0)
            if share > best[0]:
                best = (share, o)
            if share > same[0] and _one_speaker(c, d):
                same = (share, o)
    return best, same


def _said_in(r: Restated) -> int:
    """The number (from 1) of the sentence a restated statement was made in; 0 for none."""
    return r[1].index + 1 if r[1] is not None else 0


def _changed(ctx: ArticleContext, s: SentenceFacts, repeat: float, back: float,
             o: SentenceFacts | None) -> tuple[tuple[float, Evidence], tuple[float, Evidence]]:
    """(changed number, changed words) of ``s`` against the sentence ``o`` it restates: each
    (strength, why)."""
    number: tuple[float, Evidence] = (0.0, ev(0.0))
    swapped: tuple[float, Evidence] = (0.0, ev(0.0))
    if o is None or repeat < _REPEAT:
        return number, swapped
    if s.numbers and o.numbers and s.numbers != o.numbers:
        number = (repeat, ev(repeat, "integrity.changed_number", n=o.index + 1, mine=", ".join(sorted(s.numbers - o.numbers)),
                             theirs=", ".join(sorted(o.numbers - s.numbers))))
    mine = [t for t in s.terms if t not in o.terms and ctx.term_sentences[t] == 1]
    theirs = [t for t in o.terms if t not in s.terms]
    rare = [t for t in mine if ctx.idf(t) >= NAME_IDF]
    if min(repeat, back) >= _SWAP_REPEAT and rare and len(mine) <= _MAX_SWAPPED and theirs:
        swapped = (min(repeat, back), ev(min(repeat, back), "integrity.changed_words", n=o.index + 1, words=joined(rare)))
    return number, swapped


@lru_cache(maxsize=1)
def _dates() -> frozenset[str]:
    """Month and weekday names (normal form): a date that two accounts of one event may disagree on."""
    weekdays = (r[0] for r in data.rows("time_words.tsv") if r[1] == "weekday")  # the times stage's own table
    return frozenset(normalize(w) for w in (*(r[0] for r in data.rows("months.tsv")), *weekdays))


@lru_cache(maxsize=262_144)
def _word_facts(norm: str) -> tuple[str | None, tuple[str, ...]]:
    """The place a word names and the dates it is (itself, or without an attached letter),
    looked up once a word type (issue 19): every sentence of every article asked again."""
    dates = _dates()
    return place_named(norm), tuple(b for b in (norm, norm[1:]) if b in dates)


def facts(s: SentenceFacts) -> dict[str, frozenset[str]]:
    """The checkable facts a sentence states: its numbers, places and dates (normal forms)."""
    read = list(map(_word_facts, [t.norm for t in s.words]))  # each word type's facts, read in C (issue 19)
    return {"number": s.numbers, "place": frozenset(filter(None, map(itemgetter(0), read))),
            "date": frozenset(chain.from_iterable(map(itemgetter(1), read)))}


def _conflict(ctx: ArticleContext, s: SentenceFacts, known: list[dict[str, frozenset[str]]],
              index: Postings) -> tuple[float, Evidence]:
    """The sentence about the same thing that states another number, place or date: each
    gives a fact of one kind the other does not, so one of the two is wrong.  (A restatement
    that keeps its figures, or adds one where the other gives none, is no conflict.)"""
    mine = known[s.index]
    if not any(mine.values()):
        return 0.0, ev(0.0)
    own = index.weight[s.index]
    best, why = 0.0, ev(0.0)
    for o in index.sharing_with(s):
        if o.index == s.index or not any(known[o.index].values()):
            continue
        share = index.common(s, o) / min(own, index.weight[o.index])
        if share < max(_ABOUT, best):
            continue
        theirs = known[o.index]
        for kind, ours in mine.items():
            if ours - theirs[kind] and theirs[kind] - ours:
                best = share
                why = ev(share, "integrity.fact_conflict", n=o.index + 1, share=share,
                         mine=joined(sorted(ours - theirs[kind])), theirs=joined(sorted(theirs[kind] - ours)))
                break
    return best, why


def _near_copy(s: SentenceFacts, index: Postings, seq: list[tuple[str, ...]]) -> tuple[Slot | None, SentenceFacts | None]:
    """The sentence ``s`` copies (or that copies ``s``) word for word but for a short slot, the most
    of the shorter matched: (how, it).  Only sentences sharing a rarer term and most of the shorter
    one's weight are aligned (``Postings``): no pair loop."""
    own = index.weight[s.index]
    best: Slot | None = None
    best_o = None
    for o in index.sharing_with(s):
        if o.index == s.index or index.common(s, o) / min(own, index.weight[o.index]) < _REPEAT:
            continue
        got = slot(seq[s.index], seq[o.index])
        if got is not None and (best is None or got.cover > best.cover):
            best, best_o = got, o
    return best, best_o


def _copy_signals(s: SentenceFacts, index: Postings, seq: list[tuple[str, ...]], spread) -> Signals:
    """``copy_slot``: a near copy of another sentence with a slot changed (the share of the shorter
    matched); ``copy_unsupported``: the same, signed by whose slot the article states elsewhere (+
    when the other sentence's words are found elsewhere and this one's are not, − the other way);
    ``copy_clause``: the same, + when this sentence is the shorter (a clause copied out), − when the
    other one is."""
    how, o = _near_copy(s, index, seq)
    if how is None or o is None:
        return {"copy_slot": ev(0.0), "copy_unsupported": ev(0.0), "copy_clause": ev(0.0)}
    fields = {"n": o.index + 1, "mine": " ".join(how.mine) or "-", "theirs": " ".join(how.theirs) or "-"}
    side = int(supported(how.theirs, spread)) - int(supported(how.mine, spread))
    mine, theirs = len(seq[s.index]), len(seq[o.index])
    clause = 1 if mine <= CLAUSE_SHARE * theirs else -1 if theirs <= CLAUSE_SHARE * mine else 0
    return {"copy_slot": ev(how.cover, "integrity.near_copy", **fields),
            "copy_unsupported": ev(side * how.cover, "integrity.near_copy_unsupported" if side > 0 else None, **fields),
            "copy_clause": ev(clause * how.cover, "integrity.near_copy_clause" if clause > 0 else None, **fields)}


def signals(ctx: ArticleContext) -> list[Signals]:
    out: list[Signals] = []
    index = term_index(ctx)
    known = [ctx.once("facts", s, facts) for s in ctx.sentences]
    copies = near_copy_wanted()
    seq, spread = sentence_words(ctx.sentences) if copies else ([], Counter())
    no_copy = {n: ev(0.0) for n in _COPY_NAMES}
    for s in ctx.sentences:
        (restated, _), (restated_same, _) = both = _restated(ctx, s, index)
        opposed, against = _opposed(ctx, s, index)
        if against is None or opposed < _OPPOSED:
            against = None
        speaker = against is not None and same_speaker(s, against)
        (number, why_number), (swapped, why_swapped) = _changed(ctx, s, *_closest(ctx, s, index))
        conflict, why_conflict = _conflict(ctx, s, known, index)
        out.append({
            "restated_opposite": ev(restated, "integrity.restated_opposite", n=_said_in(both[0]), share=restated),
            "restated_by_speaker": ev(restated_same, "integrity.restated_by_speaker", n=_said_in(both[1]),
                                      share=restated_same),
            "opposed_claim": (ev(opposed, "integrity.opposed_denies" if polarity(s) else "integrity.opposed_asserts",
                                 n=against.index + 1, share=opposed) if against is not None else ev(0.0)),
            "opposed_speaker": (ev(1.0, "integrity.opposed_speaker", n=against.index + 1)
                                if speaker and against is not None else ev(0.0)),
            "changed_number": Evidence(number, why_number.code, why_number.fields),
            "changed_words": Evidence(swapped, why_swapped.code, why_swapped.fields),
            "fact_conflict": Evidence(conflict, why_conflict.code, why_conflict.fields),
            **(_copy_signals(s, index, seq, spread) if copies else no_copy),
        })
    return out

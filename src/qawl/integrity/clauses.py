"""Clause level: the part of a suspicious sentence that does not belong.

An insertion is not always a whole sentence: a clause added to a true sentence ("... وأن قوات
التحالف أنتشرت في كركوك فعلا") makes the sentence suspicious while most of it is the report's.
The article is read a second time with its sentences cut into clauses (at commas and
semicolons, and before a word that opens a clause of its own: أن، لكن، بل، إلا), every clause
judged by the same model as a sentence against the rest of the article; a clause of a
suspicious sentence that stands above the sentence's other clauses is reported with its own
span (``integrity.sentences[i].clauses``), its suspicion and its reasons.
"""
from __future__ import annotations

import dataclasses
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..text.doc import Doc, Sentence
from .context import _word
from .evidence import Signals, ev, explained

if TYPE_CHECKING:
    from .model import Model
    from .result import SentenceVerdict

_CUTS = frozenset("،,؛;")
_MIN_WORDS = 3  # a shorter piece stays with the clause before it
#: Only a sentence at least this suspicious is cut into clauses for its report.
MIN_SUSPICION = 0.2
#: An article of more sentences than this (a list, a transcript: one in 5,000 of SaudiNewsNet)
#: is not read a second time clause by clause: that would double its cost.
MAX_SENTENCES = 200
#: A clause is reported when its logit stands this far above its sentence's other clauses.
MARGIN = 1.0


def _cut(doc: Doc, sent: Sentence) -> list[tuple[int, int]]:
    """Token ranges (first, last exclusive) of the clauses of ``sent``."""
    pieces: list[list[int]] = [[sent.first_token, sent.first_token]]
    words = 0
    for k in range(sent.first_token, sent.last_token):
        t = doc.tokens[k]
        opens = t.is_word and _word(t.norm)[2]
        if (opens or (not t.is_word and t.text in _CUTS)) and words >= _MIN_WORDS:
            pieces[-1][1] = k if opens else k + 1
            pieces.append([pieces[-1][1], pieces[-1][1]])
            words = 0
        words += t.is_word
        pieces[-1][1] = k + 1
    if len(pieces) > 1 and words < _MIN_WORDS:  # a short tail joins the clause before it
        tail = pieces.pop()
        pieces[-1][1] = tail[1]
    return [(a, b) for a, b in pieces if b > a]


def clause_view(doc: Doc, cut: set[int]) -> tuple[Doc, list[int]]:
    """``doc`` with the sentences in ``cut`` split into clauses (attributions re-pointed to the
    clause their content starts in), and each new sentence's original sentence."""
    sentences: list[Sentence] = []
    owner: list[int] = []
    for i, sent in enumerate(doc.sentences):
        ranges = _cut(doc, sent) if i in cut else [(sent.first_token, sent.last_token)]
        for a, b in ranges:
            sentences.append(Sentence(doc.tokens[a].start, doc.tokens[b - 1].end, a, b, sent.furniture))
            owner.append(i)
    starts = [s.start for s in sentences]
    atts = [dataclasses.replace(a, sentence=max(0, bisect_right(starts, a.content.start) - 1)) for a in doc.attributions]
    view = dataclasses.replace(doc, sentences=sentences, attributions=atts)
    return view, owner


def clauses(doc: Doc, entries: list[SentenceVerdict], model: Model, signals) -> None:
    """Add ``clauses`` to every suspicious sentence entry whose clause stands out (in place)."""
    cut = {i for i, e in enumerate(entries) if e["suspicion"] >= MIN_SUSPICION and not e.get("furniture")}
    if not cut or len(entries) > MAX_SENTENCES:
        return
    view, owner = clause_view(doc, cut)
    if len(view.sentences) == len(doc.sentences):
        return
    sigs = signals(view)
    judged = model.judge_all(sigs, [not s.furniture for s in view.sentences])
    logits = [z for (z, _, _), s in zip(judged, view.sentences) if not s.furniture]
    calibrated = iter(model.suspicions(logits))
    probs = [0.0 if s.furniture else next(calibrated) for s in view.sentences]
    for i, ks in _units(owner, cut).items():
        if len(ks) < 2:
            continue
        ranked = sorted(ks, key=lambda k: -judged[k][0])
        top, second = ranked[0], ranked[1]
        if judged[top][0] - judged[second][0] < MARGIN:
            continue
        c = view.sentences[top]
        entries[i]["clauses"] = [{"start": c.start, "end": c.end, "suspicion": round(probs[top], 6),
                                  **explained(model.evidence(sigs[top], judged[top][2]))}]


#: What a clause head reads beside the clause's signals (``Model.names`` of the clause view): the
#: sentence model's logit of the clause, its gap to the sentence's other clauses, its sentence's
#: logit, and its share of the sentence's words.  (Each signal also against the sentence's other
#: clauses was tried on CV and left out: docs/integrity.md.)
EXTRA = ("clause_logit", "sibling_gap", "sentence_logit", "clause_share")
#: The sentences a learned clause head reads clause by clause: the article's most suspicious ones
#: by their sentence logit (a fixed number, so that training reads the same cut as the run).
TOP_K = 3


@dataclass(frozen=True, slots=True)
class ClauseHead:
    """A logistic head over clauses, learned on generated clause insertions
    (``scripts/train_integrity.py --clauses``): a sentence whose best clause, plus ``offset``,
    stands above the sentence's own logit takes that clause's logit, so that a clause added to a
    true sentence raises it though the sentence's signals are mostly its own."""

    inputs: tuple[str, ...]  # names among ``Model.names()`` and ``EXTRA``
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    offset: float
    top_k: int = TOP_K
    #: how the best clause raises its sentence: "max" (the sentence takes the clause's logit plus
    #: ``offset`` when higher) or "add" (the clause's logit plus ``offset``, when positive, is added)
    combine: str = "max"

    def raise_(self, sentence: float, clause: float) -> float:
        """A sentence's logit after its best clause's."""
        if self.combine == "add":
            return sentence + max(0.0, clause + self.offset)
        return max(sentence, clause + self.offset)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClauseHead:
        return cls(tuple(d["inputs"]), tuple(d["mean"]), tuple(d["scale"]), tuple(d["weights"]),
                   float(d["bias"]), float(d["offset"]), int(d.get("top_k", TOP_K)), str(d.get("combine", "max")))

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": list(self.inputs), "mean": list(self.mean), "scale": list(self.scale),
                "weights": list(self.weights), "bias": self.bias, "offset": self.offset, "top_k": self.top_k,
                "combine": self.combine}

    def logits(self, names: tuple[str, ...], rows: list[list[float]]) -> list[float]:
        """The head's logit for each clause's inputs (``rows`` in the order of ``names``)."""
        if not rows:
            return []
        cols = [names.index(n) for n in self.inputs]
        x = (np.array(rows, dtype=np.float64)[:, cols] - np.array(self.mean)) / np.array(self.scale)
        return (x @ np.array(self.weights) + self.bias).tolist()


@dataclass
class ClauseRead:
    """An article read again with its most suspicious sentences cut into clauses: the view, each
    view unit's sentence, its signals and the sentence model's verdict on it, and for each cut
    sentence (of two clauses or more) its units and their inputs (``names``: the model's, then
    ``EXTRA``)."""

    view: Doc
    owner: list[int]
    sigs: list[Signals]
    judged: list[tuple[float, Any, list[float]]]
    units: dict[int, list[int]]
    names: tuple[str, ...]
    rows: dict[int, list[list[float]]]


def read(doc: Doc, model: Model, logits: dict[int, float], signals, top_k: int = TOP_K) -> ClauseRead | None:
    """The clause reading of ``doc`` for the ``top_k`` sentences of highest logit (``logits``: a
    news sentence's index to its sentence logit); ``None`` when none of them has two clauses or
    the article is too long to read twice."""
    if len(doc.sentences) > MAX_SENTENCES or not logits:
        return None
    cut = set(sorted(logits, key=lambda i: -logits[i])[:top_k])
    view, owner = clause_view(doc, cut)
    if len(view.sentences) == len(doc.sentences):
        return None
    sigs = signals(view)
    news = [not s.furniture for s in view.sentences]
    raw = model.raw_inputs(sigs, news)
    judged = model.judge_all(sigs, news, raw)  # the inputs made once, for the sentence model and the clause head
    units = {i: ks for i, ks in _units(owner, cut).items() if len(ks) > 1}
    rows: dict[int, list[list[float]]] = {}
    for i, ks in units.items():
        words = [sum(t.is_word for t in view.tokens[view.sentences[k].first_token:view.sentences[k].last_token]) for k in ks]
        total = max(1, sum(words))
        rows[i] = []
        for k, w in zip(ks, words):
            others = max(judged[o][0] for o in ks if o != k)
            rows[i].append([*raw[k], judged[k][0], judged[k][0] - others, logits[i], w / total])
    return ClauseRead(view, owner, sigs, judged, units, (*model.names(), *EXTRA), rows)


def raise_by_clauses(doc: Doc, entries: list[SentenceVerdict], logits: dict[int, float], model: Model,
                     signals) -> dict[int, float]:
    """Each sentence's logit after its best clause (``model.clause``): the sentences a clause
    raises take its logit and report it (its span, the reason ``integrity.clause`` and the
    clause's own reasons first); ``logits`` by news sentence index, returned changed."""
    head = model.clause
    assert head is not None
    got = read(doc, model, logits, signals, head.top_k)
    if got is None:
        return logits
    out = dict(logits)
    for i, ks in got.units.items():
        scores = head.logits(got.names, got.rows[i])
        best = max(range(len(ks)), key=lambda j: scores[j])
        raised = head.raise_(logits[i], scores[best])
        if raised <= logits[i]:
            continue
        out[i] = raised
        k = ks[best]
        c = got.view.sentences[k]
        own = explained(model.evidence(got.sigs[k], got.judged[k][2]))
        mark = ev(1.0, "integrity.clause", clause=_short(doc.text[c.start:c.end])).why()
        entries[i]["reasons"] = [mark["text"], *own["reasons"]]
        entries[i]["why"] = [mark, *own["why"]]
        entries[i]["clauses"] = [{"start": c.start, "end": c.end, "suspicion": 0.0, **own}]
    return out


def _units(owner: list[int], cut: set[int]) -> dict[int, list[int]]:
    """Each cut sentence's units in the clause view (``owner``: a view unit's sentence), in order."""
    units: dict[int, list[int]] = {}
    for k, i in enumerate(owner):
        if i in cut:
            units.setdefault(i, []).append(k)
    return units


def _short(text: str, words: int = 8) -> str:
    """A clause as a reason quotes it: its first words."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")

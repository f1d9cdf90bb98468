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
from typing import TYPE_CHECKING

from ..text.doc import Doc, Sentence
from .context import _word

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
    by_sentence: dict[int, list[int]] = {}
    for k, i in enumerate(owner):
        if i in cut:
            by_sentence.setdefault(i, []).append(k)
    for i, ks in by_sentence.items():
        if len(ks) < 2:
            continue
        ranked = sorted(ks, key=lambda k: -judged[k][0])
        top, second = ranked[0], ranked[1]
        if judged[top][0] - judged[second][0] < MARGIN:
            continue
        found = model.evidence(sigs[top], judged[top][2])
        why = [e.why() for e in found]  # a reason's text is its why's
        c = view.sentences[top]
        entries[i]["clauses"] = [{"start": c.start, "end": c.end, "suspicion": round(probs[top], 6),
                                  "reasons": [w["text"] for w in why], "why": why}]

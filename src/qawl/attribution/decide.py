"""The learned decisions of attribution: which candidate speaks, and is this a report.

The rules of ``extractor`` propose; three small linear models decide:

* **speaker**: every candidate noun phrase or earlier speaker (``candidates``) gets a score
  from its features (who proposed it, its head class, side and distance, the cue's lemma
  and what it governs); the highest wins.  Where the rules' own choice is not the best
  candidate the model overrules it.
* **content**: where the statement ends, among the ends ``content.ends`` proposes (the rules'
  own, a clause break inside it, past a later cue, the next sentences, an open quotation's
  close); a ranker like the speaker's, the rules' end kept unless another outscores it by a margin.
* **report**: a cue occurrence with its statement is kept when the model gives it at least
  the threshold probability of being a real report (not يحمل الجنسية، أشار بيده).  A few
  constructions fix the cue's reporting sense whatever the words around it (``keep`` in the
  model file: a closing "بحسب رويترز."، a relayed "حسب ما نقلت X عن Y"، بقوله): the training
  articles hold too few of them for the regression to learn, so they are kept at any probability.

Both are logistic regressions over sparse binary features, trained by
``scripts/train_attributions.py`` on annotated articles (selected by cross-validation by
article, never on dev or check) and shipped as ``data/models/attribution.json``: a dict
of feature weights, so a decision is a sum a reader can print (``--explain``).
The weights inherit the training data's licence (SaudiNewsNet: CC BY-NC-SA 4.0).
"""
from __future__ import annotations

import json
import math
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat
from typing import Any, Iterator

MODEL_FILE = "attribution.json"


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    if x > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True, slots=True)
class Linear:
    """A logistic regression over binary features: ``bias + sum(weights[f])``."""

    weights: dict[str, float]
    bias: float = 0.0

    def logit(self, feats: list[str]) -> float:
        return self.bias + sum(map(self.weights.get, feats, repeat(0.0)))  # looked up in C, in order (issue 19)

    def top(self, feats: list[str], n: int = 5) -> list[tuple[str, float]]:
        """The features that weighed most in this decision, largest magnitude first."""
        found = [(f, self.weights[f]) for f in dict.fromkeys(feats) if f in self.weights]
        return sorted(found, key=lambda fw: (-abs(fw[1]), fw[0]))[:n]  # ties by name: the same on every run

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Linear":
        return cls({str(k): float(v) for k, v in d["weights"].items()}, float(d.get("bias", 0.0)))


@dataclass(slots=True)
class Choice:
    """What a decision chose and why (shown by ``qawl analyze --explain``)."""

    index: int
    score: float  # probability (report) or softmax share (speaker)
    features: list[tuple[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 3), "features": [[f, round(w, 3)] for f, w in self.features]}


def _rank(m: Linear | None, feats: list[list[str]], margin: float) -> Choice:
    """The best of several options by a ranker's score; option 0 (the rules' own) gets ``margin``
    ahead, so another overrules it only when it scores higher by that much."""
    if m is None or len(feats) == 1:
        return Choice(0, 1.0, m.top(feats[0]) if m is not None else [])
    logits = [m.logit(f) for f in feats]
    logits[0] += margin
    best = max(range(len(feats)), key=lambda k: (logits[k], -k))
    z = sum(math.exp(x - logits[best]) for x in logits)
    return Choice(best, 1.0 / z, m.top(feats[best]))


class Decider:
    """Decides with the shipped models; without a model the rules' own choice stands."""

    def __init__(self, speaker: Linear | None = None, report: Linear | None = None, threshold: float = 0.5,
                 margin: float = 0.0, keep: frozenset[str] = frozenset(), sources: frozenset[str] | None = None,
                 content: Linear | None = None, content_margin: float = 0.0, ends: frozenset[str] | None = None):
        self.speaker_model = speaker
        self.content_model = content  # the ranker of a statement's possible ends (content.ends)
        self.content_margin = content_margin
        self.ends = ends  # the kinds of end the ranker may choose (content.End.reason; None: all)
        self.report_model = report
        self.threshold = threshold
        self.margin = margin  # how far another candidate must outscore the rules' own to overrule it
        self.keep = keep  # report features of constructions whose sense is fixed: kept at any probability
        self.sources = sources  # optional candidate sources the ranker was trained with (None: all)

    def proposes(self, source: str) -> bool:
        """Whether an optional candidate source (``candidates.OPTIONAL_SOURCES``) is proposed: a
        model file trained before a source existed has no weights for its candidates and does
        not get them (its outputs stay those it was selected and gated with)."""
        return self.sources is None or source in self.sources

    def speaker(self, feats: list[list[str]]) -> Choice:
        """Index of the candidate that speaks (0 is the rules' choice)."""
        return _rank(self.speaker_model, feats, self.margin)

    def content(self, feats: list[list[str]]) -> Choice:
        """Index of the end the statement gets (0 is the rules' own end, content.ends)."""
        if self.ends is not None:  # an end of a kind the model was not selected with stays out
            keep = [k for k, f in enumerate(feats) if k == 0 or f[0].removeprefix("end=") in self.ends]
            c = _rank(self.content_model, [feats[k] for k in keep], self.content_margin)
            return Choice(keep[c.index], c.score, c.features)
        return _rank(self.content_model, feats, self.content_margin)

    def observe(self, doc: Any, cands: list[Any], speaker_feats: list[list[str]], report_feats: list[str],
                content: Any, chosen: int) -> None:
        """Called for every proposed statement; a training recorder keeps what it saw."""

    def observe_ends(self, doc: Any, ends: Any) -> None:
        """Called before ``observe`` with the statement's proposed ends (content.ends), if any."""

    def report(self, feats: list[str]) -> Choice | None:
        """The kept statement's probability and reasons, or None to drop it."""
        m = self.report_model
        if m is None:
            return Choice(0, 1.0)
        p = _sigmoid(m.logit(feats))
        if p >= self.threshold:
            return Choice(0, p, m.top(feats))
        sure = [(f, 0.0) for f in feats if f in self.keep]
        return Choice(0, p, sure + m.top(feats)) if sure else None


@lru_cache(maxsize=1)
def shipped() -> Decider:
    """The decider of the model file shipped in the package (rules alone if absent)."""
    try:
        raw = resources.files("qawl").joinpath("data", "models", MODEL_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return Decider()
    d = json.loads(raw)
    content = d.get("content")  # a model file from before the content ranker: the rules' ends stand
    return Decider(Linear.from_dict(d["speaker"]), Linear.from_dict(d["report"]), float(d["report"]["threshold"]),
                   float(d["speaker"].get("margin", 0.0)), frozenset(d["report"].get("keep", ())),
                   frozenset(d["speaker"].get("sources", ())),
                   Linear.from_dict(content) if content else None, float(content.get("margin", 0.0)) if content else 0.0,
                   frozenset(content["ends"]) if content and "ends" in content else None)


_ACTIVE: ContextVar[Decider | None] = ContextVar("qawl_attribution_decider", default=None)


def active() -> Decider:
    """The decider in force: one set by ``using`` (training, experiments), else the shipped one."""
    return _ACTIVE.get() or shipped()


@contextmanager
def using(decider: Decider) -> Iterator[Decider]:
    """Run the attribution stage with another decider (a recorder, a fold's model)."""
    token = _ACTIVE.set(decider)
    try:
        yield decider
    finally:
        _ACTIVE.reset(token)

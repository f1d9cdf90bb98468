"""Where a person's name starts after a title: a learned decision on the tagger's output.

The CRF sees two words either side.  In "رئيس جهاز المعلومات في إقليم كردستان لاهور شيخ
جنكي" it reads لاهور (a city in the place lists) as the end of the title and starts the
person at شيخ.  This step runs after the tagger and looks again at each title-name
boundary:

* **where**: rules find the windows.  A window is the run of words between a title word
  (a rank or office of ``data/speakers.tsv``: رئيس، وزير، الناطق، العقيد) and the person
  the tagger found after it, with no break between them (punctuation, و، عن، a reporting
  verb, أن); or, when the tagger found no person, the words after a title word up to such
  a break.
* **which words**: a logistic regression decides for each of the last words of the run,
  walking back from the name, whether it is part of the name: the word's article, its
  noun/adjective endings (ة، ية، ي، ات، ون), the name and place lists, how common it is in
  news, its word cluster, the tag the CRF gave it, its distance from the title and from
  the name, and where it stands in the title's own phrase (``_title_phrase``: right after a
  title noun with no article, after a في/ب phrase closed by a place, after a place word, a
  nisba adjective after a definite word), and how long the name is so far (a one-word
  name after a title still wants its first name).  The first word it refuses ends the walk.

The model (``data/models/title_names.json``) is trained by ``scripts/train_title_names.py``
on ANERcorp train (the CRF's out-of-fold tags) and the annotated speakers of the
attribution training sets (their title and name are marked), chosen by cross-validation by
document (``explain`` lists each candidate word's probability).  The weights inherit the
training data's licences (ANERcorp CC BY-SA 4.0; the speakers' SaudiNewsNet CC BY-NC-SA 4.0).
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import compress
from operator import attrgetter
from typing import Any

from ..attribution.cues import cue_forms
from ..attribution.decide import Linear, _sigmoid
from ..attribution.lexicon import is_comp, person_names, speaker_kind, speaker_kind_of
from ..text.doc import Token
from ..text.normalize import normalize
from . import ner
from .phrases import word_forms

MODEL_FILE = "models/title_names.json"
PERSON = "PERS"
REACH = 8  # how many words back from a name a title word still heads it
MAX_TAKEN = 3  # how many words before the tagger's name the walk may take in
#: words a title does not run over (as the entities stage's titles: a title may hold في and باسم)
STOPS = frozenset(normalize(w) for w in ("و", "عن", "مع", "إلى", "على", "ضد", "بين", "أو", "ثم", "قد", "كان", "كما",
                                         "أن", "إن", "الذي", "التي"))
_FREQUENT = 500  # corpus count from which a word is its own feature (في، باسم، العام)
_ENDINGS = ("ية", "يين", "يون", "ات", "ون", "ين", "ة", "ي")


@dataclass(frozen=True, slots=True)
class Window:
    """A title word at ``title``, the name the tagger found at ``[name, end)`` (``name ==
    end`` when it found none: then ``end`` is where the run after the title breaks)."""

    title: int
    name: int
    end: int

    @property
    def tagged(self) -> bool:
        return self.name < self.end

    def candidates(self) -> range:
        """The words the walk may take in, nearest the name first."""
        return range(self.name - 1, max(self.title, self.name - 1 - MAX_TAKEN), -1)


def is_title(tok: Token) -> bool:
    return speaker_kind(tok) in ("rank", "office")  # read once a word type (lexicon's cache)


_TITLE_KINDS = frozenset({"rank", "office"})
_NORM = attrgetter("norm")


def titles(tokens: Sequence[Token]) -> list[bool]:
    """``is_title`` of each token, read in C through the lexicon's cache of word types (issue 19):
    the windows ask it of every token of every sentence (a cache of its own, a word type at a time,
    cost more than it saved on a first reading of 1,000 articles)."""
    return list(map(_TITLE_KINDS.__contains__, map(speaker_kind_of, map(_NORM, tokens))))


def _breaks(tok: Token) -> bool:
    return not tok.is_word or tok.norm in STOPS or tok.norm in cue_forms() or is_comp(tok)


def windows(tokens: Sequence[Token], tags: Sequence[str]) -> list[Window]:
    """The title-name windows of one sentence (see the module docstring)."""
    spans = ner.bio_spans(tags)
    inside = {k for a, b, _ in spans for k in range(a, b)}
    out: list[Window] = []
    heads: set[int] = set()
    titled = titles(tokens)
    for a, b, cls in spans:
        if cls != PERSON:
            continue
        k = a
        while k > 0 and a - k < REACH and not _breaks(tokens[k - 1]) and not tags[k - 1].endswith(PERSON):
            k -= 1
            if titled[k]:
                out.append(Window(k, a, b))
                heads.add(k)
                break
    for t in compress(range(len(tokens)), titled):  # a title the tagger gave no name after
        if t in heads or t in inside:
            continue
        e = t + 1
        while e < len(tokens) and e - t <= REACH and not _breaks(tokens[e]) and e not in inside and not titled[e]:
            e += 1
        if e > t + 1 and (e == len(tokens) or _breaks(tokens[e])):
            out.append(Window(t, e, e))
    return out


def _word(prefix: str, tok: Token, names: frozenset[str]) -> list[str]:
    """What the lists say about one word, each attribute prefixed by its place."""
    if not tok.is_word:
        return [f"{prefix}:punct"]
    norm = tok.norm
    forms = word_forms(norm)
    count = ner.corpus_count(norm)
    out = [f"{prefix}:w={norm}"] if count >= _FREQUENT else []
    definite = norm.startswith("ال") and len(norm) > 3
    out.append(f"{prefix}:def={definite}")
    out.append(f"{prefix}:clitics={bool(tok.prefix)},{bool(tok.suffix)}")  # وال-، لـ، -ها: a noun's, rarely a name's
    stem = norm[2:] if definite else norm
    ending = next((e for e in _ENDINGS if stem.endswith(e) and len(stem) > len(e) + 1), "")
    out.append(f"{prefix}:end={ending}")
    if any(f in names for f in forms):
        out.append(f"{prefix}:name")
    out += [f"{prefix}:{k}" for k in ner.known_kinds(forms)]
    cues = ner.entity_cues()
    out += [f"{prefix}:cue={c}" for c in sorted({cues[f] for f in forms if f in cues})]
    kind = speaker_kind(tok)
    if kind is not None:
        out.append(f"{prefix}:sp={kind}")
    out.append(f"{prefix}:freq={min(count.bit_length(), 14) // 2}")
    if not definite:
        with_al = ner.corpus_count("ال" + norm)
        out.append(f"{prefix}:al=" + ("none" if not with_al else "rare" if with_al * 4 < count else "often"))
    hit = ner.word_clusters().get(norm)
    out.append(f"{prefix}:k1={hit[0][1]}" if hit is not None else f"{prefix}:k1=none")
    return out


def features(tokens: Sequence[Token], tags: Sequence[str], w: Window, i: int, taken: int,
             names: frozenset[str] | None = None) -> list[str]:
    """Features of word ``i`` of window ``w`` when the name so far starts at ``taken``."""
    names = person_names() if names is None else names
    kind = speaker_kind(tokens[w.title])
    title = tokens[w.title].norm
    title = title[2:] if title.startswith("ال") and len(title) > 3 else title
    out = ["bias", f"tagged={w.tagged}", f"from_title={min(i - w.title, 5)}", f"to_name={min(taken - i, 3)}",
           f"tag={tags[i].partition('-')[2] or 'O'}", f"title={kind}", f"title_w={title}",
           f"title={kind}&from={min(i - w.title, 3)}"]
    own = _word("w", tokens[i], names)
    out += own
    if "w:def=True" in own and "w:end=ي" in own:
        out.append("w:nisba")  # الكندي، الأمريكي: before a name, an adjective of the title
    out += _title_phrase(tokens, tags, w, i, taken, own)
    if "w:def=False" in own and "w:end=" in own and not any(f.startswith("w:w=") for f in own):
        out.append("w:bare")  # no article, no noun or adjective ending, not a common word: a name's shape
    if tags[i] == "O":  # a word of a place list the tagger did not read as a place (لاهور before شيخ جنكي)
        out += [f"w:declined={f[5:]}" for f in own if f in ("w:kn=place", "w:kn=country")]
    if i - 1 > w.title:
        out += _word("prev", tokens[i - 1], names)
        before = tags[i - 1].partition('-')[2] or 'O'
        out.append(f"prev:tag={before}")
        out.append(f"tags={before}>{tags[i].partition('-')[2] or 'O'}")  # في إقليم كردستان + a word the tagger left out
    else:
        out.append("prev:title")
    if taken < len(tokens):
        out += [f for f in _word("next", tokens[taken], names) if f.startswith(("next:name", "next:kn", "next:def", "next:k1"))]
    else:
        out.append("next:none")
    return out


def _placeish(tok: Token, tag: str) -> bool:
    """A place or body the title's phrase can end on: the tagger's LOC/ORG or a place list's word."""
    if tag.endswith(("LOC", "ORG")):
        return True
    forms = word_forms(tok.norm)
    return any(k.startswith(("kn=place", "kn=country")) for k in ner.known_kinds(forms)) or \
        any(ner.entity_cues().get(f) in ("loc", "org") for f in forms)


def _title_phrase(tokens: Sequence[Token], tags: Sequence[str], w: Window, i: int, taken: int,
                  own: list[str]) -> list[str]:
    """Where word ``i`` stands in the title's own phrase, which decides whether it can still
    belong to it: the word right after a title noun with no article is its complement (محافظ
    نينوى); after a في/ب phrase whose object is a place or body already said (في إقليم
    كردستان), the phrase is complete, so the next word starts something new; a place word
    after a place word; a nisba adjective (الكندي، البريطانية) after a definite word of the
    title agrees with it rather than starting a name."""
    out = []
    head = tokens[w.title]
    bare_head = not head.norm.startswith("ال") and not head.prefix.endswith("ال") and not head.suffix
    out.append(f"head_bare={bare_head}&from={min(i - w.title, 3)}")
    out.append(f"name_len={min(w.end - taken, 3)}&tagged={w.tagged}")  # a one-word name so far wants its first name
    prev = tokens[i - 1] if i - 1 > w.title else None
    pp = max((k for k in range(w.title + 1, i) if tokens[k].norm == "في" or "ب" in tokens[k].prefix), default=None)
    after_place = prev is not None and _placeish(prev, tags[i - 1])
    if pp is not None:
        out.append(f"pp={min(i - pp, 4)}")
        if after_place and i - 1 > pp:
            out.append("pp_closed")
    if after_place:
        out.append("after_place" + ("&place" if any(f in own for f in ("w:kn=place", "w:kn=country")) else ""))
    if "w:def=True" in own and "w:end=ي" in own:  # الكندي
        before = tokens[i - 1]
        definite = before.norm.startswith("ال") or "ال" in before.prefix or i - 1 == w.title and not bare_head
        out.append(f"nisba&after_def={definite}&tag={tags[i - 1].partition('-')[2] or 'O'}")
        if "w:name" in own:
            out.append(f"nisba&name&after_def={definite}")
    return out


@dataclass(frozen=True, slots=True)
class Model:
    """The decision's weights, and the probability from which a word joins the name: after
    a name the tagger found, and (higher: a new name) after a title with none."""

    linear: Linear
    threshold: float
    untagged: float = 1.01

    def probability(self, feats: list[str]) -> float:
        return _sigmoid(self.linear.logit(feats))

    def takes(self, w: Window, feats: list[str]) -> bool:
        return self.decide(w, feats)[1]

    def decide(self, w: Window, feats: list[str]) -> tuple[float, bool]:
        """The word's probability, and whether the name takes it in (the logit summed once)."""
        p = self.probability(feats)
        return p, p >= (self.threshold if w.tagged else self.untagged)


@lru_cache(maxsize=1)
def shipped() -> Model | None:
    path = resources.files("qawl.data") / MODEL_FILE
    if not path.is_file():
        return None
    d = json.loads(path.read_text(encoding="utf-8"))
    return Model(Linear.from_dict(d["model"]), float(d["threshold"]), float(d["untagged"]))


def walk(tokens: Sequence[Token], tags: Sequence[str], w: Window, model: Model,
         names: frozenset[str] | None = None) -> Iterator[tuple[int, float, bool]]:
    """(word, probability, taken) of each word the walk back from the tagger's name reads."""
    start = w.name
    for i in w.candidates():
        feats = features(tokens, tags, w, i, start, names)
        p, taken = model.decide(w, feats)
        yield i, p, taken
        if not taken:
            return
        start = i


def name_start(tokens: Sequence[Token], tags: Sequence[str], w: Window, model: Model,
               names: frozenset[str] | None = None) -> int:
    """Where the name of window ``w`` starts: the last word the walk took in."""
    return min((i for i, _, taken in walk(tokens, tags, w, model, names) if taken), default=w.name)


def adjust(tokens: Sequence[Token], tags: Sequence[str], model: Model | None = None,
           names: frozenset[str] | None = None) -> list[str]:
    """The tagger's tags with each name after a title started where the decision puts it."""
    model = model or shipped()
    out = list(tags)
    if model is None:
        return out
    for w in windows(tokens, tags):
        start = name_start(tokens, tags, w, model, names)
        if start == w.name:
            continue
        for k in range(start, w.end):
            out[k] = ("B-" if k == start else "I-") + PERSON
    return out


def tag_many(sentences: Sequence[Sequence[Token]], accurate: bool = False) -> list[list[str]]:
    """The tags the entities stage reads: the tagger's (``ner.tag_many``), then this step.
    The accurate mode keeps its own: the decision learned the default CRF's mistakes."""
    tagged = ner.tag_many(sentences, accurate)
    if accurate:
        return tagged
    return [adjust(toks, tags) for toks, tags in zip(sentences, tagged)]


def explain(tokens: Sequence[Token], tags: Sequence[str]) -> list[dict[str, Any]]:
    """Each window's words as the shipped decision read them, with their probability."""
    model = shipped()
    if model is None:
        return []
    return [{"word": tokens[i].text, "title": tokens[w.title].text, "p": round(p, 3), "taken": taken}
            for w in windows(tokens, tags) for i, p, taken in walk(tokens, tags, w, model)]

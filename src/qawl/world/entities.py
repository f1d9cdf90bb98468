"""The entities stage: people, organisations, places and other names, their titles, and
which mentions in an article name one entity.

Each sentence is tagged by the CRF (``qawl.world.ner``), whose person starts after a title
are then decided again (``qawl.world.title_names``); an attached و/ب/ل/ف/ك comes off
the first word of a mention when the word without it is a known word (وألمانيا ->
ألمانيا, but واشنطن stays).  A person's title is its own span of type TITLE (العقيد،
الناطق باسم التحالف الدولي العقيد): the run before the name that starts with a rank or
an office word (``data/speakers.tsv``); a bare title later in the article (النائب)
that heads an earlier title points to that person too.

Mentions of one entity share an ``id``: a short mention (عثمان، محمد حاج عثمان) joins
the latest earlier mention of its type whose words hold all of its words (in normal
form, the article ال taken off: الحاج = حاج); places resolve through the gazetteer
(أميركا = الولايات المتحدة).  The id is built from the entity's longest name in normal
form, so the same entity gets the same id across articles ("PER:محمد_حاج_عثمان").
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any

from ..attribution.cues import cue_forms
from ..attribution.lexicon import is_comp
from ..options import Options
from ..pipeline import stage
from ..text.doc import Doc, Token
from ..text.normalize import normalize
from . import ner, title_names
from .gazetteer import Place, resolve
from .phrases import after_proclitic

TITLE = "TITLE"
_MAX_TITLE_TOKENS = 8
#: words a title does not run back over (a title may hold في and باسم: رئيس جهاز المعلومات في إقليم كردستان)
_TITLE_STOPS = frozenset(normalize(w) for w in ("و", "عن", "مع", "إلى", "على", "ضد", "بين", "أو", "ثم", "قد", "كان", "كما"))
_MIN_PROPAGATED_CHARS = 3  # a name of fewer letters is too often a word


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention: ``type`` PER / ORG / LOC / MISC (or TITLE for a person's title)."""

    text: str
    start: int
    end: int
    type: str
    id: str
    place: Place | None = None  # a LOC the gazetteer knows
    of: str | None = None  # a TITLE's person (their entity id)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end, "type": self.type, "id": self.id}
        if self.place is not None:
            p = self.place
            d["place"] = {"name": p.canonical, "kind": p.kind, "country": p.country, "lat": p.lat, "lon": p.lon}
        if self.of is not None:
            d["of"] = self.of
        return d


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    type: str
    words: tuple[str, ...]  # normal forms, article and proclitics off
    tokens: tuple[int, int]  # token indices into doc.tokens
    place: Place | None = None
    id: str = ""


def entity_id(type: str, words: Sequence[str]) -> str:
    """The id an entity of ``type`` named by these key words has in every article and the store
    ("PER:زياد_رقيطي"): one place builds it, so the store's speakers and the entities agree."""
    return f"{type}:{'_'.join(words)}"


@lru_cache(maxsize=65_536)
def key_word(word: str) -> str:
    """A written word's matching form without its article (and a proclitic before it).

    Read on the written form: the article is always written with a bare alef, so
    ألمانيا and ألبرت keep their first letters while الحاج becomes حاج.  Cached: names
    recur, and normalising a word a character at a time was 3% of ``analyze``."""
    word = "".join(filter(_kept_char, word))  # diacritics and tatweel off, letters kept
    for p in ("وال", "بال", "فال", "كال", "لل", "ال"):
        if word.startswith(p) and len(word) - len(p) >= 2:
            return normalize(word[len(p):])
    return normalize(word)


@lru_cache(maxsize=1024)
def _kept_char(ch: str) -> bool:
    """Whether a character has a matching form (is not a diacritic, tatweel or control mark)."""
    return bool(normalize(ch))


def _start(tok: Token) -> int:
    """Where a mention starts: after a proclitic only when the rest is a known word."""
    cut = after_proclitic(tok)
    if cut == tok.start:
        return cut
    rest = tok.norm[cut - tok.start:]
    return cut if ner.corpus_count(rest) > ner.corpus_count(tok.norm) else tok.start


def _mentions(doc: Doc, accurate: bool = False) -> list[_Mention]:
    spans: list[tuple[int, int, str]] = []  # token indices into doc.tokens, class
    sentences = [doc.sentence_tokens(sent) for sent in doc.sentences]
    for sent, toks, tags in zip(doc.sentences, sentences, title_names.tag_many(sentences, accurate)):
        for a, b, cls in ner.bio_spans(tags):
            while b > a and not toks[b - 1].is_word:
                b -= 1
            while a < b and not toks[a].is_word:
                a += 1
            if a < b:
                spans.append((sent.first_token + a, sent.first_token + b, cls))
    spans = _propagate(doc, spans)
    out = []
    for a, b, cls in spans:
        span = doc.span(_start(doc.tokens[a]), doc.tokens[b - 1].end)
        if span is None:
            continue
        words = tuple(key_word(t.text) for t in doc.tokens[a:b] if t.is_word)
        typ = ner.TYPES.get(cls, "MISC")
        place = resolve(span.text.split()) if typ == "LOC" else None
        out.append(_Mention(span.start, span.end, typ, words, (a, b), place))
    return out


def _propagate(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A name the tagger found once in an article is a name wherever else it is written the
    same way there and left untagged (+0.008 F1 on dev in 20-sentence windows)."""
    taken = {k for a, b, _ in spans for k in range(a, b)}
    names: dict[tuple[str, ...], str] = {}
    for a, b, cls in spans:
        key = tuple(t.norm for t in doc.tokens[a:b])
        if sum(len(w) for w in key) >= _MIN_PROPAGATED_CHARS:
            names.setdefault(key, cls)
    if not names:
        return spans
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, cls in sorted(names.items(), key=lambda kv: -len(kv[0])):
        by_first.setdefault(key[0], []).append((key, cls))
    found = []
    sentence_end = {}
    for sent in doc.sentences:
        for k in range(sent.first_token, sent.last_token):
            sentence_end[k] = sent.last_token
    k = 0
    while k < len(doc.tokens):
        for key, cls in by_first.get(doc.tokens[k].norm, ()):
            n = len(key)
            if k + n <= sentence_end.get(k, 0) and not taken & set(range(k, k + n)) \
                    and tuple(t.norm for t in doc.tokens[k : k + n]) == key:
                found.append((k, k + n, cls))
                taken |= set(range(k, k + n))
                k += n - 1
                break
        k += 1
    return sorted(spans + found)


def _cluster(mentions: list[_Mention]) -> None:
    """Give each mention its entity's id (see the module docstring).

    The longer mentions that may hold a mention's words are found through an index by
    type and word (comparing every mention with every other cost the square of their number)."""
    by_length = sorted(range(len(mentions)), key=lambda k: (-len(mentions[k].words), k))
    done: dict[tuple[str, str], list[int]] = {}  # (type, word) -> mentions that have their id
    for k in by_length:
        m = mentions[k]
        if m.place is not None:
            m.id = "LOC:" + normalize(m.place.canonical).replace(" ", "_")  # ألمانيا keeps its أل
        else:
            words = set(m.words)
            found = [done.get((m.type, w), []) for w in words]
            fewest = min(found, key=len) if found else {n for (t, _), ns in done.items() if t == m.type for n in ns}
            candidates = sorted(fewest)
            longer = [mentions[n] for n in candidates
                      if len(mentions[n].words) > len(m.words) and words <= set(mentions[n].words)]
            # the nearest earlier mention, else the nearest later one
            best = min(longer, key=lambda o: (o.start > m.start, abs(o.start - m.start)), default=None)
            m.id = best.id if best is not None else entity_id(m.type, m.words)
        for w in set(m.words):
            done.setdefault((m.type, w), []).append(k)


def _titles(doc: Doc, mentions: list[_Mention]) -> list[Entity]:
    """Titles before person names, and bare titles that refer back to one."""
    out: list[Entity] = []
    heads: dict[str, str] = {}  # a title's first word (normal form, no article) -> the person's id
    taken = {k for m in mentions for k in range(*m.tokens)}
    persons = {k for m in mentions if m.type == "PER" for k in range(*m.tokens)}
    sentence_start = {s.first_token for s in doc.sentences}
    for m in mentions:
        if m.type != "PER":
            continue
        a = m.tokens[0]
        k = a
        first = None
        while k > 0 and a - k < _MAX_TITLE_TOKENS and k not in sentence_start:
            t = doc.tokens[k - 1]
            if not t.is_word or t.norm in _TITLE_STOPS or t.norm in cue_forms() or is_comp(t) or k - 1 in persons:
                break
            k -= 1
            if title_names.is_title(t):
                first = k
        if first is None:
            continue
        span = doc.span(_start(doc.tokens[first]), doc.tokens[a - 1].end)
        if span is not None:
            out.append(Entity(span.text, span.start, span.end, TITLE, m.id, of=m.id))
            heads.setdefault(key_word(doc.tokens[first].text), m.id)
            taken |= set(range(first, a))
    for k in compress(range(len(doc.tokens)), title_names.titles(doc.tokens)):  # later bare titles: "وقال النائب"
        t = doc.tokens[k]
        if k in taken or not t.is_word:
            continue
        person = heads.get(key_word(t.text))
        nxt = doc.tokens[k + 1] if k + 1 < len(doc.tokens) else None
        if person is None or (nxt is not None and k + 1 in taken):
            continue
        first_title = min((e.start for e in out if e.of == person), default=t.start)
        if t.start <= first_title:
            continue
        span = doc.span(_start(t), t.end)
        if span is not None:
            out.append(Entity(span.text, span.start, span.end, TITLE, person, of=person))
    return out


def find_entities(doc: Doc, accurate: bool = False) -> list[Entity]:
    mentions = _mentions(doc, accurate)
    _cluster(mentions)
    ents = [Entity(doc.text[m.start:m.end], m.start, m.end, m.type, m.id, m.place) for m in mentions]
    ents += _titles(doc, mentions)
    ents.sort(key=lambda e: (e.start, -e.end))
    return ents


def entity_at(entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    """The entity that overlaps ``[start, end)`` most, a name before a title (whose id is its person's)."""
    best, rank = None, (False, 0)
    for e in entities:
        o = min(end, e.end) - max(start, e.start)
        if o > 0 and (e.type != TITLE, o) > rank:
            best, rank = e, (e.type != TITLE, o)
    return best


@stage("entities", requires={"sentences"}, provides={"entities"})
def entities_stage(doc: Doc, options: Options) -> None:
    doc.entities = find_entities(doc, accurate=options.entities == "accurate")


@stage("speaker_entities", requires={"attributions", "entities"}, provides={"speaker_entities"},
       sets={"attributions.entity"})
def speaker_entities_stage(doc: Doc, options: Options) -> None:
    """Give each attribution's speaker the id of the entity its source names."""
    index = EntityIndex(doc.entities)
    for a in doc.attributions:
        if a.source is not None:
            e = index.at(a.source.start, a.source.end)
            if e is not None and e.type not in ("PER", TITLE) and \
                    2 * (min(e.end, a.source.end) - max(e.start, a.source.start)) < a.source.end - a.source.start:
                e = None  # "مجلس سوريا الديمقراطي" is not سوريا: a place or body inside a longer name
            e = e or index.named_before(a.source)
            a.entity = e.id if e is not None else None


class EntityIndex:
    """An article's entities by position and by name word, read once for all its speakers:
    comparing every speaker with every entity cost the square of the article's length."""

    def __init__(self, entities: Sequence[Entity]):
        self.entities = entities
        self.by_start = sorted(range(len(entities)), key=lambda i: entities[i].start)
        self.starts = [entities[i].start for i in self.by_start]
        self.longest = max((e.end - e.start for e in entities), default=0)
        # persons and bodies, latest first (ties in list order), and by each of their name words
        self.named = [e for e in sorted(entities, key=lambda e: -e.start) if e.type in ("PER", "ORG")]
        self.words = [{key_word(w) for w in e.text.split()} for e in self.named]
        self.by_word: dict[str, list[int]] = {}
        for n, words in enumerate(self.words):
            for w in words:
                self.by_word.setdefault(w, []).append(n)
        self.every = list(range(len(self.named)))
        # minus the start of each candidate, ascending, for bisection
        self.keys = {w: [-self.named[n].start for n in found] for w, found in self.by_word.items()}
        self.keys[""] = [-e.start for e in self.named]

    def at(self, start: int, end: int) -> Entity | None:
        """``entity_at`` over the entities that can overlap ``[start, end)``."""
        lo, hi = bisect_left(self.starts, start - self.longest), bisect_left(self.starts, end)
        return entity_at([self.entities[i] for i in sorted(self.by_start[lo:hi])], start, end)

    def named_before(self, source: Any) -> Entity | None:
        """The latest earlier person or body whose name holds every word of a speaker the
        tagger missed ("ظريف" after "محمد جواد ظريف")."""
        words = {key_word(w) for w in source.text.split()}
        rarest = min(words, key=lambda w: len(self.by_word.get(w, ())), default="")
        candidates = self.by_word.get(rarest, []) if rarest else self.every
        # the candidates are latest first: skip, by bisection, those not before the source
        first = bisect_right(self.keys.get(rarest, []), -source.start)
        for n in candidates[first:]:
            if words <= self.words[n]:
                return self.named[n]
        return None

"""Speakers: the head of a mention, and who an implicit or short mention refers to.

A mention is the speaker as the article names them ("الناطق باسم التحالف الدولي
العقيد رايان ديلون"); its head (``source``) is the name, or for a body the noun
phrase before its first preposition ("التحالف الدولي" of "التحالف الدولي ضد داعش").
The memory keeps the speakers seen so far, so that "وأضاف" (implicit), "عثمان"
(a surname) and "المصدر" (a definite common noun) resolve to an earlier full
mention, and a relay ("via") carries forward to the same speaker's follow-ups.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from ..text.doc import Doc, Span, Token
from ..text.normalize import normalize
from .lexicon import PREPOSITIONS, QUOTE_CHARS, has_article, head_class, is_name, kind_of, speaker_kind, strip_article
from .persons import PersonMemory


RECENT_WINDOW = 64  # mentions looked back over for the latest distinct speakers


def span_of(doc: Doc, toks: list[Token]) -> Span | None:
    if not toks:
        return None
    return doc.span(toks[0].start, toks[-1].end)


def trim(toks: list[Token]) -> list[Token]:
    """Drop punctuation (commas, brackets left open) at both ends of a token run."""
    a, b = 0, len(toks)
    while a < b and not toks[a].is_word and toks[a].text not in "“«\"(":
        a += 1
    while b > a and not toks[b - 1].is_word and toks[b - 1].text not in "”»\")":
        b -= 1
    return toks[a:b]


def head(toks: list[Token]) -> list[Token]:
    """The name or head noun phrase of a mention."""
    if len(toks) <= 1:
        return toks
    rel = next((k for k, t in enumerate(toks) if k > 0 and kind_of(t, "relative")), 0)
    if rel:
        return head(trim(toks[:rel]))  # المحامية زينة كلاب التي كانت بين الحضور: the clause describes her
    if len(toks) > 3 and toks[1].norm in ("صادر", "الصادر") and toks[2].norm == "عن" and trim(toks[3:]):
        return head(trim(toks[3:]))  # بيان صادر عن السفارة: the one who issued it speaks
    # after the last rank or honorific: العقيد رايان ديلون
    ranks = [k for k, t in enumerate(toks) if speaker_kind(t) == "rank" and k + 1 < len(toks)]
    if ranks and toks[ranks[-1] + 1].is_word:
        n = ranks[-1] + 1
        while n + 1 < len(toks) and has_article(toks[n]) and not is_name(toks[n]):
            n += 1  # الرئيس الأمريكي باراك أوباما: the name, not its adjective
        return trim(toks[n:])
    # after a comma, a name: النائب عن الاتحاد الوطني، محمد الحاج عثمان
    commas = [k for k, t in enumerate(toks) if t.text in "،,"]
    if commas:
        tail = trim(toks[commas[-1] + 1 :])
        if (tail and (is_name(tail[0]) or not has_article(tail[0])) and speaker_kind(tail[0]) is None
                and not kind_of(tail[0], "hal") and not any(_binds(t) for t in tail)):
            return tail
    offices = [k for k, t in enumerate(toks) if speaker_kind(t) in ("office", "rank")]
    if offices and 0 < offices[0] <= 4 and all(
            is_name(t) or (t.is_word and not has_article(t) and speaker_kind(t) is None) for t in toks[: offices[0]]):
        return trim(toks[: offices[0]])  # مصطفى عزام الأمين العام للاتحاد: the name, then the post
    first = speaker_kind(toks[0])
    if first == "office":
        names = _trailing_name(toks) or _after_title(toks)
        if names:
            return names
    if first == "anon" or (first == "office" and not has_article(toks[0])):
        # مصدر / مسؤول في سفارة الهند: an unnamed source is known by where it sits
        return trim(toks[: next((k for k, t in enumerate(toks) if t.text in "،,("), len(toks))])
    # a body: the phrase before its first preposition
    for k, t in enumerate(toks[1:], 1):
        if t.norm in PREPOSITIONS or t.text in "،,(":
            return trim(toks[:k])
    return toks


def _binds(t: Token) -> bool:
    """A preposition or a quote mark: a phrase after the comma, not a name ("، في تسجيل مصور"،
    "، حصلت «الشرق الأوسط» على نسخة منه")."""
    return (t.norm in PREPOSITIONS and not kind_of(t, "namepart")) or t.text in QUOTE_CHARS


def _after_title(toks: list[Token]) -> list[Token]:
    """The words after a post and its adjectives, when they can only be a name:
    "المرشد الأعلى علي خامنئي" -> علي خامنئي (the name list need not know them)."""
    k = 1
    while k < len(toks) and toks[k].is_word and has_article(toks[k]):
        k += 1
    if k + 2 < len(toks) and toks[k].norm == "لدي":
        k += 2  # السفير العراقي لدى الأردن + the name
    run = toks[k:]
    if run and not has_article(toks[0]) and run[0].norm.endswith("ي") and not is_name(run[0]):
        return []  # مسؤول أمريكي: after an indefinite post, a nisba is its adjective, not a name
    # a family name may take ال after a known first name (توفيق الربيعة), or as the last of two words (حيدر العذاري)
    named = bool(run) and (is_name(run[0]) or (len(run) == 2 and run[0].norm != "باسم"))
    if 0 < len(run) <= 4 and all(t.is_word and (not has_article(t) or (named and n > 0)) and speaker_kind(t) is None
                                 and not t.norm.startswith(("لل", "بال"))  # للشرطة: a preposition and its noun, no name
                                 and (t.norm not in PREPOSITIONS or kind_of(t, "namepart")) for n, t in enumerate(run)):
        return run
    return []


def _trailing_name(toks: list[Token]) -> list[Token]:
    """The name at the end of "وزير الخارجية السعودي عادل الجبير", if one is recognised."""
    k = len(toks)
    if k > 2 and has_article(toks[-1]) and speaker_kind(toks[-1]) is None and is_name(toks[-2]):
        k -= 1  # a family name with ال after a known first name: خالد الشرهان
    while k > 1 and (is_name(toks[k - 1]) or (not has_article(toks[k - 1]) and speaker_kind(toks[k - 1]) is None
                                              and toks[k - 1].is_word and k - 1 > 0 and has_article(toks[k - 2]))):
        k -= 1
        if is_name(toks[k]) and k > 0 and has_article(toks[k - 1]) and not is_name(toks[k - 1]):
            break
    run = toks[k:]
    if run and any(is_name(t) for t in run) and k > 0:
        return run
    return []


@dataclass(slots=True)
class Speaker:
    mention: Span
    source: Span
    via: Span | None
    keys: frozenset[str]
    nested: bool = False  # quoted inside another speaker's statement
    cls: str = "none"  # head class of the mention as written (lexicon.head_class)
    at: int = 0  # character offset where it was mentioned
    shape: tuple[str, ...] = ()  # features of the mention as written (candidates.np_shape)
    origin: str = ""  # the rule that proposed its statement, or "actor" (one who acted, said nothing)


class SpeakerMemory:
    """The speakers of one article so far, most recent last."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.speakers: list[Speaker] = []
        self.relays: list[Span] = []
        self.counts: dict[str, int] = {}  # how many statements each source has made so far
        self.persons = PersonMemory(doc)  # everyone the article names, with or without a cue (persons.py)
        self._sentence_starts: list[int] | None = None
        # indexes for _holder, built on first use
        self._starts: list[int] | None = None
        self._by_word: dict[str, list[int]] | None = None
        self._holders: dict[tuple[str, ...], list[int]] = {}

    @property
    def last(self) -> Speaker | None:
        """The latest speaker of the article's own reporting: "وأضاف" continues them,
        not someone they quoted."""
        return next((sp for sp in reversed(self.speakers) if not sp.nested), None)

    def add(self, mention: Span, source: Span, via: Span | None, toks: list[Token], nested: bool = False,
            shape: tuple[str, ...] = (), origin: str = "") -> Speaker:
        keys = frozenset(strip_article(t.norm) for t in toks if t.is_word and len(t.norm) > 1)
        sp = Speaker(mention, source, via, keys, nested, head_class(toks), toks[0].start if toks else mention.start, shape,
                     origin)
        self.speakers.append(sp)
        self.counts[source.text] = self.counts.get(source.text, 0) + 1
        if via is not None:
            self.relays.append(via)
        return sp

    def sentence_starts(self) -> list[int]:
        """Where each sentence of the article starts (built once: candidates ask per statement)."""
        if self._sentence_starts is None:
            self._sentence_starts = [s.start for s in self.doc.sentences]
        return self._sentence_starts

    def recent(self, n: int) -> list[Speaker]:
        """The last ``n`` distinct speakers of the article's own reporting, latest first."""
        out: list[Speaker] = []
        seen: set[str] = set()
        for sp in reversed(self.speakers[-RECENT_WINDOW:]):  # bounded: an article of one speaker stays linear
            if sp.nested or sp.source.text in seen:
                continue
            seen.add(sp.source.text)
            out.append(sp)
            if len(out) == n:
                break
        return out

    def antecedent(self, toks: list[Token]) -> Speaker | None:
        """The earlier speaker a short mention refers to.

        A surname ("عثمان"), a definite common noun ("المصدر") or a nameless title
        ("الوزير الأمريكي", "المرشد الأعلى") refers to the latest speaker whose mention
        holds its head word; a title only to one whose mention also has a name.
        """
        words = [t for t in toks if t.is_word]
        if not words:
            return None
        if len(words) == 1:
            if not has_article(words[0]) and not is_name(words[0]) and speaker_kind(words[0]):
                return None  # "مسؤول", indefinite: someone new, not the official named before
            key = strip_article(words[0].norm)
            if has_article(words[0]):  # الاتحاد: first a speaker it heads (الاتحاد المصري), then any
                for sp in reversed(self.speakers):
                    if strip_article(normalize(sp.mention.text.split()[0])) == key:
                        return sp
            if has_article(words[0]) and speaker_kind(words[0]) not in ("office", "rank", "anon"):
                return None  # الاتحاد is the federation, not the official of it named before
            for sp in reversed(self.speakers):
                if key in sp.keys:
                    return sp
            return None
        if len(words) > 4 or any(is_name(t) for t in words) or not (has_article(words[0]) or speaker_kind(words[0])):
            return None
        key = strip_article(words[0].norm)
        rest = {strip_article(t.norm) for t in words[1:]}
        office = speaker_kind(words[0]) in ("office", "rank")
        for sp in reversed(self.speakers):
            if sp.mention.text == sp.source.text:
                continue  # a title refers to a named person, not to another title
            lead = strip_article(normalize(sp.mention.text.split()[0]))
            if lead == key and (rest & sp.keys or len(sp.keys) > len(words)):
                return sp
            if office and key in sp.keys and rest & sp.keys:  # الأمين العام لاتحاد الكرة -> مصطفى عزام الأمين العام للاتحاد ...
                return sp
        return None

    def named_holder(self, toks: list[Token]) -> tuple[Span, Span] | None:
        """(name, full mention) of an earlier "TITLE NAME" for a nameless title.

        "المرشد الأعلى" said something; the article named him earlier, maybe not as a
        speaker: "... المرشد الأعلى علي خامنئي ...".  The name is the run of words
        right after the same title words.
        """
        words = [t for t in toks if t.is_word]
        if not words or len(words) > 3 or any(is_name(t) for t in words):
            return None
        construct = len(words) >= 2 and speaker_kind(words[0]) in ("office", "rank") and has_article(words[1])  # وزير المعادن
        if not (has_article(words[0]) or construct):
            return None
        if speaker_kind(words[0]) not in ("office", "rank") and not any(speaker_kind(t) in ("office", "rank") for t in words):
            return None
        keys = [strip_article(t.norm) for t in words]
        found = self._holder(toks, keys)
        if found is None and len(keys) >= 3 and has_article(words[-1]) and words[-1].norm.endswith("ي"):
            found = self._holder(toks, keys[:-1])  # وزير المعادن السوداني -> وزير المعادن أحمد ...: the nisba is optional
        return found

    def _holder(self, toks: list[Token], keys: list[str]) -> tuple[Span, Span] | None:
        """The latest "TITLE NAME" before ``toks``; found through an index of title words
        (scanning back over the article for each title cost the square of its length)."""
        doc_toks = self.doc.tokens
        if self._starts is None:
            self._starts = [t.start for t in doc_toks]
        limit = bisect_left(self._starts, toks[0].start)
        # a match whose name could run to the limit is read again; the rest is the same for any limit
        near = limit - len(keys) - 3
        for p in range(limit - len(keys), max(near, 0) - 1, -1):
            found = self._holder_at(p, keys, limit)
            if found is not None:
                return found
        held = self._held(tuple(keys))
        k = bisect_left(held, near) - 1
        return self._holder_at(held[k], keys, len(doc_toks)) if k >= 0 else None

    def _held(self, keys: tuple[str, ...]) -> list[int]:
        """Where in the article ``keys`` are followed by a name, ascending (cached)."""
        if keys not in self._holders:
            if self._by_word is None:
                self._by_word = {}
                for n, t in enumerate(self.doc.tokens):
                    self._by_word.setdefault(strip_article(t.norm), []).append(n)
            end = len(self.doc.tokens)
            self._holders[keys] = [p for p in self._by_word.get(keys[0], ()) if p <= end - len(keys)
                                   and self._holder_at(p, list(keys), end) is not None]
        return self._holders[keys]

    def _holder_at(self, p: int, keys: list[str], limit: int) -> tuple[Span, Span] | None:
        doc_toks = self.doc.tokens
        if [strip_article(doc_toks[p + n].norm) for n in range(len(keys))] != keys:
            return None
        q = p + len(keys)
        while (q < limit and q - p - len(keys) < 4 and doc_toks[q].is_word and not has_article(doc_toks[q])
               and speaker_kind(doc_toks[q]) is None
               and (doc_toks[q].norm not in PREPOSITIONS or kind_of(doc_toks[q], "namepart"))):
            q += 1
        name = doc_toks[p + len(keys) : q]
        if name and (any(is_name(t) for t in name) or len(name) >= 2):
            source, mention = self.doc.span(name[0].start, name[-1].end), self.doc.span(doc_toks[p].start, name[-1].end)
            if source is not None and mention is not None:  # words: never trimmed to nothing
                return source, mention
        return None

    def relay(self, toks: list[Token]) -> Span | None:
        """Resolve "الصحيفة" / "الوكالة" to the outlet named earlier in the article."""
        words = [t for t in toks if t.is_word]
        if len(words) == 1 and has_article(words[0]):
            key = strip_article(words[0].norm)
            for r in reversed(self.relays):
                if key in {strip_article(normalize(w)) for w in r.text.split()}:
                    return r
            for sp in reversed(self.speakers):
                if key in sp.keys:
                    return sp.mention
        return span_of(self.doc, toks)

"""The persons an article names, with or without a cue: candidates for a later speaker.

Out of fold, most statements whose speaker no candidate gets right refer back to someone named
earlier without a reporting verb ("ألقى الشيخ أسامة خياط خطبة ... وقال فضيلته ...") or by a
shorter form of a name given in full before ("عبدالله بن عبدالمحسن التركي" ... "التركي").  Two
named generators propose them; ``decide`` chooses among them with the other candidates:

* ``person_mentions`` reads one sentence for person mentions: a run of two or more name words
  (the name list, بن، عبد، أبو ... and a nisba family name after a name: التركي), or one name word
  right after a post or a rank (الشيخ أسامة، الوزير الجبير).
* ``PersonMemory`` keeps them as the article is read, once per sentence (linear in the article):
  ``recent`` gives the latest distinct persons before a cue, ``longer`` the full name a short
  form stands for (every word of the short form in an earlier, longer name).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import attrgetter, eq, or_

from ..text.doc import Doc, Span, Token
from ..text.normalize import normalize
from .lexicon import (PREPOSITIONS, clause_words, has_article, is_name, kind_of, name_forms, person_names,
                      speaker_kind, speaker_kind_of, strip_article)

WINDOW = 48  # person mentions looked back over for the latest distinct persons
TITLE_REACH = 6  # words before a name searched for its post or rank


def _key(t: Token) -> str:
    return _strip(t.norm)


def _strip(n: str) -> str:
    """A name word's key: without its article or a و before it (وخالد), three letters kept."""
    return strip_article(n, 3, ("و",))


def keys(text: str) -> list[str]:
    """The matching keys of a written name's words (for an earlier speaker known by its text)."""
    return [_strip(normalize(w)) for w in text.split() if w.strip("،,.()«»\"")]


def _known(t: Token) -> bool:
    """A name the list holds, also after و (وخالد)."""
    return is_name(t) or (t.norm.startswith("و") and t.norm[1:] in person_names())


def _name_word(t: Token) -> bool:
    return t.is_word and (_known(t) or kind_of(t, "namepart")) and speaker_kind(t) is None


def _family(t: Token) -> bool:
    """A family name the list may not hold, with ال after a name (التركي، الجبير، العُمري)."""
    return t.is_word and has_article(t) and speaker_kind(t) is None and not kind_of(t, "relative")


def _title_start(toks: list[Token], a: int) -> int:
    """Where the post or rank before a name starts (``a`` when none within reach): the earliest
    speaker word of the words right before it, with no punctuation between."""
    start = a
    for k in range(a - 1, max(a - TITLE_REACH, 0) - 1, -1):
        t = toks[k]
        if not t.is_word:
            break
        if speaker_kind(t) in ("office", "rank"):
            start = k
    return start


def _bare(t: Token) -> bool:
    """A word that may be a name the list does not hold: no article, no post, no preposition."""
    return (t.is_word and not has_article(t) and speaker_kind(t) is None and t.norm not in PREPOSITIONS
            and not kind_of(t, "relative") and not t.text[:1].isdigit())


def _unknown_name(t: Token) -> bool:
    """A bare word after a post that may be a name the list lacks; not a verb (يثبت، تؤكد)."""
    return _bare(t) and not t.norm.startswith(("ي", "ت", "ن")) and len(t.norm) >= 3


def _name_end(toks: list[Token], a: int, titled: bool, free_first: bool = False) -> int:
    """Where a name starting at ``a`` ends: name words; any word after بن، عبد، أبو؛ after a post,
    one bare word the list does not hold (الشيخ أسامة خياط); then a family name with ال (التركي).
    ``free_first``: the first word may be any bare word (right after a rank)."""
    k, n, bare = a, len(toks), titled
    while k < n and k - a < 6:
        t = toks[k]
        if (_name_word(t) or (k > a and kind_of(toks[k - 1], "namepart") and _bare(t))
                or (free_first and k == a and _unknown_name(t))):
            k += 1
        elif bare and k > a and _unknown_name(t):
            k += 1
            bare = False
        else:
            break
    if k < n and k > a and _family(toks[k]):
        k += 1
    return k


@lru_cache(maxsize=1)
def _may_be_name() -> frozenset[str]:
    """The normal forms of every word ``_name_word`` may hold: a name (``is_name``), a listed name
    after و, and a name part (بن، عبد، أبو)."""
    return name_forms() | {"و" + w for w in person_names()} | clause_words()["namepart"]


_NORM = attrgetter("norm")


def _may_start(toks: list[Token]) -> Iterator[int]:
    """The tokens where ``person_mentions`` may read a name: a word that may be a name word, or a
    word right after a rank; found in C (sets and the lexicon's cache of speaker kinds), so that
    the others, most of a sentence, are not asked the name questions one by one (issue 19)."""
    norms = list(map(_NORM, toks))
    after_rank = chain((False,), map(eq, map(speaker_kind_of, norms[:-1]), repeat("rank")))
    return compress(range(len(toks)), map(or_, map(_may_be_name().__contains__, norms), after_rank))


def person_mentions(toks: list[Token]) -> list[tuple[int, int, int]]:
    """(mention start, name start, end) token indexes of the persons a sentence names: a run
    with a name the list holds, of two or more words or after a post or a rank."""
    out = []
    k, n = 0, len(toks)  # k: the first token after the last mention read
    for here in _may_start(toks):
        if here < k:
            continue
        after_rank = here > 0 and speaker_kind(toks[here - 1]) == "rank" and _unknown_name(toks[here])  # الدكتورة إرادة الجبوري
        if not after_rank and not (_name_word(toks[here]) and (_known(toks[here]) or here + 1 < n and _known(toks[here + 1]))):
            continue
        a = k = here
        if kind_of(toks[a], "namepart") and a > 0 and _unknown_name(toks[a - 1]):
            a -= 1  # سعد بن أحمد: a first name the list lacks, before بن
        start = _title_start(toks, a)
        k = max(_name_end(toks, here, start < a, after_rank), here + 1)  # always forward
        if (after_rank or any(_known(t) for t in toks[a:k])) and (k - a >= 2 or start < a):
            out.append((start, a, k))
    return out


@dataclass(slots=True)
class Person:
    """One person the article names: the name, the mention with its post, where and how."""

    source: Span
    mention: Span
    at: int  # character offset of the mention
    sentence: int
    words: tuple[str, ...]  # matching keys of the name's words
    titled: bool  # named after a post or a rank
    toks: list[Token]


def name_keys(toks: list[Token]) -> list[str]:
    """The keys of a mention's words that can be part of a name (not its post, rank or بن)."""
    return [_key(t) for t in toks if t.is_word and speaker_kind(t) is None and not kind_of(t, "namepart")
            and t.norm not in PREPOSITIONS]


class PersonMemory:
    """The persons of an article so far, read sentence by sentence (each sentence once)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.persons: list[Person] = []
        self._by_word: dict[str, list[int]] = {}  # a name word -> indexes of persons whose name holds it

    def read(self, toks: list[Token], si: int) -> None:
        for m, a, b in person_mentions(toks):
            cut = 1 if not is_name(toks[a]) and _known(toks[a]) else 0  # وخالد: the name after و
            source = self.doc.span(toks[a].start + cut, toks[b - 1].end)
            mention = self.doc.span(toks[m].start + (cut if m == a else 0), toks[b - 1].end)
            if source is None or mention is None:
                continue
            words = tuple(_key(t) for t in toks[a:b] if t.is_word)
            self.persons.append(Person(source, mention, toks[m].start, si, words, m < a, toks[m:b]))
            for w in set(words):
                self._by_word.setdefault(w, []).append(len(self.persons) - 1)

    def recent(self, before: int, n: int) -> list[tuple[Person, int]]:
        """The latest ``n`` distinct persons named before offset ``before``, latest first, each
        with how many other distinct persons were named after it (persons in between)."""
        out: list[tuple[Person, int]] = []
        seen: set[str] = set()
        for p in reversed(self.persons[-WINDOW:]):
            if p.at >= before or p.source.text in seen:
                continue
            seen.add(p.source.text)
            out.append((p, len(out)))
            if len(out) == n:
                break
        return out

    def between(self, lo: int, hi: int) -> list[Person]:
        """The persons named between offsets ``lo`` and ``hi`` of the sentence read last, in
        order: a name inside the words between a cue and its statement speaks."""
        out = []
        for p in reversed(self.persons):
            if p.at < lo:
                break
            if p.source.end <= hi:
                out.append(p)
        return out[::-1]

    def longer(self, words: list[str], before: int) -> Person | None:
        """The latest earlier person whose name holds every word of ``words`` (``keys``, or the
        keys of a mention's name words: ``name_keys``) and more: the full name a surname or a
        short form stands for."""
        if not words or len(words) > 3:
            return None
        hits = self._by_word.get(words[-1], [])
        for i in reversed(hits[-WINDOW:]):  # bounded: a long article of one family name stays linear
            p = self.persons[i]
            if p.at < before and len(p.words) > len(words) and set(words) <= set(p.words):
                return p
        return None

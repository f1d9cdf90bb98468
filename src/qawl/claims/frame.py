"""The event frame of a claim (actor, action, object) read from word shapes, no parser.

Arabic news statements come in three shapes, and the rules read each:

- verb first (VSO): "انطلقت القوة من كركوك": the action, then the actor's noun phrase,
  then the object's;
- subject first (SVO): "القوة الأميركية انطلقت من كركوك": the words before the verb are
  the actor;
- a verbal noun heading a noun phrase: "انتشار القوات الأمريكية في كركوك", "وجود قوات
  ...": the verbal noun is the action, its genitive the actor.

A verb is told by its shape: after a particle only a verb follows (قد، لن، سوف), a
present-tense prefix (يـ، سيـ), a feminine past ending (ـت, not ـات), the derived past
forms (انفعل، افتعل، استفعل); reporting verbs by the cue lexicon.  Those shapes miss
three-letter masculine past verbs (ذهب، قتل), which read as nouns: the frame is then
the noun phrase's.  What the rules cannot do: passive sentences without تم, verbless
nominal sentences ("القوة ... هو دعم ...") get an actor and no action.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from functools import lru_cache

from ..attribution.cues import cue_forms
from ..attribution.lexicon import is_comp, is_name
from ..data import word_kinds
from ..text.doc import Doc, Span, Token
from ..text.normalize import normalize
from .lexicon import is_negation
from .model import Frame

#: A noun phrase of the frame is at most this many words; a longer run is cut.
MAX_PHRASE = 5
#: Only the first words of a claim are searched for its main verb.
#: A complementizer (أن، إن) among the first words ends an opener: the frame is read after it.
OPENER_WORDS = 4
VERB_WINDOW = 12  # tokens, punctuation included
_DEFINITE = ("ال", "وال", "فال", "بال", "لل", "ولل", "كال")
_QUOTES = frozenset("“”«»\"„()[]")


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    return word_kinds("claim_words.tsv", normalize)


def _kind(tok: Token, kind: str) -> bool:
    words = _words()[kind]
    n = tok.norm
    return n in words or (n[:1] in ("و", "ف") and n[1:] in words)


def _bare(tok: Token) -> str:
    """The word without an attached و / ف."""
    n = tok.norm
    return n[1:] if n[:1] in ("و", "ف") and len(n) > 3 else n


def is_verb(tok: Token) -> bool:
    """Whether the word has the shape of a finite verb (see the module docstring)."""
    if not tok.is_word or any(c.isdigit() for c in tok.norm) or _kind(tok, "notverb"):
        return False
    if tok.norm in cue_forms() and cue_forms()[tok.norm].kind in ("past", "present"):
        return True
    if _kind(tok, "aux") or _kind(tok, "passive"):
        return True
    n = _bare(tok)
    if n.startswith("ال") or n.startswith("لل"):
        return False
    if n.startswith("س") and len(n) >= 5 and n[1] in "يتن":  # سيعيد، ستكون
        n = n[1:]
    if n.startswith("ي") and len(n) >= 4 and not n.endswith("ه"):
        return True
    if n.startswith("ت") and len(n) >= 5 and n[-2] != "ي" and n[2] != "ا" and not n.endswith(("ه", "ات", "ي", "ها", "هم")):
        return True  # تعتزم، تنسحب، تتمركز; not the verbal nouns تنسيق، تصريح (تفعيل) or تحالف (تفاعل)
    if n.endswith("ت") and not n.endswith("ات") and len(n) >= 4:
        return True
    if n.startswith(("است", "ان", "ات", "اع", "اخ", "اح", "اج", "ار")) and len(n) in (5, 6) and n[-2] != "ا" \
            and not n.endswith(("ه", "ات", "ي")):
        return True
    return False


def _after_preposition(tok: Token) -> bool:
    """"على طلب": a word after a preposition is a noun, whatever its shape."""
    return tok.is_word and _kind(tok, "boundary") and not _kind(tok, "preverb")


def _is_boundary(tok: Token) -> bool:
    return not tok.is_word or _kind(tok, "boundary") or is_comp(tok)


def _phrase(toks: list[Token], k: int) -> int:
    """The end (exclusive) of the noun phrase starting at ``toks[k]``."""
    j = k
    while j < len(toks) and j - k < MAX_PHRASE and not _is_boundary(toks[j]) and not (j > k and is_verb(toks[j])):
        if j > k and _definite(toks[j - 1]) and not _definite(toks[j]) and not is_name(toks[j]):
            break  # "الحكومة رفع": an indefinite word after a definite one starts a new phrase
        j += 1
    return j


def _definite(tok: Token) -> bool:
    return tok.norm.startswith(_DEFINITE)


def _span(doc: Doc, toks: list[Token], a: int, b: int) -> Span | None:
    if a >= b:
        return None
    return doc.span(toks[a].start, toks[b - 1].end)


def read_frame(doc: Doc, start: int, end: int) -> Frame | None:
    """The frame of the claim ``doc.text[start:end]``, or None when no actor or action is read."""
    lo = bisect_left(doc.tokens, start, key=lambda t: t.start)  # tokens are in text order
    hi = bisect_right(doc.tokens, end, key=lambda t: t.end)
    toks = [t for t in doc.tokens[lo:hi] if t.start >= start and t.end <= end and t.text not in _QUOTES]
    opener = next((i for i, t in enumerate(toks[:OPENER_WORDS]) if is_comp(t)), -1)
    k = opener + 1  # "الجدير بالذكر أن ..." / "يذكر أن ...": the claim starts after the أن
    while k < len(toks) and (not toks[k].is_word or is_comp(toks[k])):
        k += 1
    toks = toks[k:]
    if not toks:
        return None
    v = next((i for i, t in enumerate(toks[:VERB_WINDOW])
              if (is_verb(t) or _kind(t, "preverb")) and not (i > 0 and _after_preposition(toks[i - 1]))), None)
    actor = action = obj = None
    negated = False
    if v is not None:
        a = v  # past the particles and auxiliaries to the verb they carry: لم يعد، كان قد نفى
        while a + 1 < len(toks) and toks[a + 1].is_word and \
                (_kind(toks[a], "preverb") or _kind(toks[a], "aux") or _kind(toks[a], "passive")):
            negated |= is_negation(toks[a].norm)
            a += 1
        neg_before = v > 0 and is_negation(toks[v - 1].norm)
        negated |= neg_before
        action = _span(doc, toks, a, a + 1)
        if v > 0:  # subject first: the claim's leading noun phrase
            actor = _span(doc, toks, 0, min(_phrase(toks, 0), v - 1 if neg_before else v))
            o = a + 1
        else:
            o = _phrase(toks, a + 1)
            actor = _span(doc, toks, a + 1, o)
        obj = _span(doc, toks, o, _phrase(toks, o)) if o < len(toks) and not _is_boundary(toks[o]) else None
    else:
        first = toks[0]
        negated = is_negation(first.norm) and len(toks) > 1
        h = 1 if negated else 0
        head = toks[h] if h < len(toks) else None
        if head is not None and head.is_word and not head.norm.startswith(_DEFINITE) and h + 1 < len(toks) \
                and toks[h + 1].is_word and not _is_boundary(toks[h + 1]):
            action = _span(doc, toks, h, h + 1)  # انتشار القوات: a verbal noun and its genitive
            actor = _span(doc, toks, h + 1, _phrase(toks, h + 1))
        else:
            actor = _span(doc, toks, h, _phrase(toks, h))
    if actor is None and action is None:
        return None
    return Frame(actor=actor, action=action, object=obj, negated=negated)

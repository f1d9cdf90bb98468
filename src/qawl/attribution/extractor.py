"""Attribution extraction: rules over the tokens of each sentence.

For every cue of the lexicon (a reporting verb, its participle, a verbal noun with
the speaker's pronoun, an "according to" phrase) the rules read, in order:

1. the speaker: the noun phrase after the verb (VSO), else the one before it (SVO),
   else the previous speaker (``implicit``); after "نقلت X عن Y قوله" the speaker is
   Y and X the relay (``via``);
2. adjuncts between speaker and statement: time words, "في تصريح لـ ...", "في منشور
   على صفحته" and "وفق الصحيفة" (both relays);
3. the statement: after أن/إن, a quote or a colon, or, for verbs that take one, a
   noun phrase or prepositional object (نفى الخبر، دعا إلى ...), up to the next cue
   of the sentence, or the closing quote of a direct quotation.

A speaker named only after the statement is read in one sentence ("...، كما قال الوزير.":
rule ``postposed``); of two cues for one statement one attribution is kept (SCHEMA).

What the rules cannot do: a statement whose cue is in another sentence than its
content (a colon at a paragraph end), a speaker named after a statement of several
sentences, and nested reports deeper than one relay.
"""
from __future__ import annotations

import collections
from dataclasses import dataclass, field, replace

from ..options import Options
from ..pipeline import stage
from ..text.doc import Doc, Span, Token
from .cues import MASDAR, PARTICIPLE, PAST, PRESENT, AccordingTo, Cue, according_to_phrases, cue_forms
from .lexicon import (
    PREPOSITIONS,
    QUOTE_CHARS,
    QUOTE_PAIRS,
    clause_words,
    has_article,
    is_addressee,
    is_bare_comp,
    is_comp,
    is_name,
    kind_of,
    speaker_kind,
    speaker_words,
)
from .model import ACCORDING_TO, DIRECT, INDIRECT, MIXED, Attribution, CueSpan
from .candidates import (MEMORY_DEPTH, PERSON_CLASSES, Candidate, Context, from_np, from_speaker, full_name_candidates, merge,
                         named_here_candidates, np_candidate, np_shape, person_candidates,
                         place, report_features, resolve_np, span_variants, speaker_features)
from .content import End, ends as content_ends
from .decide import Choice, Decider, active
from ..world.gazetteer import is_place_word
from .speakers import SpeakerMemory, head, span_of, trim

_MAX_SUBJECT = 16  # tokens; a longer "subject" means the parse went wrong
_COMMA = "،,"
_FULL_STOPS = ".!?؟"


@dataclass(slots=True)
class Hit:
    """A cue found in a sentence: token ``i`` (to ``j`` for multi-word phrases)."""

    i: int
    j: int
    cue: Cue | None = None
    according: AccordingTo | None = None
    boundary: int = -1  # where a clause of this cue begins (the previous content ends there)


@dataclass(slots=True)
class Partial:
    hit: Hit
    cue_span: CueSpan
    speaker: list[Token] = field(default_factory=list)
    implicit: bool = False
    content_from: int = -1  # token index
    content_to: int = -1  # exclusive; -1 = up to the next cue or the sentence end
    via: list[Token] | None = None
    via_span: Span | None = None
    type: str = INDIRECT
    svo: bool = False  # the speaker stands before the verb
    previous_sentence: bool = False  # the statement is the sentence before (a closing "بحسب رويترز.")
    outer: "Partial | None" = None  # the statement this one is reported inside (قال إن الاتحاد ينفي ...)
    result: Attribution | None = None
    source_cut: int = 0  # characters of an attached ل to leave out of the source (وفقا لمحللين)
    rule: str = "vso"  # the named rule that proposed this statement (tests/test_attribution_rules.py)
    how: str = ""  # how the statement was found: comp | quote | colon | prep | np
    after_word: bool = False  # a participle right after a word, with no comma (a report filter feature)


def _quoted(doc: Doc, toks: list[Token]) -> list[bool]:
    """For each token, whether it stands inside a quotation."""
    inside = [False] * len(toks)
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.text in QUOTE_PAIRS and not t.is_word:
            close = QUOTE_PAIRS[t.text]
            m = next((n for n in range(k + 1, len(toks)) if toks[n].text in (close, "”", "»") and toks[n].text != "“"), -1)
            if m > k + 1:
                if not (m - k <= 4 and toks[k + 1].norm in cue_forms()):  # "نفى بشكل قاطع": a quoted verb still reports
                    for n in range(k + 1, m):
                        inside[n] = True
                k = m + 1
                continue
        k += 1
    return inside


def _find_hits(toks: list[Token], quoted: list[bool]) -> list[Hit]:
    forms = cue_forms()
    phrases = according_to_phrases()
    hits: list[Hit] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if not t.is_word or quoted[k]:
            k += 1
            continue
        found = None
        for ph in phrases.get(t.norm, ()):
            n = _match_phrase(toks, k, ph)
            if n:
                found = Hit(k, k + n, according=ph)
                break
        if found is None and t.norm in forms:
            prev = toks[k - 1] if k else None
            cue = forms[t.norm]
            blocked = prev is not None and (kind_of(prev, "relative") or prev.norm in PREPOSITIONS or prev.norm in ("يذكر", "يشار"))
            if blocked and prev is not None and prev.norm in ("الذي", "التي", "الذين") and _antecedent_np(toks, k - 1):
                blocked = False  # يوري ميلنر الذي أعلن أنه ...: the speaker stands before الذي
            if not cue.conj and kind_of(t, "ambiguous") and prev is not None and prev.is_word and not kind_of(prev, "opener"):
                blocked = True  # بين after a noun is "between"
            if hits and hits[-1].j == k and hits[-1].cue is not None and hits[-1].cue.lemma == cue.lemma:
                blocked = True  # ينفي نفيا قاطعا: the verbal noun only stresses the verb
            if prev is not None and _counts(prev):
                blocked = True  # 24 طالبا: a counted noun after a number, not a verb (but: وفي 1998 أعلنت)
            if not blocked:
                found = Hit(k, k + 1, cue=cue)
        if found:
            hits.append(found)
            k = found.j
        else:
            k += 1
    return hits


def _counts(t: Token) -> bool:
    """A number that counts the next word: decimal digits, but not a year (1000-2100)."""
    return t.text.isdecimal() and not (len(t.text) == 4 and 1000 <= int(t.text) <= 2100)


def _match_phrase(toks: list[Token], k: int, ph: AccordingTo) -> int:
    """Tokens covered by phrase ``ph`` at ``k``; a final ل may be attached to the next word."""
    words = ph.words
    for n, w in enumerate(words):
        if k + n >= len(toks):
            return 0
        norm = toks[k + n].norm
        if n == 0:
            if norm not in (w, "و" + w):
                return 0
        elif w == "ل" and n == len(words) - 1:
            if norm in ("ل", "لـ") or (norm.startswith("ل") and len(norm) > 2):
                return n if norm.startswith("ل") and len(norm) > 2 else n + 1
            return 0
        elif norm != w:
            return 0
    return len(words)


def _skip(toks: list[Token], k: int, end: int) -> int:
    while k < end and (not toks[k].is_word and toks[k].text in _COMMA + "-–—"):
        k += 1
    return k


#: "as regards" written in two words (في ما يتعلق بـ، في ما يخص): the topic of what follows, never its
#: speaker (فيما يتعلق is read by فيما, an opener).
_REGARDING = ("يتعلق", "يخص")


#: Openers that can begin a noun phrase (غير واحد، إلا): not read as adverbs after a verb.
_NOUN_OPENERS = ("غير", "الا")


def _is_adjunct_start(toks: list[Token], k: int) -> bool:
    t = toks[k]
    if kind_of(t, "time") or kind_of(t, "adjunct"):
        return True
    if kind_of(t, "opener") and t.norm not in _NOUN_OPENERS:
        return True  # فقال أيضا ...، وقال بدوره ...، وقال الوزير كذلك: an adverb, not (part of) the speaker
    if t.norm == "في" and k + 2 < len(toks) and toks[k + 1].norm == "ما" and toks[k + 2].norm in _REGARDING:
        return True  # وقال الوزير في ما يتعلق بالتمويل إن ... (فيما is an opener, above)
    if t.norm in ("في", "وفي") and k + 1 < len(toks) and kind_of(toks[k + 1], "event"):
        return True
    if t.norm[:1] == "ب" and t.norm[1:] in clause_words()["event"]:
        return True  # بتصريح لوكالة ...، ببيان: the statement's occasion, not the speaker
    if t.norm in ("في", "وفي") and k + 1 < len(toks) and speaker_kind(toks[k + 1]) == "media":
        return True
    if is_addressee(t):
        return True
    if t.norm in ("علي", "عبر") and k + 1 < len(toks) and speaker_kind(toks[k + 1]) == "media":
        return True
    return _starts_phrase(toks, k)


def _subject(toks: list[Token], j: int, end: int, relay: bool, cue: Cue | None = None) -> int:
    """End (exclusive) of the speaker noun phrase starting at ``j``."""
    k = j
    while k < end and k - j < _MAX_SUBJECT:
        t = toks[k]
        if not t.is_word:
            if t.text in _COMMA:
                n = _skip(toks, k, end)
                if n >= end or _is_adjunct_start(toks, n) or is_comp(toks[n]) or toks[n].text in QUOTE_CHARS:
                    return k
                k = n
                continue
            words = _QUOTED_SPEAKER_WORDS if k == j else 4
            if t.text in QUOTE_CHARS and (k > j or _quoted_speaker(toks, k, end)) and _quoted_name_end(toks, k, end, True, words):
                k = _quoted_name_end(toks, k, end, True, words)
                continue
            if t.text in QUOTE_CHARS or t.text in ":":
                return k
            k += 1
            continue
        if is_comp(t) or t.norm in cue_forms() or (relay and t.norm == "عن"):
            return k
        if k > j and t.norm == "لدي" and k + 1 < end and any(speaker_kind(x) == "office" for x in toks[j:k]):
            k += 2  # السفير العراقي لدى الأردن حيدر العذاري: where the post is held belongs to the title
            continue
        if k > j and cue is not None and (t.norm in cue.preps or _attached_object(toks, k, cue)):
            return k  # ودعا النقيب الأكلبي إلى الاهتمام ... / وهدد أوباما باستخدام ...
        if cue is not None and cue.preps and _object_after_post(toks, j, k, cue):
            return k  # حث وزير الخارجية | الدول الأعضاء على ...: the post's one genitive, then the object
        if k > j and _is_adjunct_start(toks, k):
            return k
        if k > j and cue is not None and _truth_of(t, cue):
            return k  # نفى وزير المالية صحة الأنباء: the denied report begins (SCHEMA: "نفى X صحة Y")
        if k > j and t.norm in ("ما", "مما", "عما"):
            return k  # ونفى مسؤول ما تردد عن ...: the denied thing begins
        if k > j and _is_manner_word(t):
            return k  # وتابع ظريف مخاطبا نواب البرلمان: the speaker ends before a participle of manner
        if (k - j >= 3 and _after_ranked_name(toks, j, k) and not is_name(t) and not has_article(t)
                and speaker_kind(t) is None and not kind_of(t, "namepart")):
            return k  # وصف ... الدكتور محمد المومني زيارة الأمير: the object starts after the name
        if k == j and (kind_of(t, "time") or kind_of(t, "pp") or _is_adjunct_start(toks, k)
                       or (t.norm in PREPOSITIONS and not (is_name(t) and (cue is None or t.norm not in cue.preps)))):
            return k  # (وقال علي شايف: the name; وشدد علي ضرورة: the preposition the verb takes)
        k += 1
    return _rest_of_name(toks, k, end) if k - j >= _MAX_SUBJECT else k


def _rest_of_name(toks: list[Token], k: int, end: int) -> int:
    """Past the name a long subject was cut inside: a mufti's titles fill the sixteen words
    and "الشيخ عبد | العزيز بن عبد الله آل الشيخ" would leave the speaker "عبد"."""
    n = k
    while (n < end and n - k < 6 and toks[n].is_word and toks[n - 1].is_word
           and (is_name(toks[n]) or kind_of(toks[n], "namepart") or kind_of(toks[n - 1], "namepart"))):
        n += 1
    return n


#: Endings of a relative adjective (نسبة: السعودي، الخارجية الأمريكية، اليمنيين), which agree with
#: the post before them and belong to the speaker; any other definite noun there opens the object.
_NISBA = ("ي", "يه", "يين", "يون", "يان", "يتين", "يتان")


def _object_after_post(toks: list[Token], j: int, k: int, cue: Cue) -> bool:
    """Whether a definite noun at ``k`` opens the object of a verb that takes one, after a
    post and its one genitive ("وزير الخارجية"، "المتحدث باسم الجيش"): "دعا رئيس الوزراء
    المواطنين إلى ..."، "لفت مدير المستشفى النظر إلى ...". A relative adjective, a name or a
    speaker word there goes on with the speaker (وزير الخارجية السعودي، رئيس الوزراء العراقي)."""
    if speaker_kind(toks[j]) != "office":
        return False
    g = j + 1
    if g < k and toks[g].norm == "باسم":
        g += 1
    m = g + 1
    while m < k and has_article(toks[m]) and toks[m].norm.endswith(_NISBA):
        m += 1  # وزير الصحة السعودي: its relative adjectives
    if k != m or g >= k or not has_article(toks[g]) or not has_article(toks[k]):
        return False
    t = toks[k]
    if t.norm.endswith(_NISBA) or is_name(t) or speaker_kind(t) in ("office", "rank") or kind_of(t, "namepart"):
        return False
    # the object is short and the verb's preposition follows it (الدول الأعضاء على ...); an adjective
    # (رئيس الحكومة الليبية المؤقتة عبدالله الثني) is followed by more of the speaker instead
    n = k + 1
    while n < min(k + 3, len(toks)) and has_article(toks[n]) and not _is_prep_of(toks[n], cue):
        n += 1
    return n < len(toks) and _is_prep_of(toks[n], cue)


def _attached_object(toks: list[Token], k: int, cue: Cue) -> bool:
    """Whether the word at ``k`` carries the cue's بـ and opens its object, after the speaker:
    "وهدد أوباما باستخدام ..."، "أفادت مصادر يمنية بسيطرة ...". A بـ on a speaker word, a name
    or باسم (المتحدث باسم الجيش، مسؤول بوزارة الصحة) goes on with the speaker."""
    t = toks[k]
    if "ب" not in cue.preps or not t.norm.startswith("ب") or len(t.norm) <= 3 or not toks[k - 1].is_word:
        return False
    if t.norm == "باسم" or is_name(t) or speaker_kind(t) is not None or kind_of(t, "namepart") or is_comp(t):
        return False
    posts = [n for n in range(k - 1, -1, -1) if speaker_kind(toks[n]) in ("office", "rank")][:1]
    # الرئيس الأمريكي | باراك أوباما: a post and its adjectives wait for a name, which may begin with ب
    return not posts or not all(has_article(x) and not is_name(x) for x in toks[posts[0] + 1:k])


def _truth_of(t: Token, cue: Cue) -> bool:
    """صحة after a verb that denies or confirms: "the truth of" the report that is its content."""
    return t.norm == "صحه" and cue.np and cue.meaning in ("deny", "confirm")


def _appositive_end(toks: list[Token], n: int, end: int) -> int:
    """Past an appositive post between commas: "سامي الصالح، سفير السعودية في عمان، متانة ..."."""
    k = _skip(toks, n, end)
    if k == n or k >= end or speaker_kind(toks[k]) != "office":
        return n
    m = k
    while m < end and m - k < 8 and toks[m].text not in _COMMA:
        m += 1
    return _skip(toks, m, end) if m < end and m - k < 8 else n


def _after_ranked_name(toks: list[Token], j: int, k: int) -> bool:
    """Whether ``toks[j:k]`` ends with a rank or honorific, its adjectives and a whole name
    of two or more words ("الدكتور محمد المومني"; not "الرئيس الأمريكي باراك", not "محمد بن")."""
    ranks = [n for n in range(j, k) if speaker_kind(toks[n]) == "rank"]
    if not ranks:
        return False
    n = ranks[-1] + 1
    while n < k and has_article(toks[n]) and not is_name(toks[n]):
        n += 1  # الرئيس الأمريكي ...
    name = toks[n:k]
    return len(name) >= 2 and all(t.is_word for t in name) and not kind_of(name[-1], "namepart")


def _name_end(toks: list[Token], k: int, end: int) -> int:
    """End of a person's name starting with the known name at ``k``: the known names and
    name parts that follow, or one more word when the name list knows only the first."""
    n = k + 1
    while n < end and toks[n].is_word and (is_name(toks[n]) or kind_of(toks[n], "namepart")):
        n += 1
    if (n == k + 1 and n < end and toks[n].is_word and speaker_kind(toks[n]) is None
            and toks[n].norm not in PREPOSITIONS and toks[n].prefix in ("", "ال")):
        n += 1  # a family name the list does not know (كيري، الغبان)
    return n


def _np_end(toks: list[Token], j: int, end: int) -> int:
    """End of a short noun phrase (the subject before an NP object: نفى الجيش استهدافه).

    With a rank in it (الناطق ... العقيد شبنان بن مبارك القرني تعدد الحوادث) the
    phrase ends after the name that follows the rank (two to four words).
    """
    if j >= end:
        return j
    near = next((k for k in range(j, min(end, j + 6)) if not toks[k].is_word), min(end, j + 6))
    ranks = [k for k in range(j, near) if speaker_kind(toks[k]) == "rank"]  # الناطق ... العقيد, not a later الرائد
    if ranks and ranks[-1] + 2 < end:
        k = ranks[-1] + 1
        taken = 0
        while (k < end and taken < 4 and toks[k].is_word and toks[k].norm not in PREPOSITIONS
               and not (taken >= 2 and has_article(toks[k]) and not is_name(toks[k]))):
            k += 1
            taken += 1
        return k
    k = j + 1
    if is_name(toks[j]) or not has_article(toks[j]):
        # a name, or a construct chain (وزارة الصحة، مجلس سوريا الديمقراطي)
        while k < end and toks[k].is_word and (is_name(toks[k]) or toks[k].norm in ("بن", "ابن", "ابو", "عبد", "ال")):
            k += 1
        while is_name(toks[j]) and k < end and has_article(toks[k]) and toks[k].norm.endswith("ي") and speaker_kind(toks[k]) is None:
            k += 1  # a family name in nisba form: الحسن الصرخي
        if not is_name(toks[j]):
            m = k
            while m < end and m - j < 3 and toks[m].is_word and not has_article(toks[m]) and not kind_of(toks[m], "relative"):
                m += 1
            if speaker_kind(toks[j]) or (m < end and m > k and has_article(toks[m])):
                k = m  # a construct chain ending in a definite noun: نجل رب العائلة
            while k < end and toks[k].is_word and has_article(toks[k]):
                k += 1
            if speaker_kind(toks[j]) in ("office", "rank") and k < end and is_name(toks[k]):
                k = _name_end(toks, k, end)  # وزير الخارجية الأمريكي جون كيري + the object
    else:
        while k < end and toks[k].is_word and has_article(toks[k]) and speaker_kind(toks[k]) is None:
            k += 1
    if k + 1 < end and toks[k].norm == "باسم":  # المتحدث باسم حكومة الولاية
        return _np_end(toks, k + 1, end)
    return k


def _preverbal(toks: list[Token], i: int) -> tuple[list[Token], bool]:
    """The subject before the verb: "وكان التحالف الدولي، أعلن أن" -> التحالف الدولي.

    News Arabic puts the verb first; a subject before it is taken only where the
    syntax marks it: after كان (وكان الوزير قد أعلن)، before قد or a comma
    (العراق قد نفى، التحالف الدولي، أعلن), or a short definite noun phrase or name.
    """
    comps = [k for k in range(i) if is_comp(toks[k]) or toks[k].text in "؛;:" or toks[k].norm in ("لكن", "ولكن", "بينما", "فيما")]
    start = comps[-1] + 1 if comps else 0
    marked = but = bool(comps) and toks[comps[-1]].norm in ("لكن", "ولكن")
    kana = False
    while start < i and (kind_of(toks[start], "opener") or not toks[start].is_word or toks[start].norm in ("و", "ف")):
        kana = kana or toks[start].norm in ("كان", "وكان", "وكانت", "كانت")
        marked = marked or kana or toks[start].norm == "ان"
        start += 1
    if comps and start == comps[-1] + 1 and is_comp(toks[comps[-1]]):
        marked = True  # الجدير بالذكر أن النائب ...، أعلن
    if start < i and toks[start].norm in ("من", "ومن") and start + 1 < i:  # من جهته، من جانبها
        start += 2
    if start < i and toks[start].norm in ("اما", "واما"):  # أما الوزير فيقول: the topic is the speaker
        start, marked = start + 1, True
    stop = i
    while stop > start and (kind_of(toks[stop - 1], "opener") or not toks[stop - 1].is_word):
        marked = marked or toks[stop - 1].norm == "قد" or toks[stop - 1].text in _COMMA
        stop -= 1
    run = trim(toks[start:stop])
    # a post and a name may open the sentence unmarked: نائب الوزير حمد الضويلع أكد ...
    titled = bool(run) and len(run) <= 6 and speaker_kind(run[0]) in ("office", "rank") and any(is_name(t) for t in run)
    if not run or len(run) > 10 or (not marked and len(run) > 3 and not titled):
        return [], False
    lead = run[0].norm[1:] if run[0].norm.startswith("و") and len(run[0].norm) > 2 else run[0].norm
    if lead in PREPOSITIONS or run[0].norm in PREPOSITIONS or lead in clause_words()["adverbial"] or not _can_be_subject(run[0]):
        return [], False
    if kind_of(run[0], "time") or kind_of(run[0], "adjunct") or kind_of(run[0], "pp"):
        return [], False
    if any(t.norm in cue_forms() or is_comp(t) or kind_of(t, "relative") for t in run):
        return [], False
    if not _substantive(run) and not ((kana or but) and len(run) <= 3):  # وكان خامنئي قال، لكن طهران تقول
        return [], False
    if len(run) > 3 and not (kana or but) and not _substantive(run[:1]):
        return [], False  # ونفذ التنظيم مذابح ...، وصفتها الأمم المتحدة: a long run must open with a noun, not a clause's verb
    if _is_adjunct_start(toks, toks.index(run[0])):
        return [], False  # وبحسب صحيفة عكاظ أوضح ...
    return run, kana


def _content_start(toks: list[Token], k: int, end: int, cue: Cue) -> tuple[int, str] | None:
    """Where the statement starts, at or after token ``k``: (token index, how)."""
    k = _skip(toks, k, end)
    if k >= end:
        return None
    t = toks[k]
    if is_comp(t):
        if is_bare_comp(t):
            n = _skip(toks, k + 1, end)
            if n < end and toks[n].text in QUOTE_CHARS:
                return n, "quote"  # قوله، إن “...”
            return (k + 1, "comp") if k + 1 < end else None
        return k, "comp"
    if t.text in QUOTE_CHARS:
        return k, "quote"
    if t.text == ":":
        if k + 2 < end and is_bare_comp(toks[k + 1]):
            return k + 2, "colon"  # أمس الأحد: إن ...
        return (k + 1, "colon") if k + 1 < end else None
    if _is_prep_of(t, cue):
        if t.norm in cue.preps and k + 1 < end:
            n = k + 1
            if is_comp(toks[n]) and is_bare_comp(toks[n]):
                n += 1
            return n, "prep"
        return k, "prep"
    if cue.np and t.is_word:
        if t.norm in ("لدي", "في") and k + 2 < end and (t.norm == "لدي" or kind_of(toks[k + 1], "event")):
            return _content_start(toks, k + 2, end, cue)  # لدى باريس / في بيان + the object
        if t.norm == "في" and k + 3 < end and kind_of(toks[k + 1], "timepp"):
            return _content_start(toks, k + 3, end, cue)  # أعلن في وقت سابق بدء ...: past the time adjunct
        if t.norm in ("بعد", "قبل", "منذ"):  # تبنى قبل نحو أسبوعين خطف ...: past a length of time
            dur = next((n for n in range(k + 1, min(end, k + 4)) if kind_of(toks[n], "duration")), -1)
            if dur > 0 and dur + 1 < end:
                return _content_start(toks, dur + 1, end, cue)
        if kind_of(t, "time"):  # نفت الوزارة، مساء الأربعاء، رصد ...
            n = k
            while n < end and (kind_of(toks[n], "time") or toks[n].text in _COMMA):
                n += 1
            return _content_start(toks, n, end, cue) if n > k else None
        if _truth_of(t, cue) and k + 1 < end and toks[k + 1].is_word:
            return k + 1, "np"  # نفت الوزارة صحة ما تداولته ...: the content is what is denied, not صحة
        if not (t.norm in PREPOSITIONS or kind_of(t, "adjunct") or kind_of(t, "pp") or is_addressee(t)
                or _starts_phrase(toks, k) or _other_cue(t, cue)):  # نقلا عن مصادر أن، مؤكدة أن: not the object
            return k, "np"
    return None


def _other_cue(t: Token, cue: Cue) -> bool:
    """A cue of another lemma (مؤكدة، قالت): it opens a statement of its own. The verb's own
    lemma after it is its cognate object (ينفي نفيًا قاطعًا ما ...), not a new cue."""
    other = cue_forms().get(t.norm)
    return other is not None and other.lemma != cue.lemma


def _relay_phrase_at(toks: list[Token], a: int, b: int) -> int:
    """Where a relaying phrase (نقلا عن) starts in ``toks[a:b]``, or -1."""
    return next((n for n in range(a, b) if any(ph.lemma == "نقل" and _match_phrase(toks, n, ph)
                                              for ph in according_to_phrases().get(toks[n].norm, ()))), -1)


def _scan_adjuncts(doc: Doc, toks: list[Token], a: int, b: int, mem: SpeakerMemory) -> tuple[Span | None, list[Token]]:
    """Relays named between speaker and statement: (via, the relayed speaker or []).

    "لصحيفة X" / "على صفحته ..." / "وفق الصحيفة" name a relay; "نقلا عن Y" names the
    speaker behind the subject, which becomes the relay.
    """
    relay_at = _relay_phrase_at(toks, a, b)
    k = relay_at if relay_at >= 0 else a  # a relay (نقلا عن) wins over an outlet named before it
    while k < b:
        t = toks[k]
        stop = k + 1
        while stop < b and not (toks[stop].text in _COMMA or is_comp(toks[stop])):
            stop += 1
        for ph in according_to_phrases().get(t.norm, ()):
            n = _match_phrase(toks, k, ph)
            if n:
                m = k + n
                while m < stop and toks[m].norm in ("ما", "ل", "لـ"):
                    m += 1
                run = trim(toks[m:stop])
                if run and ph.lemma == "نقل":
                    return None, run
                if run:
                    return mem.relay(run), []
        if speaker_kind(t) == "media" and t.norm not in ("موقع", "بموقع"):
            if is_addressee(t) and t.norm not in ("ل", "لـ"):
                off = 2 if t.text[1:2] == "ـ" else 1  # لصحيفة X: the relay starts after the attached ل
                return doc.span(t.start + off, toks[stop - 1].end), []
            return span_of(doc, trim(toks[k:stop])), []
        if t.norm in ("ل", "لـ") and k + 1 < stop:
            return span_of(doc, trim(toks[k + 1 : stop])), []
        k += 1
    return None, []


def _sentence(doc: Doc, si: int, mem: SpeakerMemory, out: list[Attribution]) -> None:
    sent = doc.sentences[si]
    toks = doc.sentence_tokens(sent)
    if not toks:
        return
    mem.persons.read(toks, si)
    quoted = _quoted(doc, toks)
    hits = _find_hits(toks, quoted)
    parts: list[Partial] = []
    n_tok = len(toks)
    for hit in hits:
        p = _parse_hit(doc, toks, hit, n_tok, mem, parts)
        if p is not None:
            parts.append(p)
    if not parts:
        _remember_actor(doc, toks, mem)
    _nest(toks, parts)
    before = len(out)
    for n, p in enumerate(parts):
        if p.content_to < 0:
            nxt = [q.hit.boundary for q in parts[n + 1 :] if q.hit.boundary > p.content_from and _outermost(q) is not p]
            p.content_to = min(nxt) if nxt else n_tok
        _finish(doc, toks, si, p, mem, out)
    out[before:] = _one_per_statement(toks, out[before:])


def _one_per_statement(toks: list[Token], found: list[Attribution]) -> list[Attribution]:
    """SCHEMA: two cues for one statement give one attribution ("وأضاف قائلا: ..."، "شدد X على ...
    وفقا لـ ..."). Of two statements of a sentence whose words overlap as the scorer matches
    them (F1 >= 0.5), the first is kept, unless its content runs over the other's cue (then the
    other's cue is the statement's own). Nested reports keep both (SCHEMA: inner and outer)."""
    if len(found) < 2:
        return found
    words = [collections.Counter(t.norm for t in toks if t.is_word and a.content.start <= t.start and t.end <= a.content.end)
             for a in found]
    kept: list[int] = []
    for n, a in enumerate(found):
        twin = next((m for m in kept if not (a.nested or found[m].nested) and _overlap(words[m], words[n]) >= 0.5), None)
        if twin is None:
            kept.append(n)
        elif found[twin].content.start <= a.cue.start < found[twin].content.end:
            kept[kept.index(twin)] = n
    return [found[n] for n in sorted(kept)]


def _overlap(a: collections.Counter[str], b: collections.Counter[str]) -> float:
    """The reference scorer's word-overlap F1 of two bags of words."""
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(b.values()), common / sum(a.values())
    return 2 * p * r / (p + r)


def _remember_actor(doc: Doc, toks: list[Token], mem: SpeakerMemory) -> None:
    """A person who acts in a sentence without a statement may speak next.

    "وأشاد الوزير عادل الجبير بالاتفاق. وأضاف أن ..." : the one who adds is the one
    who praised.  Only a person (a name, a post or a rank) is remembered.
    """
    subj = _clause_subject(toks, len(toks))
    if subj and (is_name(subj[0]) or speaker_kind(subj[0]) in ("office", "rank")):
        ante = mem.antecedent(subj)
        if ante is not None:
            mem.add(ante.mention, ante.source, ante.via, subj, shape=np_shape(subj), origin="actor")
        else:
            mention, source = span_of(doc, subj), span_of(doc, head(subj))
            if mention is not None and source is not None:  # a name or a post: never trimmed to nothing
                mem.add(mention, source, None, subj, shape=np_shape(subj), origin="actor")


def _nest(toks: list[Token], parts: list[Partial]) -> None:
    """Mark reports inside another's statement: "قال عزام إن الاتحاد ينفي ما ...".

    A cue whose own speaker opens an earlier cue's أن/إن clause is reported by that
    earlier speaker: the outer statement runs over it, and the outer speaker becomes
    the inner one's relay (SCHEMA: nested reports keep the inner speaker, the outer as via).
    """
    for n, p in enumerate(parts):
        if not (p.svo and p.speaker):
            continue
        first = toks.index(p.speaker[0])
        for q in reversed(parts[:n]):
            if q.hit.cue is not None and q.type == INDIRECT and q.content_from <= first < p.hit.i:
                p.outer = q
                break


def _outermost(p: Partial) -> Partial:
    while p.outer is not None:
        p = p.outer
    return p


def _boundary(toks: list[Token], i: int) -> int:
    """Start of the clause a cue at ``i`` opens: the cue, or the commas right before it."""
    k = i
    while k > 0 and not toks[k - 1].is_word and toks[k - 1].text in _COMMA:
        k -= 1
    return k


def _parse_hit(doc: Doc, toks: list[Token], hit: Hit, end: int, mem: SpeakerMemory, parts: list[Partial]) -> Partial | None:
    """Hand a cue to the rule for its kind: according-to phrase, verbal noun, participle, relay verb or verb."""
    i = hit.i
    first, last = toks[hit.i], toks[hit.j - 1]
    hit.boundary = _boundary(toks, i)
    if hit.according is not None:
        cue_span = CueSpan(doc.text[first.start : last.end], first.start, last.end, hit.according.lemma, "assert")
        return _according(doc, toks, hit, cue_span, end, mem, parts)
    cue = hit.cue
    assert cue is not None
    if any(kind_of(t, "gesture") for t in toks[hit.j:hit.j + 4]):
        return None  # rule ``gesture``: وأشار الوزير بيده إلى الحشود points, it reports nothing
    p = Partial(hit, CueSpan(first.text, first.start, first.end, cue.lemma, cue.meaning))
    if cue.kind == MASDAR:
        return _masdar(doc, toks, p, end)
    if cue.kind == PARTICIPLE:
        return _participle(toks, p, end, parts)
    if cue.meaning == "relay":
        subj_end = _subject(toks, i + 1, end, True)
        return _relay(doc, toks, p, trim(toks[i + 1:subj_end]), subj_end, end, mem)
    return _verb(doc, toks, p, end, mem, parts)


def _participle(toks: list[Token], p: Partial, end: int, parts: list[Partial]) -> Partial | None:
    """Rule ``participle``: مؤكدا / مشيرا إلى أن ...; its speaker is the sentence's (or the last) one."""
    i, cue = p.hit.i, p.hit.cue
    assert cue is not None
    after_word = i > 0 and toks[i - 1].is_word and toks[i - 1].norm != "و" and not cue.conj
    if after_word and (kind_of(toks[i - 1], "copula") or has_article(toks[i - 1])):
        return None  # a predicate (بات مؤكدا أن، أمرا مؤكدا); after a definite noun it lowered the CV's fresh folds
    cs = _described(toks, p, i + 1, end) or _find_content(toks, i + 1, end, cue)
    if cs is None:
        return None
    p.content_from, how = cs
    p.after_word = after_word  # ووجه رسالة إلى أعداء الوطن قائلا: ...: no comma before it (rule ``participle``)
    p.implicit = True  # settled in _finish against the sentence's own speakers
    if not parts:
        p.speaker = _clause_subject(toks, i)
        p.implicit = not p.speaker
    return _set_type(p, how, "participle")


def _verb(doc: Doc, toks: list[Token], p: Partial, end: int, mem: SpeakerMemory, parts: list[Partial]) -> Partial | None:
    """A finite reporting verb: rules ``issuer`` / ``in_document``, ``svo``, ``vso`` (and its variants), then the
    subjectless fallbacks (``described_noun``, ``relative``, ``clause_subject``, ``dropped_subject``)."""
    i, cue = p.hit.i, p.hit.cue
    assert cue is not None
    relative = i > 0 and kind_of(toks[i - 1], "relative")  # والتي ادعى فيها: the relative rule's
    if i + 2 < end and toks[i + 1].norm in _IN_IT and not _subject_after(toks, i + 2) and not relative:
        # وصدر بيان من قيادة العمليات نفى فيه "...": the statement's issuer speaks; أصدرت الأمانة بيانا
        # دعت فيه ...: the one who issued it (rule ``in_document``)
        issuer = _issuer(toks, i)
        start = _content_start(toks, i + 2, end, cue) if issuer or not parts else None
        if start is not None:
            p.speaker, (p.content_from, how) = issuer or _clause_subject(toks, i), start
            p.implicit = not p.speaker  # the document's issuer, named in an earlier sentence
            return _set_type(p, how, "issuer" if issuer else "in_document")
    if cue.in_doc:
        return _came_in(toks, p, end)
    found = _svo(doc, toks, p, end, mem)
    if found is None:
        found = _vso(doc, toks, p, end, mem, parts)
        if found is None:
            return None if parts else _postposed(toks, p, end)
    first, (p.content_from, how) = found
    subj = _subjectless(toks, p, first, parts)
    if subj is None:
        return None
    p.speaker = subj
    return _set_type(p, how)


#: Words before a cue whose statement came before it (..., كما قال الوزير.)
_AS = ("كما", "حسبما")
#: Words a postposed speaker may hold before the sentence's end (قال واينر هذا الأسبوع.)
_POSTPOSED_WORDS = 8


def _postposed(toks: list[Token], p: Partial, end: int) -> Partial | None:
    """Rule ``postposed``: "...، كما قال الوزير." / "«...»، يقول إيلي داغر.": the statement stands
    before its cue, the speaker after it runs to the sentence's end (a time word may close it)."""
    i, cue = p.hit.i, p.hit.cue
    k = i - 1
    as_word = k >= 0 and toks[k].norm in _AS
    if as_word:
        k -= 1
    if k < 0 or not (as_word or (not toks[k].is_word and toks[k].text in _COMMA)):
        return None
    while k >= 0 and not toks[k].is_word and toks[k].text in _COMMA:
        k -= 1
    tail = [t for t in toks[i + 1:end] if t.is_word]
    if cue is None or not tail or len(tail) > _POSTPOSED_WORDS or not _can_be_subject(toks[i + 1]):
        return None
    if any(is_comp(t) or t.norm in cue_forms() or t.text in QUOTE_CHARS or t.text == ":" for t in toks[i + 1:end]):
        return None
    start = 0
    while start < k and not toks[start].is_word and toks[start].text not in QUOTE_CHARS:
        start += 1
    if k - start < 2:
        return None
    p.speaker = trim(toks[i + 1:_subject(toks, i + 1, end, False, cue)])
    if not p.speaker:
        return None
    p.content_from, p.content_to = start, k + 1
    p.hit.boundary = start
    quoted = toks[start].text in QUOTE_CHARS and toks[k].text in QUOTE_CHARS
    return _set_type(p, "quote" if quoted else "before", "postposed")


def _came_in(toks: list[Token], p: Partial, end: int) -> Partial | None:
    """Rule ``came_in``: "وجاء في البيان أن ..." / "وجاء في بيان الجيش: ...": the document after
    في speaks, and its statement follows it at once (أن، a colon or a quote, past a comma);
    "جاء ذلك في بيان" and "جاء في المرتبة الثانية" state nothing."""
    j = p.hit.i + 1
    if j >= end or toks[j].norm != "في" or p.hit.cue is None:
        return None
    stop = _subject(toks, j + 1, end, False)
    speaker = trim(toks[j + 1:stop])
    k = _skip(toks, stop, end)
    if not speaker or k >= end or not (is_comp(toks[k]) or toks[k].text == ":" or toks[k].text in QUOTE_CHARS):
        return None
    cs = _content_start(toks, k, end, p.hit.cue)
    if cs is None:
        return None
    p.speaker, (p.content_from, how) = speaker, cs
    return _set_type(p, how, "came_in")


def _svo(doc: Doc, toks: list[Token], p: Partial, end: int, mem: SpeakerMemory) -> tuple[list[Token], tuple[int, str]] | None:
    """Rule ``svo``: وكان التحالف الدولي، أعلن أن ... / العراق قد نفى انتشار ..."""
    i, cue, hit = p.hit.i, p.hit.cue, p.hit
    assert cue is not None
    j = i + 1
    pre, kana = _preverbal(toks, i)
    if not pre:
        return None
    cs = _find_content(toks, j, end, cue)
    vso = cs is not None and cs[0] > j and _starts_subject(toks, j) and not kana  # كان وزير سوري أبلغ رويترز أن
    if cs is None or (cs[1] == "np" and not _substantive(pre)) or vso:
        return None
    p.svo = True
    p.rule = "svo"
    hit.boundary = _boundary(toks, toks.index(pre[0]))
    p.via_span, _relayed = _scan_adjuncts(doc, toks, j, cs[0], mem)
    return pre, cs


def _vso(doc: Doc, toks: list[Token], p: Partial, end: int, mem: SpeakerMemory,
         parts: list[Partial]) -> tuple[list[Token], tuple[int, str]] | None:
    """Rule ``vso``: وقال الوزير، اليوم، إن ...; ``vso_np_object`` (نفى الجيش استهدافه ...) and
    ``vso_relayed`` (أفادت وكالة تسنيم نقلا عن مصادر أن ...) are its variants."""
    i, cue = p.hit.i, p.hit.cue
    assert cue is not None
    j = i + 1
    if j + 1 < end and toks[j].norm in _IN_IT and _subject_after(toks, j + 1):
        j += 1  # بيان نفى فيه البنتاغون ...: "in it", then the subject
    if j < end and is_addressee(toks[j]) and j + 1 < end:  # قال لـ "الاقتصادية" مسؤول في السفارة إن
        after = _quoted_name_end(toks, j + 1, end) if toks[j + 1].text in QUOTE_CHARS else j + 1
        if toks[j + 1].text == "(":  # كشف لـ(عكاظ) عميد القبول أن ...
            after = next((m + 1 for m in range(j + 2, min(end, j + 7)) if toks[m].text == ")"), 0)
        if after and after < end and _starts_subject(toks, after):
            j = after
    subj_end = _subject(toks, j, end, False, cue)
    subj = trim(toks[j:subj_end])
    if subj and kind_of(subj[0], "pronoun") and len(subj) == 1:
        subj = []
    if subj and not _can_be_subject(subj[0]):
        subj = []  # وقال لمجلس العلاقات الخارجية «...» / وتابع مدافعاً: no subject after the verb
    if subj and parts and parts[-1].content_from <= i and not _substantive(subj[:1]):
        return None  # إنه لا يتوقع منحا: a verb of the statement, with its object, not a new speaker
    cs = None
    if cue.preps and subj_end < end and _object_after_post(toks, j, subj_end, cue):
        cs = _find_content(toks, subj_end, end, replace(cue, np=False))  # دعا الوزير المواطنين إلى ...: after إلى (SCHEMA)
    cs = cs or _find_content(toks, subj_end, end, cue)
    if cs is not None and cs[0] == subj_end and _attached_object(toks, subj_end, cue) and cue.np:
        n = _np_end(toks, j, subj_end)  # وطالب النواب الحكومة بتقديم استقالتها: the object before بـ
        if j < n < subj_end:
            subj = trim(toks[j:n])
            p.rule = "vso_np_object"
    if cs is None and subj and (cue.np or cue.preps):
        cs, n = _np_object(toks, j, subj_end, end, cue)
        if cs is not None:
            subj, subj_end = trim(toks[j:n]), n
            p.rule = "vso_np_object"
    if cs is None:
        return None
    p.via_span, relayed = _scan_adjuncts(doc, toks, subj_end, cs[0], mem)
    if relayed:  # أفادت وكالة تسنيم نقلا عن مصادر مطلعة أن ...
        relay = trim(toks[j:_relay_phrase_at(toks, subj_end, cs[0])])
        while relay and kind_of(relay[-1], "time"):
            relay = trim(relay[:-1])  # أفادت وكالة تسنيم الجمعة نقلا عن ...: the day is not the outlet
        p.via_span = span_of(doc, relay) or span_of(doc, subj)
        subj = relayed
        p.rule = "vso_relayed"
    return subj, _described(toks, p, subj_end, end) or cs


def _np_object(toks: list[Token], j: int, subj_end: int, end: int, cue: Cue) -> tuple[tuple[int, str] | None, int]:
    """An object noun phrase right after the subject: نفى الجيش استهدافه ... -> (content, subject end)."""
    n = _appositive_end(toks, _np_end(toks, j, subj_end), subj_end)
    marked = next((m for m in range(j + 2, subj_end) if toks[m].text.endswith(("ً", "اً"))), None)
    if marked is not None and marked > n and any(t.text in _COMMA for t in toks[n:marked]):
        n = marked  # نفى المجلس، الجناح السياسي لقوات ...، خبراً أوردته: the accusative opens the object
    if j < n < subj_end:
        return _content_start(toks, n, end, cue), n
    return None, n


def _subjectless(toks: list[Token], p: Partial, subj: list[Token], parts: list[Partial]) -> list[Token] | None:
    """The speaker when none stands after the verb, or None to drop the cue."""
    i, cue = p.hit.i, p.hit.cue
    assert cue is not None
    prev = toks[i - 1] if i > 0 else None
    if not subj and prev is not None and prev.is_word and not has_article(prev) and speaker_kind(prev) in ("anon", "source", "media"):
        p.svo, p.rule = True, "described_noun"
        return [prev]  # صحة تقارير أفادت بأن ...: the verb describes the noun before it
    relative = prev is not None and prev.norm in ("الذي", "التي", "الذين")
    in_it = i + 1 < len(toks) and toks[i + 1].norm in _IN_IT  # الذي نفى فيه البنتاغون: its subject after فيه
    named = _subject_after(toks, i + 2) if in_it else _starts_subject(toks, i + 1)
    if subj and relative and not named and not parts:
        subj = []  # واشنطن، حليفتها التي وصفت الأمر بأنه ...: the noun after the verb is its object
    if not subj and relative:
        if parts:
            return None  # a relative clause inside someone's statement
        p.rule = "relative"
        subj = _antecedent_np(toks, i - 1)
    if subj:
        return subj
    coordinated = bool(cue.conj) and bool(parts) and parts[-1].outer is None  # تنفي أي صلة بالعنف وتقول إنها ...
    linked = prev is not None and (kind_of(prev, "linker") or kind_of(prev, "butpron"))  # حيث قالت: «...»، فهي تقول إن
    if cue.kind == PRESENT and not coordinated:
        return None
    after_adjunct = prev is not None and prev.text in _COMMA  # وفي رده على سؤال، قال «...»
    after_adjunct = after_adjunct or _fronted_adjunct(toks, i) or linked
    if not _sentence_initial(toks, i) and not parts and not after_adjunct:
        subj = _clause_subject(toks, i) if cue.conj else []  # وجه المتحدث الرسالة نفسها وصرح «...»
        if not subj:
            return None  # a verb inside a clause with no speaker: part of a statement
        p.rule = "clause_subject"
    if not subj and linked and not _sentence_initial(toks, i):
        p.rule = "linked"  # زار الوزير المستشفى حيث قال: the subject of the verb the linker ties it to
        subj = _nearest_subject(toks, i - 1) or _clause_subject(toks, i)
    elif not subj:
        p.rule = "dropped_subject"
    p.implicit = not subj
    return subj


#: "in it" after a verb: the statement is made in a document named before (بيان ... نفى فيه).
_IN_IT = ("فيه", "فيها")


def _subject_after(toks: list[Token], k: int) -> bool:
    """Whether a subject (a speaker word, a name or a definite noun) stands at ``k``."""
    return k < len(toks) and toks[k].is_word and _can_be_subject(toks[k]) and _substantive(toks[k:k + 1])


def _issuer(toks: list[Token], i: int) -> list[Token]:
    """Who issued the statement named before the verb at ``i``: بيان من/عن X، بيان صادر عن X."""
    for n in range(i - 2, -1, -1):
        if toks[n].norm in ("بيان", "البيان", "تقرير", "التقرير"):
            k = n + 1
            if k < i and toks[k].norm in ("صادر", "الصادر"):
                k += 1
            if k < i and toks[k].norm in ("من", "عن"):
                return trim(toks[k + 1 : i])
            return []
    return []


def _starts_phrase(toks: list[Token], k: int) -> bool:
    """Whether an "according to" phrase (نقلا عن، وفقا لـ) starts at ``k``."""
    return any(_match_phrase(toks, k, ph) for ph in according_to_phrases().get(toks[k].norm, ()))


def _described(toks: list[Token], p: Partial, k: int, end: int) -> tuple[int, str] | None:
    """For وصف: the quoted description after بـ / بأنه is the statement.

    "وصف الوزير الزيارة بـ«التاريخية»" says «التاريخية»; the object (الزيارة) is only
    what is described.  Sets the content's end at the closing quote.
    """
    cue = p.hit.cue
    if cue is None or not cue.desc:
        return None
    n = k
    while n + 1 < end and n - k < 20:
        t = toks[n]
        if n > k and (is_comp(t) and not t.norm.startswith("ب") or t.norm in cue_forms()):
            return None
        if t.norm.startswith("ب") and len(t.norm) <= 5 and toks[n + 1].text in QUOTE_PAIRS:
            close = QUOTE_PAIRS[toks[n + 1].text]
            m = next((c for c in range(n + 2, end) if toks[c].text in (close, "”", "»")), -1)
            if m > n + 2:
                p.content_to = m + 1
                return n + 1, "quote"
            return None
        n += 1
    return None


def _fronted_adjunct(toks: list[Token], i: int) -> bool:
    """Whether the words before the cue at ``i`` are one fronted adverbial phrase.

    "وعن سبب اختيارها للأغنية قالت: ..." / "وفي وقت لاحق اليوم حذر من أنه ...": a
    prepositional or time phrase opens the sentence, no verb or clause stands in it.
    """
    words = [t for t in toks[:i] if t.is_word]
    if not words or len(words) > 12:
        return False
    first = words[0].norm[1:] if words[0].norm[:1] in ("و", "ف") and len(words[0].norm) > 2 else words[0].norm
    if not (first in PREPOSITIONS or first in clause_words()["adverbial"]):
        return False
    return not any(is_comp(t) or t.norm in cue_forms() or t.text in QUOTE_CHARS or t.text in _COMMA for t in toks[:i])


def _clause_subject(toks: list[Token], i: int) -> list[Token]:
    """The subject of the verb that opens the sentence, for a participle at ``i``.

    "أشاد رئيس الجمهورية فؤاد معصوم بسلمية المظاهرات، داعيا ..." : the one who calls
    is the one who praised, although أشاد reports nothing.
    """
    k = 0
    while k < i and (not toks[k].is_word or kind_of(toks[k], "opener") or toks[k].norm in ("و", "ف")):
        k += 1
    if k < i and toks[k].norm in ("من", "ومن") and k + 2 < i:  # من جهته، ...
        k += 2
        while k < i and not toks[k].is_word:
            k += 1
    j = k + 1  # after the verb
    if j >= i or not _starts_subject(toks, j):
        return []
    return _subject_run(toks, j, i)


def _nearest_subject(toks: list[Token], i: int) -> list[Token]:
    """The subject of the nearest verb before the cue at ``i``, where the sentence opens
    with something else: "ومقابل الفرضيات ...، قلل عضو مجلس الشورى ... من احتمالية ...،
    مشيرا": the one who points out is the one who played it down.  A verb is read off its
    shape: a bare word (no article, not a name, a preposition or a speaker word) before a
    word that opens a subject; never behind a statement's start (أن، a quote, a colon, a cue)."""
    for k in range(i - 1, 1, -1):
        v = toks[k - 1]
        if is_comp(toks[k]) or toks[k].norm in cue_forms() or toks[k].text in QUOTE_CHARS or toks[k].text == ":":
            return []  # behind an earlier statement's start: its words are not the speaker's clause
        if (_starts_subject(toks, k) and v.is_word and not has_article(v) and not is_name(v) and speaker_kind(v) is None
                and v.norm not in PREPOSITIONS and not kind_of(v, "namepart") and not is_comp(v)
                and not kind_of(v, "relative") and not v.text[:1].isdigit()):
            return _subject_run(toks, k, i)
    return []


def _subject_run(toks: list[Token], j: int, i: int) -> list[Token]:
    """The subject noun phrase starting at ``j`` (a post and the name that follows it), before ``i``."""
    stop = _subject(toks, j, i, False)
    n = _np_end(toks, j, stop)
    named = False
    while n < stop and (is_name(toks[n]) or kind_of(toks[n], "namepart")):
        n, named = n + 1, True  # رئيس الجمهورية فؤاد معصوم
    if named and n < stop and toks[n].is_word and not toks[n].prefix and not has_article(toks[n]):
        n += 1  # a family name the name list does not know
    run = trim(toks[j:min(n, stop)])
    return run if run and _substantive(run) else []


def _can_be_subject(t: Token) -> bool:
    """Whether a word can open a subject: not a preposition or its phrase, not a verb or
    participle, not an accusative (tanween fath: مدافعاً)."""
    if not t.is_word and t.text not in QUOTE_CHARS:
        return False
    if t.norm in ("ب", "ل", "ك") or (t.norm.startswith("لل") and len(t.norm) > 4):
        return False  # وذكّر بـ«...»، وقال للحضور: a preposition alone or لـ on a definite noun (not د. / م.)
    if (t.norm in PREPOSITIONS and not is_name(t)) or kind_of(t, "pp") or kind_of(t, "time") or t.norm in cue_forms():
        return False
    if t.text.endswith("ً") or t.text.endswith("اً"):
        return False
    if _is_manner_word(t):
        return False  # وتابع مدافعا «...»: a participle of manner (مُفاعِلا), not the subject
    bare = t.norm[1:] if t.norm[:1] in ("و", "ف") and len(t.norm) > 3 else t.norm
    words = speaker_words()
    return not (bare[:1] in ("ل", "ب") and bare not in words and bare[1:] in words and not is_name(t))  # لمجلس، بوزارة


def _is_manner_word(t: Token) -> bool:
    """An accusative participle or adverb (مخاطبا، متحدثا، مجددا): the shape مُـ...ـا."""
    return (t.norm.startswith("م") and t.norm.endswith("ا") and len(t.norm) >= 5 and not is_name(t)
            and not has_article(t) and not is_place_word(t.norm))  # ماليزيا، موريتانيا: places


def _substantive(run: list[Token]) -> bool:
    """A run that can be a speaker: a definite noun, a name, a known speaker word or a quoted name."""
    return any(has_article(t) or is_name(t) or speaker_kind(t) or t.text in QUOTE_CHARS for t in run)


def _starts_subject(toks: list[Token], j: int) -> bool:
    """Whether the words after a verb look like its subject (a speaker word or a name)."""
    return (j < len(toks) and _can_be_subject(toks[j])
            and (speaker_kind(toks[j]) in ("office", "rank", "anon", "source", "media") or is_name(toks[j])))


def _is_prep_of(t: Token, cue: Cue) -> bool:
    """The preposition the cue governs, alone (إلى) or attached (بوقف، للتركيز after دعا)."""
    if t.norm in cue.preps:
        return True
    attached = t.norm[:1] if len(t.norm) > 3 else ""
    return attached in ("ب", "ل") and (attached in cue.preps or (attached == "ل" and "الي" in cue.preps))


def _find_content(toks: list[Token], k: int, end: int, cue: Cue) -> tuple[int, str] | None:
    """The statement's start at ``k``, or behind adjuncts (في تصريح لـ ...، اليوم، إن ...)."""
    cs = _content_start(toks, k, end, cue)
    if cs is not None:
        return cs
    n = k
    while n < end and n - k <= 24:
        t = toks[n]
        kind = cue_forms()[t.norm].kind if t.norm in cue_forms() else ""
        # a cue after a comma opens its own statement even right after the subject (عزت الأمانة كثرة
        # التحويلات ...، مؤكدة أن / نفى الجيش مقتل المدنيين، قالت المنظمة إن); في تصريحه is the occasion
        own = kind in (PAST, PRESENT, PARTICIPLE) and n > 0 and toks[n - 1].text in _COMMA
        if ((n > k or own) and kind and not kind_of(toks[n - 1], "event") and not _starts_phrase(toks, n)
                and not (kind_of(t, "event") and toks[n - 1].norm in ("في", "وفي"))):
            return None  # (في توضيح نشره عبر حسابه: a clause of the event noun, not a new cue)
        if is_comp(t) or t.text in QUOTE_CHARS or t.text == ":" or _is_prep_of(t, cue):
            quote_name = t.text in QUOTE_CHARS and _quoted_name_end(toks, n, end) > 0
            if t.text in QUOTE_CHARS and n > 0 and (is_addressee(toks[n - 1]) or toks[n - 1].norm == "عن"):
                quote_name = _quoted_name_end(toks, n, end, True) > 0  # لـ«العربية» / نقلا عن “مصادر مطلعة” أن
            if t.text in QUOTE_CHARS and not quote_name:
                after = _quoted_name_end(toks, n, end, True)
                quote_name = 0 < after - n <= 4 and after < end and not is_comp(toks[after])  # بموقع “فيسبوك”، اليوم، أن
            if not quote_name:
                return _content_start(toks, n, end, replace(cue, np=False))
            n = _quoted_name_end(toks, n, end, True)
            continue
        n += 1
    return None


def _quoted_name_end(toks: list[Token], k: int, end: int, before_comp: bool = False, words: int = 4) -> int:
    """After a short quoted name (كتائب "سيد الشهداء" في بيان ...، لـ«العربية» إن), else 0.

    With ``before_comp`` the name may stand right before أن/إن or a colon: it follows
    an addressee (لـ) or is the speaker itself (وتابع "العدواني": أن).  A name is followed
    by more of its sentence, never by the sentence's end.
    """
    close = QUOTE_PAIRS.get(toks[k].text, "”")
    for m in range(k + 1, min(end, k + words + 2)):
        if toks[m].text in (close, "”", "»"):
            nxt = m + 1
            if nxt >= end or toks[nxt].text in _FULL_STOPS:
                return 0  # a short quote that ends its sentence is a statement: وقال المعهد “نحن محايدون”.
            if nxt < end and toks[nxt].is_word and not is_comp(toks[nxt]):
                return nxt
            if nxt < end and (before_comp or (k > 0 and is_addressee(toks[k - 1]))) and m > k + 1:
                return nxt
            return 0
    return 0


#: Words a quoted speaker's name may hold ("المرصد السوري لحقوق الإنسان").
_QUOTED_SPEAKER_WORDS = 6


def _quoted_speaker(toks: list[Token], k: int, end: int) -> bool:
    """وتابع "العدواني": أن ... : a quoted name right after the verb, then the statement; the name
    may run to six words and take an adjective: أكد «المرصد السوري لحقوق الإنسان»، أن / كشف «مكتب
    أخبار سوريا» المعارض، أن."""
    n = _quoted_name_end(toks, k, end, True, _QUOTED_SPEAKER_WORDS)
    if n <= k + 2 or n - k > _QUOTED_SPEAKER_WORDS + 2:
        return False
    while n < end and n - k <= _QUOTED_SPEAKER_WORDS + 4 and has_article(toks[n]) and speaker_kind(toks[n]) is None:
        n += 1  # المعارض
    return n < end and (is_comp(toks[n]) or toks[n].text == ":" or toks[n].text in _COMMA)


def _antecedent_np(toks: list[Token], rel: int) -> list[Token]:
    """The noun phrase a relative pronoun at ``rel`` refers to (walking back, at most 8 words)."""
    k = rel
    while k > 0 and rel - k < 8:
        t = toks[k - 1]
        if not t.is_word or t.norm in PREPOSITIONS or kind_of(t, "relative") or t.norm in cue_forms() or is_comp(t):
            break
        k -= 1
    run = trim(toks[k:rel])
    return run if run and _substantive(run) else []


def _sentence_initial(toks: list[Token], i: int) -> bool:
    k = 0
    while k < i and (not toks[k].is_word or kind_of(toks[k], "opener") or toks[k].norm in ("و", "ف")):
        k += 1
    if k < i and toks[k].norm in ("من", "ومن") and k + 2 <= i:
        k += 2
        while k < i and not toks[k].is_word:
            k += 1
    return k == i


def _set_type(p: Partial, how: str, rule: str | None = None) -> Partial:
    p.type = DIRECT if how == "quote" else INDIRECT
    p.how = how
    if rule is not None:
        p.rule = rule
    return p


def _relay(doc: Doc, toks: list[Token], p: Partial, subj: list[Token], k: int, end: int, mem: SpeakerMemory) -> Partial | None:
    """نقلت X عن Y أن ...: the speaker is Y, X the relay; with قوله the masdar takes over."""
    assert p.hit.cue is not None  # a verb's hit
    if k >= end or toks[k].norm != "عن":
        return None
    a = k + 1
    b = a
    while b < end and not is_comp(toks[b]) and toks[b].norm not in cue_forms():
        if toks[b].text in QUOTE_CHARS:
            close = _quoted_name_end(toks, b, end, True) if b == a else 0
            if not 0 < close - b <= 8:
                break
            b = close  # نقلت الوكالة عن “مصادر في محافظة الحسكة”، أن ...: a quoted source
            continue
        b += 1
    if b < end and toks[b].norm in cue_forms() and cue_forms()[toks[b].norm].kind == MASDAR:
        return None  # the masdar (قوله) is the cue of this statement
    if toks[a].text in QUOTE_CHARS:  # the words inside the quote marks
        speaker = trim([t for t in toks[a + 1 : b] if t.text not in QUOTE_CHARS])
    else:
        speaker = trim(toks[a:_subject(toks, a, b, False)])
    cs = _content_start(toks, b, end, p.hit.cue) if b < end else None
    if cs is None or not speaker:
        return None
    p.content_from, how = cs
    p.speaker = speaker
    p.via_span = mem.relay(trim(subj)) if subj else None
    return _set_type(p, how, "relay")


def _masdar(doc: Doc, toks: list[Token], p: Partial, end: int) -> Partial | None:
    """... عن Y قوله إن ...: the speaker stands between عن and the verbal noun."""
    i, cue = p.hit.i, p.hit.cue
    assert cue is not None  # a masdar's hit
    an = next((k for k in range(i - 1, -1, -1) if toks[k].norm == "عن"), -1)
    if _bi_al(toks[i]):  # rule ``bi_al_masdar``: وختم الوزير حديثه بالقول: ...; the subject of the opening verb speaks
        cs = _find_content(toks, i + 1, end, cue)
        if cs is None or cs[1] not in ("comp", "quote", "colon"):
            return None  # بالتأكيد "certainly", بالإعلان عن ...: no statement
        p.content_from, how = cs
        p.speaker = _clause_subject(toks, i)
        p.implicit = not p.speaker
        return _set_type(p, how, "bi_al_masdar")
    if an < 0 and toks[i].norm.startswith("ب"):  # وعلق على ذلك بقوله: ...: the one who commented, said before
        cs = _find_content(toks, i + 1, end, cue)
        if cs is None:
            return None
        p.content_from, how = cs
        p.implicit = True
        return _set_type(p, how, "masdar_continued")
    if an < 0:
        return None
    speaker = trim(toks[an + 1 : i])
    if not speaker or len(speaker) > _MAX_SUBJECT:
        return None
    cs = _find_content(toks, i + 1, end, cue)  # قوله، خلال المنتدى في دافوس، إن ...
    if cs is None:
        return None
    p.content_from, how = cs
    p.speaker = speaker
    rv = next((k for k in range(an - 1, -1, -1) if toks[k].norm in cue_forms() and cue_forms()[toks[k].norm].meaning == "relay"), -1)
    if rv >= 0:
        via = trim(toks[rv + 1 : an])
        p.via = via or None
        p.hit.boundary = _boundary(toks, rv)
    else:
        p.hit.boundary = _boundary(toks, an)
    return _set_type(p, how, "masdar")


def _bi_al(t: Token) -> bool:
    """A verbal noun with بال and no pronoun (بالقول، وبالتأكيد): cues.py makes these forms."""
    return t.norm.lstrip("وف").startswith("بال")


def _is_masdar(t: Token) -> bool:
    return t.norm in cue_forms() and cue_forms()[t.norm].kind == MASDAR


def _according(doc: Doc, toks: list[Token], hit: Hit, cue_span: CueSpan, end: int, mem: SpeakerMemory, parts: list[Partial]) -> Partial | None:
    """بحسب X / وفقا لـ X / نقلا عن X: X is the source, the rest of the clause the statement."""
    assert hit.according is not None  # an according-to phrase's hit
    a = hit.j
    if a < end and toks[a].norm in ("ل", "لـ", "ما"):
        a += 1
    relayed = said = False
    if a < end and toks[a].norm in cue_forms() and cue_forms()[toks[a].norm].kind != MASDAR:
        relayed, said = cue_forms()[toks[a].norm].meaning == "relay", True
        a += 1  # حسبما ذكرت الوكالة
        if a < end and kind_of(toks[a], "pp"):
            a += 1  # بحسب ما أشارت إليه بعض التقارير
    b = a
    while b < end and not (toks[b].text in _COMMA or is_comp(toks[b]) or toks[b].text in ".:"):
        if b > a and toks[b].norm in cue_forms():
            break
        b += 1
    src = trim(toks[a:b])
    relay: list[Token] = []
    an = next((n for n, t in enumerate(src) if t.norm == "عن"), -1) if relayed else -1
    if an > 0 and an + 1 < len(src):  # حسب ما نقلت شبكة روداو عن كسرت رسول: the network relays, Rasul speaks
        relay, src = trim(src[:an]), trim(src[an + 1:])
    if not src:
        return None
    closing = all(not t.is_word for t in toks[b:end]) and hit.i > 0 and toks[hit.i - 1].text in _COMMA
    if (has_article(src[0]) and speaker_kind(src[0]) is None and not is_name(src[0]) and not _is_masdar(src[0])
            and not (said or closing)):  # a source that said it (حسب ما أعلنت المعارضة) or closes the sentence after
        return None  # a comma (...، بحسب الشرطة.); else وفق الضوابط، حسب الاستطاعة: a measure, not a source
    p = Partial(hit, cue_span)
    implicit = len(src) == 1 and src[0].norm in cue_forms() and cue_forms()[src[0].norm].kind == MASDAR
    # a relay inside someone else's clause (ذكرت مصادر، وفق الصحيفة، أن): not a statement of its own
    prev = parts[-1] if parts else None
    if prev is not None and prev.content_from > hit.i:
        return None
    if prev is not None and speaker_kind(src[0]) in ("media",) and not implicit:
        prev.via_span = mem.relay(src)
        prev.content_to = hit.boundary
        return None
    p.type = ACCORDING_TO
    p.rule, p.how = "according_to", "according"
    p.speaker = [] if implicit else src
    p.implicit = implicit
    if relay:
        p.via_span = mem.relay(relay)
    if hit.according.words[-1] == "ل" and src[0] is toks[hit.j] and src[0].norm.startswith("ل") and len(src[0].norm) > 2:
        p.source_cut = 2 if src[0].norm.startswith("لل") else 1  # the ل of وفقا لـ, written on the source
    if _sentence_initial(toks, hit.i):
        k = _skip(toks, b, end)
        if k < end and is_comp(toks[k]) and is_bare_comp(toks[k]):
            k += 1
        if k >= end or (k == end - 1 and not toks[k].is_word):
            p.previous_sentence = True  # "... . بحسب رويترز." : the source of the sentence before
            p.content_from, p.content_to = hit.i, end
            return p
        p.content_from = k
    else:
        start = 0
        if prev is not None:
            return None
        while start < hit.i and not toks[start].is_word:
            start += 1
        if hit.boundary - start < 2:
            return None
        p.content_from, p.content_to = start, hit.boundary
    return p


def _finish(doc: Doc, toks: list[Token], si: int, p: Partial, mem: SpeakerMemory, out: list[Attribution]) -> None:
    a, b = p.content_from, p.content_to
    if a < 0 or b <= a:
        return
    ctoks = _trim_end(toks[a:b])
    if not ctoks:
        return
    start, stop = ctoks[0].start, ctoks[-1].end
    if p.previous_sentence:
        if si == 0:
            return
        start, stop = doc.sentences[si - 1].start, doc.sentences[si - 1].end
    typ = p.type
    if typ == DIRECT:
        opener = ctoks[0].text
        close = QUOTE_PAIRS.get(opener, "”")
        closes = [t for t in ctoks[1:] if t.text in (close, "”", "»")]
        if closes:
            c = closes[0]
            start, stop = ctoks[0].end, c.start
            rest = [t for t in ctoks if t.start > c.start and t.is_word]
            if rest:
                typ = MIXED
                start, stop = ctoks[0].start, ctoks[-1].end
        else:
            start = ctoks[0].end
            typ = INDIRECT
    elif typ == INDIRECT and any(t.text in QUOTE_CHARS for t in ctoks):
        typ = MIXED
    content = doc.span(start, stop)
    if content is None:
        return
    # the speaker: the rules propose candidates, the learned ranker decides (decide.py)
    sent_speakers = [x for x in out if x.sentence == si and not x.implicit and not x.nested]
    via = mem.relay(p.via) if p.via else p.via_span
    cands = _speaker_candidates(doc, toks, si, p, mem, sent_speakers, out, via)
    if not cands:
        return
    ctx = _context(toks, p)
    ctx.rule_cls = cands[0].cls
    _article_context(ctx, cands, out, si)
    decider = active()
    feats = [speaker_features(c, ctx, len(cands)) for c in cands]
    pick = decider.speaker(feats)
    chosen = cands[pick.index]
    if chosen.content_from >= 0:
        ctoks = _trim_end(toks[chosen.content_from:b])
        content = doc.span(ctoks[0].start, ctoks[-1].end) if ctoks else content
        if content is None:
            return
    end = _decide_end(doc, toks, si, p, chosen.content_from if chosen.content_from >= 0 else a, b, content, typ, decider)
    if end is not None:
        content, typ, ctoks = end.content, end.typ, ([t for t in ctoks if t.end <= end.content.end] or ctoks)
    ctx.first_sentence = si == 0
    ctx.construction = _construction(toks, p, via is not None)
    ctx.to_end = b >= len(_trim_end(toks)) or p.previous_sentence or b == p.hit.boundary  # not cut by another cue
    if p.previous_sentence:  # the features read the statement itself: the sentence before
        ctoks = _trim_end(doc.sentence_tokens(doc.sentences[si - 1]))
    rfeats = report_features(ctx, chosen, ctoks, p.outer is not None, typ)
    kept = decider.report(rfeats)
    decider.observe_ends(doc, end.ends if end is not None else [])
    decider.observe(doc, cands, feats, rfeats, content, pick.index)
    via = via or chosen.via
    if (chosen.toks and chosen.mention is not None and chosen.source is not None
            and (kept is not None or chosen.cls in PERSON_CLASSES)):  # not kept, a person who acts here may
        # still speak next (as _remember_actor); a candidate with words has its spans
        mem.add(chosen.mention, chosen.source, via, chosen.toks, nested=p.outer is not None, shape=chosen.shape,
                origin=p.rule)
    elif (chosen.remember and chosen.mention is not None and chosen.source is not None and kept is not None
          and chosen.source.text not in mem.counts):
        mem.add(chosen.mention, chosen.source, via, chosen.remember, nested=p.outer is not None, origin=p.rule)  # an
        # earlier person who speaks now: "وأضاف" next continues them
    if kept is None:
        return
    polarity = p.hit.cue.polarity if p.hit.cue is not None else "assert"
    outer = p.outer.result if p.outer is not None else None
    if outer is not None and via is None and outer.polarity == "assert":  # one who denies a report does not relay it
        via = outer.source
    why = {"rule": p.rule, "speaker": {"chosen": chosen.kinds, "candidates": [[c.kinds, c.key] for c in cands], **pick.to_dict()},
           "report": kept.to_dict()}
    if end is not None:
        why["content"] = {"end": end.ends[end.choice.index].reason, "proposed": [e.reason for e in end.ends],
                          **end.choice.to_dict()}
    p.result = Attribution(p.cue_span, content, chosen.source, chosen.mention, chosen.implicit, typ, polarity, via, si,
                           p.outer is not None, rule=p.rule, why=why)
    out.append(p.result)


@dataclass(slots=True)
class _EndChoice:
    """The statement's end the content ranker chose, among the ends proposed (content.ends)."""

    content: Span
    typ: str
    ends: list[End]
    choice: Choice


def _decide_end(doc: Doc, toks: list[Token], si: int, p: Partial, a: int, b: int, content: Span, typ: str,
                decider: Decider) -> _EndChoice | None:
    """Where the statement ends: the rules propose ends (theirs first), the learned ranker chooses.
    A closing according-to's statement is the sentence before: its end is not proposed."""
    if p.previous_sentence or a >= b:
        return None
    proposed = content_ends(doc, si, toks, a, b, (content.start, content.end, typ), (p.rule, p.cue_span.lemma, p.how))
    choice = decider.content([e.feats for e in proposed])
    e = proposed[choice.index]
    span = doc.span(e.start, e.stop) if choice.index else content
    if span is None:
        return _EndChoice(content, typ, proposed, Choice(0, choice.score, choice.features))
    return _EndChoice(span, e.typ if choice.index else typ, proposed, choice)


def _article_context(ctx: Context, cands: list[Candidate], out: list[Attribution], si: int) -> None:
    """What the speaker features read of the statements before this one (candidates.article_features)."""
    if out and out[-1].source is not None:
        ctx.prev_source, ctx.prev_back = out[-1].source.text, si - out[-1].sentence
    ctx.contents = [(x.content.start, x.content.end) for x in out[-8:]]
    ctx.person_present = any(c.cls in PERSON_CLASSES for c in cands)


def _construction(toks: list[Token], p: Partial, relayed: bool) -> tuple[str, ...]:
    """The shape of a statement the report filter reads besides the rule: a closing according-to
    (the sentence before, or the clause before the cue), a statement relayed through an outlet,
    a verbal noun with بـ (وعلق بقوله: ...), a statement before its cue."""
    out = []
    if p.previous_sentence:
        out.append("closing_sentence")
    elif 0 <= p.content_from < p.hit.i:
        out.append("content_before_cue")
    if relayed:
        out.append("relayed")
    cue = p.hit.cue
    if cue is not None and cue.kind == MASDAR and p.cue_span.text.startswith(("ب", "وب", "فب")) and p.rule != "bi_al_masdar":
        out.append("bi_masdar")
    if p.after_word:
        out.append("after_word")
    return tuple(out)


def _trim_end(ctoks: list[Token]) -> list[Token]:
    """A statement's tokens without the commas and stops that close it."""
    while ctoks and not ctoks[-1].is_word and ctoks[-1].text in _COMMA + ".؛;:-":
        ctoks = ctoks[:-1]
    return ctoks


def _rule_candidate(doc: Doc, si: int, p: Partial, mem: SpeakerMemory, sent_speakers: list[Attribution],
                    out: list[Attribution]) -> Candidate | None:
    """The speaker the proposing rule names: its noun phrase, else the sentence's speaker,
    else the article's latest speaker (implicit)."""
    if p.speaker:
        source, mention, via = resolve_np(doc, p.speaker, mem)
        if p.source_cut:
            source, mention = (_after_prefix(doc, s, p.speaker[0].start, p.source_cut) for s in (source, mention))
        return np_candidate("rule", p.speaker, source, mention, via, mem)
    if p.hit.cue is not None and sent_speakers:  # the sentence names its speaker: not implicit (SCHEMA)
        gov = sent_speakers[-1]
        return Candidate(["rule", "sentence"], gov.source, gov.source_mention, gov.via, False, at=_at(gov), origin=gov.rule)
    last = mem.last
    if last is None:
        return None
    implicit = True
    if p.hit.cue is not None and p.hit.cue.kind == PARTICIPLE:
        prev_in_sent = [x for x in out if x.sentence == si]
        implicit = prev_in_sent[-1].implicit if prev_in_sent else True
    c = from_speaker(doc, "rule", last, p.cue_span.start, implicit, mem)
    c.kinds.append("memory1")
    return c


def _at(a: Attribution) -> int:
    """Where an earlier statement's speaker is named (-1 when it has none)."""
    m = a.source_mention or a.source
    return m.start if m is not None else -1


def _alternatives(toks: list[Token], p: Partial) -> list[tuple[str, list[Token], int]]:
    """Noun phrases around the cue that could be its speaker, besides the rule's:
    (proposer, phrase, where the statement starts if this phrase is chosen, or -1)."""
    i, cue, end = p.hit.i, p.hit.cue, len(toks)
    out: list[tuple[str, list[Token], int]] = []
    if cue is None or cue.kind == MASDAR:
        return out
    j = i + 1
    if cue.kind in (PAST, PRESENT) and p.rule != "relay" and j < end and _can_be_subject(toks[j]):
        stop = _subject(toks, j, end, False, cue)
        if j < p.content_from < stop:
            stop = p.content_from
        after = trim(toks[j:stop])
        if after and _substantive(after):
            out.append(("after", after, -1))
            short = trim(toks[j:_np_end(toks, j, stop)])
            if short and len(short) < len(after):
                out.append(("after_np", short, -1))
    out += _splits(toks, p)
    before = _clause_subject(toks, i)
    if before:
        out.append(("before", before, -1))
    if not p.speaker:  # no speaker in the rule's reading: the subject of the nearest verb before the cue
        near = _nearest_subject(toks, i)
        if near:
            out.append(("near", near, -1))
    pre, _ = _preverbal(toks, i)
    if pre:
        out.append(("preverbal", pre, -1))
    return out


def _splits(toks: list[Token], p: Partial) -> list[tuple[str, list[Token], int]]:
    """For a verb that takes an object (نفى، حث، دعا), the speaker run after it cut in two:
    "نفى وزير المالية | صحة الأنباء": the words after the cut open the statement."""
    cue = p.hit.cue
    sp = p.speaker
    if cue is None or not (cue.np or cue.preps) or p.rule not in ("vso", "vso_np_object") or len(sp) < 2:
        return []
    start = p.hit.i + 1
    if toks.index(sp[0]) != start:
        return []
    keep = p.how == "prep"  # دعا الوزير الشركات إلى ...: the statement stays after the preposition
    out = []
    for k in range(1, min(len(sp), 8)):  # the run is a slice of toks: sp[k] is toks[start + k]
        if not sp[k].is_word or not sp[k - 1].is_word:
            continue
        out.append(("split", sp[:k], -1 if keep or not cue.np else start + k))
    return out


def _speaker_candidates(doc: Doc, toks: list[Token], si: int, p: Partial, mem: SpeakerMemory,
                        sent_speakers: list[Attribution], out: list[Attribution], via: Span | None) -> list[Candidate]:
    """The rule's speaker first, then the alternatives the grammar and the article offer."""
    rule = _rule_candidate(doc, si, p, mem, sent_speakers, out)
    cands = [rule] if rule is not None else []  # none: no speaker named yet; the phrases around the cue may be
    for kind, np_toks, content_from in _alternatives(toks, p):
        c = from_np(doc, kind, np_toks, mem)
        if c is not None:
            c.content_from = content_from
            cands.append(c)
    if rule is not None:
        cands += span_variants(doc, rule, mem)
    persons = active().proposes("persons")
    if not cands:  # no speaker named yet: a person named before without a cue may be the one who speaks
        return person_candidates(mem.persons, p.cue_span.start, True, mem) if persons else []
    index = {id(t): n for n, t in enumerate(toks)}
    for c in cands:
        place(c, toks, index, p.hit.i)
    if sent_speakers:
        gov = sent_speakers[-1]
        cands.append(Candidate(["sentence"], gov.source, gov.source_mention, gov.via, False, at=_at(gov), origin=gov.rule))
    for n, sp in enumerate(mem.recent(MEMORY_DEPTH), 1):
        cands.append(from_speaker(doc, f"memory{n}", sp, p.cue_span.start, not sent_speakers, mem))
    if not persons:
        return merge(cands)
    after = p.hit.i < p.content_from < len(toks)  # the statement follows the cue: who is named between them?
    here = named_here_candidates(mem.persons, p.cue_span.end, toks[p.content_from].start if after else -1, False, mem)
    cands = merge(cands + here + person_candidates(mem.persons, p.cue_span.start, not sent_speakers, mem))
    return merge(cands + full_name_candidates(cands, mem.persons, p.cue_span.start, mem))


def _context(toks: list[Token], p: Partial) -> Context:
    cue = p.hit.cue
    nxt = next((t for t in toks[p.hit.j:p.hit.j + 2] if t.is_word), None)
    prev = toks[p.hit.i - 1] if p.hit.i > 0 and toks[p.hit.i - 1].is_word else None
    return Context(p.cue_span.lemma, cue.kind if cue is not None else "according", p.rule, p.how, cue,
                   _sentence_initial(toks, p.hit.i), nxt, prev_word=prev)


def _after_prefix(doc: Doc, span: Span | None, start: int, cut: int) -> Span | None:
    """``span`` without the ``cut`` characters of a prefix, when it starts at ``start``."""
    if span is None or span.start != start or span.end - span.start <= cut:
        return span
    return doc.span(span.start + cut, span.end) or span


@stage("attributions", requires={"sentences", "tokens"}, provides={"attributions"})
def extract(doc: Doc, options: Options) -> None:
    """Fill ``doc.attributions`` with every (speaker, statement) pair of the article."""
    mem = SpeakerMemory(doc)
    out: list[Attribution] = []
    for si in range(len(doc.sentences)):
        _sentence(doc, si, mem, out)
    doc.attributions = out

"""Speaker candidates of one statement, and the features the learned decisions read.

The rule that found a statement proposes its speaker (``rule``); the grammar around the
cue proposes others: the noun phrase right after the verb (``after``), the subject of the
sentence's opening verb (``before``), the sentence's earlier speaker (``sentence``) and the
article's latest speakers (``memory1`` ... ``memory3``).  Candidates that resolve to the same
speaker are merged, keeping every proposer as a feature.  ``decide.Decider`` picks one.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from ..text.doc import Doc, Span, Token
from ..text.normalize import normalize
from .cues import Cue
from .lexicon import PREPOSITIONS, QUOTE_CHARS, has_article, head_class, is_name, kind_of, speaker_kind
from .persons import Person, PersonMemory, keys, name_keys
from .speakers import Speaker, SpeakerMemory, head, span_of, trim

MEMORY_DEPTH = 3
PERSON_DEPTH = 3  # earlier persons (named with or without a cue) proposed as speakers
#: Candidate sources a model file lists when trained with them (``decide.Decider.proposes``):
#: ``persons`` is person1..3, person_here and full_name (persons.py).
OPTIONAL_SOURCES = ("persons",)


@dataclass(slots=True)
class Candidate:
    """One possible speaker of a statement, resolved as the article names it."""

    kinds: list[str]  # who proposed it: rule, after, before, sentence, memory1 ...
    source: Span | None
    mention: Span | None
    via: Span | None  # the relay it carries from an earlier mention
    implicit: bool
    toks: list[Token] = field(default_factory=list)  # the noun phrase as written; [] for an earlier speaker
    cls: str = "none"  # head class (lexicon.head_class)
    back: int = 0  # sentences between the mention and the statement
    shape: tuple[str, ...] = ()  # np_shape of the mention as written
    said: int = 0  # statements this speaker has made so far in the article
    follow: Token | None = None  # the word right after the noun phrase in its sentence
    content_from: int = -1  # a split candidate: where the statement then starts (token index)
    at: int = -1  # character offset of the mention as written (-1: unknown)
    origin: str = ""  # an earlier speaker: the rule that proposed its statement, or "actor"
    prior: Token | None = None  # the word right before the noun phrase in its sentence
    dist: int = 0  # tokens from the cue to the noun phrase (negative: before the cue; 0: not in the sentence)
    quote_between: bool = False  # a quotation mark stands between the cue and the noun phrase
    between: int = -1  # an earlier person (persons.py): distinct persons named after it (-1: not one)
    titled: bool = False  # an earlier person named after a post or a rank
    newer: bool = False  # an earlier person named after the article's latest speaker spoke
    remember: list[Token] = field(default_factory=list)  # an earlier person's mention: remembered if it speaks

    @property
    def key(self) -> str:
        return self.source.text if self.source is not None else ""


@dataclass(slots=True)
class Context:
    """What the decisions read about the statement itself."""

    lemma: str
    cue_kind: str  # past | present | participle | masdar | according
    rule: str
    how: str
    cue: Cue | None
    initial: bool  # the cue opens its sentence (after و / an opener)
    next_word: Token | None  # the word after the cue
    rule_cls: str = "none"  # head class of the rules' own candidate
    prev_word: Token | None = None  # the word before the cue
    first_sentence: bool = False  # the statement is in the article's first sentence
    prev_source: str = ""  # the speaker of the article's previous statement
    prev_back: int = 0  # sentences between that statement and this one
    contents: list[tuple[int, int]] = field(default_factory=list)  # earlier statements' (start, end)
    person_present: bool = False  # some candidate is a person (a name, a post or a rank)
    construction: tuple[str, ...] = ()  # rare but clear report shapes (extractor._construction): closing, relayed ...
    to_end: bool = True  # the statement runs to its sentence's end (not cut by another cue or clause)


def resolve_np(doc: Doc, toks: list[Token], mem: SpeakerMemory) -> tuple[Span | None, Span | None, Span | None]:
    """(source, mention, via) of a noun phrase: an earlier full mention it refers to,
    a named holder of a nameless title, or its own head."""
    mention = span_of(doc, toks)
    ante = mem.antecedent(toks)
    if ante is not None:
        single = toks[0]
        source = ante.source if has_article(single) or speaker_kind(single) else span_of(doc, toks)
        return source, ante.mention, ante.via
    source = span_of(doc, head(toks))
    held = mem.named_holder(toks)
    if held is not None:
        source, mention = held
    return source, mention, None


def _sentences_back(mem: SpeakerMemory, at: int, here: int) -> int:
    starts = mem.sentence_starts()
    return max(0, bisect_right(starts, here) - bisect_right(starts, at))


def np_candidate(kind: str, toks: list[Token], source: Span | None, mention: Span | None, via: Span | None,
                 mem: SpeakerMemory) -> Candidate | None:
    """A noun phrase of this sentence as a candidate, once resolved to (source, mention, via)."""
    if source is None:
        return None
    return Candidate([kind], source, mention, via, False, toks, head_class(toks), 0, np_shape(toks), mem.counts.get(source.text, 0),
                     at=toks[0].start if toks else -1)


def from_np(doc: Doc, kind: str, toks: list[Token], mem: SpeakerMemory) -> Candidate | None:
    if not toks:
        return None
    return np_candidate(kind, toks, *resolve_np(doc, toks, mem), mem)


def name_tail(toks: list[Token]) -> list[Token]:
    """The name that ends a mention after its post and that post's complement, even when the
    name list knows none of it: "القيادي في الحزب ظافر العاني" -> ظافر العاني.  Bare words (no
    article, no speaker word, no preposition), the last may carry ال (a family name)."""
    n = k = len(toks)

    def bare(t: Token) -> bool:
        return (t.is_word and (is_name(t) or not has_article(t)) and speaker_kind(t) is None and t.norm not in PREPOSITIONS
                and not kind_of(t, "relative") and not t.text[:1].isdigit() and not t.norm.startswith(("لل", "بال")))
    if k >= 3 and has_article(toks[-1]) and speaker_kind(toks[-1]) is None and bare(toks[-2]):
        k -= 1  # ظافر العاني
    while k > 1 and n - k < 4 and bare(toks[k - 1]):
        k -= 1
    run = toks[k:]
    before = toks[k - 1] if k > 0 else None
    if before is None or not before.is_word or not (has_article(before) or speaker_kind(before)):
        return []
    return run if len(run) >= 2 or any(is_name(t) for t in run) else []


def span_variants(doc: Doc, c: Candidate, mem: SpeakerMemory) -> list[Candidate]:
    """Other spans of the same mention as its speaker: the name at its end where the head
    rules stopped at the post (``name_tail``), the mention as written where it was resolved
    to an earlier one (``as_written``), and the whole phrase where they kept one vague word
    of it ("مصادر | بين المقاتلين المحليين"، "عائلة | الزعيم الروحي ...": ``whole``)."""
    if not c.toks or c.source is None or c.mention is None or "rule" not in c.kinds:
        return []
    out = []
    tail = name_tail(c.toks)
    span = span_of(doc, tail)
    if span is not None and span.text != c.source.text:
        out.append(np_candidate("name_tail", c.toks, span, c.mention, c.via, mem))
    written = span_of(doc, head(c.toks))
    if written is not None and written.text != c.source.text and c.mention.text != (span_of(doc, c.toks) or c.mention).text:
        out.append(np_candidate("as_written", c.toks, written, span_of(doc, c.toks), c.via, mem))  # وقال التقرير: not
        # the report named before (تقرير صادر عن ...), as the annotators read it
    words = [t for t in c.toks if t.is_word]
    first = next((k for k, t in enumerate(c.toks) if t.text in "،,("), len(c.toks))
    whole = span_of(doc, trim(c.toks[:first]))
    if (whole is not None and len(c.source.text.split()) == 1 and whole.text != c.source.text and len(words) <= 6
            and not any(is_name(t) for t in words)):
        out.append(np_candidate("whole", c.toks, whole, c.mention, c.via, mem))
    return [v for v in out if v is not None]


def from_speaker(doc: Doc, kind: str, sp: Speaker, here: int, implicit: bool, mem: SpeakerMemory) -> Candidate:
    return Candidate([kind], sp.source, sp.mention, sp.via, implicit, [], sp.cls, _sentences_back(mem, sp.at, here),
                     sp.shape, mem.counts.get(sp.source.text, 0), at=sp.at, origin=sp.origin)


def from_person(kind: str, person: Person, between: int, here: int, implicit: bool, mem: SpeakerMemory) -> Candidate:
    """An earlier person of the article (``persons.PersonMemory``) as a candidate."""
    last = mem.last
    return Candidate([kind], person.source, person.mention, None, implicit, [], "name" if not person.titled else "office",
                     _sentences_back(mem, person.at, here), (), mem.counts.get(person.source.text, 0), at=person.at,
                     between=between, titled=person.titled, remember=person.toks, newer=last is None or person.at > last.at)


def person_candidates(persons: PersonMemory, here: int, implicit: bool, mem: SpeakerMemory) -> list[Candidate]:
    """``person1`` ... : the latest distinct persons named before the cue, with or without a cue
    ("ألقى الشيخ أسامة خياط خطبة ... وقال فضيلته")."""
    return [from_person(f"person{n}", p, between, here, implicit, mem)
            for n, (p, between) in enumerate(persons.recent(here, PERSON_DEPTH), 1)]


def named_here_candidates(persons: PersonMemory, cue_end: int, content_start: int, implicit: bool,
                          mem: SpeakerMemory) -> list[Candidate]:
    """``person_here``: a person named between the cue and its statement, where the rules' phrase
    stopped short of the name ("قال عضو اللجنة ... اللواء م. ناصر بن غازي العتيبي إن ...")."""
    if content_start <= cue_end:
        return []
    return [from_person("person_here", p, 0, cue_end, implicit, mem) for p in persons.between(cue_end, content_start)[:2]]


def full_name_candidates(cands: list[Candidate], persons: PersonMemory, here: int, mem: SpeakerMemory) -> list[Candidate]:
    """``full_name``: the earlier full name a candidate's short form stands for ("التركي"،
    "الدكتور التركي"، an earlier speaker kept as "عبدالله بن عبدالمحسن" -> عبدالله بن عبدالمحسن التركي)."""
    out = []
    for c in cands:
        if c.source is None:
            continue
        words = name_keys(c.toks) if c.toks else keys(c.source.text)
        p = persons.longer(words, here)
        if p is not None and p.source.text != c.source.text:
            f = from_person("full_name", p, -1, here, c.implicit, mem)
            f.kinds.append(f"short={c.kinds[0]}")
            out.append(f)
    return out


def person_features(c: Candidate, ctx: Context, lead: str) -> list[str]:
    """An earlier person: how far back and how many persons since, whether named with a post,
    whether it has spoken already, whether named after the latest speaker (a person introduced
    without a cue, then continued by وأضاف), against the rules' own candidate's class."""
    if c.between < 0 and "full_name" not in c.kinds:
        return []
    if "person_here" in c.kinds:
        return [f"person_here|titled={c.titled}|lead={lead}", f"person_here|rulecls={ctx.rule_cls}"]
    return [f"person_back={_bucket(c.back)}|lead={lead}", f"person_between={min(c.between, 3)}|lead={lead}",
            f"person_titled={c.titled}|said={min(c.said, 2)}|lead={lead}", f"person_newer={c.newer}|lead={lead}",
            f"person_newer={c.newer}|rulecls={ctx.rule_cls}", f"person|rulecls={ctx.rule_cls}|cuekind={ctx.cue_kind}"]


def merge(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per speaker; the first keeps its place and gains the others' proposers."""
    out: list[Candidate] = []
    by_key: dict[str, Candidate] = {}
    for c in cands:
        first = by_key.get(c.key)
        if first is None:
            by_key[c.key] = c
            out.append(c)
        else:
            first.kinds.extend(k for k in c.kinds if k not in first.kinds)
            if c.between >= 0 and first.between < 0:
                first.between, first.titled, first.newer = c.between, c.titled, c.newer
            if not first.remember:
                first.remember = c.remember
    return out


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-7" if n <= 7 else "8+"


def _clusters(toks: list[Token], level: int = 1) -> list[str]:
    """Word-cluster ids (world.ner's distributional classes) of a mention's first and last words:
    names, posts and bodies fall in their own clusters even when no list knows the word."""
    from ..world.ner import word_clusters

    words = [t for t in toks if t.is_word]
    if not words:
        return []
    table = word_clusters()
    out = []
    for pos, t in (("first", words[0]), ("last", words[-1])):
        hit = table.get(t.norm) or table.get(t.stem_norm)
        out.append(f"{pos}_c={hit[0][level] if hit else 'unk'}")
    return out


def np_shape(toks: list[Token]) -> tuple[str, ...]:
    """What a mention looks like as written: length, names, speaker words, and the marks of a
    misread phrase (a preposition, a relative pronoun, digits) — garbage in the article's
    memory of speakers shows in these."""
    words = [t for t in toks if t.is_word]
    out = [f"len={_bucket(len(words))}", f"named={any(is_name(t) for t in words)}",
           f"speakerwords={min(3, sum(1 for t in words if speaker_kind(t)))}"]
    out += _clusters(toks)
    if any(kind_of(t, "relative") for t in words):
        out.append("relative")
    if any(t.norm in PREPOSITIONS for t in words):
        out.append("preposition")
    if any(t.text in QUOTE_CHARS for t in toks):
        out.append("quoted")
    if any(t.text[:1].isdigit() for t in words):
        out.append("digits")
    return tuple(out)


def boundary_features(toks: list[Token], follow: Token | None) -> list[str]:
    """How the noun phrase ends: its last word against the word after it.  A definite word
    followed by an indefinite noun (وزير المالية | صحة الأنباء) starts a new phrase."""
    words = [t for t in toks if t.is_word]
    if not words:
        return []
    last = words[-1]
    if follow is None or not follow.is_word:
        return [f"end=punct:{follow.text if follow is not None else 'none'}"[:24], f"last_def={has_article(last)}|end=punct"]
    out = [f"last_def={has_article(last) or is_name(last)}|next_def={has_article(follow)}",
           f"next_cls={head_class([follow])}", f"last_cls={head_class([last])}|next_cls={head_class([follow])}"]
    out += [f"next_{f}" for f in _clusters([follow])[:1]]
    if follow.norm in PREPOSITIONS:
        out.append("next_prep")
    return out


def speaker_features(c: Candidate, ctx: Context, n_cands: int) -> list[str]:
    """The features of one candidate speaker (binary, conjoined with the proposer)."""
    lead = "rule" if "rule" in c.kinds else c.kinds[0]
    feats = [f"by={k}" for k in c.kinds]
    feats += [
        f"lead={lead}|cls={c.cls}",
        f"lead={lead}|lemma={ctx.lemma}",
        f"lead={lead}|cuekind={ctx.cue_kind}",
        f"lead={lead}|rule={ctx.rule}",
        f"lead={lead}|how={ctx.how}",
        f"lead={lead}|initial={ctx.initial}",
        f"cls={c.cls}|rule={ctx.rule}",
        f"cls={c.cls}|cuekind={ctx.cue_kind}",
        f"support={min(len(c.kinds), 3)}",
        f"n_cands={min(n_cands, 4)}|lead={lead}",
    ]
    feats.append(f"lead={lead}|rulecls={ctx.rule_cls}|cls={c.cls}")
    feats += [f"{f}|lead={lead}" for f in c.shape]
    feats.append(f"said={min(c.said, 3)}|lead={lead}")
    if c.toks:
        feats += [f"{f}|lead={lead}" for f in boundary_features(c.toks, c.follow)]
        if c.source is not None and c.mention is not None and c.source.text != c.mention.text:
            feats.append(f"srclen={_bucket(len(c.source.text.split()))}|lead={lead}")
        if c.mention is not None and c.source is not None and c.mention.text != c.source.text:
            feats.append(f"resolved|lead={lead}")
    else:
        feats.append(f"back={_bucket(c.back)}|lead={lead}")
        feats += [f"{f}|earlier" for f in c.shape[:3]] + [f"cls={c.cls}|earlier"]  # an earlier speaker as then written
        if c.origin:
            feats.append(f"origin={c.origin}|lead={lead}")
    if c.implicit:
        feats.append(f"implicit|lead={lead}")
    if ctx.cue is not None and (ctx.cue.np or ctx.cue.preps):
        feats.append(f"takes_object|lead={lead}")
    if c.via is not None:
        feats.append("has_via")
    return (feats + article_features(c, ctx, lead) + place_features(c, ctx, lead) + person_features(c, ctx, lead)
            + agreement_features(c, ctx, lead))


def _ending(c: Candidate) -> str:
    """How the candidate's first word ends, as the verb's agreement reads it: ة (الوزيرة، وزارة،
    الصحيفة: feminine), ات / ون / ين with ال (السلطات، المسؤولون: plural), or another ending."""
    words = [t.norm for t in c.toks if t.is_word] if c.toks else (c.source.text.split() if c.source is not None else [])
    if not words:
        return "none"
    w = normalize(words[0]) if not c.toks else words[0]
    if w.endswith("ه"):
        return "h"
    if w.endswith("ات"):
        return "at"
    if w.startswith(("ال", "وال")) and w.endswith(("ون", "ين")):
        return "un"
    return "other"


def agreement_features(c: Candidate, ctx: Context, lead: str) -> list[str]:
    """Whether the cue's form agrees with the candidate: قالت، مؤكدة، تأكيدها want a feminine
    speaker (الوزيرة، الوزارة), أضافوا a plural one, قال a masculine one; the ending of the
    candidate's first word against the form, by its head class and proposer."""
    agree = ctx.cue.agree if ctx.cue is not None else ""
    if not agree:
        return []
    end = _ending(c)
    return [f"agree={agree}|end={end}|cls={c.cls}", f"agree={agree}|end={end}|lead={lead}"]


def place(c: Candidate, toks: list[Token], index: dict[int, int], cue_i: int) -> None:
    """Where a noun phrase of the cue's sentence stands: the words around it, its distance
    from the cue and whether a quotation lies between (``place_features``)."""
    if not c.toks or id(c.toks[-1]) not in index:
        return
    b = index[id(c.toks[-1])] + 1
    c.follow = toks[b] if b < len(toks) else None
    if id(c.toks[0]) not in index:
        return
    a = index[id(c.toks[0])]
    c.prior = toks[a - 1] if a > 0 else None
    c.dist = a - cue_i if a > cue_i else b - 1 - cue_i
    lo, hi = (cue_i + 1, a) if a > cue_i else (b, cue_i)
    c.quote_between = any(t.text in QUOTE_CHARS for t in toks[lo:hi])


def _prior_class(t: Token | None, cue_i_next: bool) -> str:
    if cue_i_next:
        return "cue"
    if t is None:
        return "start"
    if not t.is_word:
        return "punct" if t.text not in QUOTE_CHARS else "quote"
    if t.norm in PREPOSITIONS:
        return f"prep:{t.norm}"
    if t.norm.startswith(("ل", "ب")) and len(t.norm) <= 2:
        return "prep:clitic"
    if kind_of(t, "relative"):
        return "relative"
    return head_class([t])


def place_features(c: Candidate, ctx: Context, lead: str) -> list[str]:
    """The issue's ranker features the rules do not already carry: the cue's lemma by the
    candidate's side and head class, what the cue governs (an object, a preposition) by side,
    the word before the phrase (a preposition before it marks an object, not a subject),
    its distance from the cue, a quotation between them, and an earlier speaker's class by
    the cue's lemma (وأضاف continues a person, not an outlet)."""
    side = "before" if c.dist < 0 else "after" if c.dist > 0 else "away"
    feats = [f"lemma={ctx.lemma}|side={side}|cls={c.cls}", f"lead={lead}|side={side}|cls={c.cls}"]
    cue = ctx.cue
    gov = "none" if cue is None else "np" if cue.np else "prep" if cue.preps else "none"
    feats.append(f"governs={gov}|side={side}|cls={c.cls}")
    if c.toks:
        prior = _prior_class(c.prior, c.dist == 1)
        feats += [f"prior={prior}|side={side}", f"prior={prior}|governs={gov}"]
        feats.append(f"dist={'-' if c.dist < 0 else ''}{_bucket(abs(c.dist))}|lead={lead}")
        if c.quote_between:
            feats.append(f"quote_between|side={side}")
    else:
        feats.append(f"earlier_cls={c.cls}|lemma={ctx.lemma}")
        feats.append(f"earlier_cls={c.cls}|cuekind={ctx.cue_kind}|said={min(c.said, 3)}")
    return feats


#: Head classes of a person: a name, a post or a rank (lexicon.head_class).
PERSON_CLASSES = ("name", "office", "rank")


def article_features(c: Candidate, ctx: Context, lead: str) -> list[str]:
    """Where the candidate stands in the article's reporting: the previous statement's
    speaker (and how far back), a mention that sat inside an earlier statement (someone
    quoted, not one who reports), an outlet while a person is also a candidate."""
    feats = []
    if c.key and c.key == ctx.prev_source:
        feats.append(f"prev_speaker|back={_bucket(ctx.prev_back)}|lead={lead}")
    if c.at >= 0 and any(a <= c.at < b for a, b in ctx.contents):
        feats.append(f"inside_statement|lead={lead}")
    if c.cls == "media" and ctx.person_present:
        feats.append(f"outlet_vs_person|lead={lead}")
    return feats


def report_features(ctx: Context, chosen: Candidate, content: list[Token], nested: bool, typ: str) -> list[str]:
    """The features of a proposed statement: is it a report at all?  What the cue is, how the
    rule found the statement, who would be its speaker, and what the statement looks like
    (its length, its first word, whether it runs to the sentence's end or holds a cue itself)."""
    words = [t for t in content if t.is_word]
    content_words = len(words)
    feats = [
        f"rule={ctx.rule}", f"lemma={ctx.lemma}", f"cuekind={ctx.cue_kind}", f"how={ctx.how}",
        f"rule={ctx.rule}|how={ctx.how}", f"lemma={ctx.lemma}|how={ctx.how}", f"lemma={ctx.lemma}|cuekind={ctx.cue_kind}",
        f"type={typ}", f"one_word={content_words <= 1}|how={ctx.how}",
        f"spk={chosen.cls}", f"spk={chosen.cls}|how={ctx.how}", f"initial={ctx.initial}",
        f"implicit={chosen.implicit}", f"nested={nested}",
    ]
    if words:
        feats.append(f"first={head_class(words[:1])}|how={ctx.how}")
        feats += [f"first_{f}|how={ctx.how}" for f in _clusters(words[:1])[:1]]
    feats += _report_shape(ctx, words)
    if ctx.prev_word is not None:
        feats.append(f"prev={head_class([ctx.prev_word])}|cuekind={ctx.cue_kind}")
        if kind_of(ctx.prev_word, "relative") or ctx.prev_word.norm in PREPOSITIONS:
            feats.append(f"prev_binds|lemma={ctx.lemma}")
    if ctx.first_sentence:
        feats.append(f"first_sentence|how={ctx.how}")
    if any(t.text in QUOTE_CHARS for t in content):
        feats.append(f"quoted_content|how={ctx.how}")
    nxt = ctx.next_word
    if nxt is not None:
        feats.append(f"next={head_class([nxt])}|how={ctx.how}")
        if nxt.norm.startswith("ب") and len(nxt.norm) > 3:
            feats.append(f"next_b|lemma={ctx.lemma}")
    return feats


def _report_shape(ctx: Context, words: list[Token]) -> list[str]:
    """What lets a rare cue or shape through: the construction the rule read (a closing
    according-to, a relayed one, بقوله) and, for the cue's lemma, the coarse word class of the
    statement's first word (تبنى + an attack is a claim, تبنى + a policy is not; يحمل + الجنسية)."""
    feats = [f"form={c}" for c in ctx.construction]
    feats.append(f"to_end={ctx.to_end}|how={ctx.how}")
    feats += [f"form={c}|how={ctx.how}" for c in ctx.construction]
    if words:
        feats += [f"lemma={ctx.lemma}|{f}" for f in _clusters(words[:1], 0)[:1]]
    return feats

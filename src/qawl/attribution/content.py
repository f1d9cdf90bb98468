"""Where a statement ends: the rules propose candidate ends, a learned ranker chooses (issue 15, item 3).

The rules stop a statement at the next cue of its sentence or at the sentence's end.  Gold
statements often stop earlier, at a clause break ("، وأضاف"، "، حيث"، "، مشيرا إلى"), or run
on: past a cue that only continues them, into the next sentences of a quotation, into a
following sentence with no cue of its own.  ``ends`` lists those possible ends, the rules' own
first, each with the reason that proposed it and the features the ranker reads (the break
word, the length, what follows the end: a new cue, a participle cue, a new subject, a quote
mark; whether a quotation is open; the rule and the cue's lemma; a paragraph break).  The
ranker (``decide.Decider.content``) keeps the rules' end unless another outscores it by a
margin; it is trained by ``scripts/train_attributions.py`` on the training articles' gold ends.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..text.doc import Doc, Token
from ..text.normalize import normalize
from .cues import PARTICIPLE, cue_forms
from .lexicon import QUOTE_CHARS, head_class, is_name, speaker_kind

_COMMA = "،,"
_CLOSERS = ("”", "»")
#: words that open a clause after which a statement may stop (also without a comma)
_BREAK_WORDS = {normalize(w): w for w in ("حيث", "إذ", "كما", "لكن", "ولكن", "بينما", "فيما", "وحيث", "إلا")}
_MAX_BREAKS = 6  # in-sentence breaks proposed, the first ones of the statement
_MAX_NEXT = 3  # following sentences a statement may run into
_MAX_QUOTE = 6  # sentences searched for the end of an open quotation


@dataclass(slots=True)
class End:
    """One possible end of a statement: its character span, type and why it was proposed."""

    reason: str  # rule | break | past_cue | next | quote
    start: int
    stop: int
    typ: str
    feats: list[str] = field(default_factory=list)


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1-2" if n <= 2 else "3-5" if n <= 5 else "6-10" if n <= 10 else "11-20" if n <= 20 else "21+"


def _word_class(t: Token | None) -> str:
    """What follows an end: a cue (its kind), a name or a post, a quote mark, a clause word ..."""
    if t is None:
        return "none"
    if not t.is_word:
        return "quote" if t.text in QUOTE_CHARS else f"p{t.text}"[:3]
    cue = cue_forms().get(t.norm)
    if cue is not None:
        return "participle" if cue.kind == PARTICIPLE else f"cue_{cue.kind}"
    if t.norm in _BREAK_WORDS:
        return f"w_{t.norm}"
    if is_name(t) or speaker_kind(t):
        return "subject"
    if t.norm.startswith(("و", "ف")) and len(t.norm) > 3:
        return f"wa_{head_class([t])}"
    return head_class([t])


def _word_feats(reason: str, t: Token | None) -> list[str]:
    """The word at a break (after its comma) as itself, without its و, and by its shape: an
    adverbial participle (مشيدا، مستنكرة، مبددين) continues the speaker, not the statement."""
    if t is None or not t.is_word:
        return []
    norm = t.norm[1:] if t.norm.startswith("و") and len(t.norm) > 3 else t.norm
    out = [f"{reason}|word={t.norm}", f"{reason}|bare_word={norm}"]
    if norm.startswith("م") and len(norm) >= 5 and norm.endswith(("ا", "ين", "ه")):
        out.append(f"{reason}|participle_shape")
    return out


def _break_word(toks: list[Token], m: int) -> str | None:
    """The clause break at token ``m`` (a comma before a clause word, a participle cue or و+word,
    a bare clause word, a semicolon), or None."""
    t = toks[m]
    if t.text in "؛;":
        return "semicolon"
    if t.is_word:
        return f"bare_{t.norm}" if t.norm in _BREAK_WORDS else None
    if t.text not in _COMMA or m + 1 >= len(toks) or not toks[m + 1].is_word:
        return None
    nxt = toks[m + 1]
    cue = cue_forms().get(nxt.norm)
    if cue is not None:
        return "participle" if cue.kind == PARTICIPLE else "cue"
    if nxt.norm in _BREAK_WORDS:
        return nxt.norm
    if nxt.norm.startswith("و") and len(nxt.norm) > 2:
        return "wa"
    return "comma"


def _open_quote(toks: list[Token]) -> bool:
    """Whether the tokens leave a quotation open (an opening mark with no close after it)."""
    depth = 0
    for t in toks:
        if t.is_word or t.text not in QUOTE_CHARS:
            continue
        if t.text in _CLOSERS:
            depth = max(0, depth - 1)
        elif t.text == '"':
            depth = 1 - depth
        else:
            depth += 1
    return depth > 0


def _words(text: str) -> int:
    """Words of a span: the pieces between spaces that hold a letter."""
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


def _common(e: End, doc: Doc, ctx_keys: tuple[str, str, str], follow: Token | None, rule_words: int) -> None:
    """Features every end gets, conjoined with its reason: length, change against the rules'
    end, what follows it, the rule, the cue's lemma and how the statement was found.  The kind
    (``end=REASON``) goes first: ``decide.Decider.ends`` reads it there."""
    rule, lemma, how = ctx_keys
    r = e.reason
    words = _words(doc.text[e.start:e.stop])
    e.feats[:0] = [f"end={r}"]
    e.feats += [f"end={r}|len={_bucket(words)}", f"end={r}|delta={_bucket(abs(words - rule_words))}",
                f"end={r}|rule_len={_bucket(rule_words)}",
                f"end={r}|next={_word_class(follow)}", f"end={r}|rule={rule}", f"end={r}|lemma={lemma}",
                f"end={r}|how={how}", f"end={r}|typ={e.typ}"]


def _sentence_hits(doc: Doc, si: int) -> bool:
    """Whether sentence ``si`` holds a cue of its own outside quotes (it would make its own statement)."""
    from .extractor import _find_hits, _quoted  # the rules' own cue finder

    toks = doc.sentence_tokens(doc.sentences[si])
    return bool(_find_hits(toks, _quoted(doc, toks)))


def _next_sentences(doc: Doc, si: int, start: int, typ: str, open_quote: bool, quoted_typ: str) -> list[End]:
    """Ends in the following sentences: each next sentence without a cue of its own (up to
    ``_MAX_NEXT``), and the closing mark of a quotation the statement left open."""
    out: list[End] = []
    run = True
    for n, sj in enumerate(range(si + 1, min(len(doc.sentences), si + 1 + _MAX_QUOTE)), 1):
        sent = doc.sentences[sj]
        if sent.furniture:
            break
        gap = doc.text[doc.sentences[sj - 1].end:sent.start]
        para = "\n" in gap
        toks = doc.sentence_tokens(sent)
        if open_quote:
            close = next((t for t in toks if not t.is_word and t.text in _CLOSERS + ('"',)), None)
            if close is not None:
                e = End("quote", start, close.start, quoted_typ)
                e.feats += [f"quote|n={n}", f"quote|para={para}"]
                out.append(e)
                open_quote = False
                if not run:
                    break
        if run and n <= _MAX_NEXT:
            hits = _sentence_hits(doc, sj)
            if hits:
                run = False
            else:
                first = next((t for t in toks if t.is_word or t.text in QUOTE_CHARS), None)
                e = End("next", start, sent.end, typ)
                e.feats += [f"next|n={n}", f"next|para={para}", f"next|n={n}|para={para}",
                            f"next|first={_word_class(first)}", f"next|open_quote={open_quote}",
                            f"next|stop={doc.text[doc.sentences[sj - 1].end - 1:doc.sentences[sj - 1].end]}"]
                e.feats += _word_feats("next", first) if n == 1 else []
                out.append(e)
        elif not open_quote:
            break
        if not open_quote and not run:
            break
    return out


def ends(doc: Doc, si: int, toks: list[Token], a: int, b: int, rule_end: tuple[int, int, str],
         ctx_keys: tuple[str, str, str]) -> list[End]:
    """The possible ends of a statement whose tokens are ``toks[a:b]`` and whose rule-made span
    and type are ``rule_end``: the rules' own first, then the clause breaks inside it, the end of
    its sentence past a later cue, and the following sentences."""
    start, stop, typ = rule_end
    rule = End("rule", start, stop, typ)
    out = [rule]
    last = len(toks)
    while last > 0 and not toks[last - 1].is_word and toks[last - 1].text in _COMMA + ".؛;:-!?؟":
        last -= 1
    after = next((t for t in toks if t.start >= stop), None)
    if after is not None and after.text in _CLOSERS:  # a closed quotation: what follows the closing mark
        after = next((t for t in toks if t.start > after.start), None)
    follows = {id(rule): after}
    rule.feats += [f"end=rule|to_end={b >= last}", f"end=rule|open_quote={_open_quote(toks[a:b])}"]
    inside = False
    nb = 0
    for m in range(a + 1, min(b, last)):
        t = toks[m]
        if t.start >= stop:
            break
        if not t.is_word and t.text in QUOTE_CHARS:
            inside = t.text not in _CLOSERS and not (t.text == '"' and inside)
            continue
        word = _break_word(toks, m)
        if word is None or m - a < 2 or nb >= _MAX_BREAKS:
            continue
        prev = m - 1
        while prev > a and not toks[prev].is_word and toks[prev].text in _COMMA:
            prev -= 1
        if toks[prev].end <= start:
            continue
        nb += 1
        e = End("break", start, toks[prev].end, typ)
        nxt = toks[m + 1] if not t.is_word and m + 1 < len(toks) else t
        then = toks[m + 2] if not t.is_word and m + 2 < len(toks) else (toks[m + 1] if m + 1 < len(toks) else None)
        e.feats += [f"break={word}", f"break={word}|nth={min(nb, 3)}", f"break={word}|inside={inside}",
                    f"break={word}|then={_word_class(then)}", f"break={word}|lemma={ctx_keys[1]}",
                    f"break={word}|rule_len={_bucket(m - a)}"] + _word_feats("break", nxt)
        follows[id(e)] = nxt
        out.append(e)
    if b < last and stop >= toks[b - 1].end:  # cut by a later cue: the sentence's end past it
        e = End("past_cue", start, toks[last - 1].end, typ)
        cut = next((t for t in toks[b:] if t.is_word), None)
        e.feats += [f"past_cue|cut={_word_class(cut)}"] + _word_feats("past_cue", cut)
        follows[id(e)] = None
        out.append(e)
    elif b >= last and stop >= toks[last - 1].end - 1 and si + 1 < len(doc.sentences):
        quoted_typ = "direct" if not toks[a].is_word and toks[a].text in QUOTE_CHARS else "mixed"
        for e in _next_sentences(doc, si, start, typ, _open_quote(toks[a:b]), quoted_typ):
            if e.reason == "quote" and quoted_typ == "direct":
                e.start = max(e.start, toks[a].end)  # a direct quotation's content leaves its marks out (SCHEMA)
            follows[id(e)] = None
            out.append(e)
    rule_words = _words(doc.text[start:stop])
    for e in out:
        _common(e, doc, ctx_keys, follows.get(id(e)), rule_words)
    return out


"""The kinds of insertion ``make_integrity_data.py`` writes into clean SaudiNewsNet articles.

Each kind is a function ``(rng, article, pool) -> Insertion | None`` where ``article`` is an
analysed ``Doc`` (attributions read) of the clean pool and ``pool`` gives donors (other
articles of the same outlet and week).  An insertion is either a whole sentence (placed at a
sentence boundary) or a clause (placed inside an existing sentence); ``label`` is the head of
the model that learns it (``contradiction``, ``offtopic``, ``unsourced``).

* ``contradiction``: a fact stated elsewhere in the article (a number, a place, a date or a
  polarity) stated again with the fact changed, as a bare clause of the article in news
  register ("و" + the clause), with no tell-tale opener; placed one or more sentences away from
  the original, after it four times out of five (``WHOLE_SHARE`` of them copy a whole sentence
  rather than one of its clauses).  A third of them (``RESTATED_SHARE``) give
  one of the article's statements back to its speaker with the other polarity ("وكان X قد نفى
  أن ...").
* ``offtopic``: a sentence that stands on its own (no pointer back, 7-60 words) from another
  article of the same outlet and the same week, the closest in vocabulary among them: close in
  words, another story; ``FAR_SHARE`` of them from any article of the pool.
* ``editorial``: an unsourced assertion in the article's own register: one of the article's
  own attributed statements (or a near article's) stated as the writer's fact, with an
  editorial opener (some of them not in the detector's lexicon), with none, or with an adverb
  of certainty inside ("فعلا"، "بالفعل").
* ``clause``: one of the three above cut to a clause and added inside an existing sentence of
  the article (before its full stop or after one of its commas), with a connector
  ("، وهو ما يؤكد أن"، "، علما بأن"، "، مؤكدا أن"، "و"), as in the seed article d000.

The whole-sentence kinds of the first generator (``WHOLE_KINDS``; one insertion an article, a
paragraph of its own more often than not, as in dev's own manipulations) are kept beside these,
so that the model still learns the plain insertion while it learns the subtler ones:

* ``moved``: a sentence that stands on its own from any article of the pool (half the time the
  closest in vocabulary of ``SAMPLE`` drawn at random, else the first of them: another domain);
* ``changed``: a copy of one of the article's own sentences with one fact changed (a number, a
  place, a date, a polarity, or a rare word swapped for a rare word of the pool), or half the
  time one of its statements given back to its speaker with the other polarity (``restated``);
* ``unsourced``: a statement of an article close in vocabulary stated as the writer's own, with
  an editorial opener two times out of three.

Host habits (``Habits``, issue 17's sixth round): out of fold, the first generator's insertions
differed from their host article's sentences in ways no reader relies on: every contradiction,
editorial and unsourced sentence opened with "و" (the article's own sentences: half of them),
no moved or off-topic sentence held a quote (a quarter of the article's own do), whole-sentence
insertions started a paragraph 60% of the time whatever the article did, and the statements
stated as the writer's own were a third shorter than the article's sentences.  When the pool
says ``match_host`` (the train set), each insertion takes its host's habits instead: "و" in front
as often as the host's sentences have it (the openers and the pluperfect frame too), a quoted
donor sentence as often as the host quotes, a new paragraph as often as the host starts one, and
of the candidate statements or clauses the one closest in length to one of the host's sentences.
The evaluation splits keep the first generator's habits (their figures stay comparable from round
to round, and they measure a model trained on matched insertions on insertions that are not).

``slip`` writes an insertion in a careless hand (a hamza dropped or added, a detached "و ",
an agreement slip of a verb's gender, a Latin comma); the generator applies it to a share of
the insertions only, so that the style signals help where present and are not required.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from statistics import mean
from functools import lru_cache

from qawl import data
from qawl.claims.lexicon import bases, place_of
from qawl.integrity.context import build
from qawl.integrity.discourse import refers_back
from qawl.text.normalize import normalize

MIN_WORDS, MAX_WORDS = 7, 60  # sentences worth moving
_NEGATIONS = ("لا", "لم", "لن", "ليس", "ليست", "غير")
#: Word pairs whose swap turns a statement into its opposite.
OPPOSITES = (
    ("أكد", "نفى"), ("أكدت", "نفت"), ("وافق", "رفض"), ("وافقت", "رفضت"), ("ارتفع", "انخفض"),
    ("ارتفعت", "انخفضت"), ("زيادة", "انخفاض"), ("ارتفاع", "تراجع"), ("فاز", "خسر"), ("نجح", "فشل"),
    ("نجحت", "فشلت"), ("بدأ", "أوقف"), ("بدأت", "أوقفت"), ("أعلن", "نفى"), ("أعلنت", "نفت"),
    ("يدعم", "يعارض"), ("تدعم", "تعارض"), ("سمح", "منع"), ("سمحت", "منعت"), ("أكثر", "أقل"),
    ("الأولى", "الأخيرة"), ("قبل", "بعد"), ("داخل", "خارج"), ("تم", "لم يتم"), ("يمكن", "لا يمكن"),
)
WEEKDAYS = ("السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة")
#: Openers of the writer's own claims; several are deliberately not in ``data/editorial.tsv``.
OPENERS = (
    "ولا شك أن", "ومن المؤكد أن", "والحقيقة أن", "ومن الواضح أن", "ويبدو جليا أن", "والواقع أن",
    "ومما لا شك فيه أن", "وبات واضحا أن", "وهذا يعني أن", "والأرجح أن", "ولعل الأهم أن", "والثابت أن",
    "ويبدو أن", "ومن المرجح أن", "ومن المعروف أن", "ولا يخفى أن", "وفي الحقيقة فإن", "والمعلوم أن",
)
ADVERBS = ("فعلا", "بالفعل", "حقا", "بلا أدنى شك")
#: Connectors of an added clause: (connector, the clause's content kind it suits).
CONNECTORS = (
    ("، وهو ما يؤكد أن", "editorial"), ("، مما يعني أن", "editorial"), ("، علما بأن", "contradiction"),
    ("، مؤكدا أن", "editorial"), (" و", "contradiction"), ("، في حين أن", "offtopic"), ("، كما أن", "offtopic"),
    ("، رغم أن", "contradiction"), ("، الأمر الذي يثبت أن", "editorial"),
)
_NUMBER = re.compile(r"\d+")
_QUOTES = re.compile("[\"“”«»()]")
SAMPLE = 40  # donors among which the closest in vocabulary is chosen
RESTATED_SHARE = 0.35  # contradictions that give a statement back to its speaker with the other polarity
WHOLE_SHARE = 0.3  # contradictions that copy a whole sentence, not one of its clauses
FAR_SHARE = 0.3  # off-topic sentences from any article, not one of the same outlet and week


@dataclass(frozen=True, slots=True)
class Insertion:
    """What goes into an article: ``text`` (a sentence, or a clause with its connector),
    ``label`` (the model head that learns it), ``within`` (a clause inside a sentence),
    ``near`` (the sentence it must stand away from: the one it contradicts; -1 for none)."""

    text: str
    label: str
    kind: str
    within: bool = False
    near: int = -1
    glue: str = "، "  # what joins a clause to the text before it


@dataclass(frozen=True, slots=True)
class Habits:
    """How a host article writes its sentences (see the module's docstring): the shares of them that
    open with "و", that hold a quote, and (after the first) that start a paragraph; their lengths in words."""

    waw: float
    quoted: float
    new_paragraph: float
    words: tuple[int, ...]


def habits(doc) -> Habits:
    texts = sentence_texts(doc)
    starts = [s.start == 0 or doc.text[: s.start].rstrip(" ").endswith("\n") for s in doc.sentences[1:]]
    return Habits(mean(t.startswith("و") for t in texts), mean(bool(_QUOTES.search(t)) for t in texts),
                  mean(starts) if starts else 0.0, tuple(len(t.split()) for t in texts))


def matching(pool) -> bool:
    """Whether insertions take their host's habits (``Pool.match_host``; the train set's)."""
    return getattr(pool, "match_host", False)


def _waw(rng: random.Random, doc, pool) -> bool:
    """Whether an insertion opens with "و": always (the first generator), or as often as its host's sentences do."""
    return not matching(pool) or rng.random() < habits(doc).waw


def _opener(rng: random.Random, doc, pool) -> str:
    """An editorial opener, with its "و" as often as the host's sentences open with one."""
    opener = rng.choice(OPENERS)
    return opener if _waw(rng, doc, pool) else opener.removeprefix("و")


def _host_length(rng: random.Random, doc, pool, texts: list[str]) -> list[str]:
    """``texts`` as they are (the first generator), or the one closest in length to a sentence of the host first."""
    if not matching(pool) or not texts:
        return texts
    target = rng.choice(habits(doc).words)
    return sorted(texts, key=lambda t: abs(len(t.split()) - target))


def fits(text: str) -> bool:
    n = len(text.split())
    return (MIN_WORDS <= n <= MAX_WORDS and text[-1:] in (".", "؟", "!") and "\n" not in text
            and text.count("“") == text.count("”"))


def sentence_texts(doc) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.sentences]


@lru_cache(maxsize=1)
def place_names() -> tuple[str, ...]:
    """One-word place names of ``data/places.tsv`` (a place swapped for another)."""
    return tuple(sorted({r[0] for r in data.rows("places.tsv") if " " not in r[0]}))


@lru_cache(maxsize=1)
def month_names() -> tuple[str, ...]:
    return tuple(sorted({r[0] for r in data.rows("months.tsv") if r[1] == "gregorian"}))


def _clauses(text: str) -> list[str]:
    """The clauses of a sentence: cut at commas and semicolons, trimmed of its full stop."""
    return [c.strip() for c in re.split("[،؛;,]", text.rstrip(" .؟!")) if len(c.split()) >= 5]


def _changed_fact(rng: random.Random, clause: str) -> str | None:
    """``clause`` with one fact changed: a number, a place, a month or weekday, or its polarity."""
    words = clause.split()
    ways = []
    if _NUMBER.search(clause):
        ways.append("number")
    places = [k for k, w in enumerate(words) if place_of(bases(normalize(w))) is not None]
    if places:
        ways.append("place")
    dates = [k for k, w in enumerate(words) if w in WEEKDAYS or w in month_names()]
    if dates:
        ways.append("date")
    if any(w in _NEGATIONS for w in words) or any(a in words or b in words for a, b in OPPOSITES):
        ways.append("polarity")
    if not ways:
        return None
    way = rng.choice(ways)
    if way == "number":
        m = rng.choice(list(_NUMBER.finditer(clause)))
        n = int(m.group())
        new = n + rng.choice([1, 2, 3, 5, 10]) if n < 10 else int(n * rng.choice([0.5, 0.7, 1.5, 2, 3])) + rng.randint(1, 9)
        return clause[: m.start()] + str(new) + clause[m.end() :]
    if way == "place":
        k = rng.choice(places)
        prefix = "ال" if words[k].startswith("ال") else ""
        other = rng.choice([p for p in place_names() if normalize(p) != normalize(words[k].removeprefix(prefix))])
        words[k] = other
    elif way == "date":
        k = rng.choice(dates)
        table = WEEKDAYS if words[k] in WEEKDAYS else month_names()
        words[k] = rng.choice([d for d in table if d != words[k]])
    else:
        neg = [k for k, w in enumerate(words) if w in _NEGATIONS]
        if neg and rng.random() < 0.5:
            del words[neg[0]]
        else:
            swaps = [(k, b if w == a else a) for k, w in enumerate(words) for a, b in OPPOSITES if w in (a, b)]
            if not swaps:
                return None
            k, new = rng.choice(swaps)
            words[k] = new
    return " ".join(words)


def _bare(clause: str, waw: bool = True) -> str:
    """A clause as the article's own line: a conjunction in front (``waw``), no opener."""
    clause = clause.strip()
    if clause.startswith("ف") and not clause.startswith("في"):
        clause = clause[1:]
    return clause if clause.startswith("و") or not waw else "و" + clause


#: When a restated statement was made, in the pluperfect frame.
EARLIER = ("في وقت سابق", "الشهر الماضي", "أمس", "الأسبوع الماضي", "في وقت سابق اليوم", "")


def restated(rng: random.Random, doc, pool=None) -> Insertion | None:
    """One of the article's statements given back to its speaker with the opposite polarity:
    a cue of the other polarity (أكد for نفى), or a negated statement with its negation dropped;
    as a new statement ("ونفى X أن ...") or a reminder of an earlier one ("وكان X قد أكد في وقت
    سابق أن ...")."""
    cands = [a for a in doc.attributions if a.source_mention is not None and a.type == "indirect"
             and 5 <= len(a.content.text.split()) <= 30 and not _QUOTES.search(a.content.text)]
    if not cands:
        return None
    a = rng.choice(cands)
    words = a.content.text.rstrip(" .،,").split()
    negated = [k for k, w in enumerate(words) if w in _NEGATIONS]
    feminine = a.cue.text.endswith("ت")
    if a.polarity == "assert" and negated and rng.random() < 0.5:
        del words[negated[0]]
        cue = rng.choice(("أكدت", "أعلنت", "قالت") if feminine else ("أكد", "أعلن", "قال"))
    elif a.polarity == "assert":
        cue = rng.choice(("نفت", "استبعدت") if feminine else ("نفى", "استبعد"))
    else:
        cue = rng.choice(("أكدت", "أعلنت") if feminine else ("أكد", "أعلن"))
    who = a.source_mention.text if a.source is None or rng.random() < 0.5 else a.source.text
    content = " ".join(words)
    if rng.random() < 0.5:
        when = rng.choice(EARLIER)
        text = f"{'وكانت' if feminine else 'وكان'} {who} قد {cue}{' ' + when if when else ''} أن {content}."
    else:
        text = f"و{cue} {who} أن {content}."
    if not _waw(rng, doc, pool):
        text = text[1:]
    return Insertion(text, "contradiction", "restated", near=a.sentence)


def contradiction(rng: random.Random, doc, pool) -> Insertion | None:
    """A fact stated elsewhere in the article, stated again changed (see the module's docstring)."""
    if rng.random() < RESTATED_SHARE:
        made = restated(rng, doc, pool)
        if made is not None:
            return made
    texts = sentence_texts(doc)
    if rng.random() < WHOLE_SHARE:  # a copy of a whole sentence with the fact changed
        cands = [(j, t.rstrip(" .؟!")) for j, t in enumerate(texts) if fits(t)]
    else:
        cands = [(j, c) for j, t in enumerate(texts) for c in _clauses(t)]
    rng.shuffle(cands)
    cands = cands[:20]
    if matching(pool):
        order = _host_length(rng, doc, pool, [c for _, c in cands])
        cands.sort(key=lambda c: order.index(c[1]))
    for j, clause in cands:
        changed = _changed_fact(rng, clause)
        if changed and changed != clause:
            return Insertion(_bare(changed, _waw(rng, doc, pool)) + ".", "contradiction", "contradiction", near=j)
    return None


def _standalone(doc, quoted: bool = False) -> list[str]:
    """The sentences of ``doc`` that stand on their own, without quotes (or, ``quoted``, with them)."""
    ctx = build(doc)
    return [ctx.text(f.index) for f in ctx.sentences[1:] if fits(ctx.text(f.index)) and not refers_back(f)
            and bool(_QUOTES.search(ctx.text(f.index))) == quoted]


def _donor_sentences(rng: random.Random, doc, pool, donor) -> list[str]:
    """A donor's standalone sentences: unquoted (the first generator), or quoted as often as the host quotes."""
    if matching(pool) and rng.random() < habits(doc).quoted:
        return _standalone(donor, quoted=True) or _standalone(donor)
    return _standalone(donor)


def offtopic(rng: random.Random, doc, pool) -> Insertion | None:
    """A sentence of another article of the same outlet and week, the closest in vocabulary
    (or, ``FAR_SHARE`` of the time, of any article of the pool: another story altogether)."""
    far = rng.random() < FAR_SHARE
    for other in (pool.anywhere(rng, doc, 3) if far else pool.donors(rng, doc, SAMPLE)[:3]):
        cands = _donor_sentences(rng, doc, pool, other)
        if cands:
            return Insertion(rng.choice(cands), "offtopic", "offtopic")
    return None


def _statements(doc) -> list[str]:
    return [a.content.text.rstrip(" .،,") for a in doc.attributions
            if a.type == "indirect" and 5 <= len(a.content.text.split()) <= 35 and not _QUOTES.search(a.content.text)]


def editorial(rng: random.Random, doc, pool) -> Insertion | None:
    """A statement of this article (or of a near one) stated as the writer's own fact."""
    own = _statements(doc)
    if not own or rng.random() < 0.4:
        for other in pool.donors(rng, doc, SAMPLE)[:3]:
            own = _statements(other)
            if own:
                break
    if not own:
        return None
    claim = _host_length(rng, doc, pool, own)[0] if matching(pool) else rng.choice(own)
    how = rng.random()
    if how < 0.5:
        text = f"{_opener(rng, doc, pool)} {claim}."
    elif how < 0.75:
        words = claim.split()
        k = rng.randrange(1, len(words))
        text = _bare(" ".join(words[:k] + [rng.choice(ADVERBS)] + words[k:]), _waw(rng, doc, pool)) + "."
    else:
        text = _bare(claim, _waw(rng, doc, pool)) + "."
    return Insertion(text, "unsourced", "editorial")


KINDS = {"contradiction": contradiction, "offtopic": offtopic, "editorial": editorial}


def moved(rng: random.Random, doc, pool) -> Insertion | None:
    """A sentence that stands on its own from any article of the pool (see the module's docstring)."""
    for _ in range(5):
        others = pool.anywhere(rng, doc, SAMPLE)
        if not others:
            return None
        donor = pool.closest(doc, others) if rng.random() < 0.5 else others[0]
        cands = _donor_sentences(rng, doc, pool, donor)
        if cands:
            return Insertion(rng.choice(cands), "offtopic", "moved")
    return None


def _rare_swap(rng: random.Random, text: str, pool) -> str | None:
    """``text`` with a rare word (a name, a place) swapped for a rare word of the pool."""
    words = text.split()
    cands = [k for k, w in enumerate(words) if len(w) > 3 and w.isalpha() and k > 0 and w in pool.rare_set]
    if not cands or not pool.rare:
        return None
    words[rng.choice(cands)] = rng.choice(pool.rare)
    return " ".join(words)


def changed(rng: random.Random, doc, pool) -> Insertion | None:
    """A whole sentence of the article again with one fact changed, or a statement restated with
    the other polarity (see the module's docstring)."""
    if rng.random() < 0.5:
        made = restated(rng, doc, pool)
        if made is not None:
            return made
    cands = [(j, t.rstrip(" .؟!")) for j, t in enumerate(sentence_texts(doc)) if fits(t)]
    if not cands:
        return None
    j, original = rng.choice(cands)
    new = _changed_fact(rng, original) if rng.random() < 2 / 3 else None
    new = new or _rare_swap(rng, original, pool)
    return None if not new or new == original else Insertion(new + ".", "contradiction", "changed", near=j)


def unsourced(rng: random.Random, doc, pool) -> Insertion | None:
    """A statement of an article close in vocabulary, stated as the writer's own."""
    for other in pool.donors(rng, doc, SAMPLE)[:5]:
        own = _statements(other)
        if own:
            claim = _host_length(rng, doc, pool, own)[0] if matching(pool) else rng.choice(own)
            return Insertion(f"{_opener(rng, doc, pool)} {claim}." if rng.random() < 2 / 3
                             else _bare(claim, _waw(rng, doc, pool)) + ".", "unsourced", "unsourced")
    return None


WHOLE_KINDS = {"moved": moved, "changed": changed, "unsourced": unsourced}


def clause(rng: random.Random, doc, pool) -> Insertion | None:
    """One of the other kinds cut to a clause, to go inside an existing sentence."""
    connector, content = rng.choice(CONNECTORS)
    made = KINDS[content](rng, doc, pool)
    if made is None:
        return None
    body = made.text.rstrip(" .؟!")
    for opener in OPENERS:
        body = body.removeprefix(opener + " ")
        if matching(pool):  # an opener without its "و"
            body = body.removeprefix(opener.removeprefix("و") + " ")
    body = body.removeprefix("و") if len(body) > 1 and body[1:2] != " " else body
    words = body.split()
    if len(words) < 4:
        return None
    glue = " " if connector == " و" else "، "
    text = connector.removeprefix(glue).strip() + ("" if connector == " و" else " ") + " ".join(words[:25])
    return Insertion(text, made.label, f"clause_{made.kind}", within=True, near=made.near, glue=glue)


def slip(rng: random.Random, text: str) -> str:
    """``text`` in a careless hand: hamza, a detached و, a verb's gender, or a Latin comma."""
    words = text.split(" ")
    habit = rng.choice(("hamza", "waw", "agreement", "comma"))
    if habit == "hamza":
        flip = {"أ": "ا", "إ": "ا", "ا": "أ"}
        cands = [k for k, w in enumerate(words) if len(w) > 3 and w[0] in flip]
        for k in rng.sample(cands, min(len(cands), 2)):
            words[k] = flip[words[k][0]] + words[k][1:]
    elif habit == "waw":
        cands = [k for k, w in enumerate(words) if len(w) > 4 and w[0] == "و"]
        for k in rng.sample(cands, min(len(cands), 2)):
            words[k] = "و " + words[k][1:]
    elif habit == "agreement":
        cands = [k for k, w in enumerate(words) if len(w) > 3 and w[0] in "يت" and k > 0]
        for k in rng.sample(cands, min(len(cands), 1)):
            words[k] = ("ت" if words[k][0] == "ي" else "ي") + words[k][1:]
    else:
        return text.replace("،", ",")
    return " ".join(words)

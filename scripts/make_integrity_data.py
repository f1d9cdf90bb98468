"""Synthetic integrity data from unlabelled news, and the stem frequencies the signals use.

    nice .venv/bin/python scripts/make_integrity_data.py [--articles ../shared/data/saudinewsnet/articles.jsonl]

The first ``--train`` (4,000) SaudiNewsNet articles are the pool: their document
frequencies become ``src/qawl/data/models/integrity_idf.tsv``, and each of them gives
``--copies`` (1) manipulated copies, each of another of three kinds, written in the shape
of ``../shared/data/dev/manipulated.jsonl`` (``build/integrity/synthetic.jsonl``; kind,
text, inserted).  More copies did not measure better on dev (2 and 3 were tried: the
synthetic figures rise a little, dev's move within the noise of 16 articles):

* ``moved``: a sentence of another article of the pool, inserted at a sentence boundary;
* ``changed``: a copy of one of its own sentences with a number, a polarity word or a rare
  word changed, inserted after the original with at least one sentence between, or (half
  the time) one of its statements given back to its speaker with the opposite polarity, as
  a new statement or as a reminder of an earlier one ("وكان X قد أكد في وقت سابق أن ..."),
  anywhere after the original;
* ``unsourced``: an editorial opener and a statement taken from one of its attributions,
  with no source, inserted as the writer's own line.

A share of the insertions (``OTHER_HAND_SHARE``) is then written in another hand: a hamza
dropped or added, a detached "و ", a Latin comma.  The articles after the pool are left alone: ``benchmarks/integrity_false_alarms.py``
measures false alarms on them.  The dev set is never read here.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

from qawl.api import analyze_record
from qawl.integrity.context import Idf, build, idf, light_stem
from qawl.integrity.discourse import refers_back
from qawl.integrity.drift import cosine, tfidf_vector
from qawl.options import Options

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "data" / "saudinewsnet" / "articles.jsonl"
IDF_OUT = ROOT / "src" / "qawl" / "data" / "models" / "integrity_idf.tsv"
OUT = ROOT / "build" / "integrity" / "synthetic.jsonl"
SEED = 20260601
MIN_DF = 3  # stems in fewer documents than this get the unseen-word weight
MIN_WORDS, MAX_WORDS = 7, 60  # sentences worth moving or copying
TEXT_ONLY = Options(only=("sentences",))
WITH_ATTRIBUTIONS = Options(only=("attributions",))

#: Openers of the writer's own claims (generation only; the detector's lexicon is data/editorial.tsv,
#: and some of these are deliberately not in it, so that the model also learns unsourced lines without one).
OPENERS = (
    "ولا شك أن", "ومن المؤكد أن", "والحقيقة أن", "ومن الواضح أن", "ويبدو جليا أن", "والواقع أن",
    "ومما لا شك فيه أن", "وبات واضحا أن", "وهذا يعني أن", "والأرجح أن", "ولعل الأهم أن", "والثابت أن",
    "ويبدو أن", "ومن المرجح أن", "ومن المعروف أن", "ولا يخفى أن",
)
#: Word pairs whose swap turns a statement into its opposite (generation only).
OPPOSITES = (
    ("أكد", "نفى"), ("أكدت", "نفت"), ("وافق", "رفض"), ("وافقت", "رفضت"), ("ارتفع", "انخفض"),
    ("ارتفعت", "انخفضت"), ("زيادة", "انخفاض"), ("ارتفاع", "تراجع"), ("فاز", "خسر"), ("نجح", "فشل"),
    ("نجحت", "فشلت"), ("بدأ", "أوقف"), ("بدأت", "أوقفت"), ("قبل", "رفض"), ("أعلن", "نفى"), ("أعلنت", "نفت"),
    ("يدعم", "يعارض"), ("تدعم", "تعارض"), ("سمح", "منع"), ("سمحت", "منعت"), ("أكثر", "أقل"),
    ("الأولى", "الأخيرة"), ("قبل", "بعد"), ("داخل", "خارج"),
)
_NEGATIONS = ("لا", "لم", "لن", "ليس", "ليست", "غير")
_NUMBER = re.compile(r"\d+")
SAMPLE = 40  # articles among which the closest in topic is chosen as a donor
NEAR_SHARE = 0.5
KINDS = ("moved", "changed", "unsourced")
OTHER_HAND_SHARE = 0.3  # insertions written in habits other than the article's


def read(path: Path, limit: int) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(json.loads(line))
            if len(out) == limit:
                break
    return out


def sentence_texts(doc) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, doc.text[s.start : s.end]) for s in doc.sentences]


def write_idf(docs) -> None:
    df: Counter[str] = Counter()
    for doc in docs:
        df.update({light_stem(t.norm) for t in doc.tokens if t.is_word and not t.norm.isdigit()} - {""})
    kept = sorted((t, c) for t, c in df.items() if c >= MIN_DF)
    IDF_OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(IDF_OUT, "w", encoding="utf-8") as w:
        w.write(f"# stem normal form, number of documents it occurs in; made by scripts/make_integrity_data.py\n"
                f"# from the first {len(docs)} SaudiNewsNet articles (stems in fewer than {MIN_DF} left out)\n")
        w.write(f"__documents__\t{len(docs)}\n")
        for t, c in kept:
            w.write(f"{t}\t{c}\n")
    print(f"{IDF_OUT.relative_to(ROOT)}: {len(kept):,} stems", file=sys.stderr)


def _fits(text: str) -> bool:
    n = len(text.split())
    return MIN_WORDS <= n <= MAX_WORDS and text[-1] in ".؟!" and "\n" not in text and text.count("“") == text.count("”")


def donor(rng: random.Random, k: int, pool, vectors, near: bool):
    """Another article of the pool: a random one, or the closest in topic of a random sample."""
    sample = [j for j in rng.sample(range(len(pool)), min(SAMPLE, len(pool))) if j != k]
    if not near:
        return pool[sample[0]]
    return pool[max(sample, key=lambda j: cosine(vectors[k], vectors[j]))]


def moved(rng: random.Random, k: int, pool, vectors) -> str | None:
    """A sentence of another article that stands on its own (an inserted sentence must make
    sense without the text it came from): off topic, or (half the time) from a close one."""
    for _ in range(5):
        other = donor(rng, k, pool, vectors, near=rng.random() < NEAR_SHARE)
        ctx = build(other)
        cands = [ctx.text(f.index) for f in ctx.sentences[1:] if _fits(ctx.text(f.index)) and not refers_back(f)]
        if cands:
            return rng.choice(cands)
    return None


def changed(rng: random.Random, text: str, rare_words: list[str], rare_set: set[str]) -> str | None:
    """A copy of ``text`` with one fact changed: a number, a polarity word, or a rare word."""
    ways = []
    numbers = list(_NUMBER.finditer(text))
    if numbers:
        ways.append("number")
    words = text.split()
    if any(w in _NEGATIONS for w in words) or any(a in words or b in words for a, b in OPPOSITES):
        ways.append("polarity")
    ways.append("word")
    way = rng.choice(ways)
    if way == "number":
        m = rng.choice(numbers)
        n = int(m.group())
        new = n + rng.choice([1, 2, 3, 5, 10]) if n < 10 else int(n * rng.choice([0.5, 0.7, 1.5, 2, 3])) + rng.randint(1, 9)
        return text[: m.start()] + str(new) + text[m.end() :]
    if way == "polarity":
        for k, w in enumerate(words):
            if w in _NEGATIONS:
                return " ".join(words[:k] + words[k + 1 :])
        swaps = [(k, b if w == a else a) for k, w in enumerate(words) for a, b in OPPOSITES if w in (a, b)]
        k, new = rng.choice(swaps)
        return " ".join(words[:k] + [new] + words[k + 1 :])
    # a rare word (a name, a place) swapped for a rare word of another article
    cands = [k for k, w in enumerate(words) if len(w) > 3 and w.isalpha() and k > 0 and w in rare_set]
    if not cands or not rare_words:
        return None
    k = rng.choice(cands)
    return " ".join(words[:k] + [rng.choice(rare_words)] + words[k + 1 :])


#: When a restated statement was made, in the pluperfect frame (generation only).
EARLIER = ("في وقت سابق", "الشهر الماضي", "أمس", "الأسبوع الماضي", "في وقت سابق اليوم", "")


def restated(rng: random.Random, doc) -> tuple[int, str] | None:
    """One of the article's statements given back to its speaker with the opposite polarity,
    in other words than the original sentence: (the original sentence, the new one).

    The opposite is a cue of the other polarity (أكد for نفى) or, for a negated statement
    under an asserting cue, the statement with its negation dropped; the frame is a new
    statement ("ونفى X أن ...") or a reminder of an earlier one ("وكان X قد أكد في وقت
    سابق أن ..."), with the speaker's full mention or its short name."""
    cands = [a for a in doc.attributions if a.source_mention is not None and a.type == "indirect"
             and 5 <= len(a.content.text.split()) <= 30 and not re.search("[\"“”«»()]", a.content.text)]
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
        return a.sentence, f"{'وكانت' if feminine else 'وكان'} {who} قد {cue}{' ' + when if when else ''} أن {content}."
    return a.sentence, f"و{cue} {who} أن {content}."


def unsourced(rng: random.Random, k: int, pool, vectors) -> str | None:
    """A claim of an article close in topic, stated as the writer's own: with an editorial
    opener, or (a third of the time) bare, with only a conjunction."""
    for _ in range(5):
        other = donor(rng, k, pool, vectors, near=True)
        contents = [a.content.text for a in other.attributions
                    if a.type == "indirect" and 5 <= len(a.content.text.split()) <= 40
                    and not re.search("[\"“”«»()]", a.content.text)]
        if contents:
            clause = rng.choice(contents).rstrip(" .،,")
            opener = rng.choice(OPENERS) if rng.random() < 2 / 3 else "و"
            return f"{opener} {clause}." if opener != "و" else f"و{clause}."
    return None


def other_hand(rng: random.Random, sentence: str) -> str:
    """The sentence in another writer's habits: hamza on a word-initial alef dropped or added,
    the conjunction و written apart, or the Latin comma.  Insertions are written by someone
    else than the report's author; the style signals compare a sentence with its article."""
    words = sentence.split(" ")
    habit = rng.choice(("hamza", "waw", "comma"))
    if habit == "hamza":
        flip = {"أ": "ا", "إ": "ا", "ا": "أ"}
        cands = [k for k, w in enumerate(words) if len(w) > 3 and w[0] in flip]
        for k in rng.sample(cands, min(len(cands), 2)):
            words[k] = flip[words[k][0]] + words[k][1:]
    elif habit == "waw":
        cands = [k for k, w in enumerate(words) if len(w) > 4 and w[0] == "و" and k > 0]
        for k in rng.sample(cands, min(len(cands), 2)):
            words[k] = "و " + words[k][1:]
    else:
        return sentence.replace("،", ",")
    return " ".join(words)


def insert(rng: random.Random, doc, sentence: str, after: int | None = None, gap: int = 2) -> str | None:
    """``doc.text`` with ``sentence`` after one of its sentences (never before the first), and
    at least ``gap`` sentences after sentence ``after`` (the one it contradicts: a
    contradiction follows what it contradicts; a changed copy right after its original
    would be read as a repetition, a restated statement often comes next to it)."""
    spans = sentence_texts(doc)
    slots = [k for k in range(1, len(spans) + 1) if after is None or k >= after + gap]
    if not slots:
        return None
    k = rng.choice(slots)
    cut = spans[k - 1][1]
    sep = "\n" if rng.random() < 0.6 else " "  # a paragraph of its own, or within one
    return doc.text[:cut] + sep + sentence + doc.text[cut:]


def manipulated(rng: random.Random, kind: str, k: int, docs, vectors, rare: list[str],
                rare_set: set[str]) -> tuple[str, str] | None:
    """Article ``k`` of the pool with one insertion of ``kind``: (the text, the inserted sentence)."""
    doc = docs[k]
    sentence, after, gap = None, None, 2
    if kind == "moved":
        sentence = moved(rng, k, docs, vectors)
    elif kind == "changed":
        cands = [(j, t) for j, (_, _, t) in enumerate(sentence_texts(doc)) if _fits(t)]
        again = restated(rng, doc) if rng.random() < 0.5 else None
        if again is not None:
            (after, sentence), gap = again, 1
        elif cands:
            after, original = rng.choice(cands)
            sentence = changed(rng, original, rare, rare_set)
    else:
        sentence = unsourced(rng, k, docs, vectors)
    if not sentence:
        return None
    if rng.random() < OTHER_HAND_SHARE:
        sentence = other_hand(rng, sentence)
    text = insert(rng, doc, sentence, after, gap)
    return None if text is None else (text, sentence)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--train", type=int, default=4000, help="articles of the pool (the rest is never read)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--copies", type=int, choices=range(1, len(KINDS) + 1), default=1,
                        help="manipulated copies of each article, each of another kind")
    args = parser.parse_args(argv)
    rng = random.Random(SEED)
    records = read(args.articles, args.train)
    docs = [analyze_record(r, WITH_ATTRIBUTIONS) for r in records]
    write_idf(docs)
    df: Counter[str] = Counter()
    for d in docs:
        df.update({w for w in d.text.split() if w.isalpha() and len(w) > 3})
    rare = sorted(w for w, c in df.items() if 3 <= c <= 8)  # sorted: set order changes from run to run
    rare_set = {w for w, c in df.items() if c <= 40}  # names and places, not common words
    idf.cache_clear()
    weights: Idf = idf()
    vectors = [tfidf_vector(Counter(light_stem(t.norm) for t in d.tokens if t.is_word and not t.norm.isdigit()), weights)
               for d in docs]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    kinds: Counter[str] = Counter()
    with open(args.out, "w", encoding="utf-8") as w:
        for k, (r, doc) in enumerate(zip(records, docs)):
            if len(doc.sentences) < 4:
                continue
            w.write(json.dumps({"id": f"{r['id']}-none", "base": r["id"], "kind": "none", "text": r["text"],
                                "inserted": []}, ensure_ascii=False) + "\n")
            for kind in rng.sample(KINDS, args.copies):
                made = manipulated(rng, kind, k, docs, vectors, rare, rare_set)
                if made is None:
                    continue
                kinds[kind] += 1
                w.write(json.dumps({"id": f"{r['id']}-{kind}", "base": r["id"], "kind": kind, "text": made[0],
                                    "inserted": [made[1]]}, ensure_ascii=False) + "\n")
    print(f"{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}: "
          f"{sum(kinds.values()):,} manipulated ({dict(kinds)}) and their clean originals", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

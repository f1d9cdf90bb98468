"""Synthetic integrity data from unlabelled news: a training set and two evaluation splits.

    nice .venv/bin/python scripts/make_integrity_data.py [--articles ../shared/data/saudinewsnet/articles.jsonl]

SaudiNewsNet articles are split once, by rule, and the split is written as a stand-off record
(``data/integrity/splits.tsv``: id, split):

* ``excluded``: the articles of ``../shared/data/fresh`` (their ids) and any article sharing a
  paragraph with ``../shared/data/dev`` (never drawn on);
* ``outlets``: every article of the held-out outlets (``HELD_OUT_OUTLETS``);
* ``seed``: a fifth of the other outlets' articles (by a hash of the id);
* ``train``: the rest.

Three sets are written to ``build/integrity/`` in the shape of ``../shared/data/dev/manipulated.jsonl``
(``id, base, kind, text, inserted``, plus ``labels`` and ``kinds`` for each inserted string):

* ``train.jsonl``: the ``train`` articles, each as its clean original, one manipulated copy
  with 1-3 insertions (``MIX_TRAIN``, ``-m``; ``--copies`` N gives N of them, ``-m2`` ...) and one
  with a single whole-sentence insertion of the first generator's kinds (``MIX_WHOLE``, ``-w``),
  generator seed ``SEED_TRAIN``; the model is selected by cross-validation on it (folds by base
  article);
* ``eval_seed.jsonl``: the ``seed`` articles, the same procedure with another seed (``SEED_EVAL``)
  but the first generator's habits (``MIX_SEED``: insertions do not take their host's habits, see
  ``scripts/integrity_kinds.py``), never trained or tuned on;
* ``eval_outlets.jsonl``: the held-out outlets with another procedure (``MIX_OUTLETS``: another
  kind mix, fewer insertions, more slips, insertions within paragraphs), never trained or tuned on.

In both evaluation splits a third of the articles are clean controls only and the rest are
manipulated only (as in dev).  The kinds of insertion are described in
``scripts/integrity_kinds.py``.  With ``--idf``, the stems' document frequencies
(``src/qawl/data/models/integrity_idf.tsv``) are counted again, on the ``train`` articles only;
without it the shipped table (the first 4,000 SaudiNewsNet articles, which the shipped model
reads) stays.  The
clean ``seed`` and ``outlets`` articles are where ``benchmarks/integrity_false_alarms.py`` counts
false alarms.  Same seed, same output.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from integrity_kinds import KINDS, WHOLE_KINDS, Insertion, clause, fits, habits, sentence_texts, slip
from qawl.api import analyze_record
from qawl.integrity.context import Idf, idf, light_stem
from qawl.integrity.drift import cosine, tfidf_vector
from qawl.options import Options

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
ARTICLES = SHARED / "saudinewsnet" / "articles.jsonl"
IDF_OUT = ROOT / "src" / "qawl" / "data" / "models" / "integrity_idf.tsv"
SPLITS = ROOT / "data" / "integrity" / "splits.tsv"
OUT = ROOT / "build" / "integrity"
SEED_TRAIN, SEED_EVAL, SEED_OUTLETS = 20260601, 7700417, 4242
HELD_OUT_OUTLETS = ("okaz", "almadina", "alweeam", "sabq")
MIN_DF = 3  # stems in fewer documents than this get the unseen-word weight
WITH_ATTRIBUTIONS = Options(only=("attributions",))
WEEK = 3  # days either side: "the same week"
EVAL_ARTICLES = 450  # articles of each evaluation split


@dataclass(frozen=True)
class Mix:
    """How a set's manipulated articles are made."""

    kinds: dict[str, float]  # kind -> weight
    count: dict[int, float]  # insertions per article -> weight
    slips: float  # share of insertions written in a careless hand
    new_paragraph: float  # share of whole-sentence insertions that start a paragraph
    #: insertions take their host article's habits (``integrity_kinds.Habits``; then a new paragraph
    #: as often as the host starts one, not ``new_paragraph``)
    match_host: bool = False


#: The train set's mixes take their host's habits; the evaluation splits keep the first generator's.
MIX_TRAIN = Mix({"contradiction": 1, "offtopic": 1, "editorial": 1, "clause": 1}, {1: 0.5, 2: 0.3, 3: 0.2}, 0.3, 0.6,
                match_host=True)
MIX_SEED = replace(MIX_TRAIN, match_host=False)
#: The whole-sentence kinds of the first generator, one an article (a second manipulated copy of
#: each training article): dev's kind of insertion stays represented beside the new kinds.
MIX_WHOLE = Mix({"moved": 1, "changed": 1, "unsourced": 1}, {1: 1.0}, 0.3, 0.6, match_host=True)
MIX_OUTLETS = Mix({"contradiction": 1.5, "offtopic": 0.5, "editorial": 1, "clause": 1.5}, {1: 0.7, 2: 0.3}, 0.5, 0.3)
#: SCHEMA.md's kind for an article whose insertions are all of one kind.
SCHEMA_KIND = {"contradiction": "inserted_contradiction", "offtopic": "inserted_offtopic",
               "unsourced": "inserted_unsourced"}


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _paragraphs(text: str) -> set[str]:
    return {p.strip() for p in text.split("\n") if len(p.strip()) >= 40}


def split_of(records: list[dict]) -> dict[str, str]:
    """Each article's split (see the module's docstring)."""
    fresh = {r["id"].removeprefix("f-") for name in ("train.jsonl", "check.jsonl") for r in read(SHARED / "fresh" / name)}
    dev = set()
    for name in ("articles.jsonl", "manipulated.jsonl"):
        for r in read(SHARED / "dev" / name):
            dev |= _paragraphs(r["text"])
    out = {}
    for r in records:
        if r["id"] in fresh or _paragraphs(r["text"]) & dev:
            out[r["id"]] = "excluded"
        elif r["outlet"] in HELD_OUT_OUTLETS:
            out[r["id"]] = "outlets"
        else:
            out[r["id"]] = "seed" if int(hashlib.sha1(r["id"].encode()).hexdigest(), 16) % 5 == 0 else "train"
    return out


def write_splits(records: list[dict], splits: dict[str, str]) -> None:
    SPLITS.parent.mkdir(parents=True, exist_ok=True)
    with open(SPLITS, "w", encoding="utf-8") as w:
        w.write("# SaudiNewsNet article id, its integrity split (train | seed | outlets | excluded);\n"
                "# made by scripts/make_integrity_data.py, which describes the rule\n")
        for r in records:
            w.write(f"{r['id']}\t{splits[r['id']]}\n")
    print(f"{SPLITS.relative_to(ROOT)}: {dict(Counter(splits.values()))}", file=sys.stderr)


def write_idf(docs) -> None:
    df: Counter[str] = Counter()
    for doc in docs:
        df.update({light_stem(t.norm) for t in doc.tokens if t.is_word and not t.norm.isdigit()} - {""})
    kept = sorted((t, c) for t, c in df.items() if c >= MIN_DF)
    with open(IDF_OUT, "w", encoding="utf-8") as w:
        w.write(f"# stem normal form, number of documents it occurs in; made by scripts/make_integrity_data.py\n"
                f"# from the {len(docs)} SaudiNewsNet articles of the integrity train split (stems in fewer than {MIN_DF} left out)\n")
        w.write(f"__documents__\t{len(docs)}\n")
        for t, c in kept:
            w.write(f"{t}\t{c}\n")
    idf.cache_clear()
    print(f"{IDF_OUT.relative_to(ROOT)}: {len(kept):,} stems", file=sys.stderr)


class Pool:
    """The articles of one split, and for each the donors: same outlet, within a week."""

    def __init__(self, records: list[dict], docs: list, weights: Idf, match_host: bool = False):
        self.records, self.docs = records, docs
        self.match_host = match_host  # insertions take their host's habits (``integrity_kinds.matching``)
        self.at = {id(d): k for k, d in enumerate(docs)}
        self.vectors = [tfidf_vector(Counter(light_stem(t.norm) for t in d.tokens if t.is_word and not t.norm.isdigit()),
                                     weights) for d in docs]
        words: Counter[str] = Counter()
        for d in docs:
            words.update({w for w in d.text.split() if w.isalpha() and len(w) > 3})
        self.rare = sorted(w for w, c in words.items() if 3 <= c <= 8)  # what a rare word is swapped for
        self.rare_set = {w for w, c in words.items() if c <= 40}  # names and places, not common words
        self.days = [date.fromisoformat(r["date"]).toordinal() if r.get("date") else 0 for r in records]

    def donors(self, rng: random.Random, doc, sample: int) -> list:
        """Up to ``sample`` other articles of its outlet and week, closest in vocabulary first."""
        k = self.at[id(doc)]
        outlet = self.records[k]["outlet"]
        same = [j for j, r in enumerate(self.records)
                if j != k and r["outlet"] == outlet and abs(self.days[j] - self.days[k]) <= WEEK]
        same = rng.sample(same, min(sample, len(same)))
        same.sort(key=lambda j: -cosine(self.vectors[k], self.vectors[j]))
        return [self.docs[j] for j in same]


    def closest(self, doc, others: list) -> object:
        """The one of ``others`` closest to ``doc`` in vocabulary."""
        k = self.at[id(doc)]
        return max(others, key=lambda o: cosine(self.vectors[k], self.vectors[self.at[id(o)]]))

    def anywhere(self, rng: random.Random, doc, n: int) -> list:
        """``n`` other articles of the pool, at random."""
        k = self.at[id(doc)]
        return [self.docs[j] for j in rng.sample(range(len(self.docs)), min(n + 1, len(self.docs))) if j != k][:n]


def _pick(rng: random.Random, weights: dict) -> object:
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


def _sentence_slot(rng: random.Random, n: int, near: int, taken: set[int]) -> int | None:
    """Where a whole sentence goes: before sentence ``slot`` (1..n; never before the first);
    away from the sentence it contradicts, after it four times out of five."""
    slots = [k for k in range(1, n + 1) if k not in taken]
    if near >= 0:
        after = [k for k in slots if k >= near + 2]
        before = [k for k in slots if k <= near - 1]
        slots = after if after and (not before or rng.random() < 0.8) else before
    return rng.choice(slots) if slots else None


def _clause_place(rng: random.Random, host: str) -> int:
    """Where a clause goes inside ``host``: before its full stop, or after one of its commas."""
    commas = [k for k, c in enumerate(host) if c == "،" and 10 < k < len(host) - 10]
    if commas and rng.random() < 0.3:
        return rng.choice(commas)
    return len(host.rstrip(" .؟!"))


def manipulate(rng: random.Random, doc, pool: Pool, mix: Mix) -> dict | None:
    """``doc`` with its insertions: the text, the inserted strings, their labels and kinds."""
    texts = sentence_texts(doc)
    spans = [(s.start, s.end) for s in doc.sentences]
    edits: list[tuple[int, str]] = []
    inserted, labels, kinds = [], [], []
    used_hosts: set[int] = set()
    taken: set[int] = set()
    for _ in range(int(_pick(rng, mix.count))):
        kind = _pick(rng, mix.kinds)
        made: Insertion | None = (clause if kind == "clause" else {**KINDS, **WHOLE_KINDS}[kind])(rng, doc, pool)
        if made is None or any(made.text in t for t in texts):
            continue
        text = slip(rng, made.text) if rng.random() < mix.slips else made.text
        if made.within:
            hosts = [j for j, t in enumerate(texts) if fits(t) and j not in used_hosts and abs(j - made.near) >= 1
                     and made.near != j]
            if not hosts:
                continue
            j = rng.choice(hosts)
            used_hosts.add(j)
            edits.append((spans[j][0] + _clause_place(rng, texts[j]), made.glue + text))
        else:
            slot = _sentence_slot(rng, len(texts), made.near, taken)
            if slot is None:
                continue
            taken.add(slot)
            used_hosts.update({slot - 1, slot})
            sep = "\n" if rng.random() < (habits(doc).new_paragraph if mix.match_host else mix.new_paragraph) else " "
            edits.append((spans[slot - 1][1], sep + text))
        inserted.append(text)
        labels.append(made.label)
        kinds.append(made.kind)
    if not inserted:
        return None
    out = doc.text
    for at, piece in sorted(edits, key=lambda e: -e[0]):
        out = out[:at] + piece + out[at:]
    if any(out.count(s) != 1 for s in inserted):
        return None
    return {"text": out, "inserted": inserted, "labels": labels, "kinds": kinds,
            "kind": SCHEMA_KIND[labels[0]] if len(set(labels)) == 1 else "inserted_mixed"}


def write_set(path: Path, records: list[dict], pool: Pool, mix: Mix, seed: int, paired: bool,
              more: tuple[tuple[str, Mix], ...] = ()) -> None:
    """Manipulated copies of ``records`` (and clean originals: all of them when ``paired``,
    else a third of the articles clean only and the rest manipulated only); ``more``: further
    manipulated copies of each article, (id suffix, mix), each on its own random stream, so that
    the first copies are the same with or without them."""
    rng = random.Random(seed)
    streams = [(suffix, m, random.Random(seed + k + 1)) for k, (suffix, m) in enumerate(more)]
    made: Counter[str] = Counter()
    with open(path, "w", encoding="utf-8") as w:
        for r, doc in zip(records, pool.docs):
            if len(doc.sentences) < 4:
                continue
            clean = paired or rng.random() < 1 / 3
            if clean:
                made["none"] += 1
                w.write(json.dumps({"id": f"{r['id']}-none", "base": r["id"], "kind": "none", "text": r["text"],
                                    "inserted": [], "labels": [], "kinds": []}, ensure_ascii=False) + "\n")
                if not paired:
                    continue
            copies = [("m", manipulate(rng, doc, pool, mix))]
            copies += [(suffix, manipulate(r2, doc, pool, m2)) for suffix, m2, r2 in streams]
            for suffix, m in copies:
                if m is not None:
                    made.update(m["kinds"])
                    w.write(json.dumps({"id": f"{r['id']}-{suffix}", "base": r["id"], **m}, ensure_ascii=False) + "\n")
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {dict(made)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--idf", action="store_true", help="count the stem frequencies again, on the train split")
    parser.add_argument("--copies", type=int, default=1, help="manipulated copies of each train article by its mix "
                        "(beside the one by the whole-sentence mix)")
    parser.add_argument("--seed", type=int, default=SEED_TRAIN, help="the train set's generator seed (seed variance)")
    parser.add_argument("--train-limit", type=int, default=None, help="only the first N train articles (quick trials)")
    args = parser.parse_args(argv)
    records = read(args.articles)
    splits = split_of(records)
    write_splits(records, splits)
    groups = {name: [r for r in records if splits[r["id"]] == name] for name in ("train", "seed", "outlets")}
    groups["train"] = groups["train"][: args.train_limit]
    for name in ("seed", "outlets"):
        groups[name] = random.Random(SEED_EVAL).sample(groups[name], min(EVAL_ARTICLES, len(groups[name])))
        groups[name].sort(key=lambda r: r["id"])
    docs = {name: [analyze_record(r, WITH_ATTRIBUTIONS) for r in rs] for name, rs in groups.items()}
    if args.idf:
        write_idf(docs["train"])
    weights = idf()
    args.out.mkdir(parents=True, exist_ok=True)
    more = (("w", MIX_WHOLE), *((f"m{k + 2}", MIX_TRAIN) for k in range(args.copies - 1)))
    sets = (("train", MIX_TRAIN, args.seed, True), ("seed", MIX_SEED, SEED_EVAL, False),
            ("outlets", MIX_OUTLETS, SEED_OUTLETS, False))
    for name, mix, seed, paired in sets:
        pool = Pool(groups[name], docs[name], weights, mix.match_host)
        write_set(args.out / ("train.jsonl" if name == "train" else f"eval_{name}.jsonl"), groups[name], pool, mix,
                  seed, paired, more if name == "train" else ())
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Train the title-name boundary decision shipped in ``src/qawl/data/models/title_names.json``.

    nice python scripts/train_title_names.py            # CV report, then write the model
    nice python scripts/train_title_names.py --cv-only  # CV report, write nothing

Data (training sets only, never ANERcorp test, dev or fresh/check):

* ANERcorp train (CC BY-SA 4.0, ``../shared/data/anercorp``), cut into five consecutive
  blocks (the corpus keeps no document ids; a block is a run of whole articles but for its
  edges).  A CRF trained as ``scripts/train_ner.py`` trains the shipped one, on four blocks,
  tags the fifth (with a person-name list from the four): the decision learns from the
  mistakes the tagger makes on text it has not seen.  The tags are cached (``--cache``).
* The annotated speakers of the attribution training sets (``fresh/train.jsonl``,
  ``train/articles.jsonl`` and ``data/annotations``; SaudiNewsNet, CC BY-NC-SA 4.0): a
  ``source_mention`` that ends with its ``source`` after a title ("رئيس جمعية خيركم
  المهندس عبد العزيز حنفي") marks where the name starts.  Tagged by the shipped CRF (trained
  on ANERcorp only, so this text is unseen by it); folds by article.

Each window of ``qawl.world.title_names`` is a case; its candidate words are labelled by
whether the gold name holds them.  Names the tagger found whole give few words to take in,
so each gold name of two words or more after a title also gives its first word as a
candidate as if the tagger had missed it (``--shifted``: the error the decision undoes).

Measured on held-out folds: the **boundary accuracy** (the share of windows whose name
starts where the gold one does) before and after the decision, and ANERcorp train's
entity F1 out of fold.  The regularisation and thresholds are chosen by that CV.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from make_name_list import name_words  # noqa: E402
from qawl.attribution.decide import Linear  # noqa: E402
from qawl.text.doc import Token  # noqa: E402
from qawl.world import ner, title_names  # noqa: E402
from qawl.world.conll import Sentence, entity_f1, read_conll, word_tags  # noqa: E402
from train_ner import DATA, train  # noqa: E402

OUT = ROOT / "src" / "qawl" / "data" / title_names.MODEL_FILE
FOLDS = 5
SHIFTED = -1.0  # marks a made-up row (its weight is chosen by CV)


@dataclass
class Case:
    """One window with its sentence, tags, gold name start (``None``: no gold name there) and fold."""

    tokens: Sequence[Token]
    tags: list[str]
    window: title_names.Window
    gold: int | None
    fold: int
    names: frozenset[str]
    source: str  # "anercorp" or "speakers"
    sentence: int = -1  # ANERcorp sentence index


def out_of_fold(sentences: list[Sentence], cache: Path) -> tuple[list[list[str]], list[frozenset[str]]]:
    """The CRF's tags of each train sentence from a model trained on the other blocks, and
    each block's person-name list built from the other blocks."""
    size = -(-len(sentences) // FOLDS)
    blocks = [range(k * size, min(len(sentences), (k + 1) * size)) for k in range(FOLDS)]
    lists = []
    for held in blocks:
        rest = [s for n, s in enumerate(sentences) if n not in held]
        lists.append(frozenset(name_words((w, t) for s in rest for w, t in zip(s.words, s.tags))))
    if cache.exists():
        tags = json.loads(cache.read_text())
        if len(tags) == len(sentences):
            return tags, lists
    tags = [[] for _ in sentences]
    for k, held in enumerate(blocks):
        rest = [s for n, s in enumerate(sentences) if n not in held]
        path = cache.with_suffix(f".fold{k}.crfsuite")
        train(rest, path, 0.05, 0.05, 150, 1)
        tagger = ner.open_tagger(path)
        for n in held:
            tags[n] = tagger.tag(ner.sentence_features(sentences[n].tokens, lists[k]))
        path.unlink()
        print(f"  block {k}: tagged {len(held)} sentences", flush=True)
    cache.write_text(json.dumps(tags))
    return tags, lists


def anercorp_cases(sentences: list[Sentence], oof: list[list[str]], lists: list[frozenset[str]]) -> list[Case]:
    size = -(-len(sentences) // FOLDS)
    out = []
    for n, (s, tags) in enumerate(zip(sentences, oof)):
        gold = [(a, b) for a, b, cls in ner.bio_spans(s.token_tags) if cls == title_names.PERSON]
        for w in title_names.windows(s.tokens, tags):
            out.append(Case(s.tokens, tags, w, _gold_start(w, gold), n // size, lists[n // size], "anercorp", n))
    return out


def _gold_start(w: title_names.Window, gold: list[tuple[int, int]]) -> int | None:
    """Where the gold name of a window starts: the gold person that overlaps the tagger's
    name (or, with none tagged, that ends where the window does); None when there is none."""
    for a, b in gold:
        if w.tagged and a < w.end and b > w.name and a > w.title:
            return a
        if not w.tagged and b == w.end and w.title < a < w.end:
            return a
    return None


def speaker_cases() -> list[Case]:
    """Windows over the annotated speakers (see the module docstring)."""
    import qawl
    from qawl.attribution.lexicon import person_names
    from qawl.options import Options
    from train_attributions import training_articles

    names = person_names()
    out = []
    for art in training_articles():
        longest: dict[str, str] = {}  # a mention's longest source: a later "كيري" points to it too
        for a in art["attributions"]:
            m, s = a.get("source_mention"), a.get("source")
            if m and s and m.endswith(s) and len(m) > len(s) and len(s) > len(longest.get(m, "")):
                longest[m] = s
        text = art["text"]
        spans = []  # (mention start, name start, name end) in characters
        for m, s in longest.items():
            k = text.find(m)
            while k >= 0:
                spans.append((k, k + len(m) - len(s), k + len(m)))
                k = text.find(m, k + 1)
        if not spans:
            continue
        fold = zlib.crc32(art["id"].encode()) % FOLDS
        doc = qawl.analyze(text, options=Options(only=("sentences",)))
        sents = [doc.sentence_tokens(x) for x in doc.sentences]
        for toks, tags in zip(sents, ner.tag_many(sents)):
            starts = {t.start: k for k, t in enumerate(toks)}
            ends = {t.end: k + 1 for k, t in enumerate(toks)}
            gold = [(starts[ns], ends[ne]) for ms, ns, ne in spans if ns in starts and ne in ends]
            for w in title_names.windows(toks, tags):
                mentions = [(ms, ns, ne) for ms, ns, ne in spans if ms <= toks[w.title].start < ns]
                if not mentions:
                    continue  # a title no annotated speaker holds: its name is not known
                out.append(Case(toks, tags, w, _gold_start(w, gold), fold, names, "speakers"))
    return out


def rows_of(case: Case, shifted: bool) -> list[tuple[list[str], int, float]]:
    """(features, is a name word) of the walk's candidates: the words from the tagger's
    start back while the gold name holds them, and the first one it does not."""
    w, g = case.window, case.gold
    out = []
    start = w.name
    for i in w.candidates():
        label = int(g is not None and i >= g)
        out.append((title_names.features(case.tokens, case.tags, w, i, start, case.names), label, 1.0))
        if not label:
            break
        start = i
    if shifted and w.tagged and g is not None and g == w.name and w.end - g >= 2:
        late = title_names.Window(w.title, g + 1, w.end)
        tags = list(case.tags)
        tags[g], tags[g + 1] = "O", "B-" + title_names.PERSON
        out.append((title_names.features(case.tokens, tags, late, g, g + 1, case.names), 1, SHIFTED))
    return out


def fit(rows: list[tuple[list[str], int, float]], c: float, shifted_weight: float) -> Linear:
    """A logistic regression over binary features; the made-up rows weigh ``shifted_weight``."""
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in feats} for feats, _, _ in rows])
    y = np.array([label for _, label, _ in rows])
    weight = np.array([shifted_weight if kind == SHIFTED else 1.0 for _, _, kind in rows])
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y, sample_weight=weight)
    weights = {f: round(float(v), 4) for f, v in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(v) > 1e-4}
    return Linear(weights, round(float(model.intercept_[0]), 4))


def predict(case: Case, model: title_names.Model) -> int:
    return title_names.name_start(case.tokens, case.tags, case.window, model, case.names)


def judge(case: Case, start: int) -> int:
    """+1 when a window's name starts where the gold one does, -1 when a name is made where
    the gold has none, 0 for a window the counts leave out (no name either side)."""
    w = case.window
    found = start if start < w.end else None
    if case.gold is None and found is None:
        return 0
    return 1 if found == case.gold else -1


def res_gain(cases: list[Case], starts: list[int]) -> list[int]:
    """Per window, what the decision changed: +1 a boundary put right, -1 one put wrong or a
    name made where the gold has none."""
    out = []
    for c, s in zip(cases, starts):
        before, after = judge(c, c.window.name), judge(c, s)
        out.append((after == 1) - (before == 1) - ((after == -1) and not c.window.tagged and c.gold is None))
    return out


def report(cases: list[Case], starts: list[int], label: str) -> dict[str, tuple[int, int, int, int]]:
    """Per data set and kind of window: (right before, right after, windows counted, moved)."""
    out = {}
    for src in ("anercorp", "speakers"):
        for tagged in (True, False):
            sel = [n for n, c in enumerate(cases) if c.source == src and c.window.tagged == tagged]
            before = [judge(cases[n], cases[n].window.name) for n in sel]
            after = [judge(cases[n], starts[n]) for n in sel]
            counted = sum(1 for b, a in zip(before, after) if b or a)
            moved = sum(starts[n] != cases[n].window.name for n in sel)
            out[f"{src}/{'tagged' if tagged else 'untagged'}"] = (before.count(1), after.count(1), counted, moved)
    text = "  ".join(f"{k} {r0}->{r1} of {t} (moved {m})" for k, (r0, r1, t, m) in out.items())
    print(f"{label}: {text}", flush=True)
    return out


def apply(sentences: list[Sentence], oof: list[list[str]], cases: list[Case], starts: list[int]) -> list[list[str]]:
    """ANERcorp's out-of-fold tags with the decided starts."""
    out = [list(t) for t in oof]
    for c, s in zip(cases, starts):
        if c.source != "anercorp" or s == c.window.name:
            continue
        tags = out[c.sentence]
        for k in range(s, c.window.end):
            tags[k] = ("B-" if k == s else "I-") + title_names.PERSON
    return out


def f1(sentences: list[Sentence], tags: list[list[str]]) -> float:
    return entity_f1([list(s.tags) for s in sentences], [word_tags(s, t) for s, t in zip(sentences, tags)]).f1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/qawl_title_names_oof.json"))
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--c", type=float, nargs="+", default=[0.3, 1.0, 3.0])
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9])
    ap.add_argument("--no-shifted", action="store_true", help="no made-up rows")
    ap.add_argument("--shifted-weights", type=float, nargs="+", default=[0.1, 0.3, 1.0])
    args = ap.parse_args()
    t0 = time.time()
    sentences = list(read_conll(DATA / "train.conll"))
    oof, lists = out_of_fold(sentences, args.cache)
    cases = anercorp_cases(sentences, oof, lists) + speaker_cases()
    shifted = not args.no_shifted
    rows = [rows_of(c, shifted) for c in cases]
    print(f"{len(cases)} windows, {sum(len(r) for r in rows)} candidate words, "
          f"{sum(y for r in rows for _, y, _ in r)} of them name words, "
          f"{sum(k == SHIFTED for r in rows for _, _, k in r)} made up ({time.time() - t0:.0f} s)")
    base_f1 = f1(sentences, oof)
    report(cases, [c.window.name for c in cases], "tagger alone")
    print(f"ANERcorp train out of fold: entity F1 {base_f1:.4f}")
    best: tuple[int, float, float, float, float, float] | None = None
    for c in args.c:
        for sw in args.shifted_weights if shifted else [1.0]:
            models = [fit([r for n, rs in enumerate(rows) if cases[n].fold != k for r in rs], c, sw) for k in range(FOLDS)]
            for th in args.thresholds:
                for un in [*args.thresholds, 1.01]:
                    if un < th:
                        continue
                    starts = [predict(case, title_names.Model(models[case.fold], th, un)) for case in cases]
                    report(cases, starts, f"C={c} shifted={sw} threshold={th} untagged={un}")
                    gain = sum(res_gain(cases, starts))
                    score = f1(sentences, apply(sentences, oof, cases, starts))
                    print(f"    boundary gain {gain:+d}, ANERcorp train entity F1 {base_f1:.4f} -> {score:.4f}")
                    if best is None or (gain, score) > (best[0], best[1]):
                        best = (gain, score, c, sw, th, un)
    assert best is not None
    gain, score, c, sw, th, un = best
    print(f"chosen: C={c} shifted={sw} threshold={th} untagged={un}: boundary gain {gain:+d}, "
          f"F1 {base_f1:.4f} -> {score:.4f}")
    if not args.cv_only:
        model = fit([r for rs in rows for r in rs], c, sw)
        OUT.write_text(json.dumps({
            "about": "Title-name boundary decision (qawl.world.title_names), trained by scripts/train_title_names.py on "
                     "ANERcorp train (CC BY-SA 4.0; out-of-fold CRF tags) and the attribution training sets' speakers "
                     "(SaudiNewsNet, CC BY-NC-SA 4.0); chosen by 5-fold CV by document on them",
            "C": c, "shifted_weight": sw, "threshold": th, "untagged": un, "model": {"weights": model.weights, "bias": model.bias},
        }, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"model -> {OUT} ({OUT.stat().st_size / 1024:.0f} kB)")
    print(f"{time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

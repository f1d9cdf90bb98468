"""The integrity training's candidates as the package reads them: a blend of two max-of-heads
models written as one, and the gate's figures read off cached signals as ``assess`` makes them."""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from qawl.api import analyze
from qawl.integrity.evidence import ev
from qawl.integrity.model import Model, assess, load, signals
from qawl.options import Options

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import integrity_gate  # noqa: E402
import train_integrity as train  # noqa: E402

TEXT = ("أعلنت وزارة الصحة تسجيل 30 إصابة جديدة بفيروس كورونا في الرياض يوم الخميس.\n"
        "وقال المتحدث باسم الوزارة إن الفرق الطبية تتابع حالة المصابين في المستشفيات.\n"
        "ولا شك أن الحكومة فشلت فشلا ذريعا في إدارة الأزمة.\n"
        "وأضاف أن الوزارة ستعلن أرقاما جديدة يوم الأحد في مؤتمر صحفي.")


def _articles(names: list[str], n: int = 60) -> list[train.Article]:
    """Random articles: every other one with an inserted sentence of one of two kinds that
    stands out on a few signals."""
    rng = np.random.default_rng(7)
    out = []
    for k in range(n):
        x = rng.normal(size=(8, len(names)))
        head = np.array([""] * 8, dtype=object)
        if k % 2:
            head[k % 8] = ("contradiction", "offtopic")[k % 4 // 2]
            x[k % 8, : 3 if head[k % 8] == "offtopic" else 6] += 2.0
        out.append(train.Article(f"a{k}", x, head != "", head))
    return out


@pytest.mark.parametrize(("curves", "monotone", "extra"), [
    (False, False, {}), (True, False, {}), (True, True, {}),
    (True, True, {"curve_share": 0.5}), (True, True, {"gentle": True, "curve_share": 0.25}), (False, False, {"ranking": True})])
def test_a_blend_of_two_models_is_one_model_of_paired_heads(curves: bool, monotone: bool, extra: dict) -> None:
    """Also when the new heads are curves (``train.Curves``), curves shrunk toward the logistic head
    (weights and curves in one head) or ranked heads: the package sums each input's curve as the
    trees did."""
    base_model = Model.from_dict(json.loads(train.BASE.read_text(encoding="utf-8")))
    names = sorted(base_model.features)
    arts = _articles(names, 400 if curves else 60)
    base = train.Base(base_model, names)
    setting = train.Setting(1.0, False, relative=True, curves=curves, monotone=monotone, **extra)
    heads = train.Heads(arts, names, {}, setting)
    if curves:
        assert all(shapes for _, _, shapes in heads.heads.values())
    if setting.curve_share < 1:  # the logistic head's share stays as weights beside the curves
        assert all(np.abs(w).sum() > 0 for w, _, _ in heads.heads.values())
    if monotone:  # each curve goes one way only
        assert all(np.all(np.diff(v) >= -1e-9) or np.all(np.diff(v) <= 1e-9)
                   for _, _, shapes in heads.heads.values() for _, v in shapes.values())
    for blend in (0.0, 0.25, 1.0):
        fit = train.Fitted(arts, heads, base, train.Variant(setting, blend))
        model = Model.from_dict({**fit.model(), "alert": 0.9})
        assert {h.kind for h in model.heads} == (set(heads.heads) if blend else {h.kind for h in base_model.heads})
        for a in arts[:6]:
            sigs = [{f: ev(float(v)) for f, v in zip(names, row)} for row in a.x]
            got = [model.judge(x)[0] for x in model.inputs(sigs, [True] * len(sigs))]
            assert np.allclose(got, fit.logits(a.x), atol=1e-3), blend
    # the base model alone, over another standardisation, gives its own logits
    a = arts[1]
    sigs = [{f: ev(float(v)) for f, v in zip(names, row)} for row in a.x]
    own = [base_model.judge(x)[0] for x in base_model.inputs(sigs, [True] * len(sigs))]
    assert np.allclose(own, base.logits(a.x))


def test_the_gate_reads_the_suspicions_assess_gives() -> None:
    doc = analyze(TEXT, options=Options(only=("attributions",)))
    read = integrity_gate.Read({"id": "x", "text": TEXT}, [(s.start, s.end) for s in doc.sentences],
                               [s.furniture for s in doc.sentences], signals(doc), doc)
    model = load()
    for m in (model, dataclasses.replace(model, clause=None)):  # with the clause pass and without
        got = integrity_gate.verdicts(m, read)
        want = assess(doc, m)["sentences"]
        assert [g["suspicion"] for g in got] == [w["suspicion"] for w in want]
        assert [g["reasons"] for g in got] == [w["reasons"] for w in want]
        assert max(got, key=lambda e: e["suspicion"])["start"] == doc.sentences[2].start


def test_the_clause_head_is_trained_on_the_clauses_assess_reads() -> None:
    """``train_integrity_clauses``: an inserted clause (and not its sentence's true clauses) is the
    positive, and a clause head raises the sentence logits the training reads as ``assess`` does."""
    import train_integrity_clauses as clause_train
    from qawl.integrity.clauses import ClauseHead

    text = ("أعلنت وزارة الصحة تسجيل 30 إصابة جديدة في الرياض يوم الخميس.\n"
            "وتتابع الفرق الطبية حالة المصابين في المستشفيات، ولا شك أن الحكومة فشلت في إدارة الأزمة.\n"
            "وستعلن الوزارة أرقاما جديدة يوم الأحد في مؤتمر صحفي.")
    row = {"id": "x", "base": "x", "text": text, "inserted": ["ولا شك أن الحكومة فشلت في إدارة الأزمة"]}
    sentence = dataclasses.replace(load(), clause=None)
    names, art = clause_train.labelled(row, sentence, 3)
    assert art.y.tolist() == [False, True, False] and 1 in art.cut
    labels = art.labels[art.cut.index(1)]
    assert 1 in labels and 0 in labels  # the inserted clause against its sentence's own
    head = ClauseHead(("editorial_unattributed", "clause_share"), (0.0, 0.0), (1.0, 1.0), (4.0, 0.5), -2.0, 0.0)
    model = dataclasses.replace(sentence, clause=head)
    want = [e["suspicion"] for e in assess(analyze(text, options=Options(only=("attributions",))), model)["sentences"]]
    got = model.suspicions(clause_train.raised(art, names, head).tolist())
    assert np.allclose(got, want, atol=1e-6)


def test_a_ranked_head_puts_each_articles_inserted_sentence_first() -> None:
    """``train.ranked_head``, fitted on pairs within articles: the inserted sentence (which stands out
    on a few signals) comes first in most held-out articles, and its bias makes a chance of insertion."""
    names = [f"s{k}" for k in range(8)]
    arts = _articles(names, 200)
    fit, held = arts[:160], [a for a in arts[160:] if a.y.any()]
    z = np.vstack([a.x for a in fit])
    y = np.concatenate([a.y for a in fit])
    article = np.concatenate([np.full(len(a.y), k) for k, a in enumerate(fit)])
    w, b = train.ranked_head(z, y, article, 1.0)
    assert train.hit_at_1([a.x @ w + b for a in held], [a.y for a in held]) >= 0.9
    assert np.mean(1 / (1 + np.exp(-(z @ w + b)))) == pytest.approx(y.mean(), abs=0.02)

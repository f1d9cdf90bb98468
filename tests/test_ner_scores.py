"""The cached-score CRF tagger (``qawl.world.ner_scores``) gives crfsuite's own tags."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qawl import api
from qawl.options import Options
from qawl.world import ner
from qawl.world.ner_scores import ModelFormatError, read_weights, viterbi

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "articles.jsonl"
SENTENCES = [
    "ونقلت صحيفة البيان الإماراتية عن الناطق باسم التحالف الدولي العقيد رايان ديلون قوله إن القوات وصلت.",
    "وقال وزير الخارجية السعودي عادل الجبير في الرياض إن المملكة تدعم جهود الأمم المتحدة في اليمن.",
    "أعلنت شركة أرامكو السعودية ، اليوم ، عن أرباح بلغت 3.5 مليار ريال في الربع الأول من عام 2016 .",
    "بان كي مون",
    "!",
]


def _sentences(texts):
    opts = Options(only=("sentences",))
    for text in texts:
        doc = api.analyze(text, options=opts)
        yield from (doc.sentence_tokens(s) for s in doc.sentences)


def test_tags_equal_crfsuite_on_hand_made_sentences():
    sents = list(_sentences(SENTENCES))
    got = [ner.tag(s) for s in sents]
    assert got == [ner.tag_with_crfsuite(s) for s in sents]
    assert any(t != "O" for tags in got for t in tags)  # the sentences do hold entities


@pytest.mark.skipif(not DEV.exists(), reason=f"dev articles not found at {DEV} (a clone outside the workplace)")
def test_tags_equal_crfsuite_on_every_dev_sentence():
    import json

    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    sents = list(_sentences(texts))
    assert len(sents) > 250
    diff = [i for i, s in enumerate(sents) if ner.tag(s) != ner.tag_with_crfsuite(s)]
    assert not diff


def test_weights_are_the_dumped_ones():
    """The exact doubles read from the file are the dump's weights (printed to 6 places)."""
    w = ner.scorer().weights
    info = ner.tagger().info()
    for (attr, label), weight in list(info.state_features.items())[::997]:
        assert w.state[w.attribute_rows[attr], w.labels.index(label)] == pytest.approx(weight, abs=1e-6)
    for (a, b), weight in info.transitions.items():
        assert w.transitions[w.labels.index(a), w.labels.index(b)] == pytest.approx(weight, abs=1e-6)


def test_names_are_crfsuites_own():
    """The label and attribute names read from the file's string tables are those of crfsuite's dump."""
    w = ner.scorer().weights
    info = ner.tagger().info()
    assert w.labels == [name for name, _ in sorted(info.labels.items(), key=lambda kv: int(kv[1]))]
    used = {name for name, _ in info.state_features}
    assert set(w.attribute_rows) == used
    assert all(w.state[w.attribute_rows[a], w.labels.index(label)] != 0 for a, label in list(info.state_features)[::499])


def test_viterbi_first_label_wins_a_tie_and_follows_transitions():
    state = np.array([[1.0, 1.0], [0.0, 0.0]])
    assert viterbi(state, np.zeros((2, 2))) == [0, 0]
    assert viterbi(state, np.array([[0.0, 2.0], [0.0, 0.0]])) == [0, 1]


def test_not_a_crfsuite_model_is_refused(tmp_path):
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"\0" * 64)
    with pytest.raises(ModelFormatError):
        read_weights(bad)


def test_many_sentences_decoded_together_give_each_its_own_path():
    rng = np.random.default_rng(7)
    trans = rng.normal(size=(4, 4))
    states = [rng.normal(size=(n, 4)) for n in (5, 1, 9, 5, 2)]
    from qawl.world.ner_scores import viterbi_many

    assert viterbi_many(states, trans) == [viterbi(s, trans) for s in states]


def test_rows_found_by_text_are_those_found_by_key():
    """The shipped scorer finds a token's row by its text (``by_text``): the scores are those of the
    rows found by the token's key, for types met before and new ones, before and after a clear."""
    import dataclasses

    sents = list(_sentences(SENTENCES))
    shipped = ner.scorer()
    assert shipped.by_text
    by_key = dataclasses.replace(shipped, by_text=False)
    by_key.known = shipped.known
    for scorer in (shipped, by_key):
        scorer.cache_clear()
    first = [shipped.scores_many(sents[:2]), shipped.scores_many(sents)]  # new types, then met and new
    second = [by_key.scores_many(sents[:2]), by_key.scores_many(sents)]
    for got, want in zip(first, second):
        assert all(np.array_equal(a, b) for a, b in zip(got, want))
    assert shipped._text_ids and set(shipped._text_ids.values()) <= set(shipped._ids.values())
    shipped.cache_clear()
    assert not shipped._text_ids

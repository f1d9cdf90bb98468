"""The NER attribute rows shipped for the word-cluster vocabulary (``qawl.world.ner_rows``) are
those the code works out, made from the shipped model and word lists (else: run
``scripts/make_ner_word_rows.py``), and a scorer reading them gives the same scores."""
from __future__ import annotations

import dataclasses

import numpy as np

from qawl import api
from qawl.options import Options
from qawl.world import ner, ner_rows
from qawl.world.ner_scores import _segment_sums

SLOTS = 1 + len(ner.NEIGHBOURS)
REBUILD = "stale: run scripts/make_ner_word_rows.py"


def _shipped():
    known = ner_rows.load(SLOTS)
    assert known is not None, f"{ner_rows.FILE} is missing or made from other sources ({ner_rows.SOURCES}): {REBUILD}"
    return known


def test_the_table_was_made_from_the_shipped_model_and_word_lists():
    known = _shipped()
    assert len(known.keys) > 50_000
    assert ner.scorer().known is not None


def test_every_word_types_rows_are_what_the_code_gives():
    """Each of the ~56,000 types recomputed (a second or two): a change to the attributes' code
    that leaves the model and the lists alone is caught here."""
    known = _shipped()
    keys = [tuple(k.decode("utf-8").split("\t")) for k in known.keys]
    found = known.find(keys)
    assert (found == np.arange(len(keys))).all()
    rows, starts = ner.scorer().attribute_rows(keys)
    got_rows, got_starts = known.gather(found, SLOTS)
    assert np.array_equal(got_starts, starts), REBUILD
    assert np.array_equal(got_rows, rows), REBUILD


def test_the_vocabulary_is_where_the_keys_come_from():
    """The table holds the types of the cluster vocabulary's forms (as written with ة or ى too), no more."""
    known = _shipped()
    want = {k for k in ner_rows.vocabulary_keys(ner.word_clusters(), ner.word_key)
            if len("\t".join(k).encode("utf-8")) <= ner_rows.KEY_BYTES}
    assert {tuple(k.decode("utf-8").split("\t")) for k in known.keys} == want
    assert len(known.find([("قالتة", "قالتة", "", "", "ar")])) == 1  # not a word of news
    assert known.find([("قالتة", "قالتة", "", "", "ar")])[0] == -1


def test_scores_with_the_table_are_those_without_it():
    """Bit for bit, on real sentences: types in the table and types not in it, in one article."""
    text = ("وقال وزير الخارجية السعودي عادل الجبير في الرياض إن المملكة تدعم جهود الأمم المتحدة في اليمن. "
            "ونقلت صحيفة البيان الإماراتية عن الناطق باسم التحالف الدولي العقيد رايان ديلون قوله. "
            "أعلنت شركة أرامكو السعودية عن أرباح بلغت 3.5 مليار ريال في الربع الأول من عام 2016 .")
    doc = api.analyze(text, options=Options(only=("sentences",)))
    sents = [doc.sentence_tokens(s) for s in doc.sentences]
    shipped = ner.scorer()
    with_table = dataclasses.replace(shipped)  # fresh caches, the shipped table
    without = dataclasses.replace(shipped, known=None)
    assert with_table.known is not None
    keys = {ner.word_key(t) for s in sents for t in s}
    found = shipped.known.find(sorted(keys))
    assert (found >= 0).any() and (found < 0).any()  # both paths are taken
    for a, b in zip(with_table.scores_many(sents), without.scores_many(sents), strict=True):
        assert np.array_equal(a, b)
    assert with_table.tag_many(sents) == [ner.tag_with_crfsuite(s) for s in sents]


def test_a_table_of_other_sources_is_not_used(monkeypatch):
    monkeypatch.setattr(ner_rows, "checksum", lambda: 0)
    assert ner_rows.load(SLOTS) is None


def test_segments_of_no_rows_sum_to_zero():
    state = np.arange(12.0).reshape(4, 3)
    got = _segment_sums(state, np.array([1, 2, 3]), [0, 0, 2, 3])
    assert np.array_equal(got, [[0, 0, 0], [9, 11, 13], [9, 10, 11], [0, 0, 0]])


def test_find_reads_keys_longer_than_the_table_holds_as_absent():
    """A word type longer than the table's keys is not there (and the others are still found)."""
    known = ner.scorer().known
    assert known is not None
    stored = [tuple(k.decode("utf-8").split("\t")) for k in known.keys[:3000:11].tolist()]
    too_long = ("ا" * known.keys.dtype.itemsize, "ا", "", "", "ar")
    found = known.find([*stored, too_long, ("لا_يوجد_هذا", "", "", "", "ar")])
    assert (found[:len(stored)] >= 0).all() and list(found[len(stored):]) == [-1, -1]
    assert [tuple(k.decode("utf-8").split("\t")) for k in known.keys[found[:len(stored)]].tolist()] == stored

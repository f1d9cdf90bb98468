"""Pair features on real headline shapes, the shipped model, and ``qawl pairs`` on good and bad input."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from qawl.claims.embed import Embedder, VectorCache, text_key
from qawl.claims.features import FEATURES, diff_roots, lexical_features, read_side
from qawl.claims.lexicon import bases, is_deny, is_negation, may_name_place, place_of, place_words, root
from qawl.claims.pairs import LABELS, MEANING_FEATURES, PairModel, default_model, judge, judge_many
from qawl.cli import main


def feats(a: str, b: str) -> dict[str, float]:
    return dict(zip(FEATURES, lexical_features(read_side(a), read_side(b), {}, 5.0)))


def test_negation_and_deny_on_one_side_only():
    f = feats("جماعة فيلق الرحمن تقرر انسحابها من الغوطة الشرقية", "جماعة فيلق الرحمن تنفي انسحابها من الغوطة الشرقية")
    assert f["deny_b"] == 1 and f["deny_differs"] == 1 and f["neg_differs"] == 0
    f = feats("لافروف: روسيا تدعم التعامل بغير الدولار مع تركيا", "لافروف: روسيا تدعم التعامل بالدولار مع تركيا")
    assert f["neg_a"] == 1 and f["neg_differs"] == 1  # بغير: a negation with an attached preposition
    f = feats("إيران لا تسيطر على القرار", "إيران لا تسيطر على القرار السياسي")
    assert f["neg_differs"] == 0


def test_antonyms_across_sides_not_when_shared():
    assert feats("النفط يرتفع وسط عراقيل", "الخام الاميركي يسبب انخفاضا في اسعار النفط")["antonyms"] == 1
    assert feats("الخطوط الصينية تستأنف رحلاتها", "توقف جديد لرحلات الطيران الصينية")["antonyms"] == 1
    assert feats("الذهب يصعد مع هبوط الدولار", "الذهب يصعد مع هبوط اليورو")["antonyms"] == 0


def test_places_and_numbers_that_differ():
    f = feats("النفط يرتفع وسط عراقيل في إمدادات فنزويلا", "النفط يرتفع وسط عراقيل في إمدادات السعودية")
    assert f["place_swapped"] == 1 and f["places_differ"] == 1
    f = feats("مقتل 24 مدنيا في بعقوبة", "مقتل 42 مدنيا في بعقوبة")
    assert f["numbers_differ"] == 1 and f["number_one_side"] == 0
    assert feats("مقتل ٢٤ مدنيا", "مقتل 24 مدنيا")["numbers_differ"] == 0  # Arabic-Indic digits are the same number


def test_overlap_and_root_differences():
    same = feats("تركيا تخصخص مصانع سكر", "خصخصة مصانع السكر في تركيا")
    assert same["root_jaccard"] > same["jaccard"]  # تخصخص ~ خصخصة by root, not by form
    assert feats("أ ب ج د", "أ ب ج د")["jaccard"] == 1
    roots = diff_roots(read_side("النيابة تباشر التحقيق"), read_side("النيابة تؤجل التحقيق"))
    assert roots == ["A:" + root("تباشر"), "B:" + root("تؤجل")]


def test_lexicon_forms():
    assert {"ارتفاع", "ارتفع"} & bases("والارتفاع") and "يستانف" in bases("تستانف")
    assert is_negation("ولم") and is_negation("بدون") and not is_negation("لماذا")
    assert is_deny("نفت") and is_deny("وينفي") and not is_deny("قال")
    assert place_of(bases("الايرانيه")) == "ايران" and place_of(bases("بمصر")) == "مصر" and place_of(bases("الخبر")) is None


def test_vector_cache_round_trip(tmp_path: Path):
    cache = VectorCache(tmp_path / "v.sqlite")
    v = np.arange(4, dtype=np.float32)
    cache.put_many({text_key("نص"): v})
    got = VectorCache(tmp_path / "v.sqlite").get_many([text_key("نص"), text_key("آخر")])
    assert list(got) == [text_key("نص")] and np.array_equal(got[text_key("نص")], v)


def test_embedder_batches_dedups_and_caches(tmp_path: Path):
    e = Embedder(cache=tmp_path / "v.sqlite")
    vecs = e(["النفط يرتفع", "النفط ينخفض", "النفط يرتفع"])
    assert vecs.shape == (3, 384) and np.allclose(vecs[0], vecs[2]) and np.isclose(np.linalg.norm(vecs[1]), 1, atol=1e-3)
    again = Embedder(cache=tmp_path / "v.sqlite")._disk.get_many([text_key("النفط ينخفض")])
    assert np.allclose(next(iter(again.values())), vecs[1])


def test_shipped_model_matches_the_features(tmp_path: Path):
    m = default_model()
    assert m.dense == FEATURES + MEANING_FEATURES and m.labels == LABELS
    assert m.coef.shape == (3, len(m.dense) + len(m.vocab))
    (tmp_path / "m.json").write_text(m.to_json(), encoding="utf-8")
    again = PairModel.load(tmp_path / "m.json")
    assert np.allclose(again.coef, m.coef, atol=1e-5) and again.vocab == m.vocab


def test_judge_real_pairs():
    js = judge_many([
        ("جماعة فيلق الرحمن تقرر إنسحابها من الغوطة الشرقية", "جماعة فيلق الرحمن تنفي إنسحابها من الغوطة الشرقية"),
        ("سفينة تنقيب صينية تثير غضب اليابان", "اليابان تغضب بسبب سفينة التنقيب الصينية"),
        ("الرئيس التونسي يدعو إلى المساواة في الميراث بين الرجل والمرأة", "الموظف الضعيف لا مكان له في الأردن"),
    ])
    assert [j.label for j in js] == ["contradict", "agree", "unrelated"]
    assert all(0.34 <= j.score <= 1 and j.reasons for j in js)
    assert abs(sum(js[0].probabilities) - 1) < 1e-6
    assert judge("سفينة تنقيب صينية تثير غضب اليابان", "اليابان تغضب بسبب سفينة التنقيب الصينية").label == "agree"
    assert judge_many([]) == []


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def test_cli_json_and_bad_lines(tmp_path: Path, capsys):
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "p1", "a": "النفط يرتفع وسط عراقيل في إمدادات فنزويلا", "b": "النفط ينخفض وسط عراقيل في إمدادات فنزويلا"}, ensure_ascii=False),
        '{"id": "p2", "a": 3, "b": "x"}',
        "not json",
        '{"id": "p3", "a": "نص"}',
        '{"id": "p4", "a": " ", "b": "نص"}',
        json.dumps({"id": 5, "a": "سفينة تنقيب صينية تثير غضب اليابان", "b": "اليابان تغضب بسبب سفينة التنقيب الصينية"}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "pairs", path, "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and [r["id"] for r in rows] == ["p1", 5]
    assert all(set(r) == {"id", "label", "score"} and r["label"] in LABELS and 0 <= r["score"] <= 1 for r in rows)
    assert len(err) == 4 and all(line.startswith(f"qawl: error: {path}:") for line in err)
    assert '"a" is a number, not a string' in err[0] and 'no "b" field' in err[2] and '"a" is empty' in err[3]


def test_cli_readable_output_and_failures(tmp_path: Path, capsys):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"id": "[p1]", "a": "سفينة تنقيب صينية تثير غضب اليابان",
                                "b": "اليابان تغضب بسبب سفينة التنقيب الصينية"}, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "pairs", path)
    assert code == 0 and err == [] and out.splitlines()[0].startswith("[p1]  agree ")
    assert "   a  سفينة تنقيب" in out
    code, out, err = run(capsys, "pairs", tmp_path / "missing.jsonl", "--json")
    assert code == 2 and out == "" and err == [f"qawl: error: {tmp_path / 'missing.jsonl'}: no such file or directory"]
    (tmp_path / "empty.jsonl").write_text("")
    code, out, err = run(capsys, "pairs", tmp_path / "empty.jsonl", "--json")
    assert code == 2 and err == [f"qawl: error: {tmp_path / 'empty.jsonl'}: empty file (no pairs)"]
    code, out, err = run(capsys, "pairs", tmp_path, "--json")
    assert code == 2 and "a directory, not a JSONL file" in err[0]


def test_reasons_are_in_the_words_of_the_pair() -> None:
    """A reader sees what the model saw (the numbers, the denying word), never a feature name."""
    from qawl.claims.reasons import describe

    numbers, denial = judge_many([("مقتل 27 شخصا في انفجار في بغداد", "مقتل 30 شخصا في انفجار في بغداد"),
                                  ("الوزير يؤكد وصول القوات إلى كركوك", "الوزير ينفي وصول القوات إلى كركوك")])
    assert numbers.label == "contradict" and "numbers differ: 27 / 30" in numbers.reasons
    assert denial.label == "contradict" and "only in b: ينفي" in denial.reasons
    for j in (numbers, denial):
        assert not set(j.reasons) & set(FEATURES + MEANING_FEATURES), j.reasons
    a, b = read_side("لم ترتفع أسعار النفط في غزة"), read_side("ارتفعت أسعار النفط في القاهرة")
    said = {name: describe(name, a, b) for name in FEATURES}
    assert all(text != name for name, text in said.items()), said  # every feature has its words
    assert said["neg_a"] == "a negates: لم" and said["neg_differs"] == "only a negates: لم"
    assert said["places_differ"] == "places differ: غزة / القاهرة"


def test_a_word_that_may_not_name_a_place_names_none():
    """``may_name_place`` only skips words whose bases hold no place (the integrity facts skip
    the bases of such words): checked on the news vocabulary and on every place word with clitics."""
    from qawl.world.ner import word_clusters

    words = [*word_clusters(), *(f"{pre}{w}{suf}" for w in place_words() for pre in ("", "و", "ب", "لل", "وال")
                                  for suf in ("", "ي", "يه", "يين", "ها"))]
    assert not [w for w in words if not may_name_place(w) and place_of(bases(w)) is not None]
    assert sum(map(may_name_place, word_clusters())) < len(word_clusters()) / 10  # most words skip the bases


def test_may_name_place_tries_what_every_piece_would():
    """Stopping a piece once it opens no place core, and skipping a word none of whose three-letter
    pieces opens a least core (issue 19), finds what trying every piece finds."""
    from qawl.claims.lexicon import _place_cores
    from qawl.world.ner import word_clusters

    cores, longest = _place_cores()
    words = [*word_clusters(), *(f"و{w}ي" for w in place_words())]
    every = [any(w[i:j] in cores for i in range(len(w)) for j in range(i + 1, min(len(w), i + longest) + 1))
             for w in words]
    assert [may_name_place(w) for w in words] == every
    assert any(every) and not all(every)

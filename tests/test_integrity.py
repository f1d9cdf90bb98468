"""Integrity signals on real sentence shapes, the stage's contract, and ``qawl check``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from qawl.api import analyze, analyze_record
from qawl.cli import main
from qawl.integrity import contradiction, sourcing, style
from qawl.integrity.context import build, light_stem
from qawl.integrity.model import load, signals
from qawl.options import Options
from qawl.report import render
from qawl.text.normalize import normalize

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "d000.jsonl"
ATTRIBUTIONS = Options(only=("attributions",))

REPORT = (
    "قال وزير الصحة إن عدد الإصابات بلغ 30 حالة في العاصمة.\n"
    "وأضاف الوزير أن الوزارة ترصد انتشار الفيروس في المحافظات المجاورة.\n"
    "وأكد المتحدث باسم الوزارة أن الفرق الطبية تعمل على الحد من انتشاره.\n"
    "ولا شك أن الوزارة أخفت العدد الحقيقي للإصابات عن المواطنين.\n"
    "وأوضح المتحدث أن الوزارة ستعلن أرقاما جديدة يوم الخميس."
)


def ctx_of(text: str):
    return build(analyze(text, options=ATTRIBUTIONS))


def test_light_stem_joins_inflections_of_one_word() -> None:
    assert len({light_stem(normalize(w)) for w in ("الأمريكية", "أمريكي", "الأمريكيين")}) == 1


def test_editorial_phrases_match_with_an_attached_conjunction() -> None:
    doc = analyze("ولا شك أن القرار خاطئ. والمؤكد أن الوزير فعلا سيستقيل.", options=Options(only=("sentences",)))
    hits = [[h[2] for h in sourcing.editorial_hits([t for t in doc.sentence_tokens(s) if t.is_word])]
            for s in doc.sentences]
    assert hits == [["ولا شك"], ["والمؤكد أن", "فعلا"]]


def test_unsourced_editorial_line_among_attributed_ones() -> None:
    sig = sourcing.signals(ctx_of(REPORT))
    flagged = [i for i, s in enumerate(sig) if s["editorial_unattributed"].value]
    assert flagged == [3]
    assert sig[3]["unattributed"].value == 1.0  # every other sentence has a source
    assert "لا شك" in sig[3]["editorial_unattributed"].reason


def test_spelling_the_article_writes_otherwise() -> None:
    text = ("أكدت الوزارة انتشار الفيروس في المدينة الكبيرة.\nوقال المسؤول إن انتشار المرض سريع جدا.\n"
            "وكان المسؤول قد نفى أنتشار الوباء في المدينة.")
    sig = style.signals(ctx_of(text))
    assert [s["spelling_breaks"].value > 0 for s in sig] == [False, False, True]
    assert "أنتشار" in sig[2]["spelling_breaks"].reason and "انتشار" in sig[2]["spelling_breaks"].reason


def test_detached_waw_where_the_article_attaches_it() -> None:
    text = ("وقال الوزير إن المشروع سيكتمل.\nوأضاف أن التمويل متوفر والعمل جار.\n"
            "و كان المشروع قد تأخر و هذا معروف.\nوأوضح أن الافتتاح قريب.")
    sig = style.signals(ctx_of(text))
    assert [s["detached_waw"].value for s in sig] == [0.0, 0.0, 1.0, 0.0]


def test_a_later_sentence_that_says_what_its_speaker_denied() -> None:
    text = ("نفت وزارة الدفاع وقوع أي هجوم على قواعدها العسكرية في شمال البلاد.\n"
            "وقالت الوزارة إن قواتها تواصل عملياتها في المنطقة بشكل طبيعي.\n"
            "وكانت وزارة الدفاع قد أكدت تعرض قواعدها العسكرية في شمال البلاد لهجوم صاروخي.")
    sig = contradiction.signals(ctx_of(text))
    assert sig[2]["opposed_claim"].value > 0 and sig[2]["opposed_speaker"].value == 1.0
    assert sig[0]["opposed_claim"].value == 0.0  # the lead states the report's facts
    assert sig[2]["restated_by_speaker"].value > 0.5 and "sentence 1" in sig[2]["restated_by_speaker"].reason
    assert sig[1]["restated_by_speaker"].value == 0.0  # the speaker's own account goes on


def test_a_copy_with_a_changed_number() -> None:
    text = ("قتل 30 شخصا في انفجار سيارة مفخخة قرب سوق شعبي وسط المدينة القديمة.\n"
            "وقال شهود إن الانفجار وقع صباحا.\n"
            "قتل 12 شخصا في انفجار سيارة مفخخة قرب سوق شعبي وسط المدينة القديمة.")
    sig = contradiction.signals(ctx_of(text))
    assert sig[2]["changed_number"].value > 0.5 and "12 vs 30" in sig[2]["changed_number"].reason


def test_every_sentence_gets_a_suspicion_and_reasons() -> None:
    doc = analyze(REPORT)
    integ = doc.integrity
    assert [(s["start"], s["end"]) for s in integ["sentences"]] == [(s.start, s.end) for s in doc.sentences]
    assert all(0.0 <= s["suspicion"] <= 1.0 and isinstance(s["reasons"], list) for s in integ["sentences"])
    assert integ["score"] == max(s["suspicion"] for s in integ["sentences"])
    top = max(integ["sentences"], key=lambda s: s["suspicion"])
    assert doc.text[top["start"] : top["end"]].startswith("ولا شك")
    assert any("no source" in r for r in top["reasons"])


def test_one_sentence_article() -> None:
    doc = analyze("قال الوزير إن المشروع سيكتمل.")
    assert len(doc.integrity["sentences"]) == 1 and 0.0 <= doc.integrity["score"] <= 1.0


def test_model_reads_every_signal_it_was_trained_on() -> None:
    model = load()
    names = set(signals(analyze(REPORT, options=ATTRIBUTIONS))[0])
    assert set(model.features) == names
    assert 0.0 < model.alert < 1.0


def test_report_marks_suspicious_sentences_with_reasons() -> None:
    lines = [str(line) for line in render(analyze(REPORT))]
    i = next(k for k, line in enumerate(lines) if "integrity" in line and "article score" in line)
    assert any("ولا شك" in line for line in lines[i:]) and any("- " in line for line in lines[i:])


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(SAMPLE), "--json", "--top", "2"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    (verdict,) = [json.loads(line) for line in out.splitlines()]
    assert verdict["id"] == "d000" and isinstance(verdict["alert"], bool) and len(verdict["top"]) == 2
    text = json.loads(SAMPLE.read_text())["text"]
    for s in verdict["top"]:
        assert text[s["start"] : s["end"]] == s["text"]
    assert verdict["top"][0]["suspicion"] >= verdict["top"][1]["suspicion"]
    assert verdict["score"] == verdict["top"][0]["suspicion"]


def test_check_report_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    code = main(["check", str(bad), str(SAMPLE)])
    out, err = capsys.readouterr()
    assert code == 1 and out.startswith("d000") and "article score" in out
    assert len(err.splitlines()) == 1 and err.startswith("qawl: error:") and "empty.txt" in err
    assert main(["check", str(SAMPLE), "--top", "0"]) == 2


def test_an_opposite_account_by_another_speaker_is_not_given_to_the_first() -> None:
    ctx = ctx_of("نفى قائد شرطة محافظة كركوك علي كمال دخول قوات البيشمركة إلى المحافظة اليوم.\n"
                 "وأكد رئيس اللجنة الأمنية في محافظة كركوك آزاد جباري دخول قوات البيشمركة إلى المحافظة اليوم.")
    later = contradiction.signals(ctx)[1]
    assert later["restated_opposite"].value > 0.5  # it says the opposite,
    assert later["restated_by_speaker"].value == 0.0  # but a place in both titles makes no one speaker


def test_each_clause_of_a_statement_has_its_own_polarity() -> None:
    """"No grants, but support in oil" says no to grants only: a later "support in oil" agrees."""
    text = ("قال وزير المالية المصري إنه لا يتوقع منحا جديدة من دول الخليج لكن يتوقع دعما للمواد البترولية.\n"
            "وأضاف الوزير أن مصر ستحصل على دعم للمواد البترولية من دول الخليج هذا العام.")
    ctx = ctx_of(text)
    assert [c.polarity for c in ctx.sentences[0].claims] == [1, 0]
    assert contradiction.signals(ctx)[1]["restated_opposite"].value < 0.5


def test_a_figure_or_place_contradicted_without_a_copy() -> None:
    """Two sentences about one thing, each with a number the other lacks: a fact conflict."""
    text = ("أعلنت وزارة الداخلية مقتل 30 شخصا في انفجار سيارة مفخخة استهدف سوقا شعبيا في بغداد.\n"
            "وقال شهود عيان إن سيارات الإسعاف نقلت الجرحى إلى المستشفيات القريبة.\n"
            "وقتل 45 شخصا في انفجار السيارة المفخخة في السوق الشعبي.")
    sig = contradiction.signals(ctx_of(text))
    assert sig[2]["fact_conflict"].value >= 0.3 and sig[1]["fact_conflict"].value == 0.0
    assert sig[2]["fact_conflict"].fields["n"] == 1 and "45" in sig[2]["fact_conflict"].reason


def test_reasons_are_catalogue_codes_in_both_languages() -> None:
    from qawl import messages
    from qawl.integrity.evidence import reason_texts

    entry = max(analyze(REPORT).integrity["sentences"], key=lambda s: s["suspicion"])
    assert entry["why"] and [w["text"] for w in entry["why"]] == entry["reasons"]
    arabic = reason_texts(entry, "ar")
    for w, ar in zip(entry["why"], arabic):
        assert w["code"] in messages.catalogue() and ar != w["text"]
    assert any("دون مصدر" in r for r in arabic)
    # a stored entry is input: an unknown code or unfillable fields fall back to its English text
    assert reason_texts({"why": [{"code": "no.such", "text": "x"}], "reasons": ["x"]}, "ar") == ["x"]
    assert reason_texts({"reasons": ["old"]}, "ar") == ["old"]


def test_page_furniture_is_marked_and_never_ranked() -> None:
    text = REPORT + "\nرابط الخبر بصحيفة الوئام: الوزارة تخفي العدد الحقيقي\n(تصوير: المحرر)"
    doc = analyze(text)
    marked = [s.furniture for s in doc.sentences]
    assert marked[-2:] == [True, True] and not any(marked[:-2])
    entries = doc.integrity["sentences"]
    assert [e["suspicion"] for e in entries[-2:]] == [0.0, 0.0] and entries[-1]["furniture"]
    assert doc.to_dict()["sentences"][-1]["furniture"] is True and "furniture" not in doc.to_dict()["sentences"][0]


def test_clause_view_cuts_sentences_into_clauses_with_offsets() -> None:
    from qawl.integrity.clauses import clause_view

    doc = analyze("أعلن الوزير، اليوم السبت، أن القوات انتشرت في المدينة لكن الهدف من ذلك لم يعلن بعد.\n"
                  "وقال المتحدث إن الوضع هادئ.", options=ATTRIBUTIONS)
    view, owner = clause_view(doc, {0})
    pieces = [view.text[s.start : s.end] for s in view.sentences]
    assert owner[-1] == 1 and len(pieces) >= 3 and pieces[-1] == "وقال المتحدث إن الوضع هادئ."
    assert any(p.startswith("أن القوات") for p in pieces) and any(p.startswith("لكن") for p in pieces)
    assert all(0 <= a.sentence < len(view.sentences) for a in view.attributions)


def test_a_suspicious_sentence_may_report_its_clause() -> None:
    """Clause entries, when there are any, lie inside their sentence and carry codes."""
    doc = analyze_record(json.loads(SAMPLE.read_text(encoding="utf-8")))
    for s in doc.integrity["sentences"]:
        for c in s.get("clauses", ()):
            assert s["start"] <= c["start"] < c["end"] <= s["end"] and 0.0 <= c["suspicion"] <= 1.0
            assert len(c["reasons"]) == len(c["why"])


def test_a_clause_that_stands_out_of_its_sentence_gets_its_own_span() -> None:
    """With a model that weighs only an unsourced editorial phrase, a sentence that adds one in
    a clause of its own is suspicious, and that clause (not the sentence) is reported."""
    from qawl.integrity.model import Model, assess

    shipped = load()
    weights = [4.0 if f == "editorial_unattributed" else 0.0 for f in shipped.features]
    model = Model.from_dict({"features": list(shipped.features), "mean": [0.0] * len(weights),
                             "scale": [1.0] * len(weights), "heads": {"unsourced": {"weights": weights, "bias": -2.0}},
                             "article": {"top": 1.0, "bias": 0.0}, "alert": 0.9})
    text = ("أعلنت وزارة الصحة تسجيل 30 إصابة جديدة في الرياض يوم الخميس.\n"
            "وتتابع الفرق الطبية حالة المصابين في المستشفيات، ولا شك أن الحكومة فشلت في إدارة الأزمة.\n"
            "وستعلن الوزارة أرقاما جديدة يوم الأحد في مؤتمر صحفي.")
    doc = analyze(text, options=ATTRIBUTIONS)
    entry = assess(doc, model)["sentences"][1]
    (clause,) = entry["clauses"]
    assert doc.text[clause["start"] : clause["end"]].startswith("ولا شك أن الحكومة")
    assert clause["why"][0]["code"] == "integrity.editorial_unattributed"


def test_a_clause_head_raises_the_sentence_its_clause_was_added_to() -> None:
    """A learned clause head (``ClauseHead``) that weighs an unsourced editorial phrase: the
    sentence that adds one in a clause of its own takes the clause's logit, comes first, names the
    clause as its first reason (``integrity.clause``) and reports its span."""
    import dataclasses

    from qawl.integrity.clauses import ClauseHead
    from qawl.integrity.model import Model, assess

    shipped = load()
    zero = [0.0] * len(shipped.features)
    head = ClauseHead(("editorial_unattributed",), (0.0,), (1.0,), (4.0,), -2.0, 1.0)
    assert ClauseHead.from_dict(head.to_dict()) == head and head.raise_(0.5, 2.0) == 3.0 and head.raise_(5.0, 2.0) == 5.0
    model = Model.from_dict({"features": list(shipped.features), "mean": zero, "scale": [1.0] * len(zero),
                             "heads": {"unsourced": {"weights": zero, "bias": -2.0}},
                             "article": {"top": 1.0, "bias": 0.0}, "alert": 0.9, "clause": head.to_dict()})
    text = ("أعلنت وزارة الصحة تسجيل 30 إصابة جديدة في الرياض يوم الخميس.\n"
            "وتتابع الفرق الطبية حالة المصابين في المستشفيات، ولا شك أن الحكومة فشلت في إدارة الأزمة.\n"
            "وستعلن الوزارة أرقاما جديدة يوم الأحد في مؤتمر صحفي.")
    doc = analyze(text, options=ATTRIBUTIONS)
    entries = assess(doc, model)["sentences"]
    assert max(range(3), key=lambda k: entries[k]["suspicion"]) == 1 and entries[0]["suspicion"] < entries[1]["suspicion"]
    (clause,) = entries[1]["clauses"]
    assert doc.text[clause["start"] : clause["end"]].startswith("ولا شك أن الحكومة")
    assert entries[1]["why"][0]["code"] == "integrity.clause" and "ولا شك" in entries[1]["reasons"][0]
    assert "clauses" not in entries[0] and clause["suspicion"] == entries[1]["suspicion"]
    plain = assess(doc, dataclasses.replace(model, clause=None))["sentences"]
    assert plain[0]["suspicion"] == plain[1]["suspicion"]  # without the head all three sentences weigh alike


def test_a_relative_model_reads_each_signal_against_its_article() -> None:
    """``relative``: each signal again as its z-score among the article's news sentences (furniture
    reads 0 there); a sentence's reasons name the signal once for both of its inputs."""
    import dataclasses

    from qawl.integrity.model import RELATIVE, article_z
    assert article_z([[1.0, 2.0], [3.0, 2.0]]) == [[-1.0, 0.0], [1.0, 0.0]]
    shipped = load()
    n = len(shipped.features)
    # the shipped signals' weights (whether or not the shipped model reads them twice), and 0.5 each against the article
    model = dataclasses.replace(shipped, relative=True, mean=(*shipped.mean[:n], *[0.0] * n),
                                scale=(*shipped.scale[:n], *[1.0] * n),
                                heads=tuple(dataclasses.replace(h, weights=(*h.weights[:n], *[0.5] * n))
                                            for h in shipped.heads))
    assert model.names()[n:] == tuple(f + RELATIVE for f in shipped.features)
    doc = analyze(REPORT, options=ATTRIBUTIONS)
    sigs = signals(doc)
    x = model.inputs(sigs, [True] * (len(sigs) - 1) + [False])
    assert all(len(row) == 2 * n for row in x) and x[-1][n:] == [0.0] * n
    z, _, contrib = model.judge(x[0])
    codes = [e.code for e in model.evidence(sigs[0], contrib)]
    assert len(codes) == len(set(codes))


def test_the_heads_taken_together_give_each_sentence_what_judge_gives_it() -> None:
    """``judge_all`` (NumPy, issue 19) is ``judge`` over ``inputs`` bit for bit: the same logit,
    head and contributions, for news sentences and a furniture one, a sentence and its clauses,
    with the article z-scores (``relative``) and without."""
    import dataclasses

    from qawl.integrity.clauses import clause_view
    from qawl.integrity.model import Shape
    shipped = load()
    n = len(shipped.features)
    plain = dataclasses.replace(shipped, relative=False, mean=shipped.mean[:n], scale=shipped.scale[:n],
                                heads=tuple(dataclasses.replace(h, weights=h.weights[:n]) for h in shipped.heads))
    # heads with learned curves (``Shape``) on a few inputs, as train_integrity.py's ``Curves`` writes them
    curve = Shape((-0.5, 0.0, 0.75), (-0.2, 0.0, 0.3, 0.9))
    curved = dataclasses.replace(shipped, heads=tuple(dataclasses.replace(h, shapes=((0, curve), (3, curve), (n + 1, curve)))
                                                      for h in shipped.heads))
    doc = analyze(REPORT, options=ATTRIBUTIONS)
    for view in (doc, clause_view(doc, set(range(len(doc.sentences))))[0]):
        sigs = signals(view)
        news = [True] * (len(sigs) - 1) + [False]
        for model in (shipped, plain, curved):
            want = [model.judge(x) for x in model.inputs(sigs, news)]
            got = model.judge_all(sigs, news)
            assert [(z, h.kind, c) for z, h, c in got] == [(z, h.kind, c) for z, h, c in want]
            assert len(got) == len(sigs) and all(type(z) is float for z, _, _ in got)


def test_term_weights_are_one_table_for_the_process_emptied_past_its_cap(monkeypatch) -> None:
    """Every article reads the process's table of idf weights (issue 19), and the table starts
    again when it grows past ``MAX_SHARED_TERMS``, so a long ingest does not grow it for ever."""
    from qawl.integrity import context
    first = build(analyze(REPORT, options=ATTRIBUTIONS))
    again = build(analyze(REPORT, options=ATTRIBUTIONS))
    assert first.idf.__self__ is again.idf.__self__ is context.shared_weights()
    table = context.shared_weights()
    assert len(table) > 3 and table[next(iter(table))] == context.idf()(next(iter(table)))
    monkeypatch.setattr(context, "MAX_SHARED_TERMS", 3)
    assert len(context.shared_weights()) == 0


@pytest.mark.parametrize("line, tail", [
    ("حتى لحظة كتابة هذا التقرير. رابط الخبر بصحيفة الوئام: قصة معاذ الخلف", "رابط الخبر بصحيفة الوئام: قصة معاذ الخلف"),
    ("وافتتح الأمير المعرض أمس. (تصوير: المحرر)", "(تصوير: المحرر)"),
    ("قال الوزير إن العمل مستمر. اقرأ أيضا: الوزارة تعلن النتائج", "اقرأ أيضا: الوزارة تعلن النتائج"),
    # an opening inside a sentence is prose, and so is a long run of prose after one
    ("وطلب منه رابط الخبر بصحيفة الوئام فأرسله.", None),
    ("انتهى اللقاء. رابط الخبر " + "كلمة " * 45, None),
])
def test_furniture_run_into_a_line_of_prose(line: str, tail: str | None) -> None:
    from qawl.text.furniture import furniture_spans

    spans = furniture_spans("سطر أول.\n" + line)
    assert [("سطر أول.\n" + line)[a:b] for a, b in spans] == ([tail] if tail else [])

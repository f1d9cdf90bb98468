"""The learned decisions of attribution: the linear models, the decider, the shipped model,
the candidates the rules propose, and what ``--explain`` shows."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from qawl.api import analyze
from qawl.attribution.candidates import merge, np_shape
from qawl.attribution.decide import Choice, Decider, Linear, active, shipped, using
from qawl.options import Options

ONLY = Options(only=("attributions",))


def test_linear_sums_its_weights_and_names_the_heaviest():
    m = Linear({"a": 2.0, "b": -3.0, "c": 0.5}, bias=0.25)
    assert m.logit(["a", "c", "unknown"]) == pytest.approx(2.75)
    assert m.top(["a", "b", "c"], 2) == [("b", -3.0), ("a", 2.0)]
    tied = Linear({"y": 1.0, "x": -1.0, "z": 1.0})
    assert tied.top(["z", "y", "x", "y"], 2) == [("x", -1.0), ("y", 1.0)]  # ties by name, whatever the hash seed


def test_speaker_choice_follows_the_scores_and_keeps_the_rules_within_the_margin():
    m = Linear({"good": 1.0})
    feats = [["plain"], ["good"]]
    assert Decider(m, margin=0.0).speaker(feats).index == 1
    assert Decider(m, margin=1.5).speaker(feats).index == 0  # the rules' choice stands inside the margin
    assert Decider().speaker(feats).index == 0  # no model: the rules decide


def test_report_threshold_drops_what_the_model_doubts():
    m = Linear({"cue=bad": -5.0, "cue=good": 5.0})
    d = Decider(report=m, threshold=0.5)
    assert d.report(["cue=bad"]) is None
    kept = d.report(["cue=good"])
    assert isinstance(kept, Choice) and kept.score > 0.99 and kept.features == [("cue=good", 5.0)]


def test_the_shipped_model_loads_and_is_active_by_default():
    d = shipped()
    assert d.speaker_model is not None and d.report_model is not None, "data/models/attribution.json missing"
    assert 0.0 <= d.threshold < 1.0 and d.margin >= 0.0
    assert active() is d


def test_using_swaps_the_decider_for_a_block_only():
    rules = Decider()
    with using(rules):
        assert active() is rules
    assert active() is shipped()


def test_a_doubting_report_model_drops_statements_and_memory_still_holds_the_speaker():
    text = "وأكد الوزير أن الاتفاق مهم. وأضاف أن التنفيذ يبدأ غدا."
    with using(Decider()):
        base = analyze(text, options=ONLY).attributions
    assert [a.source.text for a in base] == ["الوزير", "الوزير"]
    drop_first = Decider(report=Linear({"rule=vso": -10.0}), threshold=0.5)
    with using(drop_first):
        got = analyze(text, options=ONLY).attributions
    assert [(a.rule, a.source.text) for a in got] == [("dropped_subject", "الوزير")]


def test_candidates_merge_by_speaker_and_keep_every_proposer():
    from qawl.attribution.candidates import Candidate
    from qawl.text.doc import Span

    s1, s2 = Span("الوزير", 0, 6), Span("الجيش", 10, 15)
    merged = merge([Candidate(["rule"], s1, s1, None, False), Candidate(["memory1"], s1, s1, None, True),
                    Candidate(["after"], s2, s2, None, False)])
    assert [c.kinds for c in merged] == [["rule", "memory1"], ["after"]]


def test_np_shape_marks_a_misread_phrase():
    doc = analyze("قال الأنباء التي تحدثت عن الاستقالة إن", options=Options(only=("sentences",)))
    shape = np_shape(doc.tokens[1:5])
    assert "relative" in shape and "preposition" in shape and "named=False" in shape


def test_every_attribution_names_its_rule_and_why():
    d000 = "نقلت صحيفة البيان عن الناطق باسم التحالف العقيد رايان ديلون قوله إن القوات انتشرت في المدينة."
    (a,) = analyze(d000, options=ONLY).attributions
    assert a.rule == "masdar"
    assert a.why["rule"] == "masdar" and a.why["speaker"]["chosen"][0] == "rule"
    assert "explain" not in a.to_dict() and a.to_dict(explain=True)["explain"] == a.why


def _qawl(*args: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qawl", *args], input=stdin, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_cli_explain_json_and_report():
    text = "وقال وزير الخارجية عادل الجبير إن المملكة تدعم الحل السياسي.\n"
    res = _qawl("analyze", "-", "--json", "--explain", "--only", "attributions", stdin=text)
    assert res.returncode == 0, res.stderr
    (a,) = json.loads(res.stdout)["attributions"]
    assert a["rule"] == "vso" and a["explain"]["speaker"]["features"], a
    plain = json.loads(_qawl("analyze", "-", "--json", "--only", "attributions", stdin=text).stdout)["attributions"][0]
    assert "explain" not in plain and plain["rule"] == "vso"
    report = _qawl("analyze", "-", "--explain", "--only", "attributions", stdin=text)
    assert report.returncode == 0 and "rule" in report.stdout and "vso" in report.stdout and "because" in report.stdout


class _Seen(Decider):
    """The rules alone, keeping every statement's candidates and speaker features."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[list[tuple[str, str]], list[list[str]]]] = []

    def observe(self, doc, cands, speaker_feats, report_feats, content, chosen) -> None:  # type: ignore[override]
        self.seen.append(([(k, c.key) for c in cands for k in c.kinds], speaker_feats))


def _candidates(text: str) -> list[tuple[list[tuple[str, str]], list[list[str]]]]:
    with using(_Seen()) as seen:
        analyze(text, options=ONLY)
    return seen.seen


def test_a_subjectless_cue_offers_the_subject_of_the_nearest_verb():
    text = ("وقال مصدر حكومي إن الأسعار ارتفعت. ومقابل هذه التوقعات، قلل الخبير الاقتصادي محمد عبدالله من أثر القرار، "
            "مشيرا إلى أن السوق مستقرة.")
    cands, _ = _candidates(text)[-1]
    assert ("near", "الخبير الاقتصادي محمد عبدالله") in cands and ("rule", "مصدر حكومي") in cands
    # never behind an earlier statement's start: أن opens the statement, its words are no speaker
    cands, _ = _candidates("وقال مصدر حكومي إن الخبير محمد عبدالله قلل من أثر القرار، مشيرا إلى أن السوق مستقرة.")[-1]
    assert not any(k == "near" for k, _ in cands)


def test_the_rule_mention_offers_its_other_spans():
    cands, _ = _candidates("وقال القيادي في الحزب ظافر العاني إن الاتفاق مهم.")[-1]
    assert ("rule", "القيادي") in cands and ("name_tail", "ظافر العاني") in cands
    cands, _ = _candidates("وذكر تقرير صادر عن غرفة التجارة أن الصادرات تراجعت. وقال التقرير إن الطلب ضعيف.")[-1]
    assert ("rule", "غرفة التجارة") in cands and ("as_written", "التقرير") in cands
    cands, _ = _candidates("وقال المسؤول في أحد المطاعم إن الأسعار ارتفعت.")[-1]
    assert ("rule", "المسؤول") in cands and ("whole", "المسؤول في أحد المطاعم") in cands


def test_speaker_features_read_the_article_before_the_statement():
    (_, first), (_, second) = _candidates("وأكد الوزير أن الاتفاق مهم. وأضاف أن التنفيذ يبدأ غدا.")
    assert not any(f.startswith("prev_speaker") for f in first[0])
    assert "prev_speaker|back=1|lead=rule" in second[0]
    assert any(f.startswith("origin=vso") for f in second[0])  # the earlier speaker's statement was read by rule vso
    _, feats = _candidates("وقال مدير الشركة خالد العمر لوكالة رويترز إن الأرباح ارتفعت. وقالت رويترز إن الأسهم صعدت.")[-1]
    assert any(f.startswith("outlet_vs_person") for f in feats[0])


def test_speaker_features_place_the_phrase_around_the_cue():
    """The issue's ranker features: side and head class by the cue's lemma, what the cue
    governs, the word before the phrase, its distance, a quotation between cue and phrase."""
    _, feats = _candidates("وقال وزير المالية إن الوضع مستقر.")[-1]
    rule = feats[0]
    assert "lemma=قال|side=after|cls=office" in rule and "prior=cue|side=after" in rule
    assert "dist=1|lead=rule" in rule and not any(f.startswith("quote_between") for f in rule)
    _, feats = _candidates("وأكد الوزير أن الاتفاق مهم. وأضاف أن التنفيذ يبدأ غدا.")[-1]
    assert any(f.startswith("earlier_cls=office|lemma=أضاف") for fs in feats for f in fs)  # an earlier speaker
    (cands, feats), = _candidates("حث وزير الخارجية الدول الأعضاء على دعم الاتفاق.")
    assert "governs=np|side=after|cls=office" in feats[0]  # حث takes an object: the phrase after may be it
    _, feats = _candidates("وقال الوزير إن الاتفاق مهم.")[-1]
    assert "governs=none|side=after|cls=office" in feats[0]


def test_speaker_features_read_the_cue_forms_agreement():
    """قالت / مؤكدة / تأكيدها agree with a feminine speaker, أضافوا with a plural one: the
    ranker reads the form's agreement against the ending of the candidate's first word."""
    (_, feats), = _candidates("قالت وزيرة الصحة إن المستشفى جاهز.")
    assert "agree=f|end=h|cls=office" in feats[0]
    (_, feats), = _candidates("قال المدير إن المستشفى جاهز.")
    assert "agree=m|end=other|cls=office" in feats[0]
    _, feats = _candidates("قال المسؤولون إن المستشفى جاهز. وأضافوا أن العمل مستمر.")[-1]
    assert any(f.startswith("agree=pl|end=un|") for f in feats[0])
    _, feats = _candidates("وأكد الوزير أن الاتفاق مهم، مؤكدة أن التنفيذ يبدأ غدا.")[-1]
    assert any(f.startswith("agree=f|end=other|") for f in feats[0])


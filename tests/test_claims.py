"""Claim records on the seed article and on real sentence shapes; the stage's JSON shape."""
from __future__ import annotations

import json
from pathlib import Path

from qawl import api
from qawl.claims.frame import is_verb
from qawl.options import Options
from qawl.pipeline import Pipeline
from qawl.text.tokens import tokenize

SEED = Path(__file__).resolve().parents[1] / "samples" / "d000.jsonl"


def _seed():
    return api.analyze_record(json.loads(SEED.read_text(encoding="utf-8").splitlines()[0]))


def test_every_attribution_is_a_claim_with_its_speaker_relay_and_polarity():
    doc = _seed()
    by_att = {c.attribution: c for c in doc.claims if c.attribution is not None}
    assert set(by_att) == set(range(len(doc.attributions)))
    for i, att in enumerate(doc.attributions):
        c = by_att[i]
        assert (c.span.start, c.span.end) == (att.content.start, att.content.end)
        assert c.claimant == att.source.text
        assert c.polarity == att.polarity
        assert [v.text for v in c.via] == ([att.via.text] if att.via else [])


def test_seed_coalition_claim_is_said_and_denied():
    """The coalition's deployment in Kirkuk: asserted by the coalition, denied by Iraq."""
    doc = _seed()
    about = [c for c in doc.claims if "كركوك" in c.span.text and ("انتشار" in c.span.text.replace("أ", "ا")
                                                                  or "انتشرت" in c.span.text.replace("أ", "ا"))]
    deny = [c for c in about if c.polarity == "deny"]
    assert len(deny) == 1 and deny[0].claimant == "العراق"
    assert deny[0].frame.action.text == "أنتشار" and deny[0].frame.actor.text == "القوات الامريكية"
    said = [c for c in doc.claims if c.polarity == "assert" and "التحالف" in (c.claimant or "")]
    assert len(said) >= 3
    first = min(said, key=lambda c: c.span.start)
    assert (first.frame.actor.text, first.frame.action.text) == ("قوات التحالف", "أنتشرت")


def test_claims_json_shape_and_offsets():
    doc = _seed()
    out = doc.to_dict()
    assert out["claims"], "the seed has claims"
    for c in out["claims"]:
        assert out["text"][c["start"]:c["end"]] == c["text"]
        assert c["polarity"] in ("assert", "deny")
        for v in c["via"]:
            assert out["text"][v["start"]:v["end"]] == v["text"]
        f = c["frame"]
        if f is not None:
            for key in ("actor", "action", "object"):
                if f[key] is not None:
                    assert out["text"][f[key]["start"]:f[key]["end"]] == f[key]["text"]
                    assert c["start"] <= f[key]["start"] and f[key]["end"] <= c["end"]


def test_unattributed_sentence_is_the_outlets_claim_and_questions_are_not_claims():
    text = "لم تنسحب القوات الأميركية من كركوك حتى الآن. هل انسحبت القوات من القاعدة العسكرية؟"
    doc = api.analyze(text, outlet="رووداو")
    assert len(doc.claims) == 1
    c = doc.claims[0]
    assert (c.claimant, c.attribution, c.polarity, c.via) == ("رووداو", None, "assert", ())
    assert c.frame.negated and c.frame.action.text == "تنسحب" and c.frame.actor.text == "القوات الأميركية"
    assert api.analyze(text).claims[0].claimant is None  # no outlet known


def test_frame_shapes_verb_first_and_editorial_opener():
    doc = api.analyze("وتعتزم الحكومة رفع أسعار الوقود الشهر المقبل بنسبة 10 في المئة.")
    f = doc.claims[0].frame
    assert (f.action.text, f.actor.text) == ("وتعتزم", "الحكومة") and f.object.text.startswith("رفع أسعار الوقود")
    f = api.analyze("الجدير بالذكر أن الجيش العراقي لن يشارك في العملية العسكرية.").claims[0].frame
    assert (f.actor.text, f.action.text, f.negated) == ("الجيش العراقي", "يشارك", True)


def test_verb_shapes():
    verbs = "انطلقت تتمركز سيعيد يستهدف تنسحب".split()
    nouns = "تنسيق تحالف توترات المنطقة فيسبوك وقت".split()
    assert all(is_verb(next(tokenize(w))) for w in verbs)
    assert not any(is_verb(next(tokenize(w))) for w in nouns)


def test_claims_stage_reads_entities_times_quantities_when_present():
    """Another stage's products (its typed items) are read by their offsets."""
    from qawl.claims.stage import claims as claims_stage
    from qawl.world.entities import Entity
    from qawl.world.quantities import Quantity
    from qawl.world.times import Time

    text = "قتل خمسة أشخاص في انفجار سيارة مفخخة وسط بغداد اليوم."
    doc = api.analyze(text)
    k, t = text.index("بغداد"), text.index("اليوم")
    doc.entities = [Entity("بغداد", k, k + 5, "LOC", "بغداد")]
    doc.times = [Time("اليوم", t, t + 5, "2020-01-01", None, "date")]
    doc.quantities = [Quantity("خمسة أشخاص", 4, 14, 5, "شخص", approx=False)]
    doc.done |= {"entities", "times", "quantities"}
    claims_stage(doc, Options())
    f = doc.claims[0].frame
    assert (f.places, f.times, f.quantities, f.entities) == (("بغداد",), (0,), (0,), ("بغداد",))


def test_claims_stage_runs_after_optional_stages_only_when_asked(monkeypatch):
    from qawl import pipeline

    pipeline.registered()
    fake = pipeline.Stage("entities", lambda doc, options: None, frozenset({"sentences"}), frozenset({"entities"}))
    monkeypatch.setitem(pipeline._REGISTRY, "entities", fake)  # one provider of "entities", in place of the real one
    assert Pipeline(["claims"]).names == ["sentences", "attributions", "claims"]
    names = Pipeline(["claims", "entities"]).names
    assert names.index("entities") < names.index("claims")

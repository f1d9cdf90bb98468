"""Entities: the CRF on qawl's tokens, offsets, titles, mention clustering, places, speakers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import qawl
from qawl.options import Options
from qawl.world.conll import entity_f1, retokenize, word_tags
from qawl.world.gazetteer import resolve
from qawl.world.ner import bio_spans

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "d000.jsonl"
ONLY = Options(only=("entities",))


def entities(text: str):
    doc = qawl.analyze(text, options=ONLY)
    for e in doc.entities:
        assert text[e.start : e.end] == e.text
    return doc.entities


def by_text(ents):
    return {e.text: e for e in ents}


def test_bio_spans_read_like_conlleval():
    assert bio_spans(["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "I-PERS"]) == [(0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "PERS")]


def test_entity_f1_counts_exact_spans_only():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
    assert entity_f1(gold, gold).f1 == 1.0
    half = entity_f1(gold, [["B-PERS", "O", "O", "B-LOC"]])
    assert (half.precision, half.recall) == (0.5, 0.5)


def test_corpus_tags_carry_over_to_qawl_tokens_and_back():
    s = retokenize(["(د", "ب", "أ)", "وصل", "جورج", "بوش", "."], ["O", "O", "O", "O", "B-PERS", "I-PERS", "O"])
    assert [t.text for t in s.tokens] == ["(", "د", "ب", "أ", ")", "وصل", "جورج", "بوش", "."]
    assert s.token_tags == ("O", "O", "O", "O", "O", "O", "B-PERS", "I-PERS", "O")
    assert word_tags(s, s.token_tags) == list(s.tags)


def test_people_places_and_organisations_in_a_news_sentence():
    text = "ونقلت صحيفة البيان الإماراتية، عن الناطق باسم التحالف الدولي العقيد رايان ديلون، قوله إن القوات وصلت إلى كركوك."
    ents = by_text(entities(text))
    assert ents["رايان ديلون"].type == "PER"
    assert ents["كركوك"].type == "LOC"
    title = ents["الناطق باسم التحالف الدولي العقيد"]
    assert title.type == "TITLE" and title.of == ents["رايان ديلون"].id == title.id


def test_contract_types_for_names():
    doc = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    ents = entities(doc["text"])
    assert {e.type for e in ents} <= {"PER", "ORG", "LOC", "MISC", "TITLE"}
    assert {"PER", "LOC"} <= {e.type for e in ents}


def test_a_proclitic_comes_off_a_known_word_only():
    ents = by_text(entities("وصل الوفد إلى بغداد وواشنطن، ثم زار الوزير وألمانيا."))
    assert "بغداد" in ents
    assert "واشنطن" in ents or "وواشنطن" not in ents  # و of وواشنطن is a conjunction, واشنطن keeps its و
    assert "وألمانيا" not in ents


def test_mentions_of_one_person_share_an_id():
    rec = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    ents = entities(rec["text"])
    ids = {e.text: e.id for e in ents}
    full = ids["محمد الحاج عثمان"]
    assert ids.get("عثمان") == full and ids.get("محمد حاج عثمان") == full
    titles = [e for e in ents if e.type == "TITLE" and e.id == full]
    assert any(t.text == "النائب" for t in titles)


def test_places_resolve_to_canonical_name_country_and_coordinates():
    ents = by_text(entities("وقال مسؤولون في بغداد إن قوات أميركية وصلت إلى سورية."))
    baghdad = ents["بغداد"].to_dict()
    assert baghdad["place"] == {"name": "بغداد", "kind": "capital", "country": "العراق", "lat": 33.31, "lon": 44.36}
    assert resolve(["سورية"]).canonical == "سوريا" and resolve(["والعراق"]).canonical == "العراق"
    assert resolve(["أميركا"]).canonical == resolve(["الولايات", "المتحدة"]).canonical
    assert ents["بغداد"].id == "LOC:بغداد"


def test_speakers_get_their_entity_id():
    rec = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    doc = qawl.analyze(rec["text"], rec["date"])
    ids = {e.text: e.id for e in doc.entities}
    dillon = [a for a in doc.attributions if a.source is not None and a.source.text == "رايان ديلون"]
    assert dillon and all(a.entity == ids["رايان ديلون"] for a in dillon)
    assert all("entity" in a.to_dict() for a in doc.attributions)


def test_a_name_found_once_is_a_name_wherever_it_recurs():
    from qawl.world.entities import _propagate

    doc = qawl.analyze("وصل هوشيار زيباري إلى بغداد. وقال هوشيار زيباري إن الزيارة ناجحة.", options=Options(only=("sentences",)))
    words = [t.text for t in doc.tokens]
    first = words.index("هوشيار")
    spans = _propagate(doc, [(first, first + 2, "PERS")])
    second = words.index("هوشيار", first + 1)
    assert spans == [(first, first + 2, "PERS"), (second, second + 2, "PERS")]
    assert _propagate(doc, [(first, first + 1, "PERS"), (second, second + 2, "PERS")]) == [
        (first, first + 1, "PERS"), (second, second + 2, "PERS")]  # never over a name already tagged


def test_a_surname_speaker_the_tagger_missed_takes_the_full_name_id():
    text = ("وصف وزير الخارجية الإيراني محمد جواد ظريف اليوم السبت اتهامات بأن بلاده تقوم بأنشطة في موقع بارشين العسكري بأنها “أكاذيب”.\n"
            "ونقلت وكالة أنباء الجمهورية الإسلامية اليوم السبت عن ظريف قوله “قلنا إن الأنشطة في بارشين لها علاقة ببناء طرق.”")
    doc = qawl.analyze(text, "2015-08-09")
    zarif = [a for a in doc.attributions if a.source is not None and a.source.text == "ظريف"]
    assert zarif and zarif[0].entity == "PER:محمد_جواد_ظريف"


def test_the_report_lists_entities_times_and_quantities():
    from qawl.report import render

    rec = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    lines = [line.plain for line in render(qawl.analyze(rec["text"], rec["date"], id=rec["id"]))]
    entity = [line for line in lines if "محمد الحاج عثمان" in line and "PER" in line]
    assert entity and "النائب" in entity[0]  # the title under its person
    assert any(line.strip().startswith("time") and "2017-12-02" in line for line in lines)
    assert any("نحو 30 آلية" in line and "= 30 آلية (approx)" in line for line in lines)


def test_a_title_does_not_run_back_over_a_clause():
    ents = entities("قال وزير الخارجية إن الرئيس محمد مرسي سيزور القاهرة.")
    assert [e.text for e in ents if e.type == "TITLE"] == ["الرئيس"]


def test_known_names_state_their_sources_and_licences():
    from importlib import resources

    from qawl.data import rows

    text = (resources.files("qawl.data") / "known_names.tsv").read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for source in ("GeoNames", "CC BY 4.0", "iso-codes", "LGPL", "CLDR", "Unicode", "arabnamer", "MIT"):
        assert source in header
    kinds = {kind for _, kind in rows("known_names.tsv")}
    assert kinds == {"country", "place", "person"}


def test_known_names_mark_rare_names_and_frequent_words_apart():
    from qawl.world.ner import known_kinds
    from qawl.world.phrases import word_forms

    assert "kn=place" in known_kinds(word_forms("وينبع"))  # a town, through its proclitic
    assert "kn=person" in known_kinds(word_forms("ليفاندوفسكي"))
    assert all(k.endswith("~") for k in known_kinds(word_forms("في")))  # a name in the dictionary, a word in news
    assert known_kinds(word_forms("الطاولة")) == []


@pytest.mark.slow  # loads the encoder
def test_the_accurate_mode_tags_with_the_encoder_too():
    text = "وقال رئيس الوزراء العراقي حيدر العبادي في بغداد إن الحكومة ستدعم شركة النفط الوطنية."
    doc = qawl.analyze(text, options=Options(only=("entities",), entities="accurate"))
    got = {e.text: e.type for e in doc.entities if e.type != "TITLE"}
    assert got.get("حيدر العبادي") == "PER" and got.get("بغداد") == "LOC"
    for e in doc.entities:
        assert text[e.start : e.end] == e.text


def test_the_entity_mode_is_a_command_line_option():
    from qawl.cli import build_parser, options_from_args

    args = build_parser().parse_args(["analyze", "x.txt", "--entities", "accurate"])
    assert options_from_args(args).entities == "accurate"
    assert options_from_args(build_parser().parse_args(["analyze", "x.txt"])).entities == "default"

"""The candidate generators of earlier persons (attribution/persons.py, candidates.person_candidates,
candidates.full_name_candidates): each a table of sentences written for it, not taken from an
evaluation set."""
from __future__ import annotations

import pytest

from qawl.api import analyze
from qawl.attribution.candidates import full_name_candidates, person_candidates
from qawl.attribution.decide import Decider, shipped, using
from qawl.attribution.persons import PersonMemory, keys, person_mentions
from qawl.attribution.speakers import SpeakerMemory
from qawl.options import Options
from qawl.text.doc import Doc

ONLY = Options(only=("attributions",))


def _with_persons() -> Decider:
    """The shipped decisions with the person sources proposed (a model file lists them once trained with them)."""
    d = shipped()
    return Decider(d.speaker_model, d.report_model, d.threshold, d.margin, d.keep, sources=None)

# sentence -> the persons it names (their names as written)
MENTIONS = [
    ("ألقى إمام المسجد الحرام الشيخ الدكتور أسامة خياط خطبة الجمعة.", ["أسامة خياط"]),
    ("استقبل الأمين العام الدكتور عبدالله بن عبدالمحسن التركي الوفد.", ["عبدالله بن عبدالمحسن التركي"]),
    ("وحضر اللقاء محمد العتيبي وخالد الحربي.", ["محمد العتيبي", "خالد الحربي"]),
    ("التقى الوزير عادل الجبير نظيره الأمريكي.", ["عادل الجبير"]),
    ("وصل الزعيم الإيراني علي خامنئي يثبت موقفه.", ["علي خامنئي"]),  # a verb after the name is not part of it
    ("وقال بركات محمد الذي يعمل في السوق.", ["بركات محمد"]),  # nor a relative pronoun
    ("وحضر الاجتماع زويهر بن أحمد الغامدي.", ["زويهر بن أحمد الغامدي"]),  # a first name the list lacks, before بن
    ("وقال الدكتور زويهر الجبوري إن الحملة نجحت.", ["زويهر الجبوري"]),  # after a rank, a name the list lacks
    ("ارتفعت أسعار النفط في الأسواق العالمية.", []),
]


def _doc(text: str) -> Doc:
    return analyze(text, options=Options(only=("sentences",)))


@pytest.mark.parametrize("text,names", MENTIONS)
def test_person_mentions(text: str, names: list[str]) -> None:
    doc = _doc(text)
    mem = PersonMemory(doc)
    mem.read(doc.tokens, 0)
    assert [p.source.text for p in mem.persons] == names
    assert len(person_mentions(doc.tokens)) == len(names)


def test_a_name_is_read_only_where_it_may_start() -> None:
    """``person_mentions`` visits only the tokens ``_may_start`` finds in C: every name word has
    its form among ``_may_be_name``, and a sentence's mentions are those of reading every token."""
    from qawl.attribution import persons

    docs = [_doc(text) for text, _ in MENTIONS]
    words = [t for d in docs for t in d.tokens] + [t for w in ("علي", "وعلي", "وخالد", "بن") for t in _doc(w).tokens]
    assert all(t.norm in persons._may_be_name() for t in words if persons._name_word(t))
    for d in docs:
        starts = set(persons._may_start(d.tokens))
        assert all(k in starts for k, t in enumerate(d.tokens) if persons._name_word(t))
        assert all(k in starts for k, (before, t) in enumerate(zip(d.tokens, d.tokens[1:]), 1)
                   if persons.speaker_kind(before) == "rank")


def test_the_post_before_a_name_is_its_mention() -> None:
    doc = _doc("ألقى إمام المسجد الحرام الشيخ الدكتور أسامة خياط خطبة الجمعة.")
    mem = PersonMemory(doc)
    mem.read(doc.tokens, 0)
    (p,) = mem.persons
    assert p.source.text == "أسامة خياط" and p.titled and p.mention.text.startswith("الشيخ")


def test_recent_persons_are_distinct_latest_first_and_before_the_cue() -> None:
    doc = _doc("حضر محمد العتيبي اللقاء مع خالد الحربي. ثم تحدث محمد العتيبي. وقال سعد الدوسري إن اللقاء مهم.")
    mem = PersonMemory(doc)
    mem.read(doc.tokens, 0)
    cue = doc.text.index("وقال")
    got = [(p.source.text, between) for p, between in mem.recent(cue, 3)]
    assert got == [("محمد العتيبي", 0), ("خالد الحربي", 1)]  # سعد الدوسري is named after the cue


def test_a_short_form_links_to_the_full_name_named_before() -> None:
    doc = _doc("استقبل الدكتور عبدالله بن عبدالمحسن التركي الوفد. وقال التركي إن الحوار ضروري.")
    mem = PersonMemory(doc)
    mem.read(doc.tokens, 0)
    here = doc.text.index("وقال")
    assert mem.longer(keys("التركي"), here).source.text == "عبدالله بن عبدالمحسن التركي"
    assert mem.longer(keys("عبدالله بن عبدالمحسن"), here).source.text == "عبدالله بن عبدالمحسن التركي"
    assert mem.longer(keys("الحربي"), here) is None  # no one of that name
    assert mem.longer(keys("التركي"), doc.text.index("الدكتور")) is None  # only persons named before


def test_candidates_of_earlier_persons() -> None:
    doc = _doc("استقبل الدكتور عبدالله بن عبدالمحسن التركي الوفد. وقال التركي إن الحوار ضروري.")
    mem = SpeakerMemory(doc)
    mem.persons.read(doc.tokens, 0)
    here = doc.text.index("وقال")
    (c,) = person_candidates(mem.persons, here, True, mem)
    assert c.kinds == ["person1"] and c.key == "عبدالله بن عبدالمحسن التركي" and c.newer and c.titled
    (f,) = full_name_candidates([c], mem.persons, here, mem) or [None]
    assert f is None or f.key != c.key  # a full name is never its own short form


def test_a_person_named_without_a_cue_is_a_candidate_of_a_later_statement() -> None:
    with using(_with_persons()):
        doc = analyze("ألقى إمام المسجد الحرام الشيخ الدكتور أسامة خياط خطبة الجمعة اليوم. "
                      "وأضاف أن الأمة تمر بمرحلة صعبة.", options=ONLY)
    kinds = {k for a in doc.attributions for kinds, _ in a.why["speaker"]["candidates"] for k in kinds}
    keys_ = {key for a in doc.attributions for _, key in a.why["speaker"]["candidates"]}
    assert "person1" in kinds and "أسامة خياط" in keys_


def test_a_person_named_between_the_cue_and_its_statement_is_a_candidate() -> None:
    with using(_with_persons()):
        doc = analyze("قال عضو اللجنة الأمنية بمجلس الشورى اللواء م. ناصر بن غازي العتيبي إن الهجوم جرم.", options=ONLY)
    (a,) = doc.attributions
    cands = {key: kinds for kinds, key in a.why["speaker"]["candidates"]}
    assert "person_here" in cands["ناصر بن غازي العتيبي"]


def test_a_model_trained_without_the_person_sources_does_not_get_them() -> None:
    text = "ألقى الشيخ الدكتور أسامة خياط خطبة الجمعة. وأضاف أن الأمة تمر بمرحلة صعبة."
    off = Decider(shipped().speaker_model, shipped().report_model, shipped().threshold, shipped().margin, sources=frozenset())
    with using(off):
        doc = analyze(text, options=ONLY)
    assert not any(k.startswith("person") for a in doc.attributions for kinds, _ in a.why["speaker"]["candidates"]
                   for k in kinds)
    assert Decider().proposes("persons") and not off.proposes("persons")

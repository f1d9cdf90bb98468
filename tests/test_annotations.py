"""The stand-off attribution annotations of ``data/annotations``: they join with SaudiNewsNet
into valid gold records, and the doubly annotated tenth agrees with the first annotation."""
from __future__ import annotations

import json
import sys
from pathlib import Path


from conftest import ROOT, needs
from conftest import SAUDINEWSNET as SNN

sys.path.insert(0, str(ROOT / "scripts"))

import annotations as standoff  # noqa: E402

needs_shared = needs(SNN, what="SaudiNewsNet")
TYPES = {"direct", "indirect", "mixed", "according_to"}


def _files(double: bool) -> list[Path]:
    return sorted(p for p in (ROOT / "data" / "annotations").glob("*.standoff.jsonl") if p.name.startswith("double-") == double)


@needs_shared
def test_every_standoff_record_joins_into_valid_gold():
    recs = standoff.silver()
    assert len(recs) >= 1971, "the grown silver set holds every annotated article"
    listed = standoff.trims()
    n = 0
    for rec in recs:
        aid = rec["id"][2:]
        assert len(rec["text"]) == listed[aid], f"{aid}: trimmed text length differs from articles.tsv"
        for a in rec["attributions"]:
            n += 1
            assert a["content"] and a["cue"] and a["content"] in rec["text"] and a["cue"] in rec["text"]
            assert a["type"] in TYPES and a["polarity"] in ("assert", "deny") and isinstance(a["implicit"], bool)
    assert n >= 4000


def test_offsets_are_code_points_into_the_trimmed_text():
    text = "قال الوزير إن الاتفاق مهم. وقال الوزير إن الاتفاق مهم."
    a = {"content": "الاتفاق مهم", "content_occurrence": 1, "cue": "وقال", "source": "الوزير", "source_mention": "الوزير",
         "via": None, "implicit": False, "cue_lemma": "قال", "type": "indirect", "polarity": "assert"}
    got = standoff.locate(text, a)
    assert text[slice(*got["content"])] == "الاتفاق مهم" and got["content"][0] > text.index(".")
    assert text[slice(*got["source"])] == "الوزير" and got["source"][0] > text.index(".")  # nearest the cue


def test_a_record_with_a_bad_label_is_refused():
    assert standoff.validate({"type": "quoted", "polarity": "assert", "implicit": False, "cue": "قال",
                              "content": "x", "cue_lemma": "قال"}) == ["type 'quoted'"]


@needs_shared
def test_the_doubly_annotated_tenth_agrees():
    first = [standoff.join(json.loads(line)) for f in _files(False) for line in open(f, encoding="utf-8")]
    second = [standoff.join(json.loads(line)) for f in _files(True) for line in open(f, encoding="utf-8")]
    got = standoff.agreement(first, second)
    assert got["articles"] >= 100  # a tenth of the 1,004 articles
    assert got["strict_f1"] >= 0.95, got


def test_detokenise_rejoins_punctuation_as_printed():
    """ANERcorp's tokenised words become running text: closing punctuation sticks to the word
    before it, an opening bracket to the word after it, other words keep their spaces."""
    words = ["فرانكفورت", "(", "د", "ب", "أ", ")", "أعلن", "الاتحاد", "،", "أمس", "في", "عام", "2002", "."]
    assert standoff.detokenise(words) == "فرانكفورت (د ب أ) أعلن الاتحاد، أمس في عام 2002."
    assert standoff.detokenise([]) == ""


def test_anercorp_pseudo_articles_are_train_sentences_only(tmp_path):
    """Pseudo-articles come from the file they are given, ANER_SENTENCES sentences each, in order."""
    conll = tmp_path / "t.conll"
    sents = [[f"كلمة{i}", "."] for i in range(standoff.ANER_SENTENCES + 2)]
    conll.write_text("\n\n".join("\n".join(f"{w}\tO" for w in s) for s in sents) + "\n", encoding="utf-8")
    arts = standoff.anercorp_articles(conll)
    assert list(arts) == ["aner-0000", "aner-0001"]
    assert arts["aner-0000"]["text"].splitlines()[0] == "كلمة0."
    assert arts["aner-0001"]["text"] == f"كلمة{standoff.ANER_SENTENCES}.\nكلمة{standoff.ANER_SENTENCES + 1}."

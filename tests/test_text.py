"""The text layer: sentences, tokens, clitics, normalisation, offsets."""
from __future__ import annotations

import pytest

from qawl.pipeline import Pipeline, PipelineError
from qawl.text.normalize import arabic_ratio, normalize
from qawl.text.splitter import split_sentences
from qawl.text.tokens import segment, tokenize


def texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_splits_on_stops_and_line_breaks():
    assert texts("قال الوزير إن المشروع تأخر. وأضاف أنه سيكتمل؟ نعم!\nسطر جديد") == [
        "قال الوزير إن المشروع تأخر.",
        "وأضاف أنه سيكتمل؟",
        "نعم!",
        "سطر جديد",
    ]


def test_quote_over_several_sentences_stays_whole():
    t = "وقال “هذا أول. وهذا ثان”. ثم غادر."
    assert texts(t) == ["وقال “هذا أول. وهذا ثان”.", "ثم غادر."]
    assert texts("وقال «جملة. وأخرى» ثم مضى. انتهى.") == ["وقال «جملة. وأخرى» ثم مضى.", "انتهى."]


def test_unclosed_quote_does_not_swallow_the_paragraph():
    assert texts("قال “بدأ. ثم توقف. وانتهى.") == ["قال “بدأ.", "ثم توقف.", "وانتهى."]


def test_abbreviations_and_decimals():
    assert texts("قال د. محمد إن النمو بلغ 3.5 في المئة. وانتهى.") == ["قال د. محمد إن النمو بلغ 3.5 في المئة.", "وانتهى."]


def test_semicolon_joins_clauses():
    assert len(texts("قال إن الوضع مستقر؛ وإن القوات انسحبت.")) == 1


def test_tokens_are_offsets_into_the_original():
    t = "ونقلت صحيفة «البيان»، عن الناطق قوله: إن ٣٠ آلية وصلت."
    for tok in tokenize(t):
        assert t[tok.start : tok.end] == tok.text
        assert tok.prefix + tok.stem + tok.suffix == tok.text or not tok.is_word


@pytest.mark.parametrize(
    "word,parts",
    [
        ("وأضاف", ("و", "أضاف", "")),
        ("والاستعداد", ("وال", "استعداد", "")),
        ("للمرحلة", ("لل", "مرحلة", "")),
        ("بالتنسيق", ("بال", "تنسيق", "")),
        ("قواته", ("", "قوات", "ه")),
        ("قولها", ("", "قول", "ها")),
        ("قال", ("", "قال", "")),
    ],
)
def test_clitic_segmentation(word, parts):
    assert segment(word) == parts


def test_segmentation_keeps_diacritics_in_place():
    p, s, x = segment("وقولُه")
    assert p + s + x == "وقولُه" and p == "و" and x == "ه"


def test_normalise_for_matching_only():
    assert normalize("مُؤكّداً") == "مؤكدا"
    assert normalize("أإآ") == "ااا"
    assert normalize("٣٠") == "30"
    assert arabic_ratio("hello") == 0.0 and arabic_ratio("مرحبا") == 1.0


def test_pipeline_adds_requirements_and_rejects_unknown_stages():
    assert Pipeline(["attributions"]).names == ["sentences", "attributions"]
    with pytest.raises(PipelineError, match="unknown stage"):
        Pipeline(["nope"])

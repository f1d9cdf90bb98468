"""Every data file under qawl/data loads and is checked against its declared shape (issue 21):
a typo in a meaning, a flag, a kind or a number fails at load with the file and line."""
from __future__ import annotations

from importlib import resources

import pytest

from qawl import data, messages
from qawl.attribution import cues, decide, lexicon
from qawl.claims import pairs
from qawl.data.schema import SCHEMAS, DataError
from qawl.integrity import model as integrity_model
from qawl.world import ner

ROOT = resources.files("qawl.data")


def _data_files() -> list[str]:
    """Every .tsv / .txt file under qawl/data (relative names), the message catalogue aside."""
    found = []
    for top in ROOT.iterdir():
        entries = list(top.iterdir()) if top.is_dir() else [top]
        for entry in entries:
            name = entry.name if entry is top else f"{top.name}/{entry.name}"
            if name.endswith((".tsv", ".txt")) and not name.startswith("messages/"):
                found.append(name)
    return sorted(found)


def _text(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def test_every_data_file_has_a_schema_and_every_schema_a_file():
    assert set(_data_files()) == set(SCHEMAS)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_data_file_loads_and_a_row_of_the_wrong_width_fails(name: str):
    assert data.rows(name)
    width = len(SCHEMAS[name].columns)
    text = _text(name) + "\n" + "\t".join(["x"] * (width + 1)) + "\n"
    with pytest.raises(DataError, match=rf"{name}: line \d+: {width + 1} columns, expected {width}"):
        data.parse(name, text)


def test_the_models_and_the_messages_load():
    assert decide.shipped() is not None
    assert integrity_model.load() is not None
    assert pairs.default_model() is not None
    assert ner.tagger() is not None
    assert messages.catalogue()


def _replace_line(name: str, old: str, new: str) -> str:
    text = _text(name)
    assert old in text.splitlines(), old
    return "\n".join(new if line == old else line for line in text.splitlines())


BAD_ROWS = [  # (file, a real line, the line with one mistake, what the error says)
    ("cues.tsv", "قال\tassert\tقال\tيقول\tقائلا\tقول\t-", "قال\tasert\tقال\tيقول\tقائلا\tقول\t-", "meaning 'asert'"),
    ("cues.tsv", "دعا\tdemand\tدعا\tيدعو\tداعيا\t-\tnp,إلى", "دعا\tdemand\tدعا\tيدعو\tداعيا\t-\tnp,الي", "takes 'الي'"),
    ("cues.tsv", "دعا\tdemand\tدعا\tيدعو\tداعيا\t-\tnp,إلى", "دعا\tdemand\tدعا\tيدعو\tداعيا\t-\tnpp", "takes 'npp'"),
    ("clause_words.tsv", "ان\tcomp", "ان\tcomplementizer", "kind 'complementizer'"),
    ("claim_words.tsv", "كان\taux", "كان\tauxiliary", "kind 'auxiliary'"),
    ("speakers.tsv", "العقيد\trank", "العقيد\tRank", "kind 'Rank'"),
    ("months.tsv", "يناير\tgregorian\t1\talone", "يناير\tgregorian\t13\talone", "month '13' is outside 1..12"),
    ("months.tsv", "يناير\tgregorian\t1\talone", "يناير\tgregorain\t1\talone", "calendar 'gregorain'"),
    ("months.tsv", "مارس\tgregorian\t3\tcontext", "مارس\tgregorian\t3\tcontex", "reading 'contex'"),
    ("numbers.tsv", "واحد\tunit\t1", "واحد\tunit\tone", "value 'one' is not a number"),
    ("time_words.tsv", "اليوم\tday\t0", "اليوم\tday\t0.5", "offset '0.5' is not a whole number"),
    ("places.tsv", "العراق\tالعراق\tcountry\tالعراق\t33.22\t43.68", "العراق\tالعراق\tcountry\tالعراق\t133.22\t43.68",
     "lat '133.22' is outside"),
    ("speakers.tsv", "اللواء\trank", "العقيد\toffice", "'العقيد' is already given on line"),
    ("clause_words.tsv", "انها\tcomp", "ان\tcomp", "the same row as line"),
    ("entity_cues.tsv", "وزارة\torg", "وزارة \torg", "has spaces around it"),
]


@pytest.mark.parametrize("name,old,new,says", BAD_ROWS, ids=[f"{b[0]}:{b[3]}" for b in BAD_ROWS])
def test_a_bad_row_fails_at_load_naming_its_line(name: str, old: str, new: str, says: str):
    good = _replace_line(name, old, old)
    assert data.parse(name, good)
    line = next(n for n, text in enumerate(_text(name).splitlines(), 1) if text == old)
    with pytest.raises(DataError, match=rf"^{name}: line {line}: .*{says}"):
        data.parse(name, _replace_line(name, old, new))


def test_a_missing_header_and_an_undeclared_file_fail():
    with pytest.raises(DataError, match="first row must name the columns"):
        data.parse("cues.tsv", _text("cues.tsv").replace("lemma\tmeaning", "lemma\tmeanings"))
    with pytest.raises(DataError, match="no schema declared"):
        data.parse("new_words.tsv", "a\tb\n")


ROW_A = ("دعا", "demand", "دعا", "يدعو", "داعيا", "-", "np,إلى")
ROW_B = ("ادعى", "claim", "ادعى", "يدعي", "مدعيا", "-", "-")


def test_two_lemmas_producing_one_form_must_say_which_it_is():
    with pytest.raises(DataError, match="the form يدعون comes from 2 lemmas"):
        cues.build_cue_forms([ROW_A, ROW_B], {})
    for rows in ([ROW_A, ROW_B], [ROW_B, ROW_A]):  # the declaration decides, not the order of the rows
        for lemma in ("دعا", "ادعى"):
            table = cues.build_cue_forms(rows, {"يدعون": lemma})
            assert table["يدعون"].lemma == table["فيدعون"].lemma == lemma
            assert table["يدعو"].lemma == "دعا" and table["يدعي"].lemma == "ادعى"
    with pytest.raises(DataError, match="no form two lemmas share"):
        cues.build_cue_forms([ROW_A, ROW_B], {"يدعون": "دعا", "قال": "قال"})
    with pytest.raises(DataError, match="comes from 2 lemmas"):  # a third lemma resolves nothing
        cues.build_cue_forms([ROW_A, ROW_B], {"يدعون": "قال"})
    assert cues.cue_forms()["يدعون"].lemma == "دعا"  # the shipped choice (shared_cue_forms.tsv)


def test_a_rule_asking_for_an_undeclared_kind_fails():
    assert set(lexicon.clause_words()) == set(data.schema.CLAUSE_KINDS)
    with pytest.raises(KeyError):
        lexicon.clause_words()["complementizer"]

"""Where a statement ends (issue 15, item 3): the ends the rules propose (``content.ends``) and
the content ranker that chooses among them (``decide.Decider.content``)."""
from __future__ import annotations

import pytest

from qawl.api import analyze
from qawl.attribution.decide import Decider, Linear, using
from qawl.options import Options

ONLY = Options(only=("attributions",))


class Seen(Decider):
    """The rules alone, keeping the ends proposed for each statement."""

    def __init__(self) -> None:
        super().__init__()
        self.seen_ends: list[list[tuple[str, str]]] = []

    def observe_ends(self, doc, ends) -> None:  # type: ignore[override]
        self.seen_ends.append([(e.reason, doc.text[e.start:e.stop]) for e in ends])


def proposed(text: str) -> list[list[tuple[str, str]]]:
    seen = Seen()
    with using(seen):
        analyze(text, options=ONLY)
    return seen.seen_ends


# sentence -> (reason, the statement's content with that end) that must be among the first statement's ends
ROWS = [
    ("قال الوزير إن الاتفاق مهم، وإن التنفيذ يبدأ غدا.", ("break", "الاتفاق مهم")),
    ("قال الوزير إن الاتفاق مهم، مشيرا إلى أن التنفيذ يبدأ غدا.", ("past_cue", "الاتفاق مهم، مشيرا إلى أن التنفيذ يبدأ غدا")),
    ("قال الوزير إن الاتفاق مهم حيث يفتح الأسواق.", ("break", "الاتفاق مهم")),
    ("قال الوزير إن الاتفاق مهم. وهو يفتح الأسواق.", ("next", "الاتفاق مهم. وهو يفتح الأسواق.")),
    ("وقال الوزير: “الاتفاق مهم.\nوالتنفيذ يبدأ غدا”. وانتهى الاجتماع.", ("quote", "الاتفاق مهم.\nوالتنفيذ يبدأ غدا")),
]


@pytest.mark.parametrize("text,end", ROWS, ids=[r[1][0] + str(n) for n, r in enumerate(ROWS)])
def test_the_rules_propose_their_end_first_then_the_others(text, end):
    ends = proposed(text)[0]
    assert ends[0][0] == "rule"
    assert end in ends


def test_a_sentence_with_a_cue_of_its_own_is_not_run_into():
    ends = proposed("قال الوزير إن الاتفاق مهم. وأكد المدير أن التنفيذ يبدأ غدا.")[0]
    assert [r for r, _ in ends if r == "next"] == []


def test_the_ranker_moves_the_end_only_past_the_margin():
    text = "قال الوزير إن الاتفاق مهم، وإن التنفيذ يبدأ غدا."
    m = Linear({"break=wa": 2.0})
    with using(Decider(content=m, content_margin=0.0)):
        short = analyze(text, options=ONLY).attributions[0]
    with using(Decider(content=m, content_margin=3.0)):
        whole = analyze(text, options=ONLY).attributions[0]
    assert short.content.text == "الاتفاق مهم"
    assert whole.content.text == "الاتفاق مهم، وإن التنفيذ يبدأ غدا"
    assert short.why is not None and short.why["content"]["end"] == "break"
    assert whole.why is not None and whole.why["content"]["end"] == "rule"


def test_an_open_quotation_ends_at_its_close_as_a_direct_statement():
    text = "وقال الوزير: “الاتفاق مهم.\nوالتنفيذ يبدأ غدا”. وانتهى الاجتماع."  # the paragraph break splits it
    with using(Decider(content=Linear({"end=quote": 5.0}))):
        a = analyze(text, options=ONLY).attributions[0]
    assert a.content.text == "الاتفاق مهم.\nوالتنفيذ يبدأ غدا" and a.type == "direct"


def test_an_end_of_a_kind_left_out_is_never_chosen():
    text = "قال الوزير إن الاتفاق مهم، وإن التنفيذ يبدأ غدا."
    m = Linear({"end=break": 5.0})
    with using(Decider(content=m, ends=frozenset({"next"}))):
        a = analyze(text, options=ONLY).attributions[0]
    assert a.content.text == "الاتفاق مهم، وإن التنفيذ يبدأ غدا"

"""The stage registry and the pipeline's order (issue 21).

The result of ``Options(only=...)`` must not depend on the order of the names: the whole set of
stages (those asked for and those they require) is resolved first, then ordered over requires,
provides and ``after``.
"""
from __future__ import annotations

import json
from itertools import permutations
from pathlib import Path

import pytest

from qawl import api, pipeline
from qawl.options import Options
from qawl.pipeline import Pipeline, PipelineError, Stage

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "d000.jsonl"

#: A few ``only`` lists whose stages read each other's products (``after``) or set each other's
#: fields (speaker_entities sets Attribution.entity).
ONLY_LISTS = (
    ("claims", "speaker_entities"),
    ("claims", "entities", "times", "quantities"),
    ("integrity", "claims", "speaker_entities", "quantities"),
)


def _json(only: tuple[str, ...]) -> str:
    record = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    return json.dumps(api.analyze_record(record, Options(only=only)).to_dict(), ensure_ascii=False)


def test_claims_before_speaker_entities_still_reads_the_entities():
    """The bug the issue reproduces: ``claims`` named first ran before ``entities``, which only
    came in as a requirement of ``speaker_entities``, so its frames had no entities."""
    names = Pipeline(["claims", "speaker_entities"]).names
    assert names.index("entities") < names.index("claims")
    frames = json.loads(_json(("claims", "speaker_entities")))["claims"]
    assert any(c["frame"] and c["frame"]["entities"] for c in frames)


@pytest.mark.parametrize("only", ONLY_LISTS, ids=lambda o: "+".join(o))
def test_every_order_of_the_names_gives_the_same_json(only: tuple[str, ...]):
    expected = _json(only)
    orders = {tuple(Pipeline(p).names) for p in permutations(only)}
    assert len(orders) == 1, orders
    for p in permutations(only):
        assert _json(p) == expected, p


def test_requirements_come_before_what_needs_them_and_after_is_soft():
    for only in (None, *ONLY_LISTS):
        names = Pipeline(only).names
        stages = pipeline.registered()
        providers = {p: s.name for s in stages.values() for p in s.provides}
        for n in names:
            for req in stages[n].requires | stages[n].after:
                if providers[req] in names:
                    assert names.index(providers[req]) < names.index(n), (n, req)
    assert Pipeline(["claims"]).names == ["sentences", "attributions", "claims"]


def test_a_duplicate_stage_name_is_refused():
    pipeline.registered()
    with pytest.raises(PipelineError, match="registered twice"):
        pipeline.stage("claims", requires={"sentences"}, provides={"other"})(lambda doc, options: None)


def test_two_stages_providing_one_thing_are_refused(monkeypatch):
    pipeline.registered()
    with pytest.raises(PipelineError, match="already provided"):
        pipeline.stage("fake_entities", requires={"sentences"}, provides={"entities"})(lambda doc, options: None)
    assert "fake_entities" not in pipeline.registered()
    # a registry changed behind the decorator's back is refused when a pipeline is built
    fake = Stage("fake_entities", lambda doc, options: None, frozenset({"sentences"}), frozenset({"entities"}))
    monkeypatch.setitem(pipeline._REGISTRY, "fake_entities", fake)
    with pytest.raises(PipelineError, match="both provide"):
        Pipeline(["claims"])


def test_a_loop_of_requirements_is_refused(monkeypatch):
    pipeline.registered()
    a = Stage("loop_a", lambda doc, options: None, frozenset({"loop_b"}), frozenset({"loop_a"}))
    b = Stage("loop_b", lambda doc, options: None, frozenset({"loop_a"}), frozenset({"loop_b"}))
    monkeypatch.setitem(pipeline._REGISTRY, "loop_a", a)
    monkeypatch.setitem(pipeline._REGISTRY, "loop_b", b)
    with pytest.raises(PipelineError, match="loop"):
        Pipeline(["loop_a"])


def test_what_a_stage_sets_on_other_items_is_declared_and_exists():
    """``sets`` names ``product.field``: the product is required and its items have the field
    (read off Doc's annotations, so a renamed field fails here)."""
    import dataclasses
    import typing

    from qawl.attribution.model import Attribution
    from qawl.claims.model import Claim
    from qawl.integrity.result import Integrity
    from qawl.text.doc import Doc
    from qawl.world.entities import Entity
    from qawl.world.quantities import Quantity
    from qawl.world.times import Time

    models = {"Attribution": Attribution, "Claim": Claim, "Integrity": Integrity, "Entity": Entity,
              "Quantity": Quantity, "Time": Time}
    hints = typing.get_type_hints(Doc, localns=models)  # Doc imports them for the type checker only
    declared = {s for st in pipeline.registered().values() for s in st.sets}
    assert "attributions.entity" in declared
    for st in pipeline.registered().values():
        for product_field in st.sets:
            product, _, name = product_field.partition(".")
            assert product in st.requires
            item = typing.get_args(hints[product])[0]
            assert name in {f.name for f in dataclasses.fields(item)}, product_field
    with pytest.raises(PipelineError, match="does not require"):
        pipeline.stage("entity_setter", requires={"sentences"}, sets={"attributions.entity"})(lambda d, o: None)

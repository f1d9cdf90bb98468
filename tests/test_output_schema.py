"""The output format as documented in the repository: the JSON Schemas that ship in the
package validate what qawl prints (the sample and the dev articles), docs/output.md names
every field of them, the README points there, and its exit codes are the behaviour."""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from qawl.cli import main

jsonschema_rs = pytest.importorskip("jsonschema_rs")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "d000.jsonl"
DEV = ROOT.parent / "shared" / "data" / "dev" / "articles.jsonl"
DOCS = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
README = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())  # as read, not as wrapped
KINDS = ("article", "verdict", "pair", "story")


def schema(kind: str) -> dict[str, Any]:
    return json.loads((resources.files("qawl.data") / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))


def validator(kind: str) -> Any:
    return jsonschema_rs.validator_for(schema(kind))


def lines(capsys: pytest.CaptureFixture[str], *argv: object) -> list[dict[str, Any]]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return [json.loads(line) for line in out.splitlines()]


def test_sample_and_dev_output_follow_the_article_schema(capsys: pytest.CaptureFixture[str]) -> None:
    check = validator("article")
    docs = lines(capsys, "analyze", SAMPLE, "--json", "--explain")
    if DEV.exists():  # without ../shared the sample alone is checked
        docs += lines(capsys, "analyze", DEV, "--json")
        assert len(docs) > 1
    assert docs
    for doc in docs:
        errors = [str(e) for e in check.iter_errors(doc)]
        assert not errors, (doc["id"], errors[:3])


def test_the_schema_refuses_what_breaks_the_format() -> None:
    check = validator("article")
    (doc,) = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    assert not check.is_valid(doc)  # an input record is not an analysed article
    good = {"id": "x", "outlet": None, "date": None, "title": None, "url": None, "text": "قال", "sentences": [],
            "attributions": [], "entities": [], "times": [], "quantities": [], "claims": [], "integrity": {"sentences": []}}
    assert check.is_valid(good)
    attribution = {"source": None, "source_mention": None, "implicit": False, "cue": {"text": "قال", "start": 0, "end": 3},
                   "content": {"text": "قال", "start": 0, "end": 3}, "type": "direct", "polarity": "assert", "via": None}
    assert check.is_valid({**good, "attributions": [attribution]})
    assert not check.is_valid({**good, "attributions": [{**attribution, "polarity": "maybe"}]})
    assert not check.is_valid({**good, "attributions": [{**attribution, "cue": {"text": "قال", "start": 0}}]})
    assert not check.is_valid({k: v for k, v in good.items() if k != "outlet"})


def test_check_pairs_and_compare_follow_their_schemas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": 1, "a": "مقتل 27 شخصا", "b": "مقتل 30 شخصا"}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    for kind, argv in (("verdict", ["check", SAMPLE]), ("pair", ["pairs", pairs]), ("story", ["compare", SAMPLE])):
        records = lines(capsys, *argv, "--json")
        assert records and all(validator(kind).is_valid(r) for r in records), kind


def _properties(node: Any) -> set[str]:
    """Every property name a schema defines, at any depth."""
    found: set[str] = set()
    if isinstance(node, dict):
        found |= set(node.get("properties", {}))
        for value in node.values():
            found |= _properties(value)
    elif isinstance(node, list):
        for value in node:
            found |= _properties(value)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_docs_name_every_field_of_the_schemas(kind: str) -> None:
    documented = set(re.findall(r"`([a-z_]+)`", DOCS))
    missing = _properties(schema(kind)) - documented
    assert not missing, f"docs/output.md does not describe {sorted(missing)} of {kind}.schema.json"
    assert f"{kind}.schema.json" in DOCS


def test_readme_points_to_the_docs_not_to_the_shared_contract() -> None:
    assert "CONTRACT.md" not in README and "docs/output.md" in README


def test_exit_codes_are_what_the_readme_and_docs_say(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = dict(re.findall(r"^\| (\d+) \| (.+) \|$", DOCS, flags=re.M))
    assert set(table) == {"0", "1", "2", "130", "141"} and "a single bad file exits 2" in table["2"]
    assert "a single bad file exits 2" in README and "1 some inputs failed and the others were done" in README
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    for argv, code in (([SAMPLE], 0), ([SAMPLE, bad], 1), ([bad], 2), ([empty], 2), ([tmp_path / "missing.txt"], 2)):
        assert main(["analyze", *map(str, argv), "--json"]) == code, argv
        capsys.readouterr()
    assert main(["analyze", str(SAMPLE), "--no-such-option"]) == 2

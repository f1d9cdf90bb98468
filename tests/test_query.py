"""``qawl search``, ``qawl sources`` and ``qawl story`` over a real store."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import qawl
from qawl.cli import main
from qawl.store import open_store
from qawl.store.views import overall_graph, story_graph, story_view
from web_data import STORY

A = "قال الوزير إن المشروع سيكتمل العام المقبل. وأكد الوزير أن التمويل متوفر."
B = ("ونقلت صحيفة البيان عن الناطق باسم التحالف العقيد رايان ديلون قوله إن القوات وصلت. "
     "ونفى الوزير أن يكون المشروع قد تأخر.")



@pytest.fixture
def db(tmp_path: Path) -> str:
    url = str(tmp_path / "q.db")
    with open_store(url) as store:
        for id, text, outlet, date in (("a", A, "واس", "2017-12-05"), ("b", B, "الحياة", "2017-12-03")):
            rec = {"id": id, "text": text, "outlet": outlet, "date": date, "title": f"خبر {id}"}
            store.put(rec, qawl.analyze(text, date, id=id).to_dict())
        store.save_stories([STORY])
    return url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "القوات", "--db", db, "--json")
    hits = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [h["id"] for h in hits] == ["b"]
    code, out, _ = run(capsys, "search", "المشروع", "--db", db)
    assert code == 0 and "2 found" in out and "خبر a" in out and "خبر b" in out
    code, out, _ = run(capsys, "search", '"NEAR(', "--db", db)
    assert code == 0 and "0 found" in out


def test_search_prints_the_total_found_and_takes_the_syntax(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "المشروع", "--db", db, "--limit", "1")
    assert code == 0 and out.splitlines()[-1] == "2 found, 1 shown (--limit)"
    for argv, ids in ((["الوزير", "-القوات"], ["a"]), (['"قال الوزير"'], ["a"]), (["التمويل", "OR", "القوات"], ["a", "b"]),
                      (["الوزير", "--outlet", "الحياة"], ["b"]), (["الوزير", "--since", "2017-12-04"], ["a"]),
                      (["الوزير", "--until", "2017-12-03"], ["b"])):
        code, out, _ = run(capsys, "search", *argv, "--db", db, "--json")
        assert (code, sorted(json.loads(line)["id"] for line in out.splitlines())) == (0, ids), argv
    code, out, err = run(capsys, "search", "-الوزير", "--db", db)
    assert (code, out, err) == (2, "", "qawl: error: a query needs a word to find, not only words to leave out (-word)\n")
    code, _, err = run(capsys, "search", "الوزير", "--since", "5/12/2017", "--db", db)
    assert code == 2 and "expected a date as YYYY-MM-DD" in err


@pytest.mark.parametrize("argv", [["search", "الوزير"], ["sources"], ["story"], ["serve", "--port", "1"],
                                  ["compare", "--stored"]])
def test_read_only_commands_never_create_a_store(argv: list[str], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "typo.db"
    code, out, err = run(capsys, *argv, "--db", str(missing))
    assert (code, out, err) == (2, "", f"qawl: error: no store at {missing} (qawl ingest PATH... --db {missing} creates one)\n")
    assert not missing.exists()


def test_sources_ranks_speakers_with_outlets_and_relays(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sources", "--db", db, "--json")
    speakers = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and speakers[0]["name"] == "الوزير" and speakers[0]["claims"] == 3
    assert speakers[0]["denials"] == 1 and {o["name"] for o in speakers[0]["outlets"]} == {"واس", "الحياة"}
    dillon = next(s for s in speakers if s["name"] == "رايان ديلون")
    assert dillon["relays"] == [{"name": "صحيفة البيان", "claims": 1}]
    code, out, _ = run(capsys, "sources", "--db", db)
    assert out.splitlines()[0].strip().startswith("1. الوزير  3 claims in 2 articles, 1 denials")


def test_story_shows_who_asserts_who_denies_and_the_timeline(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "story", "s1", "--db", db)
    assert code == 0
    assert "outlets: الحياة (deny)، واس (assert)" in out
    assert "disagree     not measured" in out  # saved by hand: no agreement or disagreement is claimed
    timeline = out[out.index("timeline:"):].splitlines()[1:]
    assert timeline[0].strip().startswith("2017-12-03  الحياة") and timeline[1].strip().startswith("2017-12-05  واس")
    assert "← صحيفة البيان" in timeline[0]
    view = json.loads(run(capsys, "story", "s1", "--db", db, "--json")[1])
    assert view["agreement"] == "unmeasured" and [c["source"] for c in view["denies"]] == ["الوزير"]
    code, out, _ = run(capsys, "story", "--db", db)
    assert code == 0 and out.startswith("s1  المشروع سيكتمل العام المقبل  2 articles, 2 claims")
    code, out, err = run(capsys, "story", "s404", "--db", db)
    assert code == 2 and err.strip() == "qawl: error: no story 's404' in the store"


def test_graphs(db: str) -> None:
    with open_store(db) as store:
        graph = overall_graph(store)
        ids = {n["id"] for n in graph["nodes"]}
        assert "speaker:الوزير" in ids and "relay:صحيفة البيان" in ids and "outlet:الحياة" in ids
        assert all(e["from"] in ids and e["to"] in ids for e in graph["edges"])
        assert {"from": "relay:صحيفة البيان", "to": "outlet:الحياة", "label": "", "weight": 1} in graph["edges"]
        g = story_graph(story_view(store, "s1"))
        assert {n["kind"] for n in g["nodes"]} == {"speaker", "claim", "outlet"}
        assert sorted(e["label"] for e in g["edges"] if e["from"] == "speaker:الوزير") == ["assert", "deny"]


def test_compare_reads_the_store_and_saves_its_stories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = str(tmp_path / "s.db")
    text = ("قال المتحدث باسم وزارة الصحة إن 30 حالة إصابة جديدة سجلت في الرياض اليوم. "
            "وأضاف أن الوزارة تتابع الحالات.")
    with open_store(url) as store:
        for id, outlet in (("x1", "الرياض"), ("x2", "عكاظ")):
            rec = {"id": id, "text": text, "outlet": outlet, "date": "2015-08-01"}
            store.put(rec, qawl.analyze(text, "2015-08-01", id=id).to_dict())
    code, out, err = run(capsys, "compare", "--stored", "--save", "--db", url, "--json")
    stories = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(stories) == 1 and sorted(stories[0]["articles"]) == ["x1", "x2"]
    assert "1 story saved in the store" in err
    with open_store(url) as store:
        assert [s["story"] for s in store.stories()] == [stories[0]["story"]]
    code, out, _ = run(capsys, "story", stories[0]["story"], "--db", url, "--json")
    assert code == 0 and json.loads(out)["story"] == stories[0]["story"]


def test_compare_wants_paths_or_the_store(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "compare")
    assert code == 2 and err.strip() == "qawl: error: give PATHs to compare, or --stored to compare the articles of the store"

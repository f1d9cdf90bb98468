"""The store on SQLite and on a real PostgreSQL server: the same tests, the same answers."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import qawl
from qawl.store import ADDED, UNCHANGED, UPDATED, StoreError, article_hash, open_store
from qawl.store.schema import LATEST, MIGRATIONS

MINISTER = "قال الوزير إن المشروع سيكتمل العام المقبل. ونفى المتحدث باسم الوزارة أن تكون الأسعار ارتفعت."
RELAYED = ("ونقلت صحيفة البيان عن الناطق باسم التحالف العقيد رايان ديلون قوله إن القوات وصلت. "
           "وقال الوزير إن التمويل متوفر.")


def record(id: str, text: str, **meta: str) -> dict[str, str]:
    return {"id": id, "text": text, **meta}


def put_analysed(store, rec):  # type: ignore[no-untyped-def]
    return store.put(rec, qawl.analyze(rec["text"], rec.get("date"), id=rec["id"]).to_dict())


def test_schema_is_migrated_once_and_recorded(db_url: str) -> None:
    with open_store(db_url) as store:
        assert store.schema_version == LATEST == MIGRATIONS[-1].version
        versions = [r["version"] for r in store.db.rows("SELECT version FROM schema_version ORDER BY version")]
        assert versions == [m.version for m in MIGRATIONS]
    with open_store(db_url) as store:  # reopening applies nothing again
        assert store.db.row("SELECT COUNT(*) AS n FROM schema_version")["n"] == len(MIGRATIONS)


def test_a_newer_schema_is_refused(db_url: str) -> None:
    with open_store(db_url) as store:
        store.db.execute("INSERT INTO schema_version (version, what) VALUES (?, ?)", (LATEST + 1, "future"))
    with pytest.raises(StoreError, match="newer than this qawl"):
        open_store(db_url)


def test_reingest_is_idempotent_and_reprints_stay_apart(db_url: str) -> None:
    with open_store(db_url) as store:
        rec = record("a1", MINISTER, outlet="واس")
        assert store.put(rec) == ADDED
        assert store.put(dict(rec)) == UNCHANGED
        assert put_analysed(store, rec) == UPDATED  # the analysis is new, the article is not
        assert store.put(record("a1", MINISTER, outlet="الرياض")) == ADDED  # a reprint elsewhere
        counts = store.counts()
        assert counts["articles"] == 2 and counts["analysed"] == 1
        assert store.stored(article_hash(rec)).version == qawl.__version__
        assert store.stored(article_hash(record("a1", MINISTER, outlet="الرياض"))).version is None
        assert not store.stored("0" * 64).exists


def test_article_by_hash_or_id_with_its_analysis(db_url: str) -> None:
    with open_store(db_url) as store:
        rec = record("d7", RELAYED, title="عنوان", outlet="واس", date="2017-12-05", url="https://example.org/a")
        doc = qawl.analyze(RELAYED, "2017-12-05", id="d7").to_dict()
        store.put(rec, doc)
        by_id, by_hash = store.article("d7"), store.article(article_hash(rec))
        assert by_id == by_hash
        assert by_id["text"] == RELAYED and by_id["outlet"] == "واس" and by_id["date"] == "2017-12-05"
        assert by_id["analysis"]["version"] == qawl.__version__
        assert by_id["analysis"]["doc"] == doc
        assert store.article("missing") is None
        assert [a["id"] for a in store.articles()] == ["d7"] and store.articles()[0]["claims"] == len(doc["attributions"])


def test_speakers_ranked_with_outlets_relays_and_denials(db_url: str) -> None:
    with open_store(db_url) as store:
        put_analysed(store, record("a", MINISTER, outlet="واس"))
        put_analysed(store, record("b", RELAYED, outlet="الحياة"))
        ranked = store.speakers()
        assert ranked[0]["name"] == "الوزير" and ranked[0]["claims"] == 2 and ranked[0]["articles"] == 2
        assert {o["name"] for o in ranked[0]["outlets"]} == {"واس", "الحياة"}
        dillon = store.speaker("رايان ديلون")
        assert dillon and dillon["relays"] == [{"name": "صحيفة البيان", "claims": 1}]
        assert dillon["claims_list"][0]["content"] == "القوات وصلت"
        spokesman = next(s for s in ranked if s["denials"])
        assert store.speaker(spokesman["key"])["claims_list"][0]["polarity"] == "deny"
        # the speaker key is the normal form: another spelling finds the same speaker
        assert store.speaker("الْوَزِير")["key"] == ranked[0]["key"]
        assert store.speaker("nobody") is None


SPOKESMAN_A = ("قال الناطق الإعلامي باسم شرطة المنطقة الشرقية العقيد زياد الرقيطي إن الشرطة أوقفت المتهم بقتل "
               "زوجته. وأوضح \"الرقيطي\" أن التحقيق مستمر مع الجاني.")
SPOKESMAN_B = "وأكد المتحدث الرسمي لشرطة المنطقة الشرقية العقيد زياد الرقيطي أن الجاني سلم نفسه للشرطة."


def test_one_speaker_is_one_key_across_articles(db_url: str) -> None:
    """زياد الرقيطي, then «"الرقيطي"» in one article and the full name in another: one speaker
    (the entity id), on the speaker list, the speaker page and the overall graph."""
    from qawl.store.views import overall_graph

    with open_store(db_url) as store:
        for id, text in (("a", SPOKESMAN_A), ("b", SPOKESMAN_B)):
            store.put({"id": id, "text": text}, qawl.analyze(text, id=id).to_dict())
        (speaker,) = store.speakers()
        assert speaker["key"] == "PER:زياد_رقيطي" and speaker["name"] == "زياد الرقيطي"
        assert speaker["claims"] == 3 and speaker["articles"] == 2
        assert store.speaker("زياد الرقيطي")["key"] == speaker["key"]  # found by a name an article wrote
        graph = overall_graph(store)
        assert [n["label"] for n in graph["nodes"] if n["kind"] == "speaker"] == ["زياد الرقيطي"]


def test_search_in_matching_form(db_url: str) -> None:
    with open_store(db_url) as store:
        store.put(record("a", MINISTER, title="مشروع الوزارة"))
        store.put(record("b", RELAYED))
        found = lambda q: sorted(r["id"] for r in store.search(q))  # noqa: E731
        assert found("الوزير") == ["a", "b"]
        assert found("وزير") == ["a", "b"]  # without the article
        assert found("القوات") == ["b"] and found("قوات") == ["b"]
        assert found("الْقُوّات") == ["b"]  # diacritics
        assert found("اسعار") == ["a"]  # alef forms: الأسعار
        assert found("الوزير القوات") == ["b"]  # every word must occur
        assert found("مشروع") == ["a"]
        for hostile in ['"', "NEAR(a b)", "x OR y", "*", "'; DROP TABLE articles; --", "a:b", "", "...", "\\"]:
            assert store.search(hostile) == [] or all(r["id"] in "ab" for r in store.search(hostile))
        assert store.counts()["articles"] == 2
        hit = store.search("القوات")[0]
        snip = hit["snippet"]
        assert [snip["text"][s:e] for s, e in snip["marks"]] == ["القوات"]
        assert RELAYED[snip["start"]:].startswith(snip["text"])


def test_stories_saved_listed_and_replaced(db_url: str) -> None:
    story = {"story": "s1", "articles": ["a", "b"],
             "claims": [{"article": "a", "start": 0, "end": 5, "text": "قال", "source": "الوزير", "via": None,
                         "polarity": "assert"},
                        {"article": "b", "start": 3, "end": 9, "text": "نفى", "source": "المتحدث", "via": "واس",
                         "polarity": "deny"}],
             "origins": ["وكالة الأنباء السعودية"], "single_origin": False}
    with open_store(db_url) as store:
        store.put(record("a", MINISTER))
        assert store.save_stories([story, {**story, "story": "s2", "articles": ["b"]}]) == 2
        assert [s["story"] for s in store.stories()] == ["s1", "s2"]
        assert store.story("s1") == story
        assert store.article("a")["stories"] == ["s1"]
        store.save_stories([{**story, "story": "s9"}])  # a new compare run replaces the set
        assert [s["story"] for s in store.stories()] == ["s9"] and store.story("s1") is None
        assert store.article("a")["stories"] == ["s9"]
        for bad in ([{"articles": [], "claims": []}], [{"story": "x", "articles": "a", "claims": []}],
                    [story, story]):
            with pytest.raises(StoreError):
                store.save_stories(bad)
        assert [s["story"] for s in store.stories()] == ["s9"]  # a refused set changes nothing


def test_a_failed_write_leaves_nothing(db_url: str) -> None:
    with open_store(db_url) as store:
        bad_doc = {"attributions": [{"cue": {"text": "قال"}}]}  # no content: fails halfway through
        with pytest.raises(KeyError):
            store.put(record("a", MINISTER), bad_doc)
        assert store.counts() == {"articles": 0, "analysed": 0, "claims": 0, "speakers": 0, "stories": 0}
        assert store.search("الوزير") == []


def test_sqlite_is_in_wal_mode(tmp_path: Path) -> None:
    open_store(str(tmp_path / "q.db")).close()
    assert sqlite3.connect(tmp_path / "q.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_unopenable_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open"):
        open_store(str(tmp_path / "no" / "such" / "dir" / "q.db"))
    with pytest.raises(StoreError, match="cannot connect"):
        open_store(f"postgresql://nobody@/nodb?host={tmp_path}&connect_timeout=2")


def test_claims_in_date_order_undated_last(db_url: str) -> None:
    with open_store(db_url) as store:
        put_analysed(store, record("undated", MINISTER))
        put_analysed(store, record("late", RELAYED, date="2017-12-09"))
        put_analysed(store, record("early", RELAYED.replace("التمويل", "المال"), date="2017-12-01"))
        order = [c["article"] for c in store.speaker("الوزير")["claims_list"]]
        assert order == ["early", "late", "undated"]


def test_search_syntax_and_filters(db_url: str) -> None:
    """Phrases, OR, -word, outlets and dates: the same answers from FTS5 and PostgreSQL."""
    with open_store(db_url) as store:
        store.put(record("a", MINISTER, title="مشروع الوزارة", outlet="واس", date="2017-12-05"))
        store.put(record("b", RELAYED, outlet="الحياة", date="2017-12-03T10:00:00"))
        store.put(record("c", "وصلت القوات إلى المدينة. والوزير قال إن الأمر انتهى.", outlet="واس", date="2017-12-01"))
        found = lambda q, **kw: sorted(r["id"] for r in store.find(q, **kw).hits)  # noqa: E731
        assert found("الوزير") == ["a", "b", "c"]
        assert found('"قال الوزير"') == ["a", "b"]  # c has both words, not side by side in this order
        assert found('"الوزير قال"') == ["c"] and found('"والوزير قال"') == ["c"]
        assert found("المشروع OR القوات") == ["a", "b", "c"]
        assert found("الوزير المشروع OR التمويل") == ["a", "b"]
        assert found("الوزير -القوات") == ["a"]
        assert found('الوزير -"القوات وصلت"') == ["a", "c"]  # c has both words, apart
        assert found("الوزير", outlets=["واس"]) == ["a", "c"]
        assert found("الوزير", since="2017-12-02") == ["a", "b"]
        assert found("الوزير", until="2017-12-03") == ["b", "c"]  # the whole last day
        assert found("الوزير", since="2017-12-02", until="2017-12-04", outlets=["الحياة", "واس"]) == ["b"]
        everything = store.find("الوزير", limit=1)
        assert (everything.total, len(everything.hits)) == (3, 1)  # the total, not the number shown
        phrase = store.find('"قال الوزير"', limit=1)
        assert (phrase.total, len(phrase.hits)) == (2, 1)
        with pytest.raises(ValueError, match="only words to leave out"):
            store.find("-الوزير")
        assert store.search("-الوزير") == []


def test_articles_and_speaker_keys_of_many_articles_in_chunks(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A story's articles and their speakers come in a few ``IN (...)`` queries, chunked, with
    the answers one query per article gave: the newest article of an id, every claim's key."""
    import qawl.store.store as store_module

    monkeypatch.setattr(store_module, "_CHUNK", 2)
    with open_store(db_url) as store:
        recs = [record(f"m{n}", MINISTER, outlet=f"o{n}") for n in range(5)]
        for rec in recs:
            put_analysed(store, rec)
        put_analysed(store, record("m0", RELAYED, outlet="o9"))  # a newer article of id m0
        ids = ["m4", "m0", "missing", "m2", "m1", "m3"]
        many = store.articles_by_id(ids)
        assert list(many) == ["m4", "m0", "m2", "m1", "m3"]
        assert many["m0"]["outlet"] == "o9"
        hashes = [a["hash"] for a in many.values()]
        keys = store.speaker_keys_of(hashes)
        assert keys == {h: store.speaker_keys(h) for h in hashes}
        assert keys == {h: {(c["start"], c["end"]): c["speaker"] for c in store.claims(article=h) if c["speaker"]}
                        for h in hashes}  # read another way: every claim's row
        assert all(keys[h] for h in hashes)  # every article has its speakers' keys

"""Hostile input (issue 16): each row of the issue's table, reproduced.

Each bad item gets one ``qawl: error:`` line and the documented exit code (1: some items
failed); every good item beside it is still processed; nothing is left half-stored.
"""
from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from qawl import api
from qawl.cli import main
from qawl.io import fetch
from qawl.io.fetch import FetchError, check_url, is_public
from qawl.store import db as store_db
from qawl.store import open_store
from qawl.store.ingest import ingest_items, items_of
from qawl.options import Options
from qawl.web import create_app
from qawl.web.guard import Guard

from test_ingest import MINISTER, PAGE, write_warc

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "d000.jsonl"
GOOD = {"id": "good", "text": MINISTER}
TOKEN = "s3cret-token"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def errors(err: str) -> list[str]:
    """The error lines; and no traceback anywhere."""
    assert "Traceback" not in err
    return [line for line in err.splitlines() if line.startswith("qawl: error:")]


def jsonl(path: Path, *lines: str | dict) -> Path:
    path.write_text("".join((ln if isinstance(ln, str) else json.dumps(ln, ensure_ascii=False)) + "\n"
                            for ln in lines), encoding="utf-8")
    return path


def ids(out: str) -> list[str]:
    return [json.loads(line)["id"] for line in out.splitlines()]


# -- WARC that warcio trips on; a truncated .warc.gz -------------------------------------

def test_a_warc_warcio_cannot_parse_is_one_line_and_the_next_file_is_read(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "g.warc"
    bad.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999\r\n\r\nabc")
    code, out, err = run(capsys, "analyze", bad, SAMPLE, "--json")
    assert code == 1 and ids(out) == ["d000"]
    assert len(errors(err)) == 1 and "g.warc" in err


def test_a_truncated_warc_gz_keeps_what_was_read_and_ingest_prints_its_summary(tmp_path: Path, capsys) -> None:
    whole = tmp_path / "w.warc.gz"
    write_warc(whole, {"https://news.example.org/1": PAGE, "https://news.example.org/2": PAGE.replace("الوزير", "الرئيس")})
    cut = tmp_path / "cut.warc.gz"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])  # inside the second page's gzip member
    code, out, err = run(capsys, "ingest", cut, SAMPLE, "--db", tmp_path / "q.db", "--json")
    assert code == 1 and len(errors(err)) == 1
    summary = json.loads(out)
    assert summary["added"] == 1 + 1  # the first page and the sample
    assert all("cut.warc.gz" in f["where"] for f in summary["failed"])


# -- a lone surrogate ------------------------------------------------------------------------

SURROGATE_LINE = '{"id": "\\ud800", "text": "قال الوزير إن المشروع اكتمل."}'


def test_a_lone_surrogate_is_that_lines_error_in_analyze(tmp_path: Path, capsys) -> None:
    path = jsonl(tmp_path / "s.jsonl", SURROGATE_LINE, GOOD)
    code, out, err = run(capsys, "analyze", path, "--json")
    assert code == 1 and ids(out) == ["good"]
    assert len(errors(err)) == 1 and "surrogate" in err


def test_a_lone_surrogate_is_that_lines_error_in_pairs(tmp_path: Path, capsys) -> None:
    path = jsonl(tmp_path / "p.jsonl", '{"id": "\\ud800", "a": "قال الوزير", "b": "نفى الوزير"}',
                 {"id": "ok", "a": "ارتفعت الأسعار", "b": "انخفضت الأسعار"})
    code, out, err = run(capsys, "pairs", path, "--json")
    assert code == 1 and ids(out) == ["ok"]
    assert len(errors(err)) == 1


@pytest.mark.parametrize("bad", ['{"id": "\\ud800", "text": "قال الوزير إن المشروع اكتمل."}',
                                 '{"id": "t", "text": "قال الوزير \\udc00 إن المشروع اكتمل."}'], ids=["id", "text"])
def test_a_lone_surrogate_through_the_api_is_that_articles_input_error(tmp_path: Path, bad: str) -> None:
    client = TestClient(create_app(str(tmp_path / "q.db"), token=TOKEN), raise_server_exceptions=False)
    body = '{"articles": [%s, {"id": "good", "text": "%s"}]}' % (bad, MINISTER)
    r = client.post("/api/ingest", content=body.encode(), headers={"Authorization": f"Bearer {TOKEN}",
                                                                   "Content-Type": "application/json"})
    assert r.status_code in (200, 422), r.text  # the article refused, or the request (its item) refused
    if r.status_code == 200:
        assert r.json()["added"] == 1 and len(r.json()["failed"]) == 1
        assert "surrogate" in r.json()["failed"][0]["reason"] and "internal" not in r.text
    else:
        assert r.json()["detail"]


# -- JSON of the wrong shape -----------------------------------------------------------------

@pytest.mark.parametrize("field", [{"title": {"x": 1}}, {"outlet": ["a"]}])
def test_a_field_of_the_wrong_type_is_that_articles_error_in_compare(tmp_path: Path, capsys, field: dict) -> None:
    path = jsonl(tmp_path / "c.jsonl", {"id": "bad", "text": MINISTER, **field}, GOOD,
                 {"id": "good2", "text": MINISTER + " وأضاف أن العمل مستمر."})
    code, out, err = run(capsys, "compare", path, "--json", "--all")
    assert code == 1 and out.strip()
    assert len(errors(err)) == 1 and "internal error" not in err and "bad" not in out


def test_a_field_of_the_wrong_type_is_an_input_error_in_ingest(tmp_path: Path, capsys) -> None:
    path = jsonl(tmp_path / "c.jsonl", {"id": "bad", "text": MINISTER, "outlet": ["a"]}, GOOD)
    code, out, err = run(capsys, "ingest", path, "--db", tmp_path / "q.db", "--json")
    assert code == 1 and json.loads(out)["added"] == 1
    assert len(errors(err)) == 1 and "internal error" not in err and "outlet" in err


# -- a URL that does not parse -----------------------------------------------------------------

def test_a_url_that_does_not_parse_is_one_line_and_the_rest_is_stored(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "ingest", "http://[::1/", SAMPLE, "--db", tmp_path / "q.db", "--json")
    assert code == 1 and json.loads(out)["added"] == 1
    assert len(errors(err)) == 1 and "http://[::1/" in err


# -- a NUL byte early in a JSONL file ------------------------------------------------------------

def test_a_nul_in_the_first_line_refuses_that_line_only(tmp_path: Path, capsys) -> None:
    path = tmp_path / "n.jsonl"
    path.write_bytes(b'{"id": "n", "text": "a\0b"}\n' + (json.dumps(GOOD, ensure_ascii=False) + "\n").encode())
    code, out, err = run(capsys, "analyze", path, "--json")
    assert code == 1 and ids(out) == ["good"]
    assert len(errors(err)) == 1 and "n.jsonl:1" in err


def test_a_binary_file_named_jsonl_is_still_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "b.jsonl"
    path.write_bytes(bytes(range(256)) * 40)
    code, out, err = run(capsys, "analyze", path, "--json")
    assert code == 2 and not out and len(errors(err)) == 1


# -- a FIFO in a folder ---------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_folder_is_skipped_not_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "a.txt")
    (folder / "b.txt").write_text(MINISTER, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "qawl", "analyze", str(folder), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and ids(done.stdout) == ["b.txt"]
    assert len(errors(done.stderr)) == 1 and "FIFO" in done.stderr


# -- invisible marks inside a cue --------------------------------------------------------------------

@pytest.mark.parametrize("mark", ["\u200c", "\u200d", "\u00ad"], ids=["zwnj", "zwj", "soft-hyphen"])
def test_a_cue_with_an_invisible_mark_inside_is_still_a_cue(mark: str) -> None:
    text = "وقال الوزير أحمد علي إن القوات وصلت إلى المدينة."
    plain = api.analyze(text)
    marked = api.analyze(text.replace("قال", "قا" + mark + "ل"))
    assert len(plain.attributions) == len(marked.attributions) == 1
    a = marked.attributions[0]
    assert a.cue.lemma == plain.attributions[0].cue.lemma and a.content.text == plain.attributions[0].content.text
    assert marked.text[a.cue.start:a.cue.end] == a.cue.text and mark in a.cue.text


# -- UTF-16 with a BOM -------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_text_with_a_bom_is_read(tmp_path: Path, capsys, encoding: str) -> None:
    path = tmp_path / "u.txt"
    bom = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + MINISTER.encode(encoding))
    code, out, err = run(capsys, "analyze", path, "--json")
    assert code == 0, err
    assert json.loads(out)["text"] == MINISTER


def test_utf16_jsonl_with_a_bom_is_read(tmp_path: Path, capsys) -> None:
    path = tmp_path / "u.jsonl"
    path.write_bytes((json.dumps(GOOD, ensure_ascii=False) + "\n").encode("utf-16"))
    code, out, err = run(capsys, "analyze", path, "--json")
    assert code == 0, err
    assert ids(out) == ["good"]


# -- a database another process keeps locked -----------------------------------------------------------

def test_a_locked_database_is_said_once_and_the_ingest_stops(tmp_path: Path, capsys, monkeypatch) -> None:
    db = str(tmp_path / "q.db")
    open_store(db).close()
    monkeypatch.setattr(store_db, "SQLITE_BUSY_TIMEOUT_S", 0.2)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer, holding the lock
    try:
        path = jsonl(tmp_path / "a.jsonl", GOOD, {"id": "g2", "text": MINISTER + " 2"}, {"id": "g3", "text": MINISTER + " 3"})
        code, out, err = run(capsys, "ingest", path, "--db", db, "--json")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 2
    lines = errors(err)
    assert len(lines) == 1 and "locked by another process" in lines[0] and "internal error" not in err
    assert "stopped" in json.loads(out)


# -- two ingests of one file at once ----------------------------------------------------------------------

def test_two_ingests_of_one_file_analyse_each_article_once(tmp_path: Path, monkeypatch) -> None:
    db = str(tmp_path / "q.db")
    open_store(db).close()
    path = jsonl(tmp_path / "a.jsonl", *({"id": f"a{n}", "text": f"{MINISTER} {n}"} for n in range(6)))
    analysed: list[str] = []
    real = api.analyze_record
    start = threading.Barrier(2)

    def slow(record, options=None):
        analysed.append(record["id"])
        threading.Event().wait(0.05)  # long enough for the other run to reach the same article
        return real(record, options)

    monkeypatch.setattr(api, "analyze_record", slow)
    summaries = []

    def ingest() -> None:
        with open_store(db) as store:
            start.wait()
            summaries.append(ingest_items(store, items_of([str(path)], Options()), Options()))

    threads = [threading.Thread(target=ingest) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(analysed) == [f"a{n}" for n in range(6)]
    assert sum(s.added for s in summaries) == 6 and sum(s.updated for s in summaries) == 0


# -- the API ---------------------------------------------------------------------------------------------

def test_a_huge_offset_is_a_422_not_a_500(tmp_path: Path) -> None:
    client = TestClient(create_app(str(tmp_path / "q.db")), raise_server_exceptions=False)
    for path in ("/api/articles", "/api/speakers"):
        r = client.get(path, params={"offset": "99999999999999999999999"})
        assert r.status_code == 422, r.text


@pytest.mark.parametrize("header", [TOKEN, f"Token {TOKEN}", f"bearer {TOKEN}", f"Bearer  {TOKEN}", f"{TOKEN} Bearer "])
def test_only_bearer_and_the_token_is_accepted(tmp_path: Path, header: str) -> None:
    client = TestClient(create_app(str(tmp_path / "q.db"), token=TOKEN))
    r = client.post("/api/ingest", json={"articles": []}, headers={"Authorization": header})
    assert r.status_code == 401
    assert client.post("/api/ingest", json={"articles": []}, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


class _Body:
    """An ASGI ``receive`` that counts what was read of a body it never really has."""

    def __init__(self, chunks: int = 0, size: int = 1 << 20):
        self.read = 0
        self.chunks, self.size = chunks, size

    async def __call__(self) -> dict:
        self.read += 1
        more = self.read < self.chunks
        return {"type": "http.request", "body": b"x" * self.size if self.chunks else b"", "more_body": more}


def _call(app, method: str, path: str, headers: dict[str, str], receive: _Body) -> int:
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()], "http_version": "1.1",
             "scheme": "http", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1), "root_path": ""}
    asyncio.run(app(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def test_a_huge_body_without_a_token_is_refused_before_it_is_read(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "q.db"), token=TOKEN)
    huge = {"Content-Length": str(450 * 1024 * 1024), "Content-Type": "application/json"}
    body = _Body(chunks=450)
    assert _call(app, "POST", "/api/ingest", huge, body) == 401 and body.read == 0
    body = _Body(chunks=450)
    assert _call(app, "POST", "/api/ingest", {**huge, "Authorization": f"Bearer {TOKEN}"}, body) == 413
    assert body.read == 0
    body = _Body(chunks=450)  # chunked: no length said; stopped once past the limit
    assert _call(app, "POST", "/api/ingest", {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
                 body) == 413
    assert body.read <= 40
    body = _Body(chunks=2)
    assert _call(app, "GET", "/api/health", {"Content-Length": str(2 << 20)}, body) == 413 and body.read == 0
    assert Guard.__doc__


# -- addresses that hold a private IPv4 one -------------------------------------------------------------

@pytest.mark.parametrize("address", ["2002:7f00:1::", "2002:a00:1::", "2001:0:4136:e378:8000:63bf:80ff:fffe",
                                     "64:ff9b::7f00:1", "::127.0.0.1", "::ffff:10.0.0.1"])
def test_ipv6_addresses_carrying_a_private_ipv4_one_are_refused(address: str, monkeypatch) -> None:
    monkeypatch.setattr(fetch, "ALLOW_FOR_TESTS", ())
    assert not is_public(ipaddress.ip_address(address))
    with pytest.raises(FetchError):
        check_url(f"http://[{address}]/")


def test_a_6to4_address_of_a_public_ipv4_one_is_still_public() -> None:
    assert is_public(ipaddress.ip_address("2002:808:808::"))


# -- a feed entry with its own text and a refused link ----------------------------------------------------

def test_a_refused_link_under_follow_keeps_the_entrys_own_text(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(fetch, "ALLOW_FOR_TESTS", ())
    rss = tmp_path / "f.rss"
    rss.write_text(f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>وكالة</title>'
                   f'<item><title>خبر</title><link>http://127.0.0.1/page.html</link>'
                   f'<description>{MINISTER}</description></item></channel></rss>', encoding="utf-8")
    db = tmp_path / "q.db"
    code, out, err = run(capsys, "ingest", rss, "--follow", "--db", db, "--json")
    assert code == 0 and json.loads(out)["added"] == 1, err
    assert "warning" in err and "refused" in err
    with open_store(str(db)) as store:
        (record,) = list(store.records())
        assert record["text"] == MINISTER and record["url"] == "http://127.0.0.1/page.html"


# -- beyond the table ------------------------------------------------------------------------------------

def test_an_integer_json_cannot_convert_is_that_lines_error(tmp_path: Path, capsys) -> None:
    path = jsonl(tmp_path / "big.jsonl", '{"id": "n", "text": "قال", "x": ' + "1" * 5000 + "}", GOOD)
    code, out, err = run(capsys, "analyze", path, "--json")
    assert code == 1 and ids(out) == ["good"]
    assert len(errors(err)) == 1 and "big.jsonl:1" in err


def test_a_claim_of_a_process_that_is_gone_is_taken_over(tmp_path: Path, capsys) -> None:
    """An ingest killed mid-analysis leaves its claim; the re-run takes it over at once."""
    from datetime import datetime, timezone

    from qawl.store import claims
    from qawl.store.store import article_hash

    db = str(tmp_path / "q.db")
    with open_store(db) as store:
        dead = f"{claims._HOST}/{2**22 + 12345}/1/x"  # a pid above Linux's pid_max: no such process
        store.db.execute("INSERT INTO ingest_claims (hash, owner, claimed) VALUES (?, ?, ?)",
                         (article_hash(GOOD), dead, datetime.now(timezone.utc).isoformat()))
    path = jsonl(tmp_path / "a.jsonl", GOOD)
    code, out, err = run(capsys, "ingest", path, "--db", db, "--json")
    assert code == 0 and json.loads(out)["added"] == 1, err
    with open_store(db) as store:
        assert store.db.row("SELECT COUNT(*) AS n FROM ingest_claims")["n"] == 0

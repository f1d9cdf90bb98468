"""``qawl ingest``: every input kind into a real store, idempotent re-runs, safe fetching
(hostile URLs refused; a loopback server reached only through the test allow-list), and
an ingest killed with SIGKILL that loses nothing it committed and resumes without duplicates."""
from __future__ import annotations

import http.server
import io
import ipaddress
import json
import os
import signal
import sqlite3
import subprocess
import tempfile
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from qawl.cli import main
from qawl.io import fetch
from qawl.io.fetch import FetchError
from qawl.store import open_store

MINISTER = "قال الوزير إن المشروع سيكتمل العام المقبل، مؤكدا أن التمويل متوفر."
DENIAL = "ونفى المتحدث باسم الوزارة أن تكون الأسعار قد ارتفعت خلال الشهر الماضي."
PAGE = f"""<!DOCTYPE html><html lang="ar"><head><title>الوزير يعد</title>
<meta property="og:site_name" content="صحيفة الاختبار"><meta property="article:published_time" content="2017-12-05">
</head><body><nav>الرئيسية | أخبار | رياضة</nav><article><h1>الوزير يعد</h1><p>{MINISTER}</p><p>{DENIAL}</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


def feed(base: str, *, with_text: bool = True) -> str:
    items = "".join(
        f"<item><title>خبر {n}</title><link>{base}/page{n}.html</link><guid>{base}/page{n}.html</guid>"
        f"<pubDate>Tue, 0{n} Dec 2017 10:00:00 GMT</pubDate>"
        + (f"<description>&lt;p&gt;{MINISTER} {n}&lt;/p&gt;</description>" if with_text else "")
        + "</item>" for n in (1, 2))
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>وكالة الاختبار</title>{items}</channel></rss>'


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def write_warc(path: Path, pages: dict[str, str]) -> None:
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=str(path).endswith(".gz"))
        for url, html in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                          http_headers=headers))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/x.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG"), http_headers=headers))


def test_every_kind_of_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(MINISTER)
    (src / "b.jsonl").write_text(json.dumps({"id": "j1", "text": DENIAL, "outlet": "واس", "date": "2017-12-01"},
                                            ensure_ascii=False) + "\n{broken\n")
    (src / "c.html").write_text(PAGE)
    (src / "d.rss").write_text(feed("https://news.example.org"))
    write_warc(src / "e.warc.gz", {"https://news.example.org/w1": PAGE.replace("الوزير يعد", "أرشيف")})
    db = tmp_path / "q.db"
    code, out, err = run(capsys, "ingest", src, "--db", db)
    assert code == 1  # one bad JSONL line: partial
    assert out.startswith("6 added, 0 updated, 0 unchanged, 1 failed")
    assert "b.jsonl:2: not JSON" in err and "b.jsonl:2: not JSON" in out
    with open_store(str(db)) as store:
        assert store.counts()["articles"] == 6 and store.counts()["analysed"] == 6
        page = store.article("c.html")
        assert page["title"] == "الوزير يعد" and page["outlet"] == "صحيفة الاختبار" and page["date"] == "2017-12-05"
        assert MINISTER in page["text"] and "الرئيسية" not in page["text"] and "الحقوق" not in page["text"]
        entry = store.article("https://news.example.org/page2.html")
        assert entry["outlet"] == "وكالة الاختبار" and entry["date"] == "2017-12-02" and entry["title"] == "خبر 2"
        assert entry["text"] == f"{MINISTER} 2"
        warc = store.article("https://news.example.org/w1")
        assert warc["title"] == "أرشيف" and warc["url"] == "https://news.example.org/w1"
        assert store.speaker("الوزير")["claims"] >= 4
    code, out, _ = run(capsys, "ingest", src, "--db", db, "--json")
    assert json.loads(out)["unchanged"] == 6 and json.loads(out)["added"] == 0


def test_no_analyze_then_analyze_updates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(MINISTER)
    db = tmp_path / "q.db"
    assert run(capsys, "ingest", tmp_path / "a.txt", "--db", db, "--no-analyze")[1].startswith("1 added")
    assert run(capsys, "ingest", tmp_path / "a.txt", "--db", db, "--no-analyze")[1].startswith("0 added, 0 updated, 1 unchanged")
    assert run(capsys, "ingest", tmp_path / "a.txt", "--db", db)[1].startswith("0 added, 1 updated")
    with open_store(str(db)) as store:
        assert store.article("a.txt")["analysis"]["doc"]["attributions"]


def test_nothing_ingested_is_a_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ingest", tmp_path / "missing.txt", "--db", tmp_path / "q.db")
    assert code == 2 and "missing.txt: no such file or directory" in err and "Traceback" not in err
    code, _, err = run(capsys, "ingest", tmp_path / "a.txt", "--db", tmp_path / "no" / "dir" / "q.db")
    assert code == 2 and err.count("\n") == 1 and "cannot open the SQLite database" in err


def test_bad_feed_and_warc_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.rss").write_text("<rss><channel><title>x</title></channel></rss>")
    (tmp_path / "bad.warc").write_bytes(b"not a warc at all\r\n\r\n")
    (tmp_path / "ok.txt").write_text(MINISTER)
    code, out, err = run(capsys, "ingest", tmp_path, "--db", tmp_path / "q.db")
    assert code == 1 and out.startswith("1 added")
    assert "bad.rss: not a feed, or a feed with no entries" in err and "bad.warc: no HTML responses: not a WARC file" in err


@pytest.mark.parametrize("url, why", [
    ("http://127.0.0.1/", "non-public"), ("http://localhost:8080/x", "non-public"), ("http://[::1]/", "non-public"),
    ("http://10.1.2.3/", "non-public"), ("http://192.168.0.1/", "non-public"), ("http://172.16.5.4/", "non-public"),
    ("http://169.254.169.254/latest/meta-data", "non-public"), ("http://224.0.0.1/", "non-public"),
    ("http://240.0.0.1/", "non-public"), ("http://0.0.0.0/", "non-public"), ("http://[::ffff:127.0.0.1]/", "non-public"),
    ("http://[fe80::1]/", "non-public"), ("http://100.64.0.1/", "non-public"), ("http://2130706433/", "non-public"),
    ("file:///etc/passwd", "only http and https"), ("ftp://example.org/", "only http and https"),
    ("gopher://example.org/", "only http and https"), ("http://user:pw@example.org/", "user name"),
    ("http:///nohost", "no host"),
])
def test_hostile_urls_are_refused_before_any_connection(url: str, why: str) -> None:
    with pytest.raises(FetchError, match=why):
        fetch.fetch(url)


# -- a loopback server, reachable only through the test allow-list -----------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
    agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.agents.append(self.headers.get("User-Agent", ""))
        status, headers, body = self.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if not self.path.endswith("-nolength"):  # without it, the body is read until the server closes
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    html = {"Content-Type": "text/html; charset=utf-8"}
    _Handler.routes = {
        "/feed.xml": (200, {"Content-Type": "application/rss+xml"}, feed(base, with_text=False).encode()),
        "/page1.html": (200, html, PAGE.encode()),
        "/page2.html": (200, html, PAGE.replace(MINISTER, MINISTER.replace("العام", "الشهر")).encode()),
        "/hop": (302, {"Location": "/page1.html"}, b""),
        "/to-private": (302, {"Location": "http://10.0.0.7/secret"}, b""),
        "/to-loopback-name": (301, {"Location": f"http://localhost:{httpd.server_address[1]}/page1.html"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/big": (200, html, b"<p>" + "كلمة ".encode() * 5000 + b"</p>"),
        "/big-nolength": (200, html, b"<p>" + "كلمة ".encode() * 5000 + b"</p>"),
        "/gone": (500, html, b"oops"),
    }
    _Handler.agents = []
    monkeypatch.setattr(fetch, "ALLOW_FOR_TESTS", (ipaddress.ip_network("127.0.0.1/32"),))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_without_the_allow_list_the_local_server_is_refused(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "ALLOW_FOR_TESTS", ())
    with pytest.raises(FetchError, match="non-public"):
        fetch.fetch(server + "/page1.html")
    assert _Handler.agents == []  # refused before connecting


def test_fetch_follows_redirects_checking_every_hop(server: str) -> None:
    got = fetch.fetch(server + "/hop")
    assert got.url == server + "/page1.html" and MINISTER.encode() in got.data
    assert _Handler.agents[0].startswith("qawl/")
    with pytest.raises(FetchError, match="non-public.*10.0.0.7"):
        fetch.fetch(server + "/to-private")
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch.fetch(server + "/loop")
    with pytest.raises(FetchError, match="45,007 bytes, over the limit of 1,000"):  # declared
        fetch.fetch(server + "/big", max_bytes=1000)
    with pytest.raises(FetchError, match="over the limit of 1,000 bytes"):  # counted while reading
        fetch.fetch(server + "/big-nolength", max_bytes=1000)
    with pytest.raises(FetchError, match="HTTP 500"):
        fetch.fetch(server + "/gone")


def test_ingest_a_feed_url_with_follow(server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "q.db"
    code, out, err = run(capsys, "ingest", server + "/feed.xml", "--db", db)
    assert code == 2 and "feed entry has no text (--follow fetches its page)" in err
    code, out, _ = run(capsys, "ingest", server + "/feed.xml", "--db", db, "--follow")
    assert code == 0 and out.startswith("2 added")
    with open_store(str(db)) as store:
        a = store.article(server + "/page2.html")
        assert a["url"] == server + "/page2.html" and "الشهر المقبل" in a["text"]
        assert a["title"] == "خبر 2" and a["outlet"] == "وكالة الاختبار"  # the feed's metadata wins
        assert a["date"] == "2017-12-02"
    fetched = len(_Handler.agents)
    code, out, _ = run(capsys, "ingest", server + "/feed.xml", "--db", db, "--follow")
    assert out.startswith("0 added, 0 updated, 2 unchanged")
    assert len(_Handler.agents) == fetched + 1  # only the feed again: stored pages are not refetched
    code, out, _ = run(capsys, "ingest", server + "/hop", server + "/gone", "--db", db)
    assert code == 1 and out.startswith("1 added") and "HTTP 500" in out


# -- crash safety -----------------------------------------------------------------------

def synthetic_articles(n: int) -> str:
    """Distinct articles of real sentence shapes; each has two attributions."""
    lines = []
    for i in range(n):
        text = (f"قال الوزير رقم {i} إن المشروع {i} سيكتمل العام المقبل. "
                f"ونفى المتحدث باسم الوزارة أن تكون الأسعار قد ارتفعت بنسبة {i} في المئة.")
        lines.append(json.dumps({"id": f"x{i:05d}", "text": text, "outlet": "واس"}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def _count(url: str) -> int:
    try:
        with open_store(url) as store:
            return store.counts()["articles"]
    except Exception:  # not created yet, or locked by the migration
        return 0


@pytest.mark.slow
def test_sigkill_mid_ingest_loses_nothing_committed_and_resumes(db_url: str) -> None:
    n = 1200
    src = Path(tempfile.mkdtemp()) / "many.jsonl"
    src.write_text(synthetic_articles(n))
    cmd = [sys.executable, "-m", "qawl", "ingest", str(src), "--db", db_url]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _count(db_url) < 100 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    if not db_url.startswith("postgresql:"):
        with sqlite3.connect(db_url) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with open_store(db_url) as store:
        one = lambda sql: store.db.row(sql)["n"]  # noqa: E731
        stored = one("SELECT COUNT(*) AS n FROM articles")
        # every committed article is whole: analysis, claims and search entry together
        assert one("SELECT COUNT(*) AS n FROM analyses") == stored
        assert one("SELECT COUNT(*) AS n FROM article_search") == stored
        assert one("SELECT COUNT(DISTINCT article) AS n FROM claims") == stored
    assert 100 <= stored < n
    done = subprocess.run(cmd + ["--json"], capture_output=True, text=True, timeout=300)
    summary = json.loads(done.stdout)
    assert done.returncode == 0, done.stderr
    assert summary["unchanged"] >= stored and summary["added"] + summary["unchanged"] == n
    with open_store(db_url) as store:
        assert store.db.row("SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM articles") == {"n": n, "ids": n}
        assert store.counts()["analysed"] == n


def test_ingest_and_query_commands_on_both_backends(db_url: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(MINISTER)
    (tmp_path / "b.txt").write_text(DENIAL)
    code, out, _ = run(capsys, "ingest", tmp_path, "--db", db_url)
    assert code == 0 and out.startswith("2 added")
    assert run(capsys, "ingest", tmp_path, "--db", db_url)[1].startswith("0 added, 0 updated, 2 unchanged")
    code, out, _ = run(capsys, "search", "الاسعار", "--db", db_url, "--json")
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["b.txt"]
    code, out, _ = run(capsys, "sources", "--db", db_url, "--json")
    assert [json.loads(line)["name"] for line in out.splitlines()] == ["الوزير", "المتحدث باسم الوزارة"]

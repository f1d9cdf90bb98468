"""The REST API and the pages, through FastAPI's test client over a real store; hostile
article text everywhere, to show that every page escapes it."""
from __future__ import annotations

import html
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import warnings

import httpx
import pytest

with warnings.catch_warnings():  # starlette's notice about its httpx-based client
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

import qawl
from qawl.web import create_app
from store_fixtures import fresh_postgres_db
from web_data import A, EVIL, SCRIPT, build_store

TOKEN = "s3cret-token"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return build_store(str(tmp_path / "q.db"))


@pytest.fixture
def client(db: str) -> TestClient:
    return TestClient(create_app(db))


@pytest.fixture
def writer(db: str) -> TestClient:
    return TestClient(create_app(db, token=TOKEN))


def test_read_endpoints(client: TestClient) -> None:
    check_read_endpoints(client)


@pytest.mark.postgres
def test_read_endpoints_on_postgres(postgres_server: str) -> None:
    check_read_endpoints(TestClient(create_app(build_store(fresh_postgres_db(postgres_server)))))


def check_read_endpoints(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"ok": True, "version": qawl.__version__}
    assert client.get("/api/stats").json()["articles"] == 5
    assert [a["id"] for a in client.get("/api/articles", params={"limit": 2}).json()] == ["evil", "b"]
    a = client.get("/api/articles/a").json()
    assert a["text"] == A and a["analysis"]["version"] == qawl.__version__ and a["stories"] == ["s1"]
    by_hash = client.get(f"/api/articles/{a['hash']}/analysis").json()
    assert by_hash["doc"]["attributions"][0]["source"]["text"] == "الوزير"
    assert client.get("/api/articles/nope").status_code == 404
    hits = client.get("/api/search", params={"q": "القوات"}).json()
    assert [h["id"] for h in hits] == ["b"] and hits[0]["snippet"]["marks"]
    speakers = client.get("/api/speakers").json()
    assert speakers[0]["name"] == "الوزير"
    minister = client.get(f"/api/speakers/{speakers[0]['key']}").json()
    assert {c["article"] for c in minister["claims_list"]} == {"a", "b", "evil"}
    assert client.get("/api/speakers/nobody").status_code == 404
    listed = client.get("/api/stories").json()
    assert [s["story"] for s in listed] == ["s1", "s2", "s3"] and listed[2]["headline"] == "27 قتيلا في انفجار سروج"
    assert listed[0]["headline"] == "المشروع سيكتمل العام المقبل"  # no summary: its lead claim
    story = client.get("/api/stories/s1").json()
    # saved by hand, without compare's disagreements: nothing was measured, nothing is claimed
    assert story["agreement"] == "unmeasured" and story["compared"] == []
    assert [c["date"] for c in story["timeline"]] == ["2017-12-03", "2017-12-05"]
    assert client.get("/api/stories/zz").status_code == 404
    graph = client.get("/api/graph").json()
    assert any(n["id"] == "speaker:الوزير" for n in graph["nodes"])
    assert {n["kind"] for n in client.get("/api/graph", params={"story": "s1"}).json()["nodes"]} == {
        "speaker", "claim", "outlet"}
    assert client.get("/api/articles", params={"limit": 0}).status_code == 422


def test_openapi_and_offline_docs(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/articles", "/api/search", "/api/speakers", "/api/stories/{id}", "/api/ingest"} <= set(paths)
    docs = client.get("/api/docs").text
    assert "/api/search" in docs and "cdn" not in docs.lower()


def test_write_endpoints_are_off_without_a_token(client: TestClient, writer: TestClient) -> None:
    body = {"articles": [{"id": "new", "text": A.replace("العام", "الشهر")}]}
    r = client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403 and "off" in r.json()["detail"]
    assert client.put("/api/stories", json=[]).status_code == 403
    assert writer.post("/api/ingest", json=body).status_code == 401
    assert writer.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = writer.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.json()["added"] == 1
    r = writer.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.json()["unchanged"] == 1
    assert writer.get("/api/articles/new").json()["analysis"]["doc"]["attributions"]
    bare = {"articles": [{"id": "bare", "text": "نص بلا تحليل <b>"}], "analyze": False}
    assert writer.post("/api/ingest", json=bare, headers={"Authorization": f"Bearer {TOKEN}"}).json()["added"] == 1
    assert writer.get("/api/articles/bare/analysis").status_code == 404
    page = writer.get("/article/bare").text
    assert "لم يُحلَّل هذا المقال بعد" in page and "نص بلا تحليل &lt;b&gt;" in page
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writer.post("/api/ingest", json={"articles": [{"text": ""}]}, headers=auth).status_code == 422
    assert writer.put("/api/stories", json=[{"story": "x", "articles": [], "claims": []}], headers=auth).json() == {"saved": 1}
    assert writer.put("/api/stories", json=[{"articles": []}], headers=auth).status_code == 422
    twice = [{"story": "y", "articles": [], "claims": []}, {"story": "y", "articles": [], "claims": []}]
    r = writer.put("/api/stories", json=twice, headers=auth)
    assert r.status_code == 409 and "'y' given twice" in r.json()["detail"]
    assert [s["story"] for s in writer.get("/api/stories").json()] == ["x"]  # nothing stored is lost


PAGES = ["/", "/article/evil", "/article/a", "/speaker/الوزير", "/story/s1", "/story/s2", "/story/s3", "/sources", "/graph",
         f"/search?q={SCRIPT}", "/search?q=الوزير", "/graph?story=s2", "/api/docs", f"/story/{SCRIPT}"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_escape_hostile_text(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (200, 404)
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    page = r.text
    assert '<html lang="ar" dir="rtl">' in page
    assert "<script>alert" not in page and "<img src=x" not in page and "<b><script" not in page
    assert not re.search(r"""href=["']?\s*javascript:""", page, re.I)
    # the only scripts are the server's own files
    assert re.findall(r"<script[^>]*>", page) == [s for s in re.findall(r"<script[^>]*>", page)
                                                   if re.fullmatch(r'<script src="/static/\w+\.js">', s)]


def test_article_page_shows_the_text_marks_and_heat(client: TestClient) -> None:
    page = client.get("/article/evil").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    body = re.search(r'<div class="text" id="text">(.*?)</div>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == EVIL  # every character, nothing added
    assert 'class="sent heat-5"' in page and "درجة الاشتباه 90٪" in page and "بلا مصدر" in page
    assert 'class="m cue"' in page and 'class="m content"' in page
    assert 'javascript:' not in page  # the hostile URL is not a link
    a = client.get("/article/a").text
    assert 'href="https://example.org/a"' in a and 'rel="noopener noreferrer nofollow"' in a
    assert 'class="m mention speaker"' in a and "/story/s1" in a


def test_story_shows_its_disagreements_as_compare_found_them(client: TestClient) -> None:
    """27 against 30 dead, and a denial: the story page, /api/stories/ID and compare's dict
    hold the same disagreements; the page never says the outlets agree."""
    saved = next(s for s in client.get("/api/stories").json() if s["story"] == "s3")
    view = client.get("/api/stories/s3").json()
    assert view["agreement"] == "differ" and view["compared"] == ["figures", "denials"]
    assert [d["kind"] for d in view["disagreements"]] == [d["kind"] for d in saved["disagreements"]] == ["figure", "denial"]
    figure = view["disagreements"][0]
    assert [(v["value"], [m["outlet"] for m in v["mentions"]]) for v in figure["values"]] == [
        (27.0, ["aawsat"]), (30.0, ["aljazirah"])]
    assert [(g["asserted"], g["denied"]) for g in view["repeated"]] == [(2, 0), (1, 1)]
    page = client.get("/story/s3").text
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert "27 قتيلا في انفجار سروج" in page  # the headline
    assert "تختلف التقارير (خلافان)" in text and "أرقام مختلفة لـ«شخصا»" in text
    assert "27 شخصا" in text and "30 شخصا" in text and "الشرق الأوسط" in text and "الجزيرة" in text
    assert "الجزيرة ينفي ما يؤكده الشرق الأوسط" in " ".join(text.split())
    assert "قيل مرتين" in text and "قيل مرة واحدة" in text and "ونُفي مرة واحدة" in text
    for path in ("/story/s1", "/story/s2", "/story/s3"):
        assert "متفقة" not in client.get(path).text
    assert "لم يُقَس اتفاق التقارير" in client.get("/story/s1").text
    home = client.get("/").text
    assert "27 قتيلا في انفجار سروج" in home and "تختلف التقارير" in home


def test_search_page_marks_matches(client: TestClient) -> None:
    page = client.get("/search", params={"q": "القوات"}).text
    assert "<mark>القوات</mark>" in page and "نتيجة واحدة" in page
    assert client.get("/search", params={"q": ""}).status_code == 200


def test_missing_pages_are_404(client: TestClient) -> None:
    for path in ("/article/zzz", "/speaker/zzz", "/story/zzz"):
        r = client.get(path)
        assert r.status_code == 404 and "غير موجود" in r.text


def test_static_assets_are_shipped(client: TestClient) -> None:
    for name in ("qawl.css", "article.js", "graph.js"):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and len(r.text) > 200
    assert "innerHTML" not in client.get("/static/graph.js").text  # labels go in as text only
    assert "http" not in client.get("/static/qawl.css").text  # no external font or asset


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_qawl_serve_as_a_process(db: str) -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "qawl", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.1)
        assert r.json()["ok"] is True
        assert httpx.post(f"http://127.0.0.1:{port}/api/ingest", json={"articles": []}).status_code == 403
        taken = subprocess.run([sys.executable, "-m", "qawl", "serve", "--db", db, "--port", str(port)],
                               capture_output=True, text=True, timeout=30)
        assert taken.returncode != 0 and "Traceback" not in taken.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=10)

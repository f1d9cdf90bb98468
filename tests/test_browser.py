"""The web interface in a real browser: Debian's Chromium driven by Playwright, against the
app served by uvicorn on loopback.  Clicks through article -> speaker -> story, checks what
a reader sees, and opens every page at a desktop and a phone width: right to left, no English
words in what a reader sees (Latin data such as ids and code aside), nothing wider than the
screen.  Screenshots go to tests/artifacts/ (git-ignored; CI keeps them as artifacts)."""
from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qawl import api
from qawl.store import open_store
from web_data import SCRIPT, build_store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "d000.jsonl"

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from qawl.web import create_app

    url = build_store(str(tmp_path_factory.mktemp("web") / "q.db"))
    with open_store(url) as store:  # a real article too, for the screenshots
        rec = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
        store.put(rec, api.analyze_record(rec).to_dict())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    pg = context.new_page()
    pg.problems = []  # console errors (a CSP violation is one), page errors, dialogs (alert() ran)
    pg.on("console", lambda m: pg.problems.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
    pg.on("response", lambda r: pg.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.base = base_url
    yield pg
    context.close()


def shot(pg, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
#: Every page a reader reaches, with what must be visible on it.
PAGES = {
    "home": ("/", ["أحدث المقالات", "27 قتيلا في انفجار سروج", "تختلف التقارير", "الشرق الأوسط", "6 مقالات"]),
    "article": ("/article/t2", ["مقتل 30 بانفجار في سروج", "ما في النص", "أماكن", "سروج", "كميات", "30 شخصا",
                                "الجزيرة", "من قال ماذا (تصريحان)"]),
    "article-alert": ("/article/evil", ["تنبيه", "90٪", "جمل مشبوهة", "بلا مصدر"]),
    "real-article": ("/article/d000", ["من قال ماذا", "ما في النص", "أشخاص"]),
    "speaker": ("/speaker/الوزير", ["الوزير", "كل تصريحاته", "في القصص"]),
    "story": ("/story/s3", ["27 قتيلا في انفجار سروج", "تختلف التقارير (خلافان)", "أرقام مختلفة لـ«شخصا»",
                            "27 شخصا", "30 شخصا", "الجزيرة ينفي ما يؤكده الشرق الأوسط", "تصريحات تكررت",
                            "قيل مرتين", "التسلسل الزمني"]),
    "story-unmeasured": ("/story/s1", ["لم يُقَس اتفاق التقارير", "ينفون (تصريح واحد)"]),
    "sources": ("/sources", ["المتحدثون بحسب عدد التصريحات", "الوزير"]),
    "graph": ("/graph", ["شبكة المصادر", "المتحدثون", "الوسائل"]),
    "search": ("/search?q=سروج", ["بحث: سروج", "نتيجتان"]),
    "api-docs": ("/api/docs", ["واجهة برمجة قَوْل", "الطريقة", "القصص، ولكل منها عنوانها"]),
    "missing": ("/story/zz", ["القصة غير موجودة", "العودة إلى الرئيسية"]),
}
#: What a reader sees, less the data that may be Latin (ids, versions, code, an outlet's or a
#: speaker's name as the input wrote it, article text and quotes, graph labels).
DATA = "code, .latin, bdi, #text, blockquote, q, svg, time, .snippet, .note"
#: Integrity reasons: worded by the catalogue once the integrity stage gives them codes.
REASONS = ".reasons"
VISIBLE_WORDS = """(skip) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const out = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || el.closest(skip) || el.closest("script, style")) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    out.push(node.textContent);
  }
  return out.join(" ");
}"""


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_reads_right_to_left_in_arabic(browser, base_url, name: str, width: str) -> None:  # type: ignore[no-untyped-def]
    path, expected = PAGES[name]
    context = browser.new_context(viewport=VIEWPORTS[width], locale="ar")
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    try:
        pg.goto(base_url + path)
        if name in ("graph", "story"):
            pg.wait_for_selector("#graph[data-drawn]")
        assert pg.locator("html").get_attribute("dir") == "rtl" and pg.locator("html").get_attribute("lang") == "ar"
        assert pg.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
        main = pg.locator("main")
        for text in expected:
            assert main.get_by_text(text, exact=False).count(), f"{path}: {text!r} is not on the page"
            sync_api.expect(main.get_by_text(text, exact=False).first).to_be_visible()
        english = sorted(set(re.findall(r"[A-Za-z]{2,}", pg.evaluate(VISIBLE_WORDS, f"{DATA}, {REASONS}"))))
        assert english == [], f"English words on {path}: {english}"
        reasons = " ".join(pg.locator(REASONS).all_inner_texts()).replace(SCRIPT, "")  # the fixture's hostile reason
        english_reasons = sorted(set(re.findall(r"[A-Za-z]{2,}", reasons)))
        overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than the {width} screen"
        shot(pg, f"{name}-{width}")
        assert [p for p in problems if "404" not in p] == []
    finally:
        context.close()
    if english_reasons:
        pytest.xfail(f"integrity reasons still in English on {path} (no reason codes yet): {english_reasons[:8]}")


def test_article_then_speaker_then_story(page) -> None:  # type: ignore[no-untyped-def]
    expect = sync_api.expect
    page.goto(page.base + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    sync_api.expect(page.locator("#latest li")).to_have_count(6)
    shot(page, "home")
    page.get_by_role("link", name="خبر ب").click()
    expect(page.locator("h1")).to_have_text("خبر ب")
    expect(page.locator("#text")).to_contain_text("القوات وصلت")
    via = page.locator("#text .m.via").first
    expect(via).to_have_text("صحيفة البيان")
    # hovering an attribution lights up its marks in the text
    card = page.locator("#attributions .attr").first
    card.hover()
    assert page.locator("#text .m.hl").count() >= 3
    expect(page.locator("#attributions .chain").first).to_contain_text("صحيفة البيان")
    shot(page, "article")
    page.locator("#attributions .speaker-link", has_text="الوزير").first.click()
    expect(page.locator("#speaker-name")).to_have_text("الوزير")
    claims = page.request.get(page.base + "/api/speakers/الوزير").json()["claims_list"]
    assert len(claims) >= 4
    expect(page.locator("#claims .claim")).to_have_count(len(claims))
    expect(page.locator("#claims")).to_contain_text("يكون المشروع قد تأخر")
    shot(page, "speaker")
    page.locator("#speaker-stories a", has_text="المشروع سيكتمل").click()
    expect(page.locator("#agreement")).to_contain_text("لم يُقَس")
    expect(page.locator("#stances")).to_contain_text("الحياة: ينفي")
    dates = page.locator("#timeline time").all_inner_texts()
    assert dates == sorted(dates) == ["2017-12-03", "2017-12-05"]
    expect(page.locator("#graph")).to_have_attribute("data-drawn", "5")
    shot(page, "story")
    assert page.problems == []


def test_hostile_article_shows_its_script_as_text(page) -> None:  # type: ignore[no-untyped-def]
    expect = sync_api.expect
    page.goto(page.base + "/article/evil")
    expect(page.locator("h1")).to_have_text(f"عنوان {SCRIPT}")
    expect(page.locator("#text")).to_contain_text(SCRIPT)
    expect(page.locator("#text")).to_contain_text('"<img src=x onerror=alert(2)>"')
    assert page.locator("#text script, #text img, h1 script").count() == 0
    hot = page.locator("#text .sent.heat-5")
    expect(hot).to_have_count(1)
    assert "بلا مصدر" in hot.get_attribute("title") and SCRIPT in hot.get_attribute("title")
    shot(page, "hostile")
    page.goto(page.base + "/story/s2")
    expect(page.locator("main")).to_contain_text(SCRIPT)
    expect(page.locator("#graph")).to_have_attribute("data-drawn", "3")
    assert page.problems == []


def test_search_box_and_graph(page) -> None:  # type: ignore[no-untyped-def]
    expect = sync_api.expect
    page.goto(page.base + "/")
    page.get_by_role("searchbox").fill("ديلون")
    page.get_by_role("button", name="بحث").click()
    found = page.request.get(page.base + "/api/search?q=ديلون").json()
    assert {h["id"] for h in found} == {"b", "d000"}
    expect(page.locator("#hits li")).to_have_count(2)
    expect(page.locator("#hits mark").first).to_have_text("ديلون")
    shot(page, "search")
    page.goto(page.base + "/graph")
    page.wait_for_selector("#graph[data-drawn]")
    assert page.locator("#graph .k-speaker").count() >= 3 and page.locator("#graph .k-relay").count() >= 1
    shot(page, "graph")
    page.locator("#graph .k-speaker a").first.click()
    expect(page.locator("#speaker-name")).to_be_visible()
    assert page.problems == []


def test_real_article(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/article/d000")
    sync_api.expect(page.locator("#attributions .attr").first).to_be_visible()
    assert page.locator("#text .m.cue").count() >= 5
    shot(page, "real-article")
    assert page.problems == []

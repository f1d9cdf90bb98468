"""The readers turn every kind of input, good or bad, into items, and never raise."""
from __future__ import annotations

import io
import json
import sys
from itertools import islice
from pathlib import Path

import pytest

from qawl.io import readers
from qawl.io.readers import Article, BadInput, html_to_text, read_inputs
from qawl.options import Options

ARABIC = "وقال الوزير إن المشروع سيكتمل العام المقبل."


def items(*paths: object, options: Options | None = None) -> list[Article | BadInput]:
    return list(read_inputs([str(p) for p in paths], options))


def jsonl(*rows: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)


def fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes | io.RawIOBase) -> None:
    raw = io.BytesIO(data) if isinstance(data, bytes) else data
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8"))


# -- JSONL -----------------------------------------------------------------------------


def test_jsonl_articles_keep_their_fields_and_default_id(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(jsonl({"id": "x1", "text": ARABIC, "date": "2017-12-02", "outlet": "o"}, "", {"text": ARABIC}))
    got = items(f)
    assert got == [
        Article(f"{f}:1", {"id": "x1", "text": ARABIC, "date": "2017-12-02", "outlet": "o"}),
        Article(f"{f}:3", {"text": ARABIC, "id": f"{f}:3"}),  # blank line 2 skipped, numbering kept
    ]


def test_html_entities_in_titles_are_resolved_once(tmp_path: Path) -> None:
    """SaudiNewsNet titles hold character references (``&#8220;حافلة&#8221;``, ``&quot;داعش&quot;``):
    read once into the characters; a doubly escaped one keeps one level; the text is left as is."""
    f = tmp_path / "a.jsonl"
    f.write_text(jsonl({"id": "1", "text": "نص &amp; نص", "title": "إصابة ٥٠ بحادث &#8220;حافلة&#8221;"},
                       {"id": "2", "text": ARABIC, "title": "&quot;داعش&quot; يتبنى", "outlet": "a &amp; b"},
                       {"id": "3", "text": ARABIC, "title": "&amp;quot;x&amp;quot;"}))
    got = [a.record for a in items(f)]
    assert got[0]["title"] == "إصابة ٥٠ بحادث “حافلة”" and got[0]["text"] == "نص &amp; نص"
    assert got[1]["title"] == '"داعش" يتبنى' and got[1]["outlet"] == "a & b"
    assert got[2]["title"] == "&quot;x&quot;"


def test_malformed_line_in_the_middle_is_reported_with_its_number(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(jsonl({"id": "1", "text": ARABIC}, '{"id": "2", "text": ', {"id": "3", "text": ARABIC}))
    first, bad, last = items(f)
    assert first.record["id"] == "1" and last.record["id"] == "3"
    assert isinstance(bad, BadInput) and bad.where == f"{f}:2" and bad.message.startswith("not JSON:")


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"id": "a"}', 'no "text" field'),
        ('{"id": "a", "text": 5}', '"text" is a number, not a string'),
        ('{"id": "a", "text": null}', '"text" is null, not a string'),
        ('["text"]', "not a JSON object but an array"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_json_lines_that_are_not_articles(tmp_path: Path, line: str, message: str) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(jsonl(line, {"text": ARABIC}))
    bad, good = items(f)
    assert bad.where == f"{f}:1" and message in bad.message
    assert isinstance(good, Article)


def test_broken_utf8_in_jsonl_gives_the_byte_offset_in_the_file(tmp_path: Path) -> None:
    first = jsonl({"text": ARABIC}).encode()
    f = tmp_path / "a.jsonl"
    f.write_bytes(first + b'{"text": "ab\xff"}\n' + first)
    got = items(f)
    assert got[1] == BadInput(f"{f}:2", f"not valid UTF-8 (byte {len(first) + 12} of the file)")
    assert isinstance(got[0], Article) and isinstance(got[2], Article)


def test_bom_and_crlf_in_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_bytes(b"\xef\xbb\xbf" + jsonl({"text": ARABIC}, {"text": ARABIC}).replace("\n", "\r\n").encode())
    assert [type(i) for i in items(f)] == [Article, Article]


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_jsonl(tmp_path: Path, content: str) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(content)
    assert items(f) == [BadInput(str(f), "empty file (no articles)")]


def test_binary_jsonl_is_one_error_not_one_per_line(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_bytes(b"\x00\x01\n" * 1000)
    assert items(f) == [BadInput(str(f), "binary file (contains NUL bytes), not JSONL")]


def test_overlong_jsonl_line_is_skipped_and_the_next_line_read(tmp_path: Path) -> None:
    options = Options(max_article_chars=100)
    limit = readers.line_limit(options)
    f = tmp_path / "a.jsonl"
    f.write_text(jsonl({"id": "big", "text": "ا" * (limit + 10)}, {"id": "ok", "text": ARABIC}))
    bad, good = items(f, options=options)
    assert bad.where == f"{f}:1" and "longer than" in bad.message
    assert good.where == f"{f}:2" and good.record["id"] == "ok"


# -- one-article files -----------------------------------------------------------------


def test_txt_is_one_article_named_after_the_file(tmp_path: Path) -> None:
    f = tmp_path / "d1.txt"
    f.write_bytes(b"\xef\xbb\xbf" + ARABIC.encode())
    assert items(f) == [Article(str(f), {"id": "d1.txt", "text": ARABIC})]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty file"),
        (b" \n\t\n", "empty file"),
        (b"abc\x00def", "binary file (contains NUL bytes), not text"),
        ("نص".encode() + b"\xc3(", "not valid UTF-8 (byte 4)"),
    ],
)
def test_bad_txt(tmp_path: Path, data: bytes, message: str) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(data)
    assert items(f) == [BadInput(str(f), message)]


def test_txt_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    f = tmp_path / "a.txt"
    f.write_text("ا" * 51)  # 102 bytes
    (bad,) = items(f)
    assert bad.where == str(f) and "size limit of 100 bytes" in bad.message


def test_missing_file_and_the_rest_still_read(tmp_path: Path) -> None:
    good = tmp_path / "g.txt"
    good.write_text(ARABIC)
    got = items(tmp_path / "nope.jsonl", good)
    assert got == [BadInput(str(tmp_path / "nope.jsonl"), "no such file or directory"), Article(str(good), {"id": "g.txt", "text": ARABIC})]


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "a.dat").write_text("\n" + jsonl({"text": ARABIC}))
    (tmp_path / "b.dat").write_text(ARABIC)
    a, b = items(tmp_path / "a.dat", tmp_path / "b.dat")
    assert a.where == f"{tmp_path / 'a.dat'}:2"
    assert b.record == {"id": "b.dat", "text": ARABIC}


# -- HTML ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>عنوان  الخبر</title>
<style>p { color: red }</style><script>var s = "<p>ليس نصا</p>";</script></head>
<body><nav>الرئيسية</nav><p>الفقرة   الأولى &amp; شيء.</p><div>سطر<br>وسطر آخر</div>
<noscript>فعل جافاسكربت</noscript><p>الأخيرة</p></body></html>"""


def test_html_text_drops_scripts_and_keeps_paragraphs_as_lines() -> None:
    title, text = html_to_text(PAGE)
    assert title == "عنوان الخبر"
    assert text.split("\n") == ["الرئيسية", "الفقرة الأولى & شيء.", "سطر", "وسطر آخر", "الأخيرة"]


def test_html_file(tmp_path: Path) -> None:
    f = tmp_path / "page.htm"
    f.write_text(PAGE)
    (a,) = items(f)
    assert a.record["id"] == "page.htm" and a.record["title"] == "عنوان الخبر"
    assert "ليس نصا" not in a.record["text"] and "p {" not in a.record["text"]


def test_html_without_text(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text("<html><script>x()</script></html>")
    assert items(f) == [BadInput(str(f), "no text in the HTML")]


def test_malformed_html_is_still_read(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text("<p>نص <b>غير <i>مغلق<p></div></span>" + "<!" + "<<>>")
    (a,) = items(f)
    assert isinstance(a, Article) and "مغلق" in a.record["text"]


# -- directories -----------------------------------------------------------------------


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text(ARABIC)
    (tmp_path / "a.jsonl").write_text(jsonl({"id": "j", "text": ARABIC}))
    (tmp_path / "c.HTML").write_text(f"<p>{ARABIC}</p>")
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / ".hidden.txt").write_text(ARABIC)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "y.txt").write_text(ARABIC)
    got = items(tmp_path)
    assert [a.record["id"] for a in got] == ["j", "b/x.txt", "c.HTML"]


def test_directory_without_articles(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x")
    (bad,) = items(tmp_path)
    assert bad.where == str(tmp_path) and "no article files" in bad.message


# -- stdin -----------------------------------------------------------------------------


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, ("\n  \n" + jsonl({"text": ARABIC}, "{oops")).encode())
    good, bad = items("-")
    assert good == Article("stdin:3", {"text": ARABIC, "id": "stdin:3"})
    assert bad.where == "stdin:4" and bad.message.startswith("not JSON")


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, f"  {ARABIC}\n{ARABIC}".encode())
    assert items("-") == [Article("stdin", {"id": "stdin", "text": f"  {ARABIC}\n{ARABIC}"})]


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, b"")
    assert items("-") == [BadInput("stdin", "empty file")]


class _EndlessJsonl(io.RawIOBase):
    """A stream of JSONL lines that never ends: only a lazy reader gets anywhere with it."""

    line = (json.dumps({"text": ARABIC}) + "\n").encode()

    def readable(self) -> bool:
        return True

    def readinto(self, buf: memoryview) -> int:
        n = len(buf) // len(self.line) * len(self.line) or len(buf)
        buf[:n] = (self.line * (n // len(self.line) + 1))[:n]
        return n


def test_reading_is_lazy(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, _EndlessJsonl())
    got = list(islice(read_inputs(["-"]), 1000))
    assert len(got) == 1000 and all(isinstance(a, Article) for a in got)
    assert got[-1].where == "stdin:1000"

"""Turn the CLI's PATH arguments into a stream of articles, lazily.

Each PATH (a file, a directory, or ``-`` for stdin) yields ``Article`` items in input
order.  Every problem with the input becomes a ``BadInput`` item instead of an
exception, so one broken file or line never stops a batch: the caller reports it and
goes on with the rest.  JSONL is never read whole: lines are read one at a time, each
capped in length, so a 1 GB file streams in constant memory.  A single-article file
(``.txt``, ``.html``) is read whole, so it has a size limit instead.

An HTML page's article text comes from trafilatura (main content, no menus or
footers; dates from explicit metadata only), falling back to a plain parser when it
finds nothing.  An RSS/Atom feed (feedparser) gives one article per entry, with the
entry's page in ``Article.link``; a WARC file (warcio) one per HTML response.
"""
from __future__ import annotations

import io
import json
import os
import re
import stat
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import count
from pathlib import Path
from typing import Any, BinaryIO, TypeVar
from urllib.parse import urlsplit

from ..options import Options
from .records import json_type, record_problem, unescape_fields

#: A .txt/.html file, or a text on stdin, is read whole: above this size it is refused.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: How each file suffix is read; a directory is searched for exactly these suffixes.
KINDS = {".jsonl": "jsonl", ".txt": "text", ".html": "html", ".htm": "html",
         ".rss": "feed", ".atom": "feed", ".xml": "feed", ".warc": "warc", ".warc.gz": "warc"}
#: Room a JSONL line gets beyond its text: metadata such as url, title, outlet.
LINE_SLACK_BYTES = 64 * 1024
#: The PATH that means standard input, and the name it goes by in ids and messages.
STDIN, STDIN_NAME = "-", "stdin"

_SNIFF_BYTES = 8192  # enough to tell binary from text, and JSONL from plain text
_BOM = b"\xef\xbb\xbf"
#: Byte-order marks of the encodings read besides UTF-8 (UTF-32 first: its LE mark starts like UTF-16's).
_UTF_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
             (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


@dataclass(frozen=True, slots=True)
class Article:
    """One article record ``{"id", "text", ...}`` and where it came from, for messages."""

    where: str  # "file.txt", "file.jsonl:7", "stdin"
    record: dict[str, Any]
    link: str | None = None  # a feed entry's page, which ``qawl ingest --follow`` fetches


@dataclass(frozen=True, slots=True)
class BadInput:
    """Input that is not an article, with a message that fits on one line."""

    where: str
    message: str


Item = Article | BadInput
_T = TypeVar("_T")


def read_inputs(paths: Iterable[str], options: Options | None = None) -> Iterator[Item]:
    """Articles and input errors from ``paths``, in order, read lazily."""
    options = options or Options()
    for path in paths:
        if path == STDIN:
            if sys.stdin is None:
                yield BadInput(STDIN_NAME, "no standard input")
            else:
                yield from guarded(STDIN_NAME, _read_sniffed(STDIN_NAME, STDIN_NAME, sys.stdin.buffer, options))
        elif os.path.isdir(path):
            yield from _read_dir(Path(path), options)
        else:
            yield from guarded(path, _read_file(path, Path(path).name, options))


def guarded(where: str, items: Iterator[_T]) -> Iterator[_T | BadInput]:
    """The items of one input (a file, a stream, a fetched document), with one error boundary:
    whatever a reader or a library under it raises on hostile bytes (a WARC header warcio
    cannot parse, a cut-off gzip member) ends that input with one ``BadInput``; what was
    read before it stands, and the next input is read."""
    try:
        yield from items
    except (MemoryError, RecursionError) as e:
        yield BadInput(where, f"cannot read: {type(e).__name__}")
    except Exception as e:
        yield BadInput(where, f"cannot read the rest: {type(e).__name__}: {first_line(e)}")


def find_files(root: Path, kind: Callable[[str], str | None] | None = None) -> list[Path]:
    """The article files under ``root``, recursively, sorted; hidden files and folders skipped.

    ``kind`` tells a file name's kind (``None``: not an article file); by default the
    suffixes of ``KINDS``.
    """
    kind = kind or _kind
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found += [Path(dirpath, f) for f in filenames if not f.startswith(".") and kind(f)]
    return sorted(found)


def _read_dir(root: Path, options: Options) -> Iterator[Item]:
    files = find_files(root)
    if not files:
        yield BadInput(str(root), f"directory has no article files ({', '.join(KINDS)})")
    for f in files:
        # The id of a one-article file is its name; below the top folder, its relative
        # path, so that two a.txt in different folders stay two articles.
        kind = _not_regular(f)
        if kind:  # opening a FIFO blocks until someone writes to it: never read one found in a folder
            yield BadInput(str(f), f"not a regular file but {kind}; skipped")
        else:
            yield from guarded(str(f), _read_file(str(f), f.relative_to(root).as_posix(), options))


def _not_regular(path: Path) -> str | None:
    """What a path found in a folder is when it is not a regular file ("a FIFO", ...), or None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # gone, or a broken link: opening it says why
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a file"


def _kind(name: str) -> str | None:
    name = name.lower()
    return KINDS[".warc.gz"] if name.endswith(".warc.gz") else KINDS.get(os.path.splitext(name)[1])


def _read_file(path: str, name: str, options: Options) -> Iterator[Item]:
    """The articles of one file; an unknown suffix is sniffed as stdin is."""
    try:
        with open(path, "rb") as f:
            kind = _kind(path)
            if kind is None:
                yield from _read_sniffed(path, name, f, options)
            else:
                yield from _read_kind(kind, path, name, f, options)
    except FileNotFoundError:
        yield BadInput(path, "no such file or directory")
    except OSError as e:
        yield BadInput(path, e.strerror or str(e))


def _read_kind(kind: str, where: str, name: str, f: BinaryIO, options: Options) -> Iterator[Item]:
    if kind == "jsonl":
        yield from _read_jsonl(where, f, options)
        return
    if kind == "warc":
        from .warc import read_warc  # warcio is imported only for web archives

        yield from read_warc(where, f)
        return
    data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        yield BadInput(where, f"over the size limit of {MAX_FILE_BYTES:,} bytes for one {'feed' if kind == 'feed' else 'article'}")
    elif kind == "feed":
        yield from _read_feed(where, data)
    else:
        yield _one_article(where, name, data, html=kind == "html")


def read_bytes(where: str, data: bytes, *, url: str | None = None, content_type: str = "",
               options: Options | None = None) -> Iterator[Item]:
    """The articles of a fetched document: a page, a feed, a WARC or JSONL file, or text.

    Its kind comes from the content type when that says HTML or a feed, else from the
    bytes; a page's id and url are ``url``.
    """
    options = options or Options()
    mime = content_type.split(";")[0].strip().lower()
    kind = ("html" if mime in ("text/html", "application/xhtml+xml") else
            "feed" if mime in ("application/rss+xml", "application/atom+xml") or
            (mime.endswith("/xml") and _looks_like_feed(data)) else None)
    if kind == "html" and url:
        yield html_article(where, url, _decoded(where, data), url)
    elif kind is not None:
        yield from guarded(where, _read_kind(kind, where, url or where, io.BufferedReader(io.BytesIO(data)), options))
    else:
        yield from guarded(where, _read_sniffed(where, url or where, io.BufferedReader(io.BytesIO(data)), options, url=url))


def _read_sniffed(where: str, name: str, raw: BinaryIO, options: Options, url: str | None = None) -> Iterator[Item]:
    """Read a stream whose kind is unknown: JSONL if it starts with ``{``, HTML with ``<html``
    or ``<!doctype``, a feed with ``<rss``/``<feed`` (after an XML declaration), a WARC
    file with ``WARC/`` or gzip's magic, else one plain-text article."""
    head = b""
    while True:
        chunk = _read_some(raw, _SNIFF_BYTES)
        head += chunk
        if not chunk or chunk.strip():
            break
    encoding = utf_bom(head)
    if encoding is not None:  # UTF-16/32: sniffed and read again as UTF-8
        utf8 = io.BufferedReader(Transcoded(io.BufferedReader(_Replay(head, raw)), encoding))
        yield from _read_sniffed(where, name, utf8, options, url)
        return
    start = head.lstrip().removeprefix(_BOM).lstrip()[:9].lower()
    kind = ("warc" if head.startswith((b"WARC/", b"\x1f\x8b")) else
            "jsonl" if start.startswith(b"{") else
            "html" if start.startswith((b"<html", b"<!doctype")) else
            "feed" if start.startswith((b"<rss", b"<feed", b"<?xml")) and _looks_like_feed(head) else "text")
    stream = io.BufferedReader(_Replay(head, raw))
    if kind == "html" and url:
        data = stream.read(MAX_FILE_BYTES + 1)
        yield (BadInput(where, f"over the size limit of {MAX_FILE_BYTES:,} bytes for one article")
               if len(data) > MAX_FILE_BYTES else _one_article(where, name, data, html=True, url=url))
    else:
        yield from _read_kind(kind, where, name, stream, options)


def _looks_like_feed(head: bytes) -> bool:
    return bool(re.search(rb"<(rss|feed|rdf:RDF)[\s>]", head[:_SNIFF_BYTES]))


def _read_some(stream: BinaryIO, n: int) -> bytes:
    """Up to ``n`` bytes: what a pipe has now (``read1``) rather than wait for all ``n``."""
    return stream.read1(n) if hasattr(stream, "read1") else stream.read(n)


class _Replay(io.RawIOBase):
    """A raw stream that gives back the bytes already read to sniff it, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if self._head:
            data, self._head = self._head[: len(buf)], self._head[len(buf) :]
        else:
            data = _read_some(self._rest, len(buf))
        buf[: len(data)] = data
        return len(data)


def _one_article(where: str, name: str, data: bytes, *, html: bool, url: str | None = None) -> Item:
    """A whole file (or stdin) as one article whose id is ``name``: UTF-8, or UTF-16/32
    when a byte-order mark says so."""
    encoding = utf_bom(data)
    if encoding is None and b"\0" in data:
        return BadInput(where, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode(encoding or "utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        return BadInput(where, f"not valid {(encoding or 'utf-8').upper()} (byte {e.start})")
    if "\0" in text:
        return BadInput(where, "binary file (contains NUL characters), not text")
    if html:
        return html_article(where, name, text, url)
    if not text.strip():
        return BadInput(where, "empty file")
    return Article(where, {"id": name, "text": text})


def utf_bom(head: bytes) -> str | None:
    """The encoding a UTF-16 or UTF-32 byte-order mark at the start of ``head`` names, or None."""
    return next((name for bom, name in _UTF_BOMS if head.startswith(bom)), None)


class Transcoded(io.RawIOBase):
    """A UTF-16/32 stream read as UTF-8, a chunk at a time (a JSONL file saved by a Windows
    editor); what does not decode becomes U+FFFD, which the line's reader then sees."""

    def __init__(self, raw: BinaryIO, encoding: str):
        import codecs

        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._out = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        while not self._out and not self._done:
            chunk = _read_some(self._raw, 1 << 16)
            self._done = not chunk
            self._out = self._decoder.decode(chunk, final=self._done).encode("utf-8", "surrogatepass")
        data, self._out = self._out[: len(buf)], self._out[len(buf) :]
        buf[: len(data)] = data
        return len(data)


def _decoded(where: str, data: bytes) -> str:
    """A fetched page's text: UTF-8 when it is, else what its bytes most likely are."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes  # installed with trafilatura

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", "replace")


def html_article(where: str, name: str, html: str, url: str | None) -> Item:
    """One page as an article: its id is ``name``; title, date and outlet from its metadata."""
    record: dict[str, Any] = {"id": name}
    if url:
        record["url"] = url
    try:
        page = extract_page(html, url)
    except Exception as e:  # both parsers are lenient, but odd markup has raised before
        return BadInput(where, f"cannot parse HTML: {type(e).__name__}: {e}")
    record.update({k: v for k, v in page.items() if v})
    if not record.get("text"):
        return BadInput(where, "no text in the HTML")
    return Article(where, record)


def extract_page(html: str, url: str | None = None) -> dict[str, str | None]:
    """``{"text", "title", "date", "outlet"}`` of a page.

    trafilatura finds the main text; its date search is limited to explicit metadata
    (``extensive_search=False``: with it on, it guesses dates from any number in the page).
    A page trafilatura finds no text in (a fragment, a bare list of paragraphs) is read
    by the plain parser, which keeps every paragraph.
    """
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            date_extraction_params={"extensive_search": False,
                                                                    "original_date": True})
    meta = found.as_dict() if found is not None and hasattr(found, "as_dict") else (found or {})
    text = (meta.get("text") or "").strip()
    title = meta.get("title")
    if not text:
        title, text = html_to_text(html)
    outlet = meta.get("sitename")
    host = urlsplit(url).hostname if url else None
    if outlet and host and outlet == host.removeprefix("www."):  # trafilatura's fallback: the host name
        outlet = None
    return {"text": text, "title": title or None, "date": meta.get("date"), "outlet": outlet}


# -- feeds and web archives ------------------------------------------------------------

def _read_feed(where: str, data: bytes) -> Iterator[Item]:
    """One article per entry; its text is the entry's content or summary (HTML to text)."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f": {feed.bozo_exception}" if feed.get("bozo") else ""
        yield BadInput(where, f"not a feed, or a feed with no entries{reason}")
        return
    outlet = feed.feed.get("title") or None
    for n, entry in enumerate(feed.entries, 1):
        link = entry.get("link") or None
        body = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        record: dict[str, Any] = {"id": entry.get("id") or link or f"{where}#{n}",
                                  "text": html_to_text(body)[1] if "<" in body else body.strip()}
        for key, value in (("title", entry.get("title")), ("url", link), ("outlet", outlet),
                           ("date", _feed_date(entry))):
            if value:
                record[key] = value
        if not record["text"] and not link:
            yield BadInput(f"{where}#{n}", "feed entry has neither text nor a link")
        else:
            yield Article(f"{where}#{n}", record, link)


def _feed_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def first_line(e: BaseException) -> str:
    """The first line of an exception's message (a library's can run to a stack trace)."""
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def line_limit(options: Options) -> int:
    """The longest JSONL line read: an article at the character limit, every character
    escaped as ``\\uXXXX`` (6 bytes), plus room for its metadata."""
    return 6 * options.max_article_chars + LINE_SLACK_BYTES


def _read_jsonl(path: str, f: BinaryIO, options: Options) -> Iterator[Item]:
    for item in _json_lines(path, f, options, "articles"):
        yield item if isinstance(item, BadInput) else _as_article(item)


def read_json_lines(path: str, options: Options | None = None, what: str = "records") -> Iterator[JsonLine | BadInput]:
    """The JSON objects of one JSONL file (``-``: stdin), line by line, with the same limits
    and one-line errors as articles: for inputs whose lines are not articles (``qawl pairs``)."""
    return guarded(path, _read_json_lines(path, options or Options(), what))


def _read_json_lines(path: str, options: Options, what: str) -> Iterator[JsonLine | BadInput]:
    if path == STDIN:
        if sys.stdin is None:
            yield BadInput(STDIN_NAME, "no standard input")
        else:
            yield from _json_lines(STDIN_NAME, sys.stdin.buffer, options, what)
        return
    try:
        with open(path, "rb") as f:
            yield from _json_lines(path, f, options, what)
    except FileNotFoundError:
        yield BadInput(path, "no such file or directory")
    except IsADirectoryError:
        yield BadInput(path, "a directory, not a JSONL file")
    except OSError as e:
        yield BadInput(path, e.strerror or str(e))


@dataclass(frozen=True, slots=True)
class JsonLine:
    """One JSON object of a JSONL input and where it came from (``FILE:LINENO``)."""

    where: str
    obj: dict[str, Any]


def _json_lines(path: str, f: BinaryIO, options: Options, what: str) -> Iterator[JsonLine | BadInput]:
    peek = f.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if hasattr(f, "peek") else b""
    encoding = utf_bom(peek)
    if encoding is not None:
        f = io.BufferedReader(Transcoded(f, encoding))
        peek = f.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    if b"\0" in peek and not peek.lstrip().removeprefix(_BOM).lstrip().startswith(b"{"):
        # one message for a binary file, not one per "line"; a JSONL file with a NUL in a
        # line is that line's error (below), and its other lines are read
        yield BadInput(path, "binary file (contains NUL bytes), not JSONL")
        return
    limit = line_limit(options)
    seen = False
    for lineno, offset, line in _lines(f, limit):
        where = f"{path}:{lineno}"
        if line is None:
            seen = True
            yield BadInput(where, f"line longer than {limit:,} bytes; skipped")
        elif line.strip():
            seen = True
            yield _json_object(where, line, offset)
    if not seen:
        yield BadInput(path, f"empty file (no {what})")


def _lines(f: BinaryIO, limit: int) -> Iterator[tuple[int, int, bytes | None]]:
    """``(line number, byte offset, line)`` for each line; ``None`` for a line over
    ``limit`` bytes, which is skipped without ever being held in memory whole."""
    offset = 0
    for lineno in count(1):
        line = f.readline(limit + 1)
        if not line:
            return
        start, offset = offset, offset + len(line)
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = f.readline(1 << 20)
                offset += len(line)
            yield lineno, start, None
        else:
            yield lineno, start, line


def _json_object(where: str, line: bytes, offset: int) -> JsonLine | BadInput:
    """One JSONL line as a JSON object, or why it is not one."""
    if b"\0" in line:
        return BadInput(where, "binary data (NUL bytes), not a JSON line")
    try:
        obj = json.loads(line.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError as e:
        return BadInput(where, f"not valid UTF-8 (byte {offset + e.start} of the file)")
    except json.JSONDecodeError as e:
        return BadInput(where, f"not JSON: {e.msg} (column {e.colno})")
    except RecursionError:
        return BadInput(where, "not JSON this reader accepts: nested too deeply")
    except ValueError as e:  # an integer of more than 4,300 digits
        return BadInput(where, f"not JSON this reader accepts: {first_line(e)}")
    if not isinstance(obj, dict):
        return BadInput(where, f"not a JSON object but {json_type(obj)}")
    return JsonLine(where, obj)


def json_line_item(where: str, line: bytes, offset: int = 0) -> Item:
    """One JSONL line as an article, or why it is not one; its id defaults to ``where``."""
    item = _json_object(where, line, offset)
    return _as_article(item) if isinstance(item, JsonLine) else item


def record_item(where: str, obj: dict[str, Any]) -> Item:
    """A decoded record (a JSON object, a table row) as an article, or why it is not one;
    its id defaults to ``where``."""
    return _as_article(JsonLine(where, obj))


def _as_article(line: JsonLine) -> Item:
    """A JSON line as an article; its id defaults to ``where`` (``FILE:LINENO``)."""
    obj, where = line.obj, line.where
    problem = record_problem(obj)
    if problem:
        return BadInput(where, problem)
    if obj.get("id") is None:
        obj["id"] = where
    return Article(where, dict(unescape_fields(obj)))


# -- HTML ------------------------------------------------------------------------------

#: Elements whose content is never article text.
_SKIP = frozenset({"script", "style", "noscript", "template", "svg"})
#: Elements that start a new line of text (a paragraph, a heading, a list item, ...).
_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
)
_SPACES = re.compile(r"\s+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
        else:
            self.lines[-1] += data


def html_to_text(html: str) -> tuple[str, str]:
    """``(title, text)`` of a page: scripts and styles dropped, one line per paragraph."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in parser.lines)
    return _SPACES.sub(" ", parser.title).strip(), "\n".join(line for line in lines if line)

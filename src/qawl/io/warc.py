"""Web archives (WARC, ``.warc`` / ``.warc.gz``) as a stream of articles.

A crawl holds far more than articles: requests, metadata, images, scripts.  Only
``response`` and ``resource`` records whose content type is HTML are read; the rest is
skipped without a word.  Each page becomes one article through the same page reader
that ``qawl analyze page.html`` uses, so a page gives the same text whether it was
saved as a file or archived.  This is the one WARC reader: local runs, ``qawl ingest``
and Spark all use it.  A page that cannot be read (an unknown
charset, no text at all) is a ``BadInput`` and the rest of the archive is still read;
a file that is not a WARC at all is one ``BadInput`` for the whole file.

The id of an article is its URL (``WARC-Target-URI``, also in ``url``), else its
``WARC-Record-ID``; a page fetched twice is stored once when its text is the same.  ``WARC-Date`` is the crawl time, not
the publication date, so it is not given as the article's date: relative times
("أمس") would be resolved against the wrong day.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .readers import MAX_FILE_BYTES, BadInput, Item, html_article, first_line

#: The record types that carry a fetched document.
PAGE_RECORDS = frozenset({"response", "resource"})
#: Content types read as HTML pages.
HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)


def read_warc(where: str, stream: BinaryIO) -> Iterator[Item]:
    """The HTML pages of a WARC file as articles, in archive order.

    ``where`` names the file in messages; a page is ``WHERE:N``, N counting every record
    of the file from 1 (so a message points at the record whatever its type).
    """
    n = pages = 0
    try:
        for n, record in enumerate(ArchiveIterator(stream), 1):
            if record.rec_type not in PAGE_RECORDS:
                continue
            content_type = _content_type(record)
            if not content_type.lower().startswith(HTML_TYPES):
                continue
            pages += 1
            yield _page(f"{where}:{n}", record, content_type)
    except ArchiveLoadFailed as e:
        yield BadInput(where if n == 0 else f"{where}:{n + 1}", f"not a WARC record: {first_line(e)}")
        return
    except Exception as e:  # noqa: BLE001 - a truncated gzip member, a cut-off record, a header
        # warcio trips on (a response without WARC-Target-URI raises AttributeError inside it)
        yield BadInput(f"{where}:{n + 1}", f"unreadable WARC record: {type(e).__name__}: {first_line(e)}")
        return
    if not pages:
        yield BadInput(where, "no HTML responses: not a WARC file, or one without pages")


def _content_type(record: Any) -> str:
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    return (headers.get_header("Content-Type") or "").strip()


def _page(where: str, record: Any, content_type: str) -> Item:
    data = record.content_stream().read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return BadInput(where, f"over the size limit of {MAX_FILE_BYTES:,} bytes for one article")
    charset = _charset(content_type, data)
    try:
        html = data.decode(charset).removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        return BadInput(where, f"not valid {charset} (byte {e.start})")
    url = record.rec_headers.get_header("WARC-Target-URI")
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or where).strip("<>")
    return html_article(where, url or record_id, html, url)


def _charset(content_type: str, data: bytes) -> str:
    """The page's charset: the HTTP header's, else a ``<meta charset>``, else UTF-8."""
    found = _HEADER_CHARSET.search(content_type)
    name = found.group(1) if found else None
    if name is None:
        meta = _META_CHARSET.search(data[:4096])
        name = meta.group(1).decode("ascii") if meta else None
    try:
        return codecs.lookup(name).name if name else "utf-8"
    except LookupError:
        return "utf-8"

"""What makes an input record fit to analyse, store and print: one check for every way in.

A JSON line, a table row or an API body can hold anything JSON can: a title that is an
object, an outlet that is a list, or an escaped lone surrogate (``"\\ud800"``), which
is valid JSON but no Unicode text (it cannot be written as UTF-8: printing it, storing
it or hashing it fails).  ``record_problem`` finds such a record before any of that
happens, so it is one input error for that record, never a crash halfway through a batch.
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping, MutableMapping
from typing import Any

#: The fields of a record that qawl reads, besides ``text``: each a string when given.
TEXT_FIELDS = ("title", "outlet", "url", "date")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number",
               float: "a number", bool: "a boolean", type(None): "null"}


#: Fields that sites fill from their HTML, character references and all (``&quot;داعش&quot;``,
#: ``&#8220;``); the article text is left as given (offsets point into it).
ESCAPED_FIELDS = ("title", "outlet")


def unescape_fields(record: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Resolve the HTML character references of a record's title and outlet, once, when it is
    read: ``&amp;quot;`` becomes ``&quot;`` (what the page itself showed), not ``"``."""
    for field in ESCAPED_FIELDS:
        value = record.get(field)
        if isinstance(value, str) and "&" in value:
            record[field] = html.unescape(value)
    return record


def json_type(value: Any) -> str:
    """What a JSON value is, for messages: "an object", "a string", "null" ..."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def lone_surrogate(value: Any) -> str | None:
    """The first lone surrogate in a string, or in the strings (keys too) of a JSON value,
    as ``U+D800``; None when there is none."""
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        return f"U+{ord(found.group()):04X}" if found else None
    if isinstance(value, Mapping):
        for k, v in value.items():
            hit = lone_surrogate(k) or lone_surrogate(v)
            if hit:
                return hit
    elif isinstance(value, (list, tuple)):
        for v in value:
            hit = lone_surrogate(v)
            if hit:
                return hit
    return None


def surrogate_problem(obj: Mapping[str, Any]) -> str | None:
    """Why a JSON object cannot be written out as UTF-8, or None."""
    for key, value in obj.items():
        hit = lone_surrogate(key) or lone_surrogate(value)
        if hit:
            return f'"{key}" holds a lone surrogate ({hit}): not valid Unicode text'
    return None


def record_problem(record: Mapping[str, Any]) -> str | None:
    """Why ``record`` is not an article qawl can analyse and store, or None."""
    text = record.get("text")
    if "text" not in record:
        return 'no "text" field'
    if not isinstance(text, str):
        return f'"text" is {json_type(text)}, not a string'
    ident = record.get("id")
    if ident is not None and (isinstance(ident, bool) or not isinstance(ident, (str, int))):
        return f'"id" is {json_type(ident)}, not a string or a whole number'
    for field in TEXT_FIELDS:
        value = record.get(field)
        if value is not None and not isinstance(value, str):
            return f'"{field}" is {json_type(value)}, not a string'
    return surrogate_problem({k: record.get(k) for k in ("id", "text", *TEXT_FIELDS)})

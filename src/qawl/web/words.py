"""What the pages say, all from the message catalogue (``qawl.messages``): the templates call
these as Jinja globals, so no Arabic (or English) sentence is written in a template or in code.

``reasons_of`` words a sentence's integrity reasons: the integrity stage gives each a code with
its fields (``why``; its own catalogue file, ``data/messages/integrity.tsv``) and the page shows
the catalogue's Arabic; a reason whose code has no Arabic is shown in the stage's words.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import messages
from ..integrity.evidence import reason_texts
from ..stories.origins import origin_text

LANG = "ar"


def t(key: str, **fields: Any) -> str:
    """The Arabic message ``key`` with its fields filled."""
    return messages.text(key, LANG, **fields)


def t_or(key: str, fallback: Any) -> str:
    """The Arabic message ``key``, or ``fallback`` for a key the catalogue lacks (a value that a
    newer analysis may add, such as a new attribution type)."""
    return t(key) if key in messages.catalogue() else str(fallback)


def count(n: Any, noun: str) -> str:
    """``n`` of ``noun`` worded as Arabic counts agree (مقال واحد، مقالان، 5 مقالات، 11 مقالًا)."""
    return messages.count(int(n or 0), noun, LANG)


def reason_key(reason: Any) -> str | None:
    """The catalogue key of an integrity reason, when the reason carries a code."""
    code = reason.get("code") if isinstance(reason, Mapping) else None
    return str(code) if code else None


def reasons_of(entry: Mapping[str, Any]) -> list[str]:
    """A sentence's (or clause's) integrity reasons in Arabic, by the integrity stage's own
    reader of its codes (``why``), which falls back to the stored English."""
    return reason_texts(dict(entry), LANG)


def outlet(name: Any) -> Any:
    """An outlet by its Arabic name where known (``data/outlets.tsv``)."""
    return messages.outlet_name(name)


def origin(name: Any) -> str:
    return origin_text(str(name), LANG)


def each(prefix: str, codes: Any, sep: str = "، ") -> str:
    """The messages ``prefix + code`` of several codes, joined as an Arabic list."""
    return sep.join(t(prefix + str(c)) for c in codes or ())


GLOBALS = {"t": t, "t_or": t_or, "reasons_of": reasons_of, "count": count, "outlet": outlet, "origin": origin, "each": each}
#: The ones a template also applies to a sequence (``names | map('outlet')``).
FILTERS = {"outlet": outlet, "origin": origin}

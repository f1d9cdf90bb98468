"""What the pages say, all from the message catalogue (``qawl.messages``): the templates call
these as Jinja globals, so no Arabic (or English) sentence is written in a template or in code.

``reason`` words an integrity reason: the integrity stage gives each reason a code with its
fields where it can (its own catalogue file), and the page shows the catalogue's Arabic for
it; a reason whose code has no Arabic yet is shown in the words the stage gave it.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import messages
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


def reason(reason: Any) -> str:
    """An integrity reason in Arabic: by its code from the catalogue, else as the stage wrote it."""
    key = reason_key(reason)
    if key is not None and key in messages.catalogue():
        fields = reason.get("fields") if isinstance(reason.get("fields"), Mapping) else \
            {k: v for k, v in reason.items() if k not in ("code", "text")}
        try:  # formatted even without fields: a message that names a field the reason lacks falls back
            return messages.catalogue()[key][LANG].format(**fields)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            pass
    if isinstance(reason, Mapping):
        return str(reason.get("text") or "")
    return str(reason)


def reasons_of(entry: Mapping[str, Any]) -> list[str]:
    """A sentence's (or clause's) integrity reasons in Arabic: from its coded reasons (``why``:
    ``{"code", "fields", "text"}`` each) where it has them, else its reasons as stored."""
    why = entry.get("why")
    return [reason(r) for r in (why if isinstance(why, list) and why else entry.get("reasons") or ())]


def outlet(name: Any) -> Any:
    """An outlet by its Arabic name where known (``data/outlets.tsv``)."""
    return messages.outlet_name(name)


def origin(name: Any) -> str:
    return origin_text(str(name), LANG)


def each(prefix: str, codes: Any, sep: str = "، ") -> str:
    """The messages ``prefix + code`` of several codes, joined as an Arabic list."""
    return sep.join(t(prefix + str(c)) for c in codes or ())


GLOBALS = {"t": t, "t_or": t_or, "reasons_of": reasons_of, "count": count, "reason": reason, "outlet": outlet, "origin": origin, "each": each}
#: The ones a template also applies to a sequence (``names | map('outlet')``).
FILTERS = {"outlet": outlet, "origin": origin, "reason": reason}

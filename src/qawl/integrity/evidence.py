"""The value a signal gives one sentence, with the reason a person can check.

A reason is a stable code of the message catalogue (``data/messages/integrity.tsv``) and the
fields that fill it: the CLI and the JSON say it in English, the web interface in Arabic
(``messages.text(code, "ar", **fields)``), and the JSON keeps the code so that a reader can
count or filter reasons without parsing prose.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

from .. import messages
from .result import Explained, Reason


@dataclass(slots=True)
class Evidence:
    """``value`` is the model's input; ``code`` and ``fields`` the reason shown when the value
    raises the suspicion (no code: the signal is context, such as position, never a reason).

    Not frozen, though nothing changes one once made: an article makes some 500 of them, and a
    frozen dataclass's ``__init__`` (``object.__setattr__`` a field) cost 2.7 times a plain one's (issue 19)."""

    value: float
    code: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    #: more fields, worked out only when the reason is shown (words as written: 3 of some 20
    #: signals a sentence are shown, issue 19); None: none
    later: Callable[[], dict[str, Any]] | None = None

    @property
    def reason(self) -> str:
        """The reason in English ("" for a signal that gives none)."""
        return self.text("en") or ""

    def text(self, lang: str) -> str | None:
        return messages.text(self.code, lang, **self.shown()) if self.code else None

    def why(self) -> Reason:
        """The JSON form of the reason: its code, its fields and its English text."""
        fields = self.shown()  # once: the text is made from the same fields
        return {"code": self.code or "", "fields": fields,
                "text": (messages.text(self.code, "en", **fields) if self.code else None) or ""}

    def shown(self) -> dict[str, Any]:
        """``fields`` as a reason shows them, a number to ``FIELD_DECIMALS`` places: rounded when a
        reason is shown, not when the signal is made (3 of some 20 signals a sentence are shown: issue 19)."""
        fields = self.fields if self.later is None else {**self.fields, **self.later()}
        return {k: round(v, FIELD_DECIMALS) if isinstance(v, float) else v for k, v in fields.items()}


def explained(found: list[Evidence]) -> Explained:
    """A sentence's or a clause's ``reasons`` and ``why`` from its evidence: each reason made once
    (its English text is its why's text)."""
    why = [e.why() for e in found]
    return {"reasons": [w["text"] for w in why], "why": why}


def reason_texts(entry: dict[str, Any], lang: str) -> list[str]:
    """A sentence (or clause) entry's reasons in ``lang``, read from their codes (``why``).  An
    entry without codes (stored before them) or with a code or fields the catalogue cannot
    fill (a stored document is input, not trusted) gives its English text instead."""
    why = entry.get("why")
    if not isinstance(why, list) or not why:
        return [str(r) for r in entry.get("reasons") or ()]
    out = []
    for w in why:
        try:
            out.append(messages.text(str(w["code"]), lang, **dict(w.get("fields") or {})))
        except (KeyError, ValueError, TypeError, IndexError, AttributeError):
            out.append(str(w.get("text", "")) if isinstance(w, dict) else "")
    return out


#: Decimals a reason's number keeps: sums over sets of words may differ in their last bits from one
#: process to another (set order follows the hash seed), and the JSON must not.
FIELD_DECIMALS = 4


def ev(value: float, code: str | None = None, **fields: Any) -> Evidence:
    return Evidence(value, code, fields)  # the numbers are rounded when shown (``Evidence.shown``)


#: One sentence's signals by name.
Signals = dict[str, Evidence]


def joined(words: list[str]) -> str:
    """Arabic words listed in a reason (the Arabic comma reads right in both languages)."""
    return "، ".join(words)

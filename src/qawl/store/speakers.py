"""Who a claim's speaker is, across the store: one person is one speaker, however named.

An article calls one spokesman "العقيد زياد الرقيطي", then "المتحدث الإعلامي", then
"الرقيطي"; the entity stage gives those mentions one entity id ("PER:زياد_رقيطي"), built
from the person's longest name so that other articles give it the same id.  A speaker is
keyed by that id when the attribution has one; else by an entity of the same article whose
name holds every word of the speaker's (quote marks off: «"الرقيطي"» is الرقيطي); else by
the id such a person would have when the store already holds that person (an article whose
tagger missed the name); else by the name in matching form, as before.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..text.normalize import normalize
from ..world.entities import entity_id, key_word

#: Entity types that speak: a person, a body (a TITLE entity carries its person's id).
SPEAKING = ("PER", "ORG", "TITLE")
_QUOTES = "\"'«»“”„‘’`"


def speaker_key(name: str) -> str:
    """The key that one speaker's spellings share (أكد الوزير / اكد الوزير)."""
    return " ".join(normalize(name).split())


def name_words(text: str) -> frozenset[str]:
    """A name's words in matching form without article or quote marks."""
    return frozenset(w for w in (key_word(t.strip(_QUOTES)) for t in text.split()) if w)


def speakers_of(doc: Mapping[str, Any], known: Callable[[str], bool] = lambda key: False
                ) -> list[tuple[str, str] | None]:
    """(key, name) of each attribution's speaker in ``doc`` (``Doc.to_dict()``), None where it
    has none; ``known(key)`` says whether the store holds a speaker of that key already."""
    entities = [e for e in doc.get("entities") or () if e.get("type") in SPEAKING and e.get("id")]
    longest: dict[str, str] = {}
    for e in entities:
        if e.get("type") != "TITLE" and len(e.get("text") or "") > len(longest.get(e["id"], "")):
            longest[e["id"]] = e["text"]
    named = [(name_words(e["text"]), e["id"]) for e in entities if e.get("type") == "PER"]
    out: list[tuple[str, str] | None] = []
    for a in doc.get("attributions") or ():
        source = a.get("source")
        if not source or not source.get("text"):
            out.append(None)
            continue
        text = source["text"]
        key = a.get("entity") or _same_article(name_words(text), named) or _known_person(text, known)
        out.append((key, longest.get(key) or text.strip(_QUOTES + " ")) if key else (speaker_key(text), text))
    return out


def _same_article(words: frozenset[str], named: Sequence[tuple[frozenset[str], str]]) -> str | None:
    """The one person of the article whose name holds every word of ``words``."""
    if not words:
        return None
    ids = {id for name, id in named if words <= name}
    return ids.pop() if len(ids) == 1 else None


def _known_person(text: str, known: Callable[[str], bool]) -> str | None:
    """The id a person named ``text`` has elsewhere in the store, when there is one."""
    words = [w for w in (key_word(t.strip(_QUOTES)) for t in text.split()) if w]
    if len(words) < 2:  # one word (الوزير، الرقيطي) names no one in particular across articles
        return None
    key = entity_id("PER", words)
    return key if known(key) else None

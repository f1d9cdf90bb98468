"""The message catalogue: every key has both languages, fields agree, bad files fail at load."""
from __future__ import annotations

import string

import pytest

from qawl import messages


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_has_both_languages_with_the_same_fields():
    cat = messages.catalogue()
    assert cat, "the catalogue is empty"
    for key, texts in cat.items():
        assert set(texts) == set(messages.LANGUAGES), key
        assert _fields(texts["en"]) == _fields(texts["ar"]), f"{key}: fields differ between languages"


def test_text_fills_fields_and_refuses_unknown():
    assert messages.text("app.name", "ar") == "قول"
    with pytest.raises(KeyError):
        messages.text("no.such.key")
    with pytest.raises(ValueError):
        messages.text("app.name", "fr")

"""The text layer: the Doc, its sentences and tokens."""
from __future__ import annotations

from .doc import Doc, Sentence, Span, Token
from .splitter import split_sentences
from .tokens import tokenize

__all__ = ["Doc", "Sentence", "Span", "Token", "split_sentences", "tokenize"]

"""The text stage: sentences and tokens, which every later stage reads."""
from __future__ import annotations

from ..options import Options
from ..pipeline import stage
from .doc import Doc, Sentence
from .splitter import split_sentences
from .tokens import tokenize


@stage("sentences", provides={"sentences", "tokens"})
def sentences_and_tokens(doc: Doc, options: Options) -> None:
    """Split the text into sentences and each sentence into tokens."""
    doc.tokens = []
    doc.sentences = []
    for s, e in split_sentences(doc.text):
        first = len(doc.tokens)
        doc.tokens.extend(tokenize(doc.text, s, e))
        doc.sentences.append(Sentence(s, e, first, len(doc.tokens)))

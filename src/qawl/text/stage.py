"""The text stage: sentences and tokens, which every later stage reads."""
from __future__ import annotations

from ..options import Options
from ..pipeline import stage
from .doc import Doc, Sentence, Token
from .furniture import furniture_spans
from .splitter import split_sentences
from .tokens import tokenize

#: A "sentence" of more tokens than this is cut into pieces of at most this many.  The
#: longest in 47,000 sentences of real news has 538; a longer one is a list, a table or
#: hostile text, and the rules that read a sentence word by word against its other words
#: would cost the square of its length (20,000 words of قال: 17 s).
MAX_SENTENCE_TOKENS = 1000


@stage("sentences", provides={"sentences", "tokens"})
def sentences_and_tokens(doc: Doc, options: Options) -> None:
    """Split the text into sentences and each sentence into tokens; mark page furniture."""
    doc.tokens = []
    doc.sentences = []
    furniture = furniture_spans(doc.text)
    for s, e in split_sentences(doc.text):
        marked = any(a <= s and e <= b for a, b in furniture)
        toks = list(tokenize(doc.text, s, e))
        pieces = _pieces(toks)
        for piece in pieces:
            first = len(doc.tokens)
            doc.tokens.extend(piece)
            whole = len(pieces) == 1
            doc.sentences.append(Sentence(s if whole else piece[0].start, e if whole else piece[-1].end,
                                          first, len(doc.tokens), marked))


def _pieces(toks: list[Token]) -> list[list[Token]]:
    """The tokens of one sentence, in pieces of at most ``MAX_SENTENCE_TOKENS``."""
    if len(toks) <= MAX_SENTENCE_TOKENS:
        return [toks]
    return [toks[k : k + MAX_SENTENCE_TOKENS] for k in range(0, len(toks), MAX_SENTENCE_TOKENS)]

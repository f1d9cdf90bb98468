"""ANERcorp-style CoNLL files on qawl's tokens, and entity-level scoring.

At run time qawl tags its own tokens, not the corpus's, so training and evaluation
re-tokenise each corpus sentence with ``qawl.text.tokens`` and carry the tags over:
a corpus word's tag goes to its first piece, the word pieces after it continue the
entity, punctuation split off is outside it.  Scores are computed back on the corpus
words (each takes the tag of its first piece), so they are the standard CoNLL
entity-level micro F1 on the original tokens.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..text.doc import Token
from ..text.tokens import tokenize
from .ner import bio_spans


@dataclass(frozen=True, slots=True)
class Sentence:
    words: tuple[str, ...]
    tags: tuple[str, ...]  # one per word, as in the file
    tokens: tuple[Token, ...]  # qawl's tokens of " ".join(words)
    word_of: tuple[int, ...]  # for each token, the index of the word it is a piece of
    token_tags: tuple[str, ...]  # the word tags carried over to the tokens


def read_conll(path: Path) -> Iterator[Sentence]:
    """Sentences of a two-column (word TAB tag) file, blank lines between sentences."""
    words: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if "\t" in line:
            w, t = line.split("\t")
            words.append(w)
            tags.append(t)
        elif words:
            yield retokenize(words, tags)
            words, tags = [], []


def retokenize(words: Sequence[str], tags: Sequence[str]) -> Sentence:
    text = " ".join(words)
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    tokens = list(tokenize(text))
    word_of, token_tags = [], []
    k = 0
    seen_word = -1
    for t in tokens:
        while k + 1 < len(words) and t.start >= starts[k + 1]:
            k += 1
        word_of.append(k)
        tag = tags[k]
        if seen_word == k:  # a later piece of the same word
            tag = "O" if tag == "O" or not t.is_word else "I-" + tag[2:]
        elif not t.is_word and len(words[k]) > len(t.text):  # punctuation split off the word's front
            tag = "O"
        else:
            seen_word = k
        token_tags.append(tag)
    return Sentence(tuple(words), tuple(tags), tuple(tokens), tuple(word_of), tuple(token_tags))


def word_tags(sent: Sentence, token_tags: Sequence[str]) -> list[str]:
    """Project token tags back onto the corpus words: each word takes its first word piece's tag."""
    out: list[str | None] = [None] * len(sent.words)
    for t, k, tag in zip(sent.tokens, sent.word_of, token_tags):
        if out[k] is None and t.is_word:
            out[k] = tag
    return [tag or "O" for tag in out]


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float
    per_class: dict[str, tuple[float, float, float, int]]  # class -> (p, r, f1, gold count)


def entity_f1(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> Score:
    """Entity-level micro P/R/F1 over sentences of BIO tags (exact span and class)."""
    g_all: set[tuple[int, int, int, str]] = set()
    p_all: set[tuple[int, int, int, str]] = set()
    for n, (g, p) in enumerate(zip(gold, pred, strict=True)):
        g_all |= {(n, *s) for s in bio_spans(g)}
        p_all |= {(n, *s) for s in bio_spans(p)}

    def prf(gs: set, ps: set) -> tuple[float, float, float]:
        tp = len(gs & ps)
        pr = tp / len(ps) if ps else 0.0
        rc = tp / len(gs) if gs else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    classes = sorted({s[3] for s in g_all | p_all})
    per = {}
    for c in classes:
        gs = {s for s in g_all if s[3] == c}
        per[c] = (*prf(gs, {s for s in p_all if s[3] == c}), len(gs))
    return Score(*prf(g_all, p_all), per)


def evaluate(sentences: Sequence[Sentence], tag: Callable[[Sequence[Token]], list[str]]) -> Score:
    """Score a tagger of qawl tokens on corpus sentences, on the corpus's own words."""
    gold = [list(s.tags) for s in sentences]
    pred = [word_tags(s, tag(s.tokens)) for s in sentences]
    return entity_f1(gold, pred)

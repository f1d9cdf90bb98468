"""One long article costs in proportion to its length, not to its square (issue 16).

CPU-time ratios with a generous margin (linear is ~4 for four times the sentences,
quadratic ~16) and operation counts; never a wall-clock limit.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from long_article import DEFAULT_ARTICLES, cpu_seconds, long_article, short_sentences  # noqa: E402

from qawl import api  # noqa: E402
from qawl.integrity import contradiction  # noqa: E402
from qawl.options import Options  # noqa: E402

#: Four times the sentences may cost at most this many times the CPU (linear ~4; quadratic ~16).
MAX_RATIO = 8.0
pytestmark = pytest.mark.slow  # articles of thousands of sentences, analysed twice each


@pytest.fixture(scope="module")
def pool() -> list[str]:
    if not DEFAULT_ARTICLES.exists():
        pytest.skip(f"{DEFAULT_ARTICLES} is missing")
    return short_sentences(DEFAULT_ARTICLES)


def test_analyze_of_1600_sentences_costs_about_four_times_400(pool: list[str]) -> None:
    small, large = long_article(pool, 400), long_article(pool, 1600)
    api.analyze(long_article(pool, 20))
    ratio = cpu_seconds(large, repeat=2) / cpu_seconds(small, repeat=2)
    assert ratio < MAX_RATIO, f"analyze: 1,600 sentences cost {ratio:.1f}x 400"


def test_sentence_comparisons_per_sentence_stay_bounded(pool: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Contradiction compares a sentence only with those sharing a rarer term: the weighings
    per sentence stay bounded as the article grows (pair by pair they were ~3 per other
    sentence: thousands per sentence at 1,600)."""
    counted = 0
    weigh = contradiction._weight

    def counting(ctx, terms):
        nonlocal counted
        counted += 1
        return weigh(ctx, terms)

    monkeypatch.setattr(contradiction, "_weight", counting)
    for n in (400, 1600, 3200):
        counted = 0
        api.analyze(long_article(pool, n), options=Options(only=("integrity",)))
        assert counted / n < 150, (n, counted)


@pytest.mark.parametrize("word", ["قال", "«", "وقال الرئيس الأمريكي"])
def test_one_endless_sentence_costs_about_four_times_a_quarter_of_it(word: str) -> None:
    """A "sentence" of 20,000 words (no full stop: a list, or hostile text) is read in pieces
    of at most MAX_SENTENCE_TOKENS tokens; whole, the rules that compare its words cost its
    square (17 s for 20,000 قال)."""
    from qawl.text.stage import MAX_SENTENCE_TOKENS

    words = len(word.split())
    small, large = " ".join([word] * (5000 // words)), " ".join([word] * (20000 // words))
    doc = api.analyze(large)
    assert max(s.last_token - s.first_token for s in doc.sentences) <= MAX_SENTENCE_TOKENS
    assert all(doc.text[s.start:s.end].strip() for s in doc.sentences)
    ratio = cpu_seconds(large, repeat=2) / cpu_seconds(small, repeat=2)
    assert ratio < MAX_RATIO, f"{word}: 20,000 words cost {ratio:.1f}x 5,000"

"""One options object, built once and passed from the API to the CLI to the stages."""
from __future__ import annotations

from dataclasses import dataclass

#: Below this share of Arabic letters an article gets a "not Arabic" warning (and is still analysed).
MIN_ARABIC_RATIO = 0.5
#: An article longer than this (in characters) is refused with a clear error rather than analysed.
MAX_ARTICLE_CHARS = 2_000_000
#: The entity tagger's modes: the CRF alone, or stacked on the e5 encoder's states.
ENTITY_MODES = ("default", "accurate")


@dataclass(frozen=True, slots=True)
class Options:
    """What to run and how.

    ``only`` names the stages the caller wants (their requirements run too);
    ``None`` runs every registered stage.
    """

    only: tuple[str, ...] | None = None
    explain: bool = False  # attach each decision's rule, features and scores to the output
    entities: str = "default"  # "accurate": the CRF reads the e5 encoder's layer-6 states too (slower; issue 20)
    min_arabic_ratio: float = MIN_ARABIC_RATIO
    max_article_chars: int = MAX_ARTICLE_CHARS

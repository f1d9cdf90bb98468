"""One options object, built once and passed from the API to the CLI, the stages and the web
server (``create_app(options=...)``); the defaults below are written nowhere else."""
from __future__ import annotations

from dataclasses import dataclass, field

#: Below this share of Arabic letters an article gets a "not Arabic" warning (and is still analysed).
MIN_ARABIC_RATIO = 0.5
#: An article longer than this (in characters) is refused with a clear error rather than analysed.
MAX_ARTICLE_CHARS = 2_000_000
#: The entity tagger's modes: the CRF alone, or stacked on the e5 encoder's states.
ENTITY_MODES = ("default", "accurate")


@dataclass(frozen=True, slots=True)
class Limits:
    """How many items a listing gives when the caller names no number, and the most a caller
    may ask for (the API refuses more with a 422; ``--limit`` refuses less than 1)."""

    search: int = 20  # qawl search, /api/search
    most_search: int = 100
    sources: int = 30  # qawl sources
    listing: int = 50  # /api/articles, /api/speakers
    most_listing: int = 500
    graph_speakers: int = 12  # /api/graph without a story: the busiest speakers
    most_graph_speakers: int = 50
    # the pages of the web interface
    home_articles: int = 20
    home_speakers: int = 10
    home_stories: int = 20
    page_search: int = 50
    page_sources: int = 200


DEFAULT_LIMITS = Limits()


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
    limits: Limits = field(default=DEFAULT_LIMITS)

    def __post_init__(self) -> None:
        if self.entities not in ENTITY_MODES:
            raise ValueError(f"entities must be one of {', '.join(ENTITY_MODES)}, not {self.entities!r}")

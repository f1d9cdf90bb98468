"""``compare(docs) -> list[Story]``: stories across a corpus of analysed articles.

A library function over ``Doc`` objects that ``analyze`` produced (attributions run), so
that the CLI and the web store can call it.  ``qawl.spark.compare`` runs the same steps
spread over a cluster: ``article_words`` and the ``cluster`` steps per article and per
block, ``groups`` on the driver, ``story_of`` per story.
One article alone is a story of its own claims: its repeats and denials still show.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from ..text.doc import Doc
from .claims import Part, article_words, part_of
from .cluster import cluster
from .disagree import denial_disagreements, figure_disagreements
from .model import Story
from .origins import trace
from .repeats import claim_groups
from .summary import summary_of


def compare(docs: Iterable[Doc], *, keep_singletons: bool = False,
            status: Callable[[str], None] | None = None) -> list[Story]:
    """Cluster the articles' claims into stories, each with its origins and disagreements.

    Articles that share no story with another are left out unless ``keep_singletons``
    (or unless there is only one article).  ``status`` hears what is being done, for a
    progress display.
    """
    words = [article_words(d) for d in docs]
    if status:
        status(f"clustering {len(words):,} articles")
    groups, _ = cluster(words)
    keep = keep_singletons or len(words) == 1
    stories: list[Story] = []
    for members in groups:
        if len(members) > 1 or keep:
            stories.append(story_of([part_of(words[i]) for i in members], story_id(len(stories) + 1)))
    return stories


def story_id(number: int) -> str:
    """The id of the ``number``-th story (from 1), in order of its first article."""
    return f"s{number}"


def story_of(parts: list[Part], story_id: str) -> Story:
    """One story from the story parts of its articles."""
    figures = figure_disagreements(parts)
    prov = trace(parts, figures)
    claims, stems = [], []
    for part in parts:
        for n, claim in enumerate(part.claims):
            claims.append(replace(claim, own=True) if (claim.article, n) in prov.own else claim)
            stems.append(part.words.span_stems(claim.start, claim.end))
    grouped = claim_groups(claims, stems)
    docs = [p.doc for p in parts]
    return Story(
        id=story_id, articles=[d.id for d in docs], claims=claims, origins=prov.origins,
        single_origin=prov.single_origin, why=prov.why, summary=summary_of(parts),
        dates=sorted({d.date for d in docs if d.date}), outlets=sorted({d.outlet for d in docs if d.outlet}),
        disagreements=figures + denial_disagreements(claims, grouped), repeated=grouped)

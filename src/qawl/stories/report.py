"""The readable report of stories: outlets, dates, origins, a summary, claims, disagreements.

Plain labelled lines, as in ``qawl.report`` (whose console and line helpers it uses): a
terminal lays out right-to-left text line by line and table columns would scramble it.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from rich.text import Text

from ..report import DENY, DIM, labelled
from .model import Disagreement, Story, StoryClaim
from .summary import headline

#: A story of several articles shows this many claims and repeats; one article alone, all.
MAX_CLAIMS_SHOWN = 10
MAX_REPEATS_SHOWN = 5
_QUOTE_CHARS = 90
#: What compare compared when it found no disagreement (said so, never "the outlets agree").
COMPARED = "lead figures and denials"


class ArticleMeta(Protocol):
    """What the report shows of an article: a ``Doc``, or a stored article's metadata."""

    outlet: str | None
    date: str | None
    title: str | None


def render_story(story: Story, docs: Mapping[str, ArticleMeta], *, measured: bool = True) -> list[Text]:
    """The report of one story; ``measured`` false for a stored story that was saved without
    disagreements (nothing was compared, so nothing is said about agreement)."""
    head = Text.assemble((story.id, "bold cyan"), f"  {len(story.articles)} article{'s' * (len(story.articles) != 1)}")
    if story.outlets:
        head.append("  " + ", ".join(story.outlets), DIM)
    if story.dates:
        head.append("  " + (story.dates[0] if len(story.dates) == 1 else f"{story.dates[0]} – {story.dates[-1]}"), DIM)
    lines = [head, labelled("summary", headline(story.to_dict()) or "(no title)")]
    origin = labelled("origins", " · ".join(story.origins) or "?")
    origin.append("  single origin" if story.single_origin else "  independent reports",
                  "green" if story.single_origin else "yellow")
    lines += [origin, labelled("why", story.why, DIM)]
    for aid in story.articles:
        doc = docs.get(aid)
        meta = ", ".join(m for m in (doc.outlet, doc.date) if m) if doc else ""
        lines.append(labelled("report", f"{aid}  {meta}  {(doc.title or '') if doc else ''}".rstrip()))
    limit = len(story.claims) if len(story.articles) == 1 else MAX_CLAIMS_SHOWN
    for claim in story.claims[:limit]:
        lines.append(_claim(claim))
    if len(story.claims) > limit:
        lines.append(labelled("", f"… and {len(story.claims) - limit} more claims", DIM))
    shown = story.repeated if len(story.articles) == 1 else story.repeated[:MAX_REPEATS_SHOWN]
    for group in shown:
        first = story.claims[next(i for i in group.claims if story.claims[i].polarity != "deny")] \
            if group.asserted else story.claims[group.claims[0]]
        said = labelled("repeated", f"said {group.asserted}×")
        if group.denied:
            said.append(f", denied {group.denied}×", DENY)
        said.append(f": {_short(first.text)}")
        lines.append(said)
    if len(shown) < len(story.repeated):
        lines.append(labelled("", f"… and {len(story.repeated) - len(shown)} more repeated claims", DIM))
    for d in story.disagreements:
        lines.append(_disagreement(d, docs))
    if not story.disagreements:
        lines.append(labelled("disagree", f"none found in the {COMPARED}" if measured else "not measured", DIM))
    lines.append(Text())
    return lines


def _claim(c: StoryClaim) -> Text:
    who = c.source_mention or c.source or "(the outlet)"
    line = labelled("claim", f"{c.article}  ")
    line.append(_short(who, 50), "bold")
    line.append(" denies " if c.polarity == "deny" else ": ", DENY if c.polarity == "deny" else "")
    line.append(_short(c.text))
    if c.via:
        line.append("  via ")
        line.append(c.via, "cyan")
    if c.own:
        line.append("  [own source]", "yellow")
    return line


def _disagreement(d: Disagreement, docs: Mapping[str, ArticleMeta]) -> Text:
    line = labelled("disagree", f"{d.kind} ", "bold red")
    if d.kind == "figure":
        by_value: dict[float | None, list[str]] = {}
        for m in d.mentions:
            by_value.setdefault(m.value, []).append(_where(m.article, docs))
        line.append(f"numbers differ for {d.about}: " + "; ".join(
            f"{'?' if v is None else f'{v:g}'} in {', '.join(a)}" for v, a in by_value.items()))
    elif d.mentions:
        denial, *asserted = d.mentions
        line.append(f"{_where(denial.article, docs)} denies what "
                    f"{', '.join(sorted({_where(m.article, docs) for m in asserted}))} asserts: {_short(d.about)}")
    return line


def _where(article: str, docs: Mapping[str, ArticleMeta]) -> str:
    """An article id with its outlet, when known: st-0048 (aljazirah)."""
    doc = docs.get(article)
    return f"{article} ({doc.outlet})" if doc is not None and doc.outlet else article


def _short(text: str, n: int = _QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"

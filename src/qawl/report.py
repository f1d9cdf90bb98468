"""A readable terminal report of a Doc: who said what, through whom, asserting or denying,
and the sentences that may not belong (integrity).

Plain lines, one field each, rather than a table: a terminal lays out right-to-left
text line by line, and table columns would scramble Arabic.  Styles come from rich
and fall away by themselves when the output is not a terminal (or NO_COLOR is set).
Text objects are built directly, never markup, so brackets in an article stay literal.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from .text.doc import Doc

_LABEL = "bold"
DIM = "dim"  # styles shared with qawl.stories.report
DENY = "bold red"
_LABEL_WIDTH = 13  # " 1. speaker  ": values line up under each other
_SUSPECT = "bold yellow"
_MIN_WRAP = 20  # narrower than this under the label, a value wraps from the line's start
#: The report marks sentences at least this suspicious (``qawl check`` shows its top ones whatever their score).
SUSPICIOUS = 0.2


class _ReportConsole(Console):
    def on_broken_pipe(self) -> None:
        """rich exits the process on a closed pipe; leave that to the caller instead."""
        raise BrokenPipeError

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """rich merges the Text objects it prints into one; a Field goes through ``_Hanging``
        so that it keeps its own wrapping."""
        super().print(*(_Hanging(o) if isinstance(o, Field) else o for o in objects), **kwargs)


def report_console(file: Any = None) -> Console:
    """The console the report is printed on, with no automatic highlighting of numbers and words.

    On a terminal rich wraps long lines at word boundaries (a terminal itself cuts Arabic
    words in half), each ``Field`` under its own value; into a file or a pipe every line
    stays whole, so that ``grep`` finds a sentence."""
    console = _ReportConsole(file=file, highlight=False, emoji=False)
    console.soft_wrap = not console.is_terminal
    return console


class Field(Text):
    """A labelled line (``  label        value``) whose value, when it wraps, goes on
    under itself: the label column stays clear, so a reader sees which field a
    continued line belongs to."""

    __slots__ = ("indent",)

    def __init__(self, text: str = "", style: str = "", *, indent: int = 0) -> None:
        super().__init__(text, style)
        self.indent = indent


class _Hanging:
    """How a Field is printed: wrapped at word boundaries, continued under its value."""

    def __init__(self, field: Field) -> None:
        self.field = field

    def __rich_console__(self, console: Console, options: Any) -> Any:
        field, width = self.field, options.max_width
        if options.no_wrap or field.cell_len <= width or width - field.indent < _MIN_WRAP:
            yield field
            return
        label, value = field.divide([field.indent])
        rows = value.wrap(console, width - field.indent, overflow="fold")
        out = Text.assemble(label, rows[0])
        for row in rows[1:]:
            out.append("\n" + " " * field.indent)
            out.append_text(row)
        yield out


def print_doc(doc: Doc, console: Console, explain: bool = False) -> None:
    """Print the report of ``doc``; it is rendered whole first, so a failure prints nothing."""
    lines = render(doc, explain)
    for line in lines:
        console.print(line)


def render(doc: Doc, explain: bool = False) -> list[Text]:
    """The report of ``doc`` as lines: a header, then each attribution as a short block."""
    header = Text.assemble((doc.id or "(no id)", "bold cyan"))
    meta = [m for m in (doc.outlet, doc.date) if m]
    if meta:
        header.append("  " + ", ".join(meta), DIM)
    header.append(f"  {_count(len(doc.sentences), 'sentence')}, {_count(len(doc.attributions), 'attribution')}")
    lines = [header]
    if not doc.attributions:
        ran = "attributions" in doc.done
        lines.append(labelled("", "(no attributions found)" if ran else "(attributions not run)", DIM))
    for i, a in enumerate(doc.attributions, 1):
        lines += _attribution(i, a)
        if explain and a.why:
            lines += _why(a.why)
    if "integrity" in doc.done:
        lines += integrity_lines(doc, top=None, min_suspicion=SUSPICIOUS)
    lines += _world(doc)
    if "claims" in doc.done:
        lines += said_again_and_denied(doc)
    lines.append(Text())
    return lines


def said_again_and_denied(doc: Doc) -> list[Text]:
    """What the article says more than once (one line per claim, how often) and what it
    denies (each denial, with who denies): the end of the report, where a reader who
    skimmed the attributions finds the article's message."""
    # sklearn: imported only for the readable report
    from .stories.claims import article_words, part_of
    from .stories.repeats import claim_groups

    part = part_of(article_words(doc))
    groups = claim_groups(part.claims, [part.words.span_stems(c.start, c.end) for c in part.claims])
    lines: list[Text] = []
    for group in (g for g in groups if g.asserted > 1):
        first = next(part.claims[i] for i in group.claims if part.claims[i].polarity != "deny")
        line = labelled("repeats" if not lines else "", f"{group.asserted}× ", "bold")
        if group.denied:
            line.append(f"(and denied {group.denied}×) ", DENY)
        line.append(" ".join(first.text.split()))
        lines.append(line)
    if not lines:
        lines.append(labelled("repeats", "(nothing said twice)", DIM))
    denials = [c for c in doc.claims if c.polarity == "deny"]
    for k, claim in enumerate(denials):
        line = labelled("denies" if k == 0 else "", claim.claimant or "(the outlet)", DENY)
        line.append(": " + " ".join(claim.span.text.split()))
        lines.append(line)
    if not denials:
        lines.append(labelled("denies", "(no denial)", DIM))
    return lines


def integrity_lines(doc: Doc, top: int | None, min_suspicion: float, header: bool = False,
                    threshold: float | None = None) -> list[Text]:
    """The integrity verdict: the article score, then its most suspicious sentences with reasons.

    ``header`` starts with the article's id (``qawl check`` prints nothing else);
    ``threshold``, when given, is shown beside the alert."""
    integrity = doc.integrity
    score = integrity.get("score", 0.0)
    verdict = labelled("integrity", f"article score {score:.2f}", _SUSPECT if integrity.get("alert") else "green")
    at = f", threshold {threshold:.2f}" if threshold is not None else ""
    verdict.append(f" (alert{at})" if integrity.get("alert") else f" (no alert{at})", DIM)
    lines = [Text.assemble((doc.id or "(no id)", "bold cyan"), f"  {_count(len(doc.sentences), 'sentence')}")] if header else []
    lines.append(verdict)
    ranked = sorted(enumerate(integrity.get("sentences", []), 1), key=lambda p: -p[1]["suspicion"])
    shown = [(n, s) for n, s in ranked[:top] if s["suspicion"] >= min_suspicion]
    if not shown:
        lines.append(labelled("", "(no suspicious sentence)", DIM))
    for n, s in shown:
        line = labelled(f"{n:>3}. {s['suspicion']:.2f}", doc.text[s["start"] : s["end"]].replace("\n", " "))
        lines.append(line)
        for reason in s["reasons"]:
            lines.append(labelled("", f"- {reason}", DIM))
        for c in s.get("clauses", ()):  # the part of the sentence that stands out
            lines.append(labelled("", f"clause {c['suspicion']:.2f}: {doc.text[c['start'] : c['end']]}", DIM))
            for reason in c["reasons"]:
                lines.append(labelled("", f"  - {reason}", DIM))
    return lines


def _world(doc: Doc) -> list[Text]:
    """Entities (one line per entity, its mentions after it), times and quantities, when they ran."""
    lines: list[Text] = []
    if doc.entities:
        by_id: dict[str, list[Any]] = {}
        for e in doc.entities:
            by_id.setdefault(e.id, []).append(e)
        for mentions in by_id.values():  # a person's titles under the person's name
            names = [m for m in mentions if m.type != "TITLE"] or mentions
            texts = list(dict.fromkeys(m.text for m in names + mentions))
            line = labelled("entity" if not lines else "", texts[0], "cyan")
            line.append(f"  {names[0].type}", "magenta")
            if len(texts) > 1:
                line.append(f" = {' = '.join(texts[1:])}", DIM)
            place = getattr(names[0], "place", None)
            if place is not None and place.country and place.country != place.canonical:
                line.append(f"  ({place.country})", DIM)
            lines.append(line)
    found: tuple[tuple[str, Sequence[Any]], ...] = (("time", doc.times), ("quantity", doc.quantities))
    for label, items in found:
        for k, item in enumerate(items):
            line = labelled(label if k == 0 else "", item.text)
            value = item.value if label == "time" else f"{item.value:,}" + (f" {item.unit}" if item.unit else "")
            line.append(f"  = {value}", "green")
            if getattr(item, "approx", False):
                line.append(" (approx)", DIM)
            lines.append(line)
    return lines


def _attribution(i: int, a: Any) -> list[Text]:
    """speaker → cue → content, then type, polarity and the relay."""
    speaker = labelled(f"{i:>2}. speaker", _speaker_text(a))
    if a.implicit:
        speaker.append(" (implicit)", "italic yellow")
    cue = labelled("    cue", a.cue.text)
    gloss = [f"{name} {value}" for name, value in (("lemma", a.cue.lemma), ("meaning", a.cue.meaning)) if value]
    if gloss:
        cue.append(f"  ({', '.join(gloss)})", DIM)
    content = labelled("    content", a.content.text)
    facts = labelled("", a.type, "magenta")
    facts.append(", ")
    facts.append(a.polarity, DENY if a.polarity == "deny" else "green")
    if a.via is not None:
        facts.append(", via ")
        facts.append(a.via.text, "cyan")
    return [speaker, cue, content, facts]


def _why(why: dict[str, Any]) -> list[Text]:
    """The rule that proposed the statement, who proposed its speaker, and the weights that chose."""
    sp, rep = why["speaker"], why["report"]
    rule = labelled("    rule", why["rule"], DIM)
    rule.append(f"  (report {rep['score']:.2f})", DIM)
    chosen = labelled("    chosen", "+".join(sp["chosen"]), DIM)
    chosen.append(f"  ({sp['score']:.2f} of {len(sp['candidates'])} candidates)", DIM)
    lines: list[Text] = [rule, chosen, *_because(sp["features"][:4])]
    others = [f"{'+'.join(k)}: {t}" for k, t in sp["candidates"] if k != sp["chosen"]][:3]
    if others:
        lines.append(labelled("    not", " | ".join(others), DIM))
    end = why.get("content")
    if end is not None:  # where the statement ends: the end the content ranker chose, and why
        line = labelled("    ends", end["end"], DIM)
        line.append(f"  ({end['score']:.2f} of {len(end['proposed'])} ends: {', '.join(end['proposed'])})", DIM)
        lines += [line, *_because(end["features"][:3])]
    return lines


def _because(features: list[list[Any]]) -> list[Text]:
    """The weights that chose, as one line (none when the choice had no model)."""
    weights = ", ".join(f"{f} {w:+.2f}" for f, w in features)
    return [labelled("    because", weights, DIM)] if weights else []


def _speaker_text(a: Any) -> str:
    """The full mention, with the short source after it when the mention does not show it."""
    mention, source = a.source_mention, a.source
    if mention is None and source is None:
        return "(no speaker)"
    if mention is None:
        return source.text
    if source is not None and source.text not in mention.text:
        return f"{mention.text} = {source.text}"
    return mention.text


def labelled(label: str, value: str, style: str = "") -> Field:
    """One report line: a bold label padded to a column, then the value (also used by
    ``qawl.stories.report``, so both reports line up alike); on a terminal the value
    wraps under itself (``Field``)."""
    line = Field("  ")
    line.append(f"{label:<{_LABEL_WIDTH}}", _LABEL)
    line.indent = len(line.plain)
    line.append(value, style)
    return line


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"

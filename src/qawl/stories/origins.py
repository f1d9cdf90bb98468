"""Where a story's reports come from, and whether they all come from one place.

Reports are one origin when every one of them is a reprint or rewrite of one release or
statement.  A report is independent when it brings a source of its own: a claim that
(a) is not a near-copy of any other report's text (``copies``), and (b) is said by a
speaker whose name no other report mentions at all — not a fuller quotation of the same
spokesman, but someone else.  Naming two different wires (one report from AFP, another
from Reuters, neither naming the other's) is two origins as well, and so are leads that
give different figures for one thing (25 dead in one, 15 in the others).  Speaker words that
name no one in particular ("مصادر", "تقارير", "المتحدث") never make a report independent.

What this cannot see: an outlet's own unattributed details (a paper that adds, in its own
voice, that the victim was pregnant) read as a rewrite of the release.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import messages
from .claims import Part
from .copies import COPIED_SHARE, article_shingles, copied_share
from .lexicon import agencies, agency_index, phrases_at
from .model import Disagreement, StoryClaim

#: The origin of reports that share one text and name no source for it (stored in English, as
#: compare --json prints it; the web interface shows the catalogue's Arabic, ``origin_text``).
UNNAMED_RELEASE = messages.text("story.unnamed_release", "en")


def own_report(outlet: str | None, lang: str = "en") -> str:
    """The origin of a report that names no source: the outlet's own report."""
    return messages.text("story.own_report", lang, outlet=outlet or messages.text("story.the_outlet", lang))


def origin_text(origin: str, lang: str = "ar") -> str:
    """A stored origin in ``lang``: the two origins compare words itself (an unnamed release,
    an outlet's own report) come from the catalogue; a speaker's name stays as written."""
    if origin == UNNAMED_RELEASE:
        return messages.text("story.unnamed_release", lang)
    own = own_report("\0").split("\0")
    if len(own) == 2 and origin.startswith(own[0]) and origin.endswith(own[1]) and len(origin) > len(own[0]) + len(own[1]):
        outlet = origin[len(own[0]): len(origin) - len(own[1])]
        unnamed = outlet == messages.text("story.the_outlet", "en")
        return own_report(None if unnamed else messages.outlet_name(outlet) if lang == "ar" else outlet, lang)
    return origin


@dataclass(slots=True)
class Provenance:
    single_origin: bool
    origins: list[str]
    why: str
    own: set[tuple[str, int]] = field(default_factory=set)  # (article, claim index) of own claims


def agencies_in(part: Part) -> list[str]:
    """The agencies an article's story part names, in order of first mention."""
    stop = part.words.first_at(part.end)
    norms = list(part.words.norms[:stop])
    found: list[str] = []
    names = agencies()
    for i in range(len(norms)):
        for phrase in phrases_at(norms, i, agency_index()):
            if names[phrase] not in found:
                found.append(names[phrase])
    return found


def _speaker_name(claim: StoryClaim) -> str:
    return claim.source_mention or claim.source or "?"


def _two_wires(wires: Sequence[list[str]]) -> tuple[str, str] | None:
    """Two reports that name different agencies, neither naming the other's."""
    named = [set(w) for w in wires if w]
    for a in named:
        for b in named:
            if not a & b:
                return sorted(a)[0], sorted(b)[0]
    return None


def own_claims(parts: Sequence[Part]) -> set[tuple[str, int]]:
    """Claims that trace to no other report: neither copied nor by a speaker named elsewhere."""
    shingles = [article_shingles(p.words, p.end) for p in parts]
    stems = [set(p.words.stems[: p.words.first_at(p.end)]) for p in parts]
    own = set()
    for k, part in enumerate(parts):
        other_shingles = set().union(*(s for m, s in enumerate(shingles) if m != k))
        other_stems = set().union(*(s for m, s in enumerate(stems) if m != k))
        for n, (claim, speaker) in enumerate(zip(part.claims, part.speakers)):
            if not claim.attributed or not speaker or speaker & other_stems:
                continue
            if copied_share(part.words.span_stems(claim.start, claim.end), other_shingles) >= COPIED_SHARE:
                continue
            own.add((claim.article, n))
    return own


def _shared_speakers(parts: Sequence[Part]) -> list[str]:
    """Speakers quoted in more than one report, most quoted first, by their fullest mention.

    A speaker is known by the words of its name ("سعيد سرحان" and "سرحان" are one), and
    counted by the claims it makes.
    """
    reports: Counter[str] = Counter()
    claims_of: Counter[str] = Counter()
    for part in parts:
        reports.update(set().union(*part.speakers) if part.speakers else ())
        claims_of.update(stem for key in part.speakers for stem in sorted(key))  # sorted: ties in a stable order
    named: list[str] = []
    covered: set[str] = set()
    for stem, _ in claims_of.most_common():
        if reports[stem] < 2 or stem in covered:
            continue
        claims = [(c, key) for p in parts for c, key in zip(p.claims, p.speakers) if stem in key]
        covered |= set().union(*(key for _, key in claims))
        named.append(max((_speaker_name(c) for c, _ in claims), key=len))
    return named


def trace(parts: Sequence[Part], figures: Sequence[Disagreement] = ()) -> Provenance:
    """The origins of a story's reports and whether they are one.

    ``figures`` are the story's figure disagreements: reports that count one thing
    differently in their leads are not copies of one release.
    """
    wires = [agencies_in(p) for p in parts]
    wire_count = Counter(w for ws in wires for w in ws)
    shared = [w for w, _ in wire_count.most_common()] or _shared_speakers(parts)
    if len(parts) < 2:
        first = next((_speaker_name(c) for c in parts[0].claims if c.attributed), None) if parts else None
        origin = shared[:1] or ([first] if first else [own_report(parts[0].doc.outlet)])
        return Provenance(True, origin, "one report")
    own = own_claims(parts)
    two = _two_wires(wires)
    by_id = {p.doc.id: p for p in parts}
    own_sources: list[str] = []
    reasons: list[str] = []
    for article, n in sorted(own):
        part = by_id[article]
        name = _speaker_name(part.claims[n])
        if name not in own_sources:
            own_sources.append(name)
            where = f"{article} ({part.doc.outlet})" if part.doc.outlet else article
            reasons.append(f"{where} quotes {name}, whom no other report names")
    if two:
        reasons.insert(0, f"reports draw on two wires: {two[0]} and {two[1]}")
    for d in figures[:1]:
        values = sorted({f"{m.value:g}" for m in d.mentions})
        reasons.insert(0, f"reports give different figures for {d.about}: {', '.join(values)}")
    if own or two or figures:
        origins = shared[:2] + [s for s in own_sources if s not in shared]
        return Provenance(False, origins or own_sources, "; ".join(reasons[:3]), own)
    origins = shared[:1] or [UNNAMED_RELEASE]
    return Provenance(True, origins, f"all {len(parts)} reports trace back to {origins[0]}")

"""One claim said again and again, or said and denied, within an article or across a story.

Repeats are found on character n-grams (3 to 5 letters, TF-IDF over the claims) rather
than words: a spokesman's sentence rewritten by the paper keeps its letter runs while
its clitics and word endings move.  Claims at ``REPEAT_SIMILARITY`` or more are one
claim (single link).  A denial rarely repeats the words it denies, only the thing
denied ("نفى انتشار القوات" against "القوات انتشرت"), so it joins the claim whose words
(first ``PREFIX_LETTERS`` letters of each stem) hold the largest share of its own, if
that share reaches ``DENIAL_SHARE``; a tie goes to the claim said most often, then to
the one said first.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..text.normalize import normalize
from .model import ClaimGroup, StoryClaim

REPEAT_SIMILARITY = 0.5
DENIAL_SHARE = 0.25
PREFIX_LETTERS = 4
#: Hash buckets for the letter n-grams of one story's claims (a few thousand distinct n-grams).
CLAIM_FEATURES = 2**16
_MIN_LETTERS = 3


def single_link(n: int, links: Sequence[tuple[int, int, float]]) -> list[list[int]]:
    """Connected groups of ``range(n)`` under ``links``, each sorted, in order of first member."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in links:
        parent[find(i)] = find(j)
    out: dict[int, list[int]] = {}
    for i in range(n):
        out.setdefault(find(i), []).append(i)
    return sorted(out.values(), key=lambda g: g[0])


def _prefixes(stems: Sequence[str]) -> set[str]:
    return {s[:PREFIX_LETTERS] for s in stems if len(s) >= _MIN_LETTERS}


def claim_groups(claims: Sequence[StoryClaim], stems: Sequence[Sequence[str]]) -> list[ClaimGroup]:
    """Groups of two or more claims that say one thing; ``stems[i]`` are claim i's words."""
    asserts = [i for i, c in enumerate(claims) if c.polarity != "deny"]
    links = []
    if len(asserts) > 1:
        from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer  # 0.75 s: when used

        counts = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=CLAIM_FEATURES,
                                   alternate_sign=False, norm=None).transform([normalize(claims[i].text) for i in asserts])
        x = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
        sims = (x @ x.T).toarray()
        links = [(a, b, sims[a, b]) for a in range(len(asserts)) for b in range(a + 1, len(asserts))
                 if sims[a, b] >= REPEAT_SIMILARITY]
    said = [[asserts[k] for k in g] for g in single_link(len(asserts), links)]
    denied: dict[int, list[int]] = {}
    for i, c in enumerate(claims):
        if c.polarity != "deny":
            continue
        words = _prefixes(stems[i])
        best, best_key = None, (DENIAL_SHARE, 0)
        for g, members in enumerate(said):
            held = set().union(*(_prefixes(stems[m]) for m in members))
            key = (len(words & held) / len(words) if words else 0.0, len(members))
            if key > best_key or (best is None and key >= best_key):
                best, best_key = g, key
        if best is not None:
            denied.setdefault(best, []).append(i)
    out = []
    for g, members in enumerate(said):
        deny = denied.get(g, [])
        if len(members) + len(deny) > 1:
            out.append(ClaimGroup(tuple(sorted(members + deny)), len(members), len(deny)))
    return sorted(out, key=lambda g: (-len(g.claims), g.claims))

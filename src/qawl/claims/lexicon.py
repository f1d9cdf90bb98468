"""Word lists the claim rules and the pair features read: negation, deny cues, antonyms.

Loaded once from the data files (``negation.tsv``, ``antonyms.tsv``) and the deny cues of
the attribution lexicon (``cues.tsv``, meaning ``deny``), so that one word list serves both
the claims' polarity and the pair judgement.
"""
from __future__ import annotations

from functools import lru_cache

from ..attribution.cues import cue_forms
from ..data import rows
from ..text.normalize import normalize

_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك", "س")
_ARTICLE = ("", "ال")
#: Endings taken off a word before looking it up: pronouns, feminine, dual and plural, verb persons.
_NEG_PREFIXES = ("و", "ف", "ب", "وب", "فب")
_PRESENT = ("ت", "ن", "ا")
_ENDINGS = ("", "ه", "ت", "ا", "ها", "هم", "هما", "ات", "ان", "ين", "ون", "وا", "ته", "تها", "تهم", "يه", "يا", "اء")


def bases(norm: str) -> frozenset[str]:
    """The forms a word (in matching form) may have without its clitics and endings."""
    return _bases(norm)


@lru_cache(maxsize=131_072)
def _bases(norm: str) -> frozenset[str]:
    out = {norm}
    for c in _CONJ:
        if not norm.startswith(c):
            continue
        a = norm[len(c):]
        heads = {a}
        if a.startswith("لل"):
            heads.add("ال" + a[2:])
        for h in list(heads):
            for p in _PREP:
                if p and h.startswith(p):
                    heads.add(h[len(p):])
        for h in list(heads):
            if h.startswith("ال"):
                heads.add(h[2:])
        for h in list(heads):
            if len(h) >= 4 and h[0] in _PRESENT:  # تستأنف -> يستأنف: the lexicon lists the 3rd person
                heads.add("ي" + h[1:])
        for h in heads:
            for e in _ENDINGS:
                if len(h) - len(e) >= 2 and h.endswith(e):
                    out.add(h[: len(h) - len(e)] if e else h)
    return frozenset(w for w in out if len(w) >= 2)


@lru_cache(maxsize=1)
def negation_words() -> frozenset[str]:
    """Matching forms of the negation particles (لم، لن، لا، غير، عدم ...)."""
    return frozenset(normalize(word) for word, _kind in rows("negation.tsv"))


@lru_cache(maxsize=1)
def deny_forms() -> frozenset[str]:
    """Every inflected form of a deny cue (نفى، ينفي، نافيا، كذبت، رفضوا ...), matching form."""
    return frozenset(form for form, cue in cue_forms().items() if cue.meaning == "deny")


@lru_cache(maxsize=1)
def antonym_sides() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Each opposition of ``antonyms.tsv`` as two sets of base forms."""
    out = []
    for left, right in rows("antonyms.tsv"):
        out.append((frozenset(normalize(w) for w in left.split("|")),
                    frozenset(normalize(w) for w in right.split("|"))))
    return tuple(out)


@lru_cache(maxsize=1)
def place_words() -> dict[str, str]:
    """Matching form of a place or nationality word -> the place it names."""
    return {normalize(word): normalize(place) for word, place in rows("place_words.tsv")}


def place_of(word_bases: frozenset[str]) -> str | None:
    """The place a word names (مصر، المصرية، وبمصر -> مصر), if any."""
    places = place_words()
    for b in word_bases:
        if b in places:
            return places[b]
        if b.endswith("ي") and b[:-1] in places:  # nationality written without its table entry
            return places[b[:-1]]
    return None


@lru_cache(maxsize=1)
def _place_cores() -> tuple[frozenset[str], int]:
    """What a word that ``place_of`` finds a place in must hold as a piece of its text, and the
    longest such piece.  Every base of a word (``_bases``) is a piece of it, or a piece after ال,
    ي or يل (للعراق -> العراق; a present prefix read as ي); a place word, or a place word with
    ي (a nationality), is such a base: so the place word without that opening is a piece of the word."""
    cores = set()
    for p in place_words():
        cores.add(p)
        for opening in ("ال", "ي", "يل"):
            if p.startswith(opening):
                cores.add(p[len(opening):])
    return frozenset(cores), max(map(len, cores), default=0)


@lru_cache(maxsize=1)
def _core_openings() -> frozenset[str]:
    """Every opening of a place word's core (``_place_cores``): a piece of a word that opens none
    cannot grow into a core, so the pieces from that letter on need not be tried."""
    return frozenset(c[:k] for c in _place_cores()[0] for k in range(1, len(c) + 1))


_GRAM = 3  # letters: a core this long or longer holds its first three letters as a piece


@lru_cache(maxsize=1)
def _core_grams() -> tuple[tuple[str, ...], frozenset[str]]:
    """The cores (``_place_cores``) shorter than ``_GRAM``, and the first ``_GRAM`` letters of the others;
    of the cores only those holding no other core count (a word holding الجزائر holds جزائر, a core
    too), so that the common openings (ال) do not let most words through."""
    cores = _place_cores()[0]
    least = [c for c in cores if not any(d != c and d in c for d in cores)]
    return tuple(sorted(c for c in least if len(c) < _GRAM)), frozenset(c[:_GRAM] for c in least if len(c) >= _GRAM)


def may_name_place(norm: str) -> bool:
    """False when ``place_of(bases(norm))`` is surely None: no piece of the word is a place
    word's core (``_place_cores``).  Cheaper than the bases, which most words need not get (issue 19).
    A word none of whose three-letter pieces opens a core, and that holds no shorter core, holds
    none (read in C); only the others are read piece by piece (a word type's first reading was
    1.5% of ``analyze``: issue 19)."""
    cores, longest = _place_cores()
    if "" in cores:
        return True
    n = len(norm)
    short, grams = _core_grams()
    if grams.isdisjoint(map(norm.__getitem__, map(slice, range(n - _GRAM + 1), range(_GRAM, n + 1)))) \
            and not any(map(norm.__contains__, short)):
        return False
    openings = _core_openings()
    for i in range(n):
        for j in range(i + 1, min(n, i + longest) + 1):
            piece = norm[i:j]
            if piece in cores:
                return True
            if piece not in openings:  # no longer piece from i is a core either
                break
    return False


def place_named(norm: str) -> str | None:
    """``place_of(bases(norm))``, without the bases of a word that cannot name a place."""
    return place_of(bases(norm)) if may_name_place(norm) else None


def is_negation(norm: str) -> bool:
    """A negation word, also with an attached و / ف / ب (ولم، بغير، وبدون)."""
    words = negation_words()
    return norm in words or any(norm.startswith(p) and norm[len(p):] in words for p in _NEG_PREFIXES)


def is_deny(norm: str) -> bool:
    return norm in deny_forms()


@lru_cache(maxsize=131_072)
def root(word: str) -> str:
    """The word's root by the ISRI stemmer (اعتقال، يعتقلون -> عقل): verb and verbal noun meet."""
    return _isri().stem(word)


@lru_cache(maxsize=1)
def _isri():
    from nltk.stem.isri import ISRIStemmer

    return ISRIStemmer()

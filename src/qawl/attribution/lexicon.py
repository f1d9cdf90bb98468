"""Word classes the attribution rules read, loaded once from the data files."""
from __future__ import annotations

from functools import lru_cache

from ..text.doc import Token
from ..text.normalize import normalize
from ..data import rows, word_kinds
from .cues import speaker_words

QUOTE_PAIRS = {"“": "”", "«": "»", '"': '"', "”": "”", "„": "“"}
QUOTE_CHARS = frozenset("“”«»\"„")
PREPOSITIONS = frozenset(normalize(w) for w in ("في", "من", "على", "عن", "مع", "حول", "إلى", "ضد", "لدى", "بين", "عبر", "خلال", "بخصوص", "بشأن", "تجاه"))


@lru_cache(maxsize=1)
def clause_words() -> dict[str, frozenset[str]]:
    """kind -> matching forms, from ``data/clause_words.tsv``."""
    return word_kinds("clause_words.tsv", normalize)


@lru_cache(maxsize=1)
def person_names() -> frozenset[str]:
    return frozenset(normalize(r[0]) for r in rows("person_names.txt"))


def kind_of(tok: Token, kind: str) -> bool:
    return tok.norm in clause_words()[kind]  # a kind not declared in qawl.data.schema is a KeyError


def is_comp(tok: Token) -> bool:
    return kind_of(tok, "comp")


def is_bare_comp(tok: Token) -> bool:
    """أن / إن / بأن / فإن without a pronoun: dropped from the content."""
    return tok.norm in ("ان", "بان", "فان")


def speaker_kind(tok: Token) -> str | None:
    return _speaker_kind(tok.norm)


@lru_cache(maxsize=262_144)
def _speaker_kind(norm: str) -> str | None:
    """``speaker_kind`` of a normal form, once a word type: the entity titles and the attribution
    rules ask it of every token, several times (issue 19)."""
    words = speaker_words()
    kind = words.get(norm)
    if kind is None and norm.startswith("لل") and len(norm) > 4:
        kind = words.get("ال" + norm[2:])
    if kind is None and norm[:1] in ("و", "ل", "ب") and len(norm) > 3:
        kind = words.get(norm[1:])
    return kind


#: ``speaker_kind`` of a word's normal form, the cached function itself (read in C by ``map``)
speaker_kind_of = _speaker_kind


def is_addressee(tok: Token) -> bool:
    """لـ / للصحافيين / لصحيفة ...: who the statement was made to, after the speaker."""
    norm = tok.norm
    if norm in ("ل", "لـ"):
        return True
    audience = clause_words()["audience"]
    if norm.startswith("لل") and "ال" + norm[2:] in audience:
        return True
    if norm.startswith("ل") and "ال" + norm[1:] in audience:
        return True  # لصحافيين، لمراسلين: an indefinite audience
    return norm.startswith("ل") and not norm.startswith("لل") and speaker_words().get(norm[1:]) == "media"


def is_name(tok: Token) -> bool:
    """A known first or family name; علي written with ي is the name (its normal form is the
    preposition على's, left out of the name list)."""
    return tok.norm in person_names() or tok.text in _ALI


_ALI = ("علي", "وعلي")


@lru_cache(maxsize=1)
def name_forms() -> frozenset[str]:
    """The normal form of every token ``is_name`` holds: a listed name, or علي as written."""
    return person_names() | {normalize(w) for w in _ALI}


def has_article(tok: Token) -> bool:
    return tok.norm.startswith("ال") and len(tok.norm) > 3


_ARTICLES = ("وال", "بال", "لل", "ال")


def strip_article(norm: str, min_rest: int = 2, also: tuple[str, ...] = ()) -> str:
    """A word's matching key without its article (and a preposition or و before it), if at least
    ``min_rest`` letters stay: الوزير and والوزير match وزير; ``also``: other prefixes tried after."""
    for p in _ARTICLES + also:
        if norm.startswith(p) and len(norm) - len(p) >= min_rest:
            return norm[len(p):]
    return norm


def head_class(toks: list[Token]) -> str:
    """The class of a mention's first word, as the learned decisions read it:
    a speaker-word kind (office, rank, anon, source, media ...), name, pronoun, quoted,
    definite or bare."""
    words = [t for t in toks if t.is_word or t.text in QUOTE_CHARS]
    if not words:
        return "none"
    t = words[0]
    if t.text in QUOTE_CHARS:
        return "quoted"
    kind = speaker_kind(t)
    if kind:
        return kind
    if is_name(t):
        return "name"
    if kind_of(t, "pronoun"):
        return "pronoun"
    return "definite" if has_article(t) else "bare"

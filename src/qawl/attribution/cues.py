"""The cue lexicon: reporting verbs, their participles and verbal nouns, and
"according to" phrases, loaded from ``data/cues.tsv`` and ``data/according_to.tsv``.

The data files list one dictionary form per lemma; the inflections (قالت، قالوا،
يقولون، تقول، قائلة، قوله، قولها، وقال، فقالت ...) are generated here by the few
regular rules of Arabic verb morphology that reporting verbs need, so that adding a
cue is one line of data.  All forms are kept in matching form (``normalize``).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..data import DataError, rows
from ..data.schema import CUE_TAKES_FLAGS
from ..text.normalize import normalize

PAST, PRESENT, PARTICIPLE, MASDAR = "past", "present", "participle", "masdar"
_PRONOUNS = ("ه", "ها", "هم", "هما")  # a speaker's pronoun on a verbal noun, or a verb's object
_CONJUNCTIONS = ("و", "ف")
#: The speaker each generated form agrees with, in the order the ``_*_forms`` functions list
#: them (a verbal noun's by its pronoun, in ``_PRONOUNS``' order): candidates.agreement_features.
_AGREES = {PAST: ("m", "f", "pl", "du", "du", "pl"), PRESENT: ("m", "f", "pl", "du", "du"),
           PARTICIPLE: ("m", "f", "pl", "du", "du"), MASDAR: ("m", "f", "pl", "du")}


@dataclass(frozen=True, slots=True)
class Cue:
    """One reporting word form: which lemma, what it means, what it can govern."""

    lemma: str
    meaning: str
    kind: str  # past | present | participle | masdar
    np: bool  # a noun phrase may be the content (نفى الخبر)
    preps: tuple[str, ...]  # prepositions whose object is the content (دعا إلى)
    obj: bool  # the form carries an object pronoun (وصفها)
    conj: str = ""  # the attached و/ف, if any
    desc: bool = False  # the content is the quoted description after بـ (وصف الزيارة بـ«التاريخية»)
    in_doc: bool = False  # the speaker is the document after في (جاء في البيان أن ...)
    agree: str = ""  # whom the form agrees with: m (قال), f (قالت، مؤكدة، تأكيدها), pl (أضافوا), du; "" unknown

    @property
    def polarity(self) -> str:
        return "deny" if self.meaning == "deny" else "assert"


@dataclass(frozen=True, slots=True)
class AccordingTo:
    words: tuple[str, ...]  # matching forms of the phrase's words, e.g. ("وفقا", "ل")
    lemma: str


def _past_forms(past: str) -> list[str]:
    if past.endswith(("ي", "ا")):  # نفى، دعا (normalised ى -> ي)
        stem = past[:-1]
        return [past, stem + "ت", stem + "وا", stem + "يا", stem + "تا", stem + "وا"]
    return [past, past + "ت", past + "وا", past + "ا", past + "تا"]


def _present_forms(present: str) -> list[str]:
    she = "ت" + present[1:]
    if present.endswith("ي"):  # ينفي، يرى
        stem = present[:-1]
        return [present, she, stem + "ون", present + "ان", she + "ان"]
    if present.endswith("و"):  # يدعو
        return [present, she, present[:-1] + "ون", present + "ان", she + "ان"]
    return [present, she, present + "ون", present + "ان", she + "ان"]


def _participle_forms(part: str) -> list[str]:
    stem = part[:-1] if part.endswith("ا") else part
    return [stem + "ا", stem + "ه", stem + "ين", stem + "تين", stem + "ان"]


def _masdar_forms(masdar: str) -> list[str]:
    stem = masdar[:-1] + "ت" if masdar.endswith("ه") else masdar  # إشارة -> إشارته
    forms = [stem + p for p in _PRONOUNS]
    return forms + ["ب" + f for f in forms] + ["بال" + masdar]  # وختم بالقول: ...


def _with_objects(forms: list[str]) -> list[str]:
    out: list[str] = []
    for f in forms:
        base = f[:-1] if f.endswith("وا") else f  # أخبروا + هم -> أخبروهم
        out.extend(base + p for p in _PRONOUNS)
    return out


@lru_cache(maxsize=1)
def cue_forms() -> dict[str, Cue]:
    """Every inflected, conjunction-prefixed form (in matching form) -> its Cue."""
    shared = {normalize(form): lemma for form, lemma in rows("shared_cue_forms.tsv")}
    return build_cue_forms(rows("cues.tsv"), shared)


def _lemma_forms(lemma: str, meaning: str, past: str, present: str, part: str, masdar: str,
                 takes: str) -> Iterator[tuple[str, Cue]]:
    """(form, cue) for every form of one cues.tsv row: the bare form, then with و and ف."""
    flags = {t.strip() for t in takes.split(",") if t.strip() and t.strip() != "-"}
    preps = tuple(sorted(normalize(p) for p in flags - set(CUE_TAKES_FLAGS)))
    np, obj, desc, in_doc = "np" in flags, "obj" in flags, "desc" in flags, "in_doc" in flags
    groups: list[tuple[list[str], str, bool]] = []
    for written, inflect, kind in ((past, _past_forms, PAST), (present, _present_forms, PRESENT)):
        if written != "-":
            forms = inflect(normalize(written))
            groups.append((forms, kind, False))
            if obj:
                groups.append((_with_objects(forms), kind, True))
    if part != "-":
        groups.append((_participle_forms(normalize(part)), PARTICIPLE, False))
    if masdar != "-":
        groups.append((_masdar_forms(normalize(masdar)), MASDAR, False))
    for forms, kind, with_obj in groups:
        for n, f in enumerate(forms):
            agree = _agreement(kind, n // len(_PRONOUNS) if with_obj else n)
            for conj in ("", *_CONJUNCTIONS):
                yield f, Cue(lemma, meaning, kind, np, preps, with_obj, conj, desc, in_doc, agree)


def _agreement(kind: str, n: int) -> str:
    """Whom the ``n``-th generated form of its kind agrees with (``_AGREES``); a verbal noun's
    forms repeat with بـ and end with بالـ (no pronoun)."""
    table = _AGREES[kind]
    if kind == MASDAR:
        return table[n % len(table)] if n < 2 * len(table) else ""
    return table[n] if n < len(table) else ""


def build_cue_forms(lines: Iterable[Sequence[str]], shared: Mapping[str, str]) -> dict[str, Cue]:
    """The cue table of ``cues.tsv`` rows.  A form is read as the first of its lemma's forms; a
    form two lemmas produce (يدعون: دعا and ادعى) must be declared in ``shared_cue_forms.tsv``
    with the lemma it is read as, so that the choice is written down rather than left to the
    order of the rows; an undeclared clash, or a declaration that resolves none, is a DataError."""
    table: dict[str, Cue] = {}
    lemmas: dict[str, set[str]] = {}
    used: set[str] = set()
    for row in lines:
        for form, cue in _lemma_forms(*row):
            key = cue.conj + form
            held = table.get(key)
            lemmas.setdefault(key, set()).add(cue.lemma)
            if held is None:
                table[key] = cue
            elif held.lemma != cue.lemma and form in shared:
                used.add(form)
                if shared[form] == cue.lemma:
                    table[key] = cue
    for key, found in lemmas.items():
        if len(found) > 1 and table[key].lemma != shared.get(key[len(table[key].conj):]):
            raise DataError(f"cues.tsv: the form {key} comes from {len(found)} lemmas ({', '.join(sorted(found))}): "
                            "declare the one it is read as in shared_cue_forms.tsv")
    if set(shared) - used:
        raise DataError(f"shared_cue_forms.tsv: {', '.join(sorted(set(shared) - used))} is no form two lemmas share")
    return table


@lru_cache(maxsize=1)
def according_to_phrases() -> dict[str, list[AccordingTo]]:
    """First word (matching form, also with و) -> the phrases starting with it, longest first."""
    out: dict[str, list[AccordingTo]] = {}
    for phrase, lemma in rows("according_to.tsv"):
        words = tuple(normalize(w) for w in phrase.split())
        for first in (words[0], "و" + words[0]):
            out.setdefault(first, []).append(AccordingTo(words, lemma))
    for phrases in out.values():
        phrases.sort(key=lambda p: -len(p.words))
    return out


@lru_cache(maxsize=1)
def speaker_words() -> dict[str, str]:
    """Matching form -> kind (rank, office, media, source, anon) from ``data/speakers.tsv``."""
    out: dict[str, str] = {}
    for word, kind in rows("speakers.tsv"):
        out.setdefault(normalize(word), kind)
    return out

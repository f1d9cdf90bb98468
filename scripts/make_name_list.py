#!/usr/bin/env python3
"""Build ``src/qawl/data/person_names.txt``: words that are mostly parts of person names.

Read from ANERcorp's training split (CC BY-SA 4.0, Benajiba et al. 2007; CAMeL Lab
split): a word is kept when it is tagged B-PERS/I-PERS at least twice and in at
least 60% of its occurrences.  The attribution stage uses the list to find where a
name starts inside a speaker mention ("وزير الخارجية السعودي عادل الجبير").

    python scripts/make_name_list.py ../shared/data/anercorp/train.conll
"""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from qawl.text.normalize import normalize  # noqa: E402

MIN_COUNT, MIN_SHARE = 2, 0.6
OUT = Path(__file__).resolve().parents[1] / "src" / "qawl" / "data" / "person_names.txt"


def name_words(pairs: Iterable[tuple[str, str]]) -> set[str]:
    """Matching forms of the words tagged as person names often enough, from (word, tag) pairs."""
    person, total = Counter(), Counter()
    for word, tag in pairs:
        w = normalize(word)
        if len(w) < 2 or not w.isalpha():
            continue
        total[w] += 1
        if tag.endswith("PERS"):
            person[w] += 1
    return {w for w, n in person.items() if n >= MIN_COUNT and n / total[w] >= MIN_SHARE}


def main(path: str) -> None:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    names = sorted(name_words(tuple(line.split("\t")) for line in lines if "\t" in line))
    header = "# Person-name words from ANERcorp train (CC BY-SA 4.0), made by scripts/make_name_list.py\n"
    OUT.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} name words -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/anercorp/train.conll")

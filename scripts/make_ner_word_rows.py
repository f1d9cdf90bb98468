#!/usr/bin/env python3
"""Build ``src/qawl/data/models/ner-word-rows.npz``: the NER CRF's attribute rows of the
word-cluster vocabulary, worked out ahead (``qawl.world.ner_rows``; issue 19).

Run it after retraining the NER model (``scripts/train_ner.py``) or changing a word list its
attributes read (``ner_rows.SOURCES``); until then the table is not used and
``tests/test_ner_rows.py`` fails.  Its words are those of ``data/word_clusters.tsv``, nothing
else.

    .venv/bin/python scripts/make_ner_word_rows.py        # a few seconds
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from qawl.world import ner, ner_rows  # noqa: E402

OUT = ROOT / "src" / "qawl" / "data" / ner_rows.FILE


def main() -> int:
    OUT.unlink(missing_ok=True)  # the scorer must not read the table being replaced
    keys = ner_rows.vocabulary_keys(ner.word_clusters(), ner.word_key)
    arrays = ner_rows.build(ner.scorer(), keys)
    np.savez(OUT, **arrays)  # not compressed: read at every start, and git compresses it anyway
    print(f"{OUT.relative_to(ROOT)}: {len(arrays['keys'])} word types, {len(arrays['rows'])} rows, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

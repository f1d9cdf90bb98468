#!/usr/bin/env python3
"""Stand-off attribution annotations over SaudiNewsNet and ANERcorp train: show, check, convert, join.

The repo does not carry the newspapers' text (SaudiNewsNet is CC BY-NC-SA; copyright stays
with each paper), so annotations live in ``data/annotations/*.standoff.jsonl`` as article id,
trim length and code-point offsets; ``join`` rebuilds gold-format records
(``../shared/data/SCHEMA.md``) from ``../shared/data/saudinewsnet/articles.jsonl`` at training
time. A model trained on them inherits the non-commercial licence.

    python scripts/annotations.py show snn-01234            # the text an annotator reads
    python scripts/annotations.py check batch.jsonl         # validate records written as substrings
    python scripts/annotations.py standoff batch.jsonl --annotator A > data/annotations/x.standoff.jsonl
    python scripts/annotations.py join data/annotations/x.standoff.jsonl > /tmp/silver.jsonl
    python scripts/annotations.py revise data/annotations/x.standoff.jsonl fixed.jsonl --by R > /tmp/x.jsonl

Records written by an annotator use the gold format (exact substrings); where a content string
occurs more than once, ``content_occurrence`` (0-based) says which. The cue, speaker and via are
taken at their occurrence nearest to the content.

Besides SaudiNewsNet (one Saudi press, 2015), ``aner-NNNN`` ids are pseudo-articles of ANERcorp's
*train* split (``../shared/data/anercorp/train.conll``: newswire of many Arab outlets, CC BY-SA 4.0),
so the training data is not all of one country's press: ``ANER_SENTENCES`` consecutive sentences
each, the words rejoined by ``detokenise`` (a space only where the words were apart in print, as
far as punctuation tells). ANERcorp's *test* split is never used.
"""
from __future__ import annotations

import argparse
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
ARTICLES = ROOT / "data" / "annotations" / "articles.tsv"
TYPES = {"direct", "indirect", "mixed", "according_to"}
POLARITIES = {"assert", "deny"}
SPAN_FIELDS = ("source", "source_mention", "cue", "content", "via")


@lru_cache(maxsize=1)
def trims() -> dict[str, int]:
    out = {}
    for line in open(ARTICLES, encoding="utf-8"):
        aid, _outlet, end = line.rstrip("\n").split("\t")
        out[aid] = int(end)
    return out


ANER_SENTENCES = 12  # sentences per ANERcorp pseudo-article: about the length of a short news item
_NO_SPACE_BEFORE = frozenset(".,،؛;:!?)]}»%")
_NO_SPACE_AFTER = frozenset("([{«")


def detokenise(words: list[str]) -> str:
    """ANERcorp's words as running text: no space before closing punctuation or after an
    opening bracket; quote marks (which open or close) keep their spaces."""
    out = ""
    for w in words:
        if out and not (w in _NO_SPACE_BEFORE or out[-1] in _NO_SPACE_AFTER):
            out += " "
        out += w
    return out


def anercorp_sentences(path: Path) -> list[list[str]]:
    """The words of each sentence of a two-column CoNLL file (word TAB tag)."""
    sents: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            sents[-1].append(line.split("\t")[0])
        elif sents[-1]:
            sents.append([])
    return [s for s in sents if s]


def anercorp_articles(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """ANERcorp train as pseudo-articles ``aner-NNNN`` of ``ANER_SENTENCES`` sentences, one per line."""
    sents = anercorp_sentences(path or SHARED / "anercorp" / "train.conll")
    out = {}
    for n in range(0, len(sents), ANER_SENTENCES):
        aid = f"aner-{n // ANER_SENTENCES:04d}"
        text = "\n".join(detokenise(s) for s in sents[n:n + ANER_SENTENCES])
        out[aid] = {"id": aid, "outlet": "anercorp", "url": None, "date": None, "title": "", "text": text}
    return out


@lru_cache(maxsize=1)
def corpus() -> dict[str, dict[str, Any]]:
    snn = {r["id"]: r for r in map(json.loads, open(SHARED / "saudinewsnet" / "articles.jsonl", encoding="utf-8"))}
    return {**snn, **anercorp_articles()}


def article(aid: str, end: int | None = None) -> dict[str, Any]:
    rec = dict(corpus()[aid])
    rec["text"] = rec["text"][: end if end is not None else trims()[aid]]
    return rec


def occurrences(text: str, s: str) -> list[int]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def nearest(text: str, s: str, at: int) -> list[int]:
    starts = occurrences(text, s)
    if not starts:
        raise ValueError(f"not in the text: {s!r}")
    k = min(starts, key=lambda i: abs(i - at))
    return [k, k + len(s)]


def locate(text: str, a: dict[str, Any]) -> dict[str, Any]:
    """One attribution written as substrings -> the same with [start, end] offsets."""
    starts = occurrences(text, a["content"])
    if not starts:
        raise ValueError(f"content not in the text: {a['content'][:60]!r}")
    k = a.get("content_occurrence", 0)
    if k >= len(starts):
        raise ValueError(f"content_occurrence {k} but only {len(starts)} occurrences")
    c = starts[k]
    out: dict[str, Any] = {"content": [c, c + len(a["content"])]}
    cue = nearest(text, a["cue"], c)
    out["cue"] = cue
    for f in ("source", "source_mention", "via"):
        out[f] = nearest(text, a[f], cue[0]) if a.get(f) else None
    for f in ("implicit", "cue_lemma", "type", "polarity"):
        out[f] = a[f]
    return out


def validate(a: dict[str, Any]) -> list[str]:
    errs = []
    if a.get("type") not in TYPES:
        errs.append(f"type {a.get('type')!r}")
    if a.get("polarity") not in POLARITIES:
        errs.append(f"polarity {a.get('polarity')!r}")
    if not isinstance(a.get("implicit"), bool):
        errs.append("implicit must be true/false")
    for f in ("cue", "content", "cue_lemma"):
        if not a.get(f):
            errs.append(f"{f} missing")
    return errs


def read_batch(path: str) -> Iterator[dict[str, Any]]:
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.strip():
            rec = json.loads(line)
            rec["_line"] = n
            yield rec


def to_standoff(rec: dict[str, Any], annotator: str) -> dict[str, Any]:
    aid = rec["id"]
    text = article(aid)["text"]
    atts = []
    for a in rec.get("attributions", []):
        errs = validate(a)
        if errs:
            raise ValueError("; ".join(errs))
        atts.append(locate(text, a))
    return {"id": aid, "end": len(text), "annotator": annotator, "attributions": atts}


def join(rec: dict[str, Any]) -> dict[str, Any]:
    """A stand-off record -> a gold-format article (``SCHEMA.md``)."""
    art = article(rec["id"], rec["end"])
    text = art["text"]
    atts = []
    for a in rec["attributions"]:
        g = {f: (text[a[f][0]:a[f][1]] if a.get(f) else None) for f in SPAN_FIELDS}
        g.update({f: a[f] for f in ("implicit", "cue_lemma", "type", "polarity")})
        atts.append(g)
    return {"id": "s-" + rec["id"], "outlet": art["outlet"], "url": art["url"], "date": art["date"],
            "title": art["title"], "text": text, "attributions": atts, "annotator": rec.get("annotator")}


def silver(paths: list[Path] | None = None, held: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Every joined stand-off article of ``data/annotations`` (first annotator's where doubled),
    less the files named in ``held``."""
    files = paths or sorted((ROOT / "data" / "annotations").glob("*.standoff.jsonl"))
    out: dict[str, dict[str, Any]] = {}
    for f in files:
        if f.name.startswith("double-") or f.name in held:
            continue
        for line in open(f, encoding="utf-8"):
            if line.strip():
                rec = json.loads(line)
                out.setdefault(rec["id"], join(rec))
    return list(out.values())


def agreement(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    """The reference scorer with one annotator as gold and the other as prediction,
    over the articles both annotated."""
    sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))
    import score

    a = {r["id"]: r for r in first}
    b = {r["id"]: r for r in second}
    both = sorted(set(a) & set(b))
    as_pred = {k: {"attributions": [{f: ({"text": x[f]} if f in SPAN_FIELDS and x[f] else x[f]) for f in x}
                                    for x in b[k]["attributions"]]} for k in both}
    return score.score_attributions({k: a[k] for k in both}, as_pred)[0]


def revise(rec: dict[str, Any], fixed: dict[str, Any], by: str, base: int = 0) -> dict[str, Any]:
    """A stand-off record with a reviewer's whole list of its attributions (written as
    substrings) in place of its own. An attribution the reviewer left as it was keeps its
    offsets (the substrings alone do not say which occurrence was meant); ``base`` is the
    first number of the reviewer's ``content_occurrence``."""
    text = article(rec["id"], rec["end"])["text"]
    kept = {json.dumps({f: (text[a[f][0]:a[f][1]] if a.get(f) else None) for f in SPAN_FIELDS}
                       | {f: a[f] for f in ("implicit", "cue_lemma", "type", "polarity")},
                       sort_keys=True, ensure_ascii=False): a for a in rec["attributions"]}
    atts = []
    for a in fixed["attributions"]:
        errs = validate(a)
        if errs:
            raise ValueError("; ".join(errs))
        plain = {f: a.get(f) or None for f in SPAN_FIELDS} | {f: a[f] for f in ("implicit", "cue_lemma", "type", "polarity")}
        same = kept.get(json.dumps(plain, sort_keys=True, ensure_ascii=False))
        if same is not None and "content_occurrence" not in a:
            atts.append(same)
            continue
        atts.append(locate(text, {**a, "content_occurrence": a.get("content_occurrence", base) - base}))
    return {**rec, "annotator": f"{rec.get('annotator')}{by}", "attributions": atts}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("show").add_argument("id")
    c = sub.add_parser("check")
    c.add_argument("file")
    s = sub.add_parser("standoff")
    s.add_argument("file")
    s.add_argument("--annotator", required=True)
    j = sub.add_parser("join")
    j.add_argument("files", nargs="+")
    g = sub.add_parser("agree", help="agreement of two stand-off files over the articles both hold")
    g.add_argument("first")
    g.add_argument("second")
    r = sub.add_parser("revise", help="a stand-off file with a reviewer's corrected articles in place")
    r.add_argument("standoff")
    r.add_argument("fixed", help="the reviewer's records: id and the whole list of attributions")
    r.add_argument("--by", required=True, help="appended to the annotator's name, e.g. +R6")
    r.add_argument("--occurrence-base", type=int, default=0)
    args = ap.parse_args()
    if args.cmd == "revise":
        fixed = {rec["id"].removeprefix("s-"): rec for rec in read_batch(args.fixed)}
        bad = 0
        for line in open(args.standoff, encoding="utf-8"):
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["id"] in fixed:
                try:
                    rec = revise(rec, fixed[rec["id"]], args.by, args.occurrence_base)
                except (ValueError, KeyError) as e:
                    bad += 1
                    print(f"{rec['id']}: {e} (kept as it was)", file=sys.stderr)
            print(json.dumps(rec, ensure_ascii=False))
        sys.exit(1 if bad else 0)
    if args.cmd == "show":
        art = article(args.id)
        print(f"id: {art['id']}  outlet: {art['outlet']}  date: {art['date']}\ntitle: {art['title']}\n")
        print(art["text"])
    elif args.cmd in ("check", "standoff"):
        bad = 0
        for rec in read_batch(args.file):
            try:
                so = to_standoff(rec, getattr(args, "annotator", "?"))
            except (ValueError, KeyError) as e:
                bad += 1
                print(f"line {rec['_line']} ({rec.get('id')}): {e}", file=sys.stderr)
                continue
            if args.cmd == "standoff":
                print(json.dumps(so, ensure_ascii=False))
        print(f"{'ok' if not bad else str(bad) + ' bad records'}", file=sys.stderr)
        sys.exit(1 if bad else 0)
    elif args.cmd == "agree":
        load = lambda f: [join(json.loads(line)) for line in open(f, encoding="utf-8") if line.strip()]  # noqa: E731
        print(json.dumps(agreement(load(args.first), load(args.second)), ensure_ascii=False))
    else:
        for f in args.files:
            for line in open(f, encoding="utf-8"):
                if line.strip():
                    print(json.dumps(join(json.loads(line)), ensure_ascii=False))


if __name__ == "__main__":
    main()

"""``qawl pairs FILE.jsonl [--format F] [-o PATH]``: agree / contradict / unrelated for each pair of claims.

Lines are ``{"id": .., "a": "claim", "b": "claim"}``.  Pairs are judged in batches (the
sentence vectors of a batch are computed together), and each batch is written as soon
as it is judged, in input order; a bad line is one error line and the rest goes on.
"""
from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from ..formats import Record, Writer, add_format_options

from ..io.readers import BadInput, json_type, read_json_lines
from ..io.records import surrogate_problem
from ..io.sizes import count_lines
from ..options import Options
from ..report import Field
if TYPE_CHECKING:
    from ..claims.pairs import Judgement
from .common import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, Progress, error, internal_error, writing

#: Pairs judged (and embedded) together: big enough to batch the encoder, small enough to stream.
BATCH_PAIRS = 128
#: A claim longer than this is not a claim (an article pasted in): refused, not embedded.
MAX_CLAIM_CHARS = 5_000


@dataclass(frozen=True, slots=True)
class Pair:
    id: object
    a: str
    b: str


def register(commands: argparse._SubParsersAction) -> None:
    pairs = commands.add_parser("pairs", help="judge pairs of claims: agree, contradict or unrelated", description=(
        'Judge claim pairs: a JSONL file (or - for stdin) of {"id", "a", "b"} lines.'))
    pairs.add_argument("path", metavar="FILE.jsonl")
    add_format_options(pairs)
    pairs.set_defaults(run=run)


def run(args: argparse.Namespace, options: Options) -> int:
    from ..claims.pairs import judge_many  # loads numpy and, on first use, the encoder

    with writing(args) as out:
        return EXIT_FAILED if out is None else _judge(args, options, out, judge_many)


def _judge(args: argparse.Namespace, options: Options, out: Writer, judge_many: Any) -> int:
    judged = failed = 0
    with Progress(expected=lambda: None if args.path == "-" else count_lines(args.path)) as progress:
        for batch, bad in _batches(args.path, options):
            for item in bad:
                error(item.where, item.message)
                failed += 1
            if not batch:
                continue
            try:
                results = judge_many([(p.a, p.b) for p in batch])
            except Exception as e:  # a bug must not stop the other batches
                internal_error(f"pairs {batch[0].id}..{batch[-1].id}", e)
                failed += len(batch)
                continue
            for pair, j in zip(batch, results):
                out.write(pair_record(pair, j))
            judged += len(batch)
            progress.advance(judged, failed, "pairs judged")
    if not judged:
        return EXIT_FAILED
    return EXIT_PARTIAL if failed else EXIT_OK


def _batches(path: str, options: Options) -> Iterator[tuple[list[Pair], list[BadInput]]]:
    """Valid pairs in batches, each with the bad lines met since the previous batch."""
    batch: list[Pair] = []
    bad: list[BadInput] = []
    for item in read_json_lines(path, options, "pairs"):
        pair = item if isinstance(item, BadInput) else _pair(item.where, item.obj)
        if isinstance(pair, BadInput):
            bad.append(pair)
            continue
        batch.append(pair)
        if len(batch) >= BATCH_PAIRS:
            yield batch, bad
            batch, bad = [], []
    yield batch, bad


def _pair(where: str, obj: dict) -> Pair | BadInput:
    problem = surrogate_problem(obj)  # it could not be printed: one bad line, not a lost batch
    if problem:
        return BadInput(where, problem)
    for side in ("a", "b"):
        value = obj.get(side)
        if side not in obj:
            return BadInput(where, f'no "{side}" field')
        if not isinstance(value, str):
            return BadInput(where, f'"{side}" is {json_type(value)}, not a string')
        if not value.strip():
            return BadInput(where, f'"{side}" is empty')
        if len(value) > MAX_CLAIM_CHARS:
            return BadInput(where, f'"{side}" has {len(value):,} characters, over the limit of {MAX_CLAIM_CHARS:,} for a claim')
    return Pair(obj.get("id", where), obj["a"], obj["b"])


PAIR_COLUMNS = ("id", "label", "score", "reasons", "a", "b")
_STYLE = {"agree": "green", "contradict": "red", "unrelated": "dim"}


def pair_record(pair: Pair, j: Judgement) -> Record:
    """A judged pair: ``{"id", "label", "score"}`` in JSON (the shared contract's shape,
    docs/output.md); the reasons and the texts in the report and the tables."""
    data = {"id": pair.id, "label": j.label, "score": round(j.score, 4)}
    row = {**data, "reasons": list(j.reasons), "a": pair.a, "b": pair.b}
    return Record("pair", data, title=str(pair.id), columns=PAIR_COLUMNS, rows=[row],
                  lines=lambda: pair_lines(pair, j))


def pair_lines(pair: Pair, j: Judgement) -> list[Text]:
    head = Text(str(pair.id), style="bold")
    head.append("  ")
    head.append(j.label, _STYLE[j.label])
    head.append(f" {j.score:.2f}")
    if j.reasons:
        head.append(f"  ({', '.join(j.reasons)})", "dim")
    return [head, Field(f"   a  {pair.a}", indent=6), Field(f"   b  {pair.b}", indent=6)]

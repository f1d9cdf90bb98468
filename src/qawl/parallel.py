"""Articles analysed by worker processes, handed back in input order (``--jobs N``).

The analysis is CPU-bound Python, so one process uses one core; ``--jobs N`` starts N
worker processes, hands them articles a few at a time (``BATCH``: a task a message each way
cost the main process 0.2-0.5 ms an article, issue 19) and keeps N*12 articles in flight.  The main process reads the input,
reports and writes: it gets back, in input order, each article's ``Outcome`` -- what
``render`` made of its ``Doc`` in the worker (a JSON line, the few fields ``compare``
keeps, the dict the store writes), its warnings, or why it failed -- so that one bad
article is still one line and the rest goes on, exactly as with one job.  Rendering in
the worker keeps the main process light (pickling whole ``Doc``s back cost more than
the JSON they become).

With one job nothing is started: the same ``Outcome`` is made in this process.  Before
the first article the process that analyses (each worker, or this one with one job)
loads the models and tells the garbage collector to leave them be (``settle``):
collections walked the word caches for 7-8% of the CPU time (issue 19).
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import api
from .options import Options

T = TypeVar("T")
Render = Callable[[Any], Any]  # Doc -> what the main process needs of it (picklable with more than one job)

#: Inputs of at least this many bytes are "large": without --jobs, they get a worker a core.
LARGE_INPUT_BYTES = 1_000_000
IN_FLIGHT_PER_JOB = 12  # articles queued per worker: enough to keep it busy, little memory
#: Articles sent to a worker as one task (fewer messages); fewer when the input is short.
BATCH = 4
#: Objects allocated before a young collection (Python's default is 700): analysis makes many
#: short-lived ones and few cycles, so collecting less often finds the same garbage for less.
GEN0_THRESHOLD = 20_000
_WARM_TEXT = ("وقال وزير الخارجية عادل الجبير في الرياض يوم الأحد 5 مارس 2017 إن المملكة قدمت 3 ملايين دولار، "
              "ونفى المتحدث أن تكون القوات قد انسحبت.")


@dataclass
class Outcome:
    """One article's result as the main process receives it."""

    value: Any = None  # render(doc)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # the InputError message: the article is refused
    bug: BaseException | None = None  # anything else that went wrong with it

    @property
    def ok(self) -> bool:
        return self.error is None and self.bug is None


def analyze_one(record: dict[str, Any], options: Options, render: Render | None) -> Outcome:
    """Analyse one record inside its error boundary: every problem becomes the outcome."""
    try:
        doc = api.analyze_record(record, options)
        return Outcome(render(doc) if render is not None else doc, list(doc.warnings))
    except api.InputError as e:
        return Outcome(error=str(e))
    except Exception as e:  # noqa: BLE001 - a bug with one article must not stop the batch
        return Outcome(bug=e)


def settle(options: Options) -> None:
    """Load what ``options``' stages need (by analysing one short text), then move every
    object alive to the collector's permanent generation and make young collections rarer.

    Called by the commands that analyse many articles, never by the library on import: a
    program that imports qawl keeps its own collector settings."""
    try:
        api.analyze(_WARM_TEXT, options=options)
    except Exception:  # noqa: BLE001 - a broken stage shows on the first real article, with its id
        return
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(GEN0_THRESHOLD, gc.get_threshold()[0]), gen1, gen2)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_jobs(paths: Iterable[str]) -> int:
    """A worker a core when the input is large (files adding up to ``LARGE_INPUT_BYTES``),
    else one: starting workers costs more than a few articles.  Standard input and URLs
    cannot be sized, so they get one."""
    total = 0
    for p in paths:
        if p == "-" or "://" in p:
            return 1
        path = Path(p)
        try:
            if path.is_dir():
                total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
            elif path.is_file():
                total += path.stat().st_size
        except OSError:
            continue
        if total >= LARGE_INPUT_BYTES:
            return cores()
    return 1


def jobs_from(args: Any, paths: Iterable[str] = ()) -> int:
    """``--jobs`` as given, or ``default_jobs(paths)``."""
    given = getattr(args, "jobs", None)
    return given if given else default_jobs(paths)


def add_jobs_option(parser: Any) -> None:
    """The ``--jobs N`` option of a command that analyses many articles."""
    from .commands.common import positive_int

    parser.add_argument("--jobs", "-j", type=positive_int("jobs"), default=None, metavar="N",
                        help="analyse in N processes (default: one a core for inputs of 1 MB or more, else 1); "
                             "output order is kept")


# --- the workers -------------------------------------------------------------------------

_job: tuple[Options, Render | None] | None = None  # set in each worker by _start_worker


def _start_worker(options: Options, render: Render | None, settled: bool = False) -> None:
    """``settled``: the main process loaded the models before forking this worker, which
    shares them (its pages are copied only when written: ``gc.freeze`` keeps the collector
    from writing to them)."""
    global _job
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to report, once
    _job = (options, render)
    if not settled:
        settle(options)


def _work(record: dict[str, Any]) -> Outcome:
    assert _job is not None
    out = analyze_one(record, *_job)
    if out.bug is not None:
        try:
            pickle.dumps(out.bug)
        except Exception:  # noqa: BLE001 - an exception that cannot travel: its type and message do
            out.bug = RuntimeError(f"{type(out.bug).__name__}: {out.bug}")
    return out


def _work_many(records: list[dict[str, Any]]) -> list[Outcome]:
    """``_work`` of each record of a batch (each in its own error boundary)."""
    return [_work(r) for r in records]


@dataclass
class _Batch:
    """Records on their way to one worker as one task; ``task`` once sent."""

    records: list[dict[str, Any]] = field(default_factory=list)
    task: Any = None


def _context() -> Any:
    """fork where there is one (workers share the loaded models until they write to them)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def in_order(items: Iterable[T], record_of: Callable[[T], dict[str, Any] | None], options: Options,
             jobs: int, render: Render | None = None, *, share_models: bool = True,
             ) -> Iterator[tuple[T, Outcome | None]]:
    """Each item of ``items`` with the outcome of analysing ``record_of(item)`` (None: the
    item is not analysed, as a bad input line), in input order, analysed by ``jobs`` processes.

    ``items`` is read in this process (a store may be consulted in ``record_of``), at most
    ``jobs * IN_FLIGHT_PER_JOB`` ahead of what has been handed back, and sent to the workers
    ``BATCH`` records a task.

    ``share_models``: with more than one job, load the models here, once, and fork the
    workers from this process, so that they share them instead of each loading its own
    (0.5-0.6 s of CPU a worker, issue 19).  A caller whose main process keeps much of every
    article (``compare``) passes False, so that its main process stays small."""
    if jobs <= 1:
        settle(options)
        for item in items:
            record = record_of(item)
            yield item, (analyze_one(record, options, render) if record is not None else None)
        return
    context = _context()
    settled = share_models and context.get_start_method() == "fork"
    if settled:  # without it, each worker loads the models itself (``_start_worker``)
        settle(options)
    window = jobs * IN_FLIGHT_PER_JOB
    pending: deque[tuple[T, _Batch | None, int]] = deque()  # (item, its batch, its place in it)
    filling = _Batch()
    with context.Pool(jobs, initializer=_start_worker, initargs=(options, render, settled)) as pool:

        def send() -> None:
            nonlocal filling
            if filling.records:
                filling.task = pool.apply_async(_work_many, (filling.records,))
                filling = _Batch()

        def ready(batch: _Batch | None, end: bool) -> bool:
            if batch is None:
                return True
            if batch.task is None and (end or len(pending) >= window):
                send()  # the oldest article waits for its batch: send it as it is
            return batch.task is not None and (end or len(pending) >= window or batch.task.ready())

        def handed_back(end: bool = False) -> Iterator[tuple[T, Outcome | None]]:
            while pending and ready(pending[0][1], end):
                item0, batch, k = pending.popleft()
                yield item0, (batch.task.get()[k] if batch is not None else None)

        for item in items:
            record = record_of(item)
            if record is None:
                pending.append((item, None, 0))
            else:
                pending.append((item, filling, len(filling.records)))
                filling.records.append(record)
                if len(filling.records) >= BATCH:
                    send()
            yield from handed_back()
        send()
        yield from handed_back(end=True)

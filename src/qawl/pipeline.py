"""Stages by name, each declaring what it requires and provides (after Stanza).

A stage is a function ``f(doc, options) -> None`` that adds spans to the doc.  It is
registered with ``@stage(name, requires=..., provides=...)``; a pipeline is built
from the names a caller asks for, adds the stages those need, orders them, and says
in one message what is missing when a requirement has no provider.
"""
from __future__ import annotations

import importlib

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .options import Options
from .text.doc import Doc

StageFn = Callable[[Doc, Options], None]


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    fn: StageFn
    requires: frozenset[str]
    provides: frozenset[str]
    after: frozenset[str] = frozenset()  # read when present, not required: ordered first if in the pipeline
    sets: frozenset[str] = frozenset()  # fields it fills on another stage's items: "attributions.entity"


_REGISTRY: dict[str, Stage] = {}


class PipelineError(ValueError):
    pass


def stage(name: str, requires: Iterable[str] = (), provides: Iterable[str] = (),
          after: Iterable[str] = (), sets: Iterable[str] = ()) -> Callable[[StageFn], StageFn]:
    """Register ``fn`` as the stage ``name``.  ``after`` names products the stage reads when
    they are there (``doc.done``) but does not need: their stages run first when they are in the
    pipeline (asked for, or required by a stage asked for), and are not added when not.

    ``sets`` names the fields the stage fills in on items another stage made, as
    ``product.field`` (``speaker_entities`` sets ``attributions.entity``): the product must be
    among ``requires``, so the items exist when the stage runs.

    A name registered twice, or a product that another stage already provides, is refused here:
    either would make which stage runs depend on import order."""

    def register(fn: StageFn) -> StageFn:
        new = Stage(name, fn, frozenset(requires), frozenset(provides) or frozenset({name}), frozenset(after),
                    frozenset(sets))
        if name in _REGISTRY:
            raise PipelineError(f"stage {name!r} registered twice")
        unmade = sorted(s for s in new.sets if s.partition(".")[0] not in new.requires)
        if unmade:
            raise PipelineError(f"stage {name!r} sets {unmade[0]!r} but does not require {unmade[0].partition('.')[0]!r}")
        taken = {p: s.name for s in _REGISTRY.values() for p in s.provides}
        clash = sorted(p for p in new.provides if p in taken)
        if clash:
            raise PipelineError(f"stage {name!r} provides {clash[0]!r}, already provided by stage {taken[clash[0]]!r}")
        _REGISTRY[name] = new
        return fn

    return register


def registered() -> dict[str, Stage]:
    _load_builtin_stages()
    return dict(_REGISTRY)


def _providers(stages: dict[str, Stage]) -> dict[str, Stage]:
    """Each product's one stage; two stages providing one product are refused."""
    providers: dict[str, Stage] = {}
    for st in stages.values():
        for p in st.provides:
            if p in providers:
                raise PipelineError(f"stages {providers[p].name!r} and {st.name!r} both provide {p!r}")
            providers[p] = st
    return providers


def _resolve(wanted: list[str], stages: dict[str, Stage], providers: dict[str, Stage]) -> set[str]:
    """The names of the stages asked for and of every stage they require, transitively."""
    chosen: set[str] = set()
    todo = list(wanted)
    while todo:
        st = stages[todo.pop()]
        if st.name in chosen:
            continue
        chosen.add(st.name)
        for req in sorted(st.requires):
            if req not in providers:
                raise PipelineError(f"stage {st.name!r} requires {req!r}, which no registered stage provides")
            todo.append(providers[req].name)
    return chosen


def _order(chosen: set[str], stages: dict[str, Stage], providers: dict[str, Stage]) -> list[Stage]:
    """``chosen`` ordered so that every stage runs after the providers of what it requires and of
    what it reads when there (``after``, when that provider is chosen); ties in registration
    order, so the order never depends on how the caller listed the names."""
    order: list[Stage] = []
    seen: set[str] = set()

    def visit(st: Stage, path: tuple[str, ...]) -> None:
        if st.name in seen:
            return
        if st.name in path:
            raise PipelineError(f"stages require each other in a loop: {' -> '.join((*path, st.name))}")
        before = [providers[p] for p in sorted(st.requires | st.after) if p in providers]
        for dep in before:
            if dep.name in chosen and dep.name != st.name:
                visit(dep, (*path, st.name))
        seen.add(st.name)
        order.append(st)

    for name in stages:  # registration order
        if name in chosen:
            visit(stages[name], ())
    return order


class Pipeline:
    """An ordered list of stages that satisfies every requirement.

    The whole set is resolved first (the stages asked for and, transitively, those they
    require), then ordered: a stage asked for and a stage pulled in as a requirement are
    ordered alike, so the same set of names in any order gives the same pipeline."""

    def __init__(self, names: Iterable[str] | None = None):
        stages = registered()
        wanted = list(names) if names is not None else list(stages)
        unknown = [n for n in wanted if n not in stages]
        if unknown:
            raise PipelineError(f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(stages)}")
        providers = _providers(stages)
        self.stages = _order(_resolve(wanted, stages, providers), stages, providers)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Doc, options: Options) -> Doc:
        for st in self.stages:
            st.fn(doc, options)
            doc.done |= st.provides
        return doc


#: The modules whose import registers the built-in stages, in pipeline order of thought.
BUILTIN_STAGE_MODULES: tuple[str, ...] = (
    "qawl.text.stage",
    "qawl.attribution.extractor",
    "qawl.claims.stage",
    "qawl.integrity.stage",
    "qawl.world.times",
    "qawl.world.quantities",
    "qawl.world.entities",
)


def _load_builtin_stages() -> None:
    """Import the modules whose import registers the built-in stages."""
    for module in BUILTIN_STAGE_MODULES:
        importlib.import_module(module)

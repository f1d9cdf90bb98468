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


_REGISTRY: dict[str, Stage] = {}


def stage(name: str, requires: Iterable[str] = (), provides: Iterable[str] = (),
          after: Iterable[str] = ()) -> Callable[[StageFn], StageFn]:
    """Register ``fn`` as the stage ``name``.  ``after`` names products the stage reads when
    they are there (``doc.done``) but does not need: their stages run first when the caller
    asked for them, and are not added when not."""

    def register(fn: StageFn) -> StageFn:
        _REGISTRY[name] = Stage(name, fn, frozenset(requires), frozenset(provides) or frozenset({name}),
                                frozenset(after))
        return fn

    return register


def registered() -> dict[str, Stage]:
    _load_builtin_stages()
    return dict(_REGISTRY)


class PipelineError(ValueError):
    pass


class Pipeline:
    """An ordered list of stages that satisfies every requirement."""

    def __init__(self, names: Iterable[str] | None = None):
        stages = registered()
        wanted = list(names) if names is not None else list(stages)
        unknown = [n for n in wanted if n not in stages]
        if unknown:
            raise PipelineError(f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(stages)}")
        providers = {p: s for s in stages.values() for p in s.provides}
        order: list[Stage] = []
        seen: set[str] = set()

        def visit(st: Stage, path: tuple[str, ...]) -> None:
            if st.name in seen:
                return
            if st.name in path:
                raise PipelineError(f"stages require each other in a loop: {' -> '.join((*path, st.name))}")
            for req in sorted(st.requires):
                if req not in providers:
                    raise PipelineError(f"stage {st.name!r} requires {req!r}, which no registered stage provides")
                visit(providers[req], (*path, st.name))
            for soft in sorted(st.after):
                if soft in providers and providers[soft].name in wanted:
                    visit(providers[soft], (*path, st.name))
            seen.add(st.name)
            order.append(st)

        for n in wanted:
            visit(stages[n], ())
        self.stages = order

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

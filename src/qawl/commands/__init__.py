"""The ``qawl`` subcommands, one module each.

A command module has ``register(commands)``, which adds its parser to the argparse
sub-parsers and sets ``run=`` (a function ``args -> exit code``) as its default.
``COMMANDS`` lists the modules in the order ``qawl --help`` shows them.
"""
from __future__ import annotations

COMMANDS: tuple[str, ...] = (
    "analyze",
    "pairs",
    "ingest",
    "search",
    "sources",
    "story",
    "serve",
    "compare",
    "spark",
    "check",
)

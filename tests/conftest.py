"""What every test module shares: the repository's and ../shared's paths, the skips for what a
machine may lack (the shared data sets, Spark and Java), and the store's databases
(``store_fixtures``: SQLite, and one throwaway PostgreSQL server for the whole session).

Test modules import the paths and skips from here (``from conftest import SHARED, needs``;
pytest puts tests/ on the path).  The markers (``slow``, ``spark``, ``postgres``, ``browser``,
``quality``) are registered in pyproject.toml; the fast loop leaves them out (README).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ["store_fixtures"]

#: The repository, and the shared data and scorer beside it (``../shared``).
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
SCORER = SHARED / "eval" / "score.py"
DEV = SHARED_DATA / "dev" / "articles.jsonl"
TRAIN = SHARED_DATA / "train" / "articles.jsonl"
SAUDINEWSNET = SHARED_DATA / "saudinewsnet" / "articles.jsonl"
STORIES = SHARED_DATA / "stories" / "articles.jsonl"


def needs(*paths: Path, what: str = "shared data") -> pytest.MarkDecorator:
    """Skip unless every path exists: ``../shared`` is not in every clone."""
    missing = [p for p in paths if not p.exists()]
    return pytest.mark.skipif(bool(missing), reason=f"{what} not found at {missing[0] if missing else ''} "
                                                    "(a clone outside the workplace)")


def skip_without_spark() -> None:
    """The Spark modules' preamble: skip the whole module unless PySpark and Java are here.
    Called at the top of a module, before it imports anything that imports pyspark."""
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'qawl[spark]')")
    if shutil.which("java") is None:
        pytest.skip("no java on PATH: Spark needs Java 17 or later", allow_module_level=True)

"""Per-article SHA-256 of ``qawl analyze --json`` on the dev set: the record that speed work changed no output.

    .venv/bin/python scripts/dev_output_hashes.py [--write]

Prints ``id<TAB>sha256`` of each dev article's JSON line; ``--write`` stores them in
``tests/data/dev_analyze_sha256.tsv``, which ``tests/test_speed_identity.py`` compares
against.  The hashes were first made by main's code before issue 19's changes; a change
that is *meant* to change outputs (a retrained model, a new rule) rewrites them with
``--write`` and says so in its commit.  Hashes, not the JSON, because the JSON quotes the
articles (stand-off records only).
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "dev" / "articles.jsonl"
STORED = ROOT / "tests" / "data" / "dev_analyze_sha256.tsv"
HEADER = "# id<TAB>sha256 of the article's line of `qawl analyze DEV --json` (scripts/dev_output_hashes.py)\n"


def hashes(output: str) -> list[tuple[str, str]]:
    """(id, sha256 of the line) per JSON line of ``qawl analyze --json`` output."""
    out = []
    for line in output.splitlines():
        if line.strip():
            out.append((str(json.loads(line)["id"]), hashlib.sha256(line.encode("utf-8")).hexdigest()))
    return out


def run_cli(*extra: str, path: Path = DEV, seed: str = "0") -> str:
    """The JSON output of this checkout's ``qawl analyze`` on ``path`` (the dev set), in a fresh
    process with the hash seed ``seed``."""
    cmd = [sys.executable, "-m", "qawl", "analyze", str(path), "--json", *extra]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=True,
                          env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin",
                               # this checkout's code, also when the venv's editable install is another's
                               "PYTHONPATH": str(ROOT / "src")}).stdout


def stored() -> list[tuple[str, str]]:
    return [tuple(line.rstrip("\n").split("\t")) for line in STORED.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def main(argv: list[str]) -> int:
    rows = hashes(run_cli())
    text = "".join(f"{i}\t{h}\n" for i, h in rows)
    if "--write" in argv:
        STORED.write_text(HEADER + text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Placeholder, replaced by the real extractor."""
from __future__ import annotations

from ..options import Options
from ..pipeline import stage
from ..text.doc import Doc


@stage("attributions", requires={"sentences", "tokens"}, provides={"attributions"})
def extract(doc: Doc, options: Options) -> None:
    doc.attributions = []

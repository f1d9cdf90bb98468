"""The integrity stage: every sentence's suspicion and reasons, and the article's score."""
from __future__ import annotations

from ..options import Options
from ..pipeline import stage
from ..text.doc import Doc
from .model import assess


@stage("integrity", requires={"sentences", "attributions"}, provides={"integrity"})
def integrity(doc: Doc, options: Options) -> None:
    """Fill ``doc.integrity`` (CONTRACT.md): a suspicion in [0, 1] for every sentence."""
    doc.integrity = assess(doc)

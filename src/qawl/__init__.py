"""qawl: who said what in Arabic news, through whom, asserting or denying.

    >>> import qawl
    >>> doc = qawl.analyze("وقال الوزير إن المشروع سيكتمل العام المقبل.")
    >>> [a.source.text for a in doc.attributions]
    ['الوزير']
"""
from __future__ import annotations

from .api import analyze, analyze_many
from .options import Options
from .text.doc import Doc, Span

__version__ = "0.1.0"
__all__ = ["Doc", "Options", "Span", "analyze", "analyze_many", "__version__"]

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


def render_html(doc: Doc | dict) -> str:
    """An analysed article as HTML, marked as on the web article page (``qawl.render``)."""
    from .render import render_html as render

    return render(doc)

__all__ = ["Doc", "Options", "Span", "__version__", "analyze", "analyze_many", "render_html"]

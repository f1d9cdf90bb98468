"""``qawl.render_html(doc)``: an analysed article as one block of HTML, marked as the web
article page marks it (speaker, cue, content, relay; suspicious sentences shaded), with
styles inline and no script, so that a notebook (``Doc._repr_html_``), a mail or an
``--format html`` page shows it as it is.

The cutting of the text into marked pieces is the web page's own (``qawl.web.render``);
every piece of text goes through ``html.escape``, so an article's ``<script>`` stays text.
"""
from __future__ import annotations

from html import escape
from typing import Any

from .text.doc import Doc

#: Inline styles of the web page's marks (qawl.css), by role; a role without one is left plain.
MARKS = {
    "content": "box-shadow: inset 0 -0.5em #d6ead0",  # a highlighter stroke: the sentence shade stays visible
    "speaker": "color: #1f5fbf; font-weight: bold; border-bottom: 2px solid #1f5fbf",
    "mention": "color: #1f5fbf",
    "cue": "color: #8a5a00; font-weight: bold; border-bottom: 2px dotted #8a5a00",
    "via": "color: #6b3fa0; border-bottom: 2px dashed #6b3fa0",
    "ent": "border-bottom: 1px solid #0b6e69",  # entities, times, quantities (qawl.web.render.FINDS)
    "time": "border-bottom: 1px solid #b7791f",
    "qty": "border-bottom: 1px solid #b3261e",
}
#: A suspicious sentence's shade, in the web page's steps (qawl.web.pages.HEAT_STEPS).
HEAT = ("", "rgba(240,140,0,.08)", "rgba(240,120,0,.16)", "rgba(230,90,0,.26)", "rgba(220,50,30,.34)",
        "rgba(200,20,20,.44)")
_OPEN = ('<div dir="rtl" lang="ar" style="font-family: \'Noto Naskh Arabic\', Tahoma, sans-serif; '
         'line-height: 2.1; max-width: 60rem">')
_LEGEND = (("speaker", "المتحدث"), ("cue", "فعل القول"), ("content", "المضمون"), ("via", "الوسيط"))


def render_html(doc: Doc | dict[str, Any]) -> str:
    """The article of ``doc`` (a Doc or its ``to_dict()``) as a ``<div dir="rtl">``."""
    d = doc.to_dict() if isinstance(doc, Doc) else doc
    text = d.get("text") or ""
    parts = [_OPEN]
    title = d.get("title") or d.get("id") or ""
    if title:
        parts.append(f'<h3 style="margin: .2rem 0">{escape(title)}</h3>')
    meta = " · ".join(escape(str(m)) for m in (d.get("outlet"), d.get("date")) if m)
    if meta:
        parts.append(f'<p style="color: #5f6b7a; margin: 0">{meta}</p>')
    alert = (d.get("integrity") or {}).get("alert")
    if alert:
        parts.append('<p style="background: #fdecea; color: #b3261e; padding: .2rem .6rem; border-radius: 6px">'
                     "تنبيه: في المقال جمل قد لا تنتمي إليه</p>")
    parts.append('<p style="font-size: .85em">' + " ".join(
        f'<span style="{MARKS[role]}">{label}</span>' for role, label in _LEGEND) + "</p>")
    parts.append('<div style="white-space: pre-wrap">' + _body(text, d) + "</div></div>")
    return "".join(parts)


def _body(text: str, d: dict[str, Any]) -> str:
    from .web.render import article_blocks  # the web page's cutting (imports the web package)

    out = []
    for block in article_blocks(text, d):
        inner = "".join(_piece(p.text, p.roles) for p in block.pieces)
        step = min(len(HEAT) - 1, max(0, int(block.suspicion * (len(HEAT) - 1) + 0.5)))
        if block.sentence is not None and step:
            why = "؛ ".join(block.reasons)
            out.append(f'<span style="background: {HEAT[step]}; border-radius: 4px" '
                       f'title="{escape(f"{round(block.suspicion * 100)}٪: {why}")}">{inner}</span>')
        else:
            out.append(inner)
    return "".join(out)


def _piece(text: str, roles: list[str]) -> str:
    styles = "; ".join(MARKS[r] for r in roles if r in MARKS)
    if not styles:
        return escape(text)
    return f'<span style="{styles}" data-roles="{escape(" ".join(roles))}">{escape(text)}</span>'

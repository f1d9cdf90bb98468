"""The Arabic web interface: server-rendered pages (Jinja2, autoescaped) over the store.

Templates and assets ship in the package (``templates/``, ``static/``): nothing comes
from a CDN.  Text is laid out right-to-left in a system font stack (no font file is
shipped: the fonts any desktop has for Arabic are better hinted than one we could
bundle).  Links to an article's original page are written only for http(s) URLs, so
a ``javascript:`` URL in hostile input is never a link.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from .. import __version__
from ..options import DEFAULT_LIMITS, Limits
from ..store import Store
from ..store.views import speaker_stories, story_view
from .render import article_blocks, reason_texts, snippet_pieces

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
TYPES = {"direct": "مباشر", "indirect": "غير مباشر", "mixed": "مختلط", "according_to": "بحسب / نقلًا عن"}
POLARITY = {"assert": "يؤكد", "deny": "ينفي"}
#: Suspicion is shown in this many steps of colour (CSS classes heat-0 .. heat-5).
HEAT_STEPS = 5


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda s: quote(str(s), safe="")
    env.filters["heat"] = lambda x: min(HEAT_STEPS, max(0, int(float(x or 0) * HEAT_STEPS + 0.5)))
    env.filters["pct"] = lambda x: f"{round(float(x or 0) * 100)}٪"
    env.globals.update(TYPES=TYPES, POLARITY=POLARITY, version=__version__, web_url=_web_url)
    return env


def _web_url(url: Any) -> str | None:
    """``url`` when it is an http(s) URL (fit for a link), else None."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the request's path answers (GET and PUT of /api/stories)."""
    methods: set[str] = set()
    for route in request.app.routes:
        regex, allowed = getattr(route, "path_regex", None), getattr(route, "methods", None)
        if regex is not None and allowed and regex.match(request.url.path):
            methods |= set(allowed)
    return sorted(methods)


def add_pages(app: FastAPI, store: Store, limits: Limits = DEFAULT_LIMITS) -> None:
    env = _env()

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    def missing(what: str) -> HTMLResponse:
        return page("missing.html", 404, title="غير موجود", what=what)

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, e: StarletteHTTPException) -> Response:
        """Pages get a page; the API (and anything else) keeps its JSON error."""
        if e.status_code == 404 and not request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return missing("الصفحة")
        headers = dict(getattr(e, "headers", None) or {})
        if e.status_code == 405:  # Starlette names the methods of the first route of the path only
            headers["Allow"] = ", ".join(allowed_methods(request))
        return JSONResponse({"detail": e.detail}, status_code=e.status_code, headers=headers or None)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> HTMLResponse:
        return page("home.html", title="قَوْل", counts=store.counts(), articles=store.articles(limits.home_articles),
                    speakers=store.speakers(limits.home_speakers), stories=store.stories()[:limits.home_stories])

    @app.get("/article/{ref:path}", response_class=HTMLResponse, include_in_schema=False)
    def article(ref: str) -> HTMLResponse:
        a = store.article(ref)
        if a is None:
            return missing("المقال")
        doc = a["analysis"]["doc"] if a["analysis"] else None
        attributions = doc.get("attributions", []) if doc else []
        keys = [store.speaker_key_of(x) for x in attributions]
        return page("article.html", title=a.get("title") or a["id"], a=a, doc=doc,
                    blocks=article_blocks(a["text"], doc), attributions=list(zip(attributions, keys)),
                    suspicious=[{**s, "reasons": reason_texts(s, "ar")} for s in (doc or {}).get("integrity", {}).get("sentences", [])
                                if float(s.get("suspicion") or 0) >= 0.5])

    @app.get("/speaker/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def speaker(key: str) -> HTMLResponse:
        s = store.speaker(key)
        if s is None:
            return missing("المتحدث")
        return page("speaker.html", title=s["name"], s=s, stories=speaker_stories(store, s["key"]))

    @app.get("/story/{id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story(id: str) -> HTMLResponse:
        view = story_view(store, id)
        return missing("القصة") if view is None else page("story.html", title=f"القصة {id}", st=view)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(q: str = Query("", max_length=500)) -> HTMLResponse:
        hits = store.search(q, limits.page_search) if q.strip() else []
        for h in hits:
            h["pieces"] = snippet_pieces(h["snippet"])
        return page("search.html", title=f"بحث: {q}" if q else "بحث", q=q, hits=hits)

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources() -> HTMLResponse:
        return page("sources.html", title="المتحدثون", speakers=store.speakers(limits.page_sources))

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph(story: str | None = None) -> HTMLResponse:
        return page("graph.html", title="شبكة المصادر", story=story)

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """The API's endpoints from its OpenAPI schema, readable offline (no Swagger CDN)."""
        schema = app.openapi()
        return page("docs.html", title="واجهة البرمجة", paths=schema["paths"])

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
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from .. import __version__
from ..options import DEFAULT_LIMITS, Limits
from ..store import Store
from ..store.views import speaker_stories, story_list, story_view
from ..stories.summary import headline
from .render import article_blocks, article_finds, snippet_pieces
from .words import FILTERS, GLOBALS, t

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
#: Suspicion is shown in this many steps of colour (CSS classes heat-0 .. heat-5).
HEAT_STEPS = 5
#: A sentence at or above this suspicion is listed under the article with its reasons.
SUSPICIOUS = 0.5


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda s: quote(str(s), safe="")
    env.filters["heat"] = lambda x: min(HEAT_STEPS, max(0, int(float(x or 0) * HEAT_STEPS + 0.5)))
    env.filters["pct"] = lambda x: f"{round(float(x or 0) * 100)}٪"
    env.globals.update(GLOBALS, version=__version__, web_url=_web_url)
    env.filters.update(FILTERS)
    return env


def _web_url(url: Any) -> str | None:
    """``url`` when it is an http(s) URL (fit for a link), else None."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def story_heads(store: Store, ids: Any) -> list[dict[str, str]]:
    """``{"story", "headline"}`` of the stories with these ids (an article's stories)."""
    found = (store.story(str(i)) for i in ids)
    return [{"story": s["story"], "headline": headline(s)} for s in found if s is not None]


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
        """404 with a page that says what is missing (``web.missing.page`` / article / speaker / story)."""
        return page("missing.html", 404, title=t("web.missing.title"), what=t(f"web.missing.{what}"))

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, e: StarletteHTTPException) -> Response:
        """Pages get a page; the API (and anything else) keeps its JSON error."""
        if e.status_code == 404 and not request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return missing("page")
        headers = dict(getattr(e, "headers", None) or {})
        if e.status_code == 405:  # Starlette names the methods of the first route of the path only
            headers["Allow"] = ", ".join(allowed_methods(request))
        return JSONResponse({"detail": e.detail}, status_code=e.status_code, headers=headers or None)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> HTMLResponse:
        return page("home.html", title=t("web.home.title"), counts=store.counts(), articles=store.articles(limits.home_articles),
                    speakers=store.speakers(limits.home_speakers), stories=story_list(store)[:limits.home_stories])

    @app.get("/article/{ref:path}", response_class=HTMLResponse, include_in_schema=False)
    def article(ref: str) -> HTMLResponse:
        a = store.article(ref)
        if a is None:
            return missing("article")
        doc = a["analysis"]["doc"] if a["analysis"] else None
        attributions = doc.get("attributions", []) if doc else []
        speakers = store.speaker_keys(a["hash"])  # one person, one key, across the store
        keys = [speakers.get((x["content"]["start"], x["content"]["end"])) for x in attributions]
        integrity = (doc or {}).get("integrity") or {}
        return page("article.html", title=a.get("title") or a["id"], a=a, doc=doc,
                    blocks=article_blocks(a["text"], doc), attributions=list(zip(attributions, keys)),
                    finds=article_finds(doc), integrity=integrity, stories=story_heads(store, a.get("stories") or ()),
                    suspicious=[s for s in integrity.get("sentences") or () if float(s.get("suspicion") or 0) >= SUSPICIOUS])

    @app.get("/speaker/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def speaker(key: str) -> HTMLResponse:
        s = store.speaker(key)
        if s is None:
            return missing("speaker")
        names = list(dict.fromkeys(c["source"] for c in s["claims_list"] if c.get("source")))
        return page("speaker.html", title=s["name"], s={**s, "names": names}, stories=speaker_stories(store, s["claims_list"]))

    @app.get("/story/{id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story(id: str) -> HTMLResponse:
        view = story_view(store, id)
        return missing("story") if view is None else page("story.html", title=view["headline"] or id, st=view)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(q: str = Query("", max_length=500)) -> HTMLResponse:
        hits = store.search(q, limits.page_search) if q.strip() else []
        for h in hits:
            h["pieces"] = snippet_pieces(h["snippet"])
        return page("search.html", title=t("web.search.title_q", q=q) if q else t("web.search.title"), q=q, hits=hits)

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources() -> HTMLResponse:
        return page("sources.html", title=t("web.nav.speakers"), speakers=store.speakers(limits.page_sources))

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph(story: str | None = None) -> HTMLResponse:
        return page("graph.html", title=t("web.graph.title"), story=story)

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """The API's endpoints from its OpenAPI schema, readable offline (no Swagger CDN), each
        said in Arabic by the catalogue's ``web.api.<endpoint>``."""
        return page("docs.html", title=t("web.docs.title"), endpoints=api_endpoints(app))


def api_endpoints(app: FastAPI) -> list[tuple[str, str, str]]:
    """(method, path, catalogue key) of every endpoint in the API's schema."""
    out = []
    for route in app.routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            for method in sorted((route.methods or set()) - {"HEAD"}):
                out.append((method, route.path_format, f"web.api.{route.name}"))
    return out

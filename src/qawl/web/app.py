"""The web server: a JSON API over the store and the Arabic web interface.

Reading is open; writing (``POST /api/ingest``, ``PUT /api/stories``) is off unless a
token is set (``qawl serve --token`` or ``QAWL_TOKEN``), and then needs
``Authorization: Bearer TOKEN``.  Every page is sent with a Content-Security-Policy
that allows only the server's own scripts and styles, so even a slip in escaping
could not run an article's script.
"""
from __future__ import annotations

import hmac
import logging
from typing import Any

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Query
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.requests import Request

from .. import __version__
from ..io.readers import Article
from ..options import Options
from ..store import Store, StoreError, open_store
from ..store.ingest import ingest_items
from ..store.views import overall_graph, story_graph, story_view
from .pages import STATIC_DIR, add_pages

LOG = logging.getLogger("qawl.web")
#: One ``POST /api/ingest`` takes at most this many articles.
MAX_INGEST_ARTICLES = 1000
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class ArticleIn(BaseModel):
    """One article to ingest, as a line of a ``.jsonl`` input."""

    id: str | None = None
    text: str = Field(min_length=1)
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None


class IngestIn(BaseModel):
    articles: list[ArticleIn] = Field(max_length=MAX_INGEST_ARTICLES)
    analyze: bool = True


class SecurityHeaders:
    """Adds the CSP and its companions to every response (plain ASGI: Starlette's
    ``BaseHTTPMiddleware`` costs a task per request)."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer")]

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(db: str | None = None, *, token: str | None = None, store: Store | None = None) -> FastAPI:
    """The app over the store at ``db`` (or an open ``store``)."""
    store = store or open_store(db)
    app = FastAPI(title="qawl", version=__version__, docs_url=None, redoc_url=None,
                  description="Who said what in Arabic news, through whom: articles, analyses, speakers, stories.")
    app.state.store = store

    app.add_middleware(SecurityHeaders)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, e: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(e)}, status_code=503)

    def writer(authorization: str | None = Header(default=None)) -> None:
        if not token:
            raise HTTPException(403, "write endpoints are off: start qawl serve with --token (or QAWL_TOKEN)")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid 'Authorization: Bearer TOKEN' header is needed")

    def found(value: Any, what: str) -> Any:
        if value is None:
            raise HTTPException(404, f"no such {what}")
        return value

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Always the same answer: the baseline of the latency benchmark."""
        return {"ok": True, "version": __version__}

    @app.get("/api/stats", tags=["meta"])
    def stats() -> dict[str, Any]:
        return {"version": __version__, "schema": store.schema_version, **store.counts()}

    @app.get("/api/articles", tags=["articles"])
    def articles(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        """Newest first, without text."""
        return store.articles(limit, offset)

    @app.get("/api/articles/{ref:path}/analysis", tags=["articles"])
    def analysis(ref: str) -> dict[str, Any]:
        """The stored analysis (``Doc.to_dict()``, CONTRACT.md's shape) and the qawl version that made it."""
        article = found(store.article(ref), "article")
        return found(article["analysis"], "analysis")

    @app.get("/api/articles/{ref:path}", tags=["articles"])
    def article(ref: str) -> dict[str, Any]:
        """An article by content hash or input id, with its analysis and story ids."""
        return found(store.article(ref), "article")

    @app.get("/api/search", tags=["search"])
    def search(q: str = Query(..., max_length=500), limit: int = Query(20, ge=1, le=100)) -> list[dict[str, Any]]:
        """Articles that contain every word of ``q`` in matching form, with a snippet."""
        return store.search(q, limit)

    @app.get("/api/speakers", tags=["speakers"])
    def speakers(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        """Speakers ranked by number of claims, with their outlets and relays."""
        return store.speakers(limit, offset)

    @app.get("/api/speakers/{key:path}", tags=["speakers"])
    def speaker(key: str) -> dict[str, Any]:
        """A speaker and every claim of theirs."""
        return found(store.speaker(key), "speaker")

    @app.get("/api/stories", tags=["stories"])
    def stories() -> list[dict[str, Any]]:
        return store.stories()

    @app.get("/api/stories/{id:path}", tags=["stories"])
    def story(id: str) -> dict[str, Any]:
        """A story with its outlets' stances, agreement and timeline."""
        return found(story_view(store, id), "story")

    @app.get("/api/graph", tags=["stories"])
    def graph(story: str | None = None, speakers: int = Query(12, ge=1, le=50)) -> dict[str, Any]:
        """Source–claim graph: of one story, or of the busiest speakers."""
        if story is not None:
            return story_graph(found(story_view(store, story), "story"))
        return overall_graph(store, speakers)

    @app.post("/api/ingest", tags=["write"], dependencies=[Depends(writer)])
    def ingest(body: IngestIn) -> dict[str, Any]:
        """Store (and analyse) articles; the summary says what was added, unchanged or failed."""
        items = (Article(f"articles[{n}]", a.model_dump(exclude_none=True)) for n, a in enumerate(body.articles))
        return ingest_items(store, items, Options(), analyze=body.analyze,
                            on_bug=lambda where, e: LOG.error("%s: internal error", where, exc_info=e)).to_dict()

    @app.put("/api/stories", tags=["write"], dependencies=[Depends(writer)])
    def save_stories(stories: list[dict[str, Any]] = Body(...)) -> dict[str, Any]:
        """Replace the stories (dicts as ``qawl compare --json`` prints them)."""
        try:
            return {"saved": store.save_stories(stories)}
        except StoreError as e:
            raise HTTPException(422, str(e)) from None

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    add_pages(app, store)
    return app

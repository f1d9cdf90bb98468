"""The web server: a JSON API over the store and the Arabic web interface.

Reading is open; writing (``POST /api/ingest``, ``PUT /api/stories``) is off unless a
token is set (``qawl serve --token`` or ``QAWL_TOKEN``), and then needs
``Authorization: Bearer TOKEN``.  Every page is sent with a Content-Security-Policy
that allows only the server's own scripts and styles, so even a slip in escaping
could not run an article's script.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Literal

from fastapi import Body, Depends, FastAPI, Header, HTTPException, Query
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request

from .. import __version__
from ..io.readers import Article
from ..io.records import unescape_fields
from ..options import Options
from ..store import Store, StoreConflict, StoreError, open_store
from ..store.ingest import ingest_items
from ..store.views import overall_graph, story_graph, story_list, story_view
from .guard import Guard, token_problem
from .pages import STATIC_DIR, add_pages

LOG = logging.getLogger("qawl.web")
#: One ``POST /api/ingest`` takes at most this many articles.
MAX_INGEST_ARTICLES = 1000
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class ArticleIn(BaseModel):
    """One article to ingest, as a line of a ``.jsonl`` input."""

    model_config = ConfigDict(strict=True)  # the types the schema says: no 0 for false, no 1 for "1"

    id: str | None = None
    text: str = Field(min_length=1)
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None


class IngestIn(BaseModel):
    model_config = ConfigDict(strict=True)

    articles: list[ArticleIn] = Field(max_length=MAX_INGEST_ARTICLES)
    analyze: bool = Field(True, strict=True)  # a boolean, as the schema says: not 0 or "no"


class ClaimIn(BaseModel):
    """A story's claim (CONTRACT.md); fields beyond these are kept as given."""

    model_config = ConfigDict(extra="allow", strict=True)

    article: str | None = None
    text: str = ""
    start: int = 0
    end: int = 0
    source: str | None = None
    via: str | None = None
    polarity: Literal["assert", "deny"] = "assert"


class StoryIn(BaseModel):
    """A story as ``qawl compare --json`` prints it; fields beyond these are kept as given."""

    model_config = ConfigDict(extra="allow", strict=True)

    story: str = Field(min_length=1)
    articles: list[str]  # the ids of its articles
    claims: list[ClaimIn]


class Detail(BaseModel):
    """Why a request was refused."""

    detail: Any


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The error answers an endpoint may give, declared so that the schema says them all."""
    what = {400: "a bad request (a bad Content-Length)", 401: "no valid 'Authorization: Bearer TOKEN'",
            403: "writing is off: no token is set", 404: "not found", 405: "method not allowed",
            409: "two stories with one id",
            413: "the body is over the size limit", 422: "the request does not fit the schema",
            503: "the database cannot be used now (locked by another process)"}
    return {c: {"model": Detail, "description": what[c]} for c in codes}


#: What every endpoint may answer besides its own: the size gate and the database.
_ALWAYS = (400, 413, 503)
#: The largest offset a listing takes (the store's integers end far above; a client's may not).
MAX_OFFSET = 1_000_000_000


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


def create_app(db: str | None = None, *, token: str | None = None, store: Store | None = None,
               options: Options | None = None) -> FastAPI:
    """The app over the store at ``db`` (or an open ``store``); ``options`` (the CLI's, for
    ``qawl serve``) set the listings' limits and how ingested articles are analysed."""
    store = store or open_store(db)
    options = options or Options()
    lim = options.limits
    app = FastAPI(title="qawl", version=__version__, docs_url=None, redoc_url=None,
                  description="Who said what in Arabic news, through whom: articles, analyses, speakers, stories.")
    app.state.store = store

    app.add_middleware(Guard, token=token)  # the token and the body size, before any body is read
    app.add_middleware(SecurityHeaders)  # outermost: the guard's answers carry the headers too

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError) -> Response:
        """422 with what did not fit, written as ASCII JSON: the input it quotes may hold a lone
        surrogate, which UTF-8 cannot encode (FastAPI's own answer then fails with a 500)."""
        body = json.dumps({"detail": jsonable_encoder(e.errors())}, ensure_ascii=True)
        return Response(body, status_code=422, media_type="application/json")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, e: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(e)}, status_code=503)

    def writer(authorization: str | None = Header(default=None)) -> None:
        """The guard has checked already; this declares the header in the schema and checks
        again, for an app mounted without the guard."""
        refused = token_problem(authorization, token)
        if refused:
            raise HTTPException(*refused)

    def found(value: Any, what: str) -> Any:
        if value is None:
            raise HTTPException(404, f"no such {what}")
        return value

    @app.get("/api/health", tags=["meta"], responses=_errors(*_ALWAYS))
    def health() -> dict[str, Any]:
        """Always the same answer: the baseline of the latency benchmark."""
        return {"ok": True, "version": __version__}

    @app.get("/api/stats", tags=["meta"], responses=_errors(*_ALWAYS))
    def stats() -> dict[str, Any]:
        return {"version": __version__, "schema": store.schema_version, **store.counts()}

    @app.get("/api/articles", tags=["articles"], responses=_errors(*_ALWAYS, 422))
    def articles(limit: int = Query(lim.listing, ge=1, le=lim.most_listing), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> list[dict[str, Any]]:
        """Newest first, without text."""
        return store.articles(limit, offset)

    @app.get("/api/articles/{ref:path}/analysis", tags=["articles"], responses=_errors(*_ALWAYS, 404))
    def analysis(ref: str) -> dict[str, Any]:
        """The stored analysis (``Doc.to_dict()``, CONTRACT.md's shape) and the qawl version that made it."""
        article = found(store.article(ref), "article")
        return found(article["analysis"], "analysis")

    @app.get("/api/articles/{ref:path}", tags=["articles"], responses=_errors(*_ALWAYS, 404))
    def article(ref: str) -> dict[str, Any]:
        """An article by content hash or input id, with its analysis and story ids."""
        return found(store.article(ref), "article")

    @app.get("/api/search", tags=["search"], responses=_errors(*_ALWAYS, 422))
    def search(q: str = Query(..., max_length=500), limit: int = Query(lim.search, ge=1, le=lim.most_search)) -> list[dict[str, Any]]:
        """Articles that contain every word of ``q`` in matching form, with a snippet."""
        return store.search(q, limit)

    @app.get("/api/speakers", tags=["speakers"], responses=_errors(*_ALWAYS, 422))
    def speakers(limit: int = Query(lim.listing, ge=1, le=lim.most_listing), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> list[dict[str, Any]]:
        """Speakers ranked by number of claims, with their outlets and relays."""
        return store.speakers(limit, offset)

    @app.get("/api/speakers/{key:path}", tags=["speakers"], responses=_errors(*_ALWAYS, 404))
    def speaker(key: str) -> dict[str, Any]:
        """A speaker and every claim of theirs."""
        return found(store.speaker(key), "speaker")

    @app.get("/api/stories", tags=["stories"], responses=_errors(*_ALWAYS))
    def stories() -> list[dict[str, Any]]:
        """The stories as saved (``qawl compare --json``), each with its ``headline``."""
        return story_list(store)

    @app.get("/api/stories/{id:path}", tags=["stories"], responses=_errors(*_ALWAYS, 404))
    def story(id: str) -> dict[str, Any]:
        """A story with its headline, outlets' stances, disagreements, repeated claims, what was compared, and timeline."""
        return found(story_view(store, id), "story")

    @app.get("/api/graph", tags=["stories"], responses=_errors(*_ALWAYS, 404, 422))
    def graph(story: str | None = None,
              speakers: int = Query(lim.graph_speakers, ge=1, le=lim.most_graph_speakers)) -> dict[str, Any]:
        """Source–claim graph: of one story, or of the busiest speakers."""
        if story is not None:
            return story_graph(found(story_view(store, story), "story"))
        return overall_graph(store, speakers)

    @app.post("/api/ingest", tags=["write"], dependencies=[Depends(writer)],
              responses=_errors(*_ALWAYS, 401, 403, 422))
    def ingest(body: IngestIn) -> dict[str, Any]:
        """Store (and analyse) articles; the summary says what was added, unchanged or failed."""
        items = (Article(f"articles[{n}]", dict(unescape_fields(a.model_dump(exclude_none=True))))
                 for n, a in enumerate(body.articles))
        summary = ingest_items(store, items, options, analyze=body.analyze,
                               on_bug=lambda where, e: LOG.error("%s: internal error", where, exc_info=e))
        if summary.stopped and not summary.done:
            raise StoreError(summary.stopped)
        return summary.to_dict()

    @app.put("/api/stories", tags=["write"], dependencies=[Depends(writer)],
             responses=_errors(*_ALWAYS, 401, 403, 409, 422))
    def save_stories(stories: list[StoryIn] = Body(...)) -> dict[str, Any]:
        """Replace the stories (dicts as ``qawl compare --json`` prints them); story ids are unique."""
        try:
            return {"saved": store.save_stories([s.model_dump(exclude_unset=True) for s in stories])}
        except StoreConflict as e:  # a story id given twice
            raise HTTPException(409, str(e)) from None
        except StoreError as e:
            raise HTTPException(422, str(e)) from None

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    add_pages(app, store, lim)
    return app

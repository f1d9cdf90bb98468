"""The server's first gate: the token and the size of a request, before its body is read.

FastAPI reads and parses a request's body before it runs the endpoint's dependencies,
so a token check written as a dependency comes too late: a 450 MB body sent without a
token was read and parsed first (RSS 163 MB → 1.2 GB).  This plain ASGI layer answers
before any of that: a write endpoint without the right ``Authorization: Bearer TOKEN``
gets 401 (403 when writing is off), and a body over the limit gets 413, whether its
``Content-Length`` says so up front or a chunked body runs past it.
"""
from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException

#: A body for a read endpoint: they take none, so this is only slack for odd clients.
MAX_READ_BODY = 64 * 1024
#: A body for a write endpoint (``POST /api/ingest``: up to 1,000 articles).
MAX_WRITE_BODY = 32 * 1024 * 1024
#: The endpoints that write, and need the token.
WRITES = frozenset({("POST", "/api/ingest"), ("PUT", "/api/stories")})
OFF = "write endpoints are off: start qawl serve with --token (or QAWL_TOKEN)"
NEED_TOKEN = "a valid 'Authorization: Bearer TOKEN' header is needed"

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def token_problem(authorization: str | None, token: str | None) -> tuple[int, str] | None:
    """``(status, message)`` when a write is refused, None when the header holds the token.

    Strict: the header is ``Bearer `` and the token, nothing else (a bare token, another
    scheme or a second space is refused); compared in constant time."""
    if not token:
        return 403, OFF
    given = authorization or ""
    if not given.startswith("Bearer "):
        return 401, NEED_TOKEN
    if not hmac.compare_digest(given.removeprefix("Bearer ").encode(), token.encode()):
        return 401, NEED_TOKEN
    return None


@dataclass
class Guard:
    """ASGI middleware: token, then size, then the app."""

    app: Any
    token: str | None = None
    max_read_body: int = MAX_READ_BODY
    max_write_body: int = MAX_WRITE_BODY

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        write = (scope["method"], scope["path"].rstrip("/") or "/") in WRITES
        headers = _headers(scope["headers"])
        if write:
            refused = token_problem(headers.get("authorization"), self.token)
            if refused:
                extra = [(b"www-authenticate", b"Bearer")] if refused[0] == 401 else []
                await _answer(send, refused[0], refused[1], extra)
                return
        limit = self.max_write_body if write else self.max_read_body
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            status, why = (400, "a bad Content-Length") if not declared.isdigit() else (
                413, f"the body is over the limit of {limit:,} bytes")
            await _answer(send, status, why, [(b"connection", b"close")])
            return
        await self.app(scope, _capped(receive, limit), send)


def _headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw}


def _capped(receive: Receive, limit: int) -> Receive:
    """``receive`` that stops a body (chunked, or longer than it said) past ``limit``."""
    seen = 0

    async def capped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, f"the body is over the limit of {limit:,} bytes")
        return message

    return capped


async def _answer(send: Send, status: int, detail: str, extra: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *extra]})
    await send({"type": "http.response.body", "body": body})

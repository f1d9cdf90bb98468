"""``qawl serve [--db] [--host] [--port] [--token]``: the JSON API and the web interface.

Listens on loopback by default.  Write endpoints (ingest, stories) are off unless a
token is given (``--token`` or ``QAWL_TOKEN``).
"""
from __future__ import annotations

import argparse
import os

from ..options import Options
from .common import EXIT_FAILED, EXIT_OK, say
from .store_option import add_db_option, open_db


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("serve", help="the REST API and the Arabic web interface",
                            description="Serve the store: JSON under /api (OpenAPI at /openapi.json), pages at /.")
    add_db_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=None, help="enable write endpoints with this bearer token (or $QAWL_TOKEN)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, options: Options) -> int:
    import uvicorn

    from ..web import create_app

    store = open_db(args)
    if store is None:
        return EXIT_FAILED
    app = create_app(store=store, token=args.token or os.environ.get("QAWL_TOKEN") or None, options=options)
    say(f"serving {store.url} on http://{args.host}:{args.port}/ (API docs: /api/docs)")
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    except OSError as e:  # the port is taken, or the address is not ours
        say(f"error: cannot listen on {args.host}:{args.port}: {e.strerror or e}")
        return EXIT_FAILED
    finally:
        store.close()
    return EXIT_OK

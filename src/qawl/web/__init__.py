"""The REST API and the Arabic web interface (``qawl serve``)."""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]

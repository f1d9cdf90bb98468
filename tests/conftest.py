"""Shared fixtures: the store's databases (``store_fixtures``: SQLite, and one throwaway
PostgreSQL server for the whole session)."""

pytest_plugins = ["store_fixtures"]

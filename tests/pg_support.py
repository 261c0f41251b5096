"""PostgreSQL for tests: the server from ``$EVIDENCE_STATION_TEST_PG_URL`` and throwaway databases on it.

tools/run-tests.sh starts a server with tools/postgres-ci.sh and exports the URL. When no server can be
reached, tests that need one are skipped with the reason (never silently).
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_URL_ENV = "EVIDENCE_STATION_TEST_PG_URL"
PG_SKIP_REASON_ENV = "EVIDENCE_STATION_TEST_PG_SKIP_REASON"


def _connect(url: str):  # -> a psycopg2 connection (autocommit)
    import psycopg2

    conn = psycopg2.connect(url, connect_timeout=5)
    conn.autocommit = True
    return conn


@functools.cache
def unavailable_reason() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when the server answers."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        reason = os.environ.get(PG_SKIP_REASON_ENV)
        return reason or (f"PostgreSQL tests need ${PG_URL_ENV} (tools/run-tests.sh starts a server with "
                          "tools/postgres-ci.sh and sets it)")
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "psycopg2 is not installed (pip install -e '.[postgres]')"
    try:
        _connect(url).close()
    except Exception as exc:  # any failure means "no server"; the skip reason says which
        return f"PostgreSQL at {url} cannot be reached: {str(exc).strip()}"
    return None


def require_postgres() -> str:
    """The server URL; skips the calling test (with the reason) when there is none."""
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    return os.environ[PG_URL_ENV]


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@functools.cache
def catalogue_template() -> str:
    """A database holding an empty catalogue at the current schema, made once per test run.

    Copying it (``CREATE DATABASE … TEMPLATE``) is several times faster than creating the tables anew.
    """
    from evidence_station.catalogue.database import open_database
    from evidence_station.catalogue.schema import ensure_schema

    server = require_postgres()
    name = f"es_template_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    conn = _connect(server)
    try:
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    finally:
        conn.close()
    db = open_database(with_database(server, name))
    ensure_schema(db)
    db.close()
    return name


def drop_catalogue_template() -> None:
    """Drop the template made by :func:`catalogue_template` (at the end of the run), if any."""
    if catalogue_template.cache_info().currsize == 0:
        return
    conn = _connect(os.environ[PG_URL_ENV])
    try:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{catalogue_template()}" WITH (FORCE)')
    finally:
        conn.close()


@contextmanager
def temporary_database(*, with_catalogue: bool = False) -> Iterator[str]:
    """Create a database (empty, or a copy of an empty catalogue), yield its URL, drop it afterwards."""
    server = require_postgres()
    template = catalogue_template() if with_catalogue else "template0"
    name = f"es_test_{uuid.uuid4().hex[:16]}"
    conn = _connect(server)
    try:
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\'')
        try:
            yield with_database(server, name)
        finally:
            from evidence_station.catalogue.database import database_proxy

            db = database_proxy.obj
            if db is not None and not db.is_closed() and getattr(db, "database", None) == name:
                db.close()
            with conn.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()

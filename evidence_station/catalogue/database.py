"""Opening the catalogue database from a URL and running write transactions.

SQLite is opened in WAL mode with ``synchronous=FULL`` (custody data must survive a power cut),
``foreign_keys=ON`` and a busy timeout set *before* switching to WAL. Read-then-modify writes go through
:func:`write_transaction`, which takes the catalogue's write lock up front: SQLite's ``BEGIN IMMEDIATE``,
and on PostgreSQL (several stations sharing one catalogue) a transaction-scoped advisory lock, so that
writers from every station are serialised exactly as on SQLite and services stay correct on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from peewee import Database, DatabaseProxy, OperationalError, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect

from evidence_station.domain.errors import EvidenceStationError, InvalidInputError
from evidence_station.domain.messages import Msg

database_proxy = DatabaseProxy()

BUSY_TIMEOUT_MS = 15_000

#: PostgreSQL advisory lock key taken by every write transaction (the catalogue's single write lock).
WRITE_LOCK_KEY = 0x45535752

#: Applied in this order on every SQLite connection (busy timeout first, then WAL).
SQLITE_PRAGMAS: list[tuple[str, object]] = [
    ("busy_timeout", BUSY_TIMEOUT_MS),
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("foreign_keys", 1),
]


class CatalogueBusyError(EvidenceStationError):
    """Another program holds the catalogue's write lock for longer than the busy timeout."""

    exit_code = 1
    code = "catalogue_busy"
    headline_zh = "目录数据库正忙，被其他程序锁定"


def sqlite_url(path: Path) -> str:
    """The catalogue URL for an SQLite file."""
    return f"sqlite:///{path}"


def open_database(url: str) -> Database:
    """Open the catalogue at ``url`` and bind it to the model proxy.

    ``sqlite:///path`` and ``postgresql://user:pw@host/db`` are accepted.
    """
    if url.startswith("sqlite:"):
        db = connect(url, pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000)
    elif url.startswith(("postgres:", "postgresql:")):
        db = connect(url)
    else:
        raise InvalidInputError(Msg(
            "Unsupported catalogue URL {url!r}: use sqlite:///PATH or postgresql://…",
            url=url,
        ))
    previous = database_proxy.obj
    if previous is not None and not previous.is_closed():
        previous.close()  # one catalogue per process: never leave the old connection behind
    database_proxy.initialize(db)
    db.connect(reuse_if_open=True)
    return db


def is_sqlite(db: Database) -> bool:
    """True for SQLite catalogues (used only where SQL dialects differ, e.g. triggers)."""
    return isinstance(db, SqliteDatabase)


def is_postgres(db: Database) -> bool:
    """True for PostgreSQL catalogues."""
    return isinstance(db, PostgresqlDatabase)


@contextmanager
def write_transaction(db: Database | None = None) -> Iterator[None]:
    """A transaction for read-then-modify writes, holding the catalogue's write lock until it ends.

    ``BEGIN IMMEDIATE`` on SQLite; on PostgreSQL a transaction-scoped advisory lock taken first (re-entrant,
    released at commit or rollback), so reads inside see every write committed before.
    """
    db = db or database_proxy.obj
    if is_sqlite(db):
        try:
            with db.atomic(lock_type="IMMEDIATE"):
                yield
        except OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise CatalogueBusyError(
                Msg(
                    "The catalogue is busy: another program has held it locked for more than "
                    "{seconds} seconds (another station window, a backup or a database tool). "
                    "Nothing was changed; close that program or wait, then try again.",
                    seconds=BUSY_TIMEOUT_MS // 1000,
                ),
            ) from exc
    else:
        with db.atomic():
            lock_for_writing(db)
            yield


def lock_for_writing(db: Database | None = None) -> None:
    """On PostgreSQL, take the catalogue's write lock for the rest of the current transaction."""
    db = db or database_proxy.obj
    if is_postgres(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))


def connection_settings(db: Database) -> dict[str, object]:
    """What the live connection really runs with (asserted by the tests)."""
    if not is_sqlite(db):
        return {"backend": type(db).__name__}
    return {
        "backend": "sqlite",
        "journal_mode": db.execute_sql("PRAGMA journal_mode").fetchone()[0],
        "synchronous": db.execute_sql("PRAGMA synchronous").fetchone()[0],
        "foreign_keys": db.execute_sql("PRAGMA foreign_keys").fetchone()[0],
        "busy_timeout": db.execute_sql("PRAGMA busy_timeout").fetchone()[0],
    }

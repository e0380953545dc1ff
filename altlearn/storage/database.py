"""Opening the progress store: pragmas, migrations, transactions, and clear errors."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from altlearn.errors import StorageError

if TYPE_CHECKING:
    # sqlite-utils is imported when a store is opened, not when this module is:
    # the app's first screen reads through storage.reader without it.
    from sqlite_utils import Database as Database  # re-exported for type hints above storage

_DAMAGED_HINT = "if the file is damaged, restore a backup or export/import your progress"


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the store at ``path`` and bring its schema up to date.

    WAL journaling with ``synchronous=FULL``: every committed answer is on disk
    (fsync'd) before the call returns, and readers never block the writer.

    The connection runs in autocommit mode (``isolation_level=None``): Python's
    sqlite3 module would otherwise open a transaction silently before the first
    write and keep it open until someone commits, so a stray write outside
    :func:`write_transaction` would not be durable and would turn every later
    transaction into a savepoint of that one.

    Raises:
        StorageError: the file cannot be opened, is not an altlearn store, or
            comes from a newer altlearn.
    """
    from sqlite_utils import Database

    from altlearn.storage.schema import MIGRATIONS

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=10.0)
        conn.isolation_level = None
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=10000")
        if migrate:
            check_not_newer(db, path)
            MIGRATIONS.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"cannot open the progress store {path}: {exc}", hint=_DAMAGED_HINT) from exc
    except OSError as exc:
        raise StorageError(f"cannot create the progress store {path}: {exc.strerror}") from exc
    return db


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction for reading then writing: ``BEGIN IMMEDIATE`` ... ``COMMIT``.

    ``IMMEDIATE`` takes the write lock before the first read, so another process
    (the app and a command at the same time) cannot change what was read before
    it is written, and the commit cannot fail halfway with "database is locked".
    Nested inside another transaction it becomes a savepoint. With
    ``synchronous=FULL`` the data is on disk once the block exits normally.

    Raises:
        StorageError: the store stayed locked by another process, or the write failed.
    """
    if _in_transaction(db):
        with db.atomic():
            yield db
        return
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StorageError(
            f"the progress store is busy: {exc}", hint="close other altlearn windows and try again"
        ) from exc
    try:
        yield db
    except BaseException:
        if _in_transaction(db):
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if _in_transaction(db):
            db.conn.execute("ROLLBACK")
        raise StorageError(f"cannot save to the progress store: {exc}", hint=_DAMAGED_HINT) from exc


def _in_transaction(db: Database) -> bool:
    return bool(db.conn.in_transaction)


def check_not_newer(db: Database, path: Path) -> None:
    """Refuse a store written by a newer altlearn (its migrations are unknown here)."""
    from altlearn.storage.schema import MIGRATIONS

    table = db["_sqlite_migrations"]
    if not table.exists():
        return
    names = {
        row["name"]
        for row in db.query("select name from _sqlite_migrations where migration_set = 'altlearn'")
    }
    known = {m.name for m in MIGRATIONS._migrations}
    unknown = names - known
    if unknown:
        raise StorageError(
            f"the progress store {path} was written by a newer altlearn (schema {sorted(unknown)[-1]})",
            hint="update altlearn; your progress is untouched",
        )


def schema_version(db: Database) -> int:
    """How many of altlearn's migrations have been applied."""
    from altlearn.storage.schema import MIGRATIONS, SCHEMA_VERSION

    if not db["_sqlite_migrations"].exists():
        return 0
    return sum(1 for _ in MIGRATIONS.applied(db)) if SCHEMA_VERSION else 0


def migration_names() -> list[str]:
    """Names of altlearn's migrations, oldest first (for tests and diagnostics)."""
    from altlearn.storage.schema import MIGRATIONS

    return [m.name for m in MIGRATIONS._migrations]


__all__ = [
    "check_not_newer",
    "migration_names",
    "open_database",
    "schema_version",
    "write_transaction",
]

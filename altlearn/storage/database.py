"""Opening the progress store: pragmas, migrations, and a clear error when it fails."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from altlearn.errors import StorageError
from altlearn.storage.schema import MIGRATIONS, SCHEMA_VERSION


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the store at ``path`` and bring its schema up to date.

    WAL journaling with ``synchronous=FULL``: every committed answer is on disk
    (fsync'd) before the call returns, and readers never block the writer.

    Raises:
        StorageError: the file cannot be opened, is not an altlearn store, or
            comes from a newer altlearn.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=10.0)
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=10000")
        if migrate:
            check_not_newer(db, path)
            MIGRATIONS.apply(db)
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            f"cannot open the progress store {path}: {exc}",
            hint="if the file is damaged, restore a backup or export/import your progress",
        ) from exc
    except OSError as exc:
        raise StorageError(f"cannot create the progress store {path}: {exc.strerror}") from exc
    return db


def check_not_newer(db: Database, path: Path) -> None:
    """Refuse a store written by a newer altlearn (its migrations are unknown here)."""
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
    if not db["_sqlite_migrations"].exists():
        return 0
    return sum(1 for m in MIGRATIONS.applied(db)) if SCHEMA_VERSION else 0


# Re-exported so that layers above storage can name the type without importing sqlite_utils.
__all__ = ["Database", "check_not_newer", "open_database", "schema_version"]

"""A read-only connection for the first screen, opened without sqlite-utils.

Importing sqlite-utils takes about 40 ms (it brings click, dateutil and pluggy),
a fifth of a whole Textual app's start-up, while the home screen only reads a
few small tables. So when the store exists and its schema is current, the app
reads those tables through this standard-library connection, and opens the full
store (sqlite-utils, migrations, writes) on first need, a moment later.

:class:`Reader` offers the two methods the read queries in this package use,
``execute`` and ``query``, with the same meaning as sqlite-utils' ``Database``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MIGRATION_NAMES = ("m001_initial", "m002_counters")
"""The migrations a current store has applied, in order (a test keeps this equal to schema.MIGRATIONS)."""


class Reader:
    """Queries over a plain sqlite3 connection that refuses to write."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Iterable[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor:
        """Run one statement."""
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters if isinstance(parameters, dict) else list(parameters))

    def query(
        self, sql: str, params: Iterable[Any] | dict[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Rows as dictionaries, like ``Database.query``."""
        cursor = self.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def open_reader(path: Path) -> Reader | None:
    """A reader for the store at ``path``, or None when the full store must be opened.

    None when the file does not exist yet, cannot be read, or has a schema other
    than the current one (it needs migrating, or comes from a newer altlearn:
    :func:`~altlearn.storage.database.open_database` says which).
    """
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(str(path), timeout=10.0)
    except sqlite3.DatabaseError:
        return None
    try:
        conn.isolation_level = None
        conn.execute("PRAGMA query_only=ON")
        names = tuple(
            row[0]
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'altlearn' ORDER BY id"
            )
        )
    except sqlite3.DatabaseError:
        conn.close()
        return None
    if names != MIGRATION_NAMES:
        conn.close()
        return None
    return Reader(conn)

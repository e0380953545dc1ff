"""Small key-value tables: store metadata and where the learner was in the app."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from altlearn.storage.database import write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database


def device_id(db: Database) -> str:
    """This store's device id, created on first use."""
    row = db.execute("SELECT value FROM meta WHERE key = 'device'").fetchone()
    if row:
        return str(row[0])
    value = uuid.uuid4().hex[:12]
    with write_transaction(db):
        db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('device', ?)", [value])
    return str(db.execute("SELECT value FROM meta WHERE key = 'device'").fetchone()[0])


def get_ui(db: Database, key: str, default: Any = None) -> Any:
    """A remembered UI value (JSON-decoded)."""
    row = db.execute("SELECT value FROM ui_state WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def set_ui(db: Database, key: str, value: Any) -> None:
    """Remember a UI value."""
    with write_transaction(db):
        db.execute("INSERT OR REPLACE INTO ui_state (key, value) VALUES (?, ?)", [key, json.dumps(value)])

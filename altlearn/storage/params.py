"""Scheduler settings referenced by the review log, stored once each by content id."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database


def save_params(db: Database, params_id: str, data: dict[str, Any]) -> None:
    """Record a settings object under its id (idempotent)."""
    db.execute(
        "INSERT OR IGNORE INTO params (id, data) VALUES (?, ?)", [params_id, json.dumps(data, sort_keys=True)]
    )


def load_params(db: Database) -> dict[str, dict[str, Any]]:
    """Every recorded settings object (as stored), by id."""
    return {row[0]: json.loads(row[1]) for row in db.execute("SELECT id, data FROM params").fetchall()}

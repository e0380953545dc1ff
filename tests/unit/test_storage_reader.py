"""The light reader the first screen uses: only for a current store, and read-only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from altlearn.storage.database import migration_names, open_database
from altlearn.storage.reader import open_reader
from altlearn.storage.schema import MIGRATIONS


def test_no_reader_for_a_missing_or_foreign_file(tmp_path: Path) -> None:
    assert open_reader(tmp_path / "missing.sqlite3") is None
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert open_reader(junk) is None
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    assert open_reader(other) is None


def test_no_reader_for_a_store_that_needs_migrating(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = open_database(path, migrate=False)
    MIGRATIONS.apply(db, stop_before=migration_names()[-1])
    db.close()
    assert open_reader(path) is None


def test_reader_answers_queries_like_the_full_store_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    db = open_database(path)
    db.execute("INSERT INTO ui_state (key, value) VALUES ('k', '1')")
    expected = list(db.query("SELECT key, value FROM ui_state"))
    db.close()
    reader = open_reader(path)
    assert reader is not None
    assert list(reader.query("SELECT key, value FROM ui_state")) == expected == [{"key": "k", "value": "1"}]
    assert reader.execute("SELECT count(*) FROM ui_state WHERE key = ?", ["k"]).fetchone()[0] == 1
    with pytest.raises(sqlite3.OperationalError):
        reader.execute("DELETE FROM ui_state")
    reader.close()

"""Upgrading a store from every earlier schema version keeps every answer and every figure.

A reference store is built at the current schema by studying for real (quizzes,
reviews, a changed rating, undos, a renamed question). For each earlier version
a store is created with only the migrations before it, the reference's rows are
copied into whichever tables and columns that version has, and the store is
opened (which migrates it). The upgraded store must hold the same card states,
today's counts and statistics as the reference, and its caches must equal the
replay of its log. New migrations are picked up automatically.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from altlearn.domain.rating import Rating
from altlearn.storage.database import migration_names, open_database, schema_version
from altlearn.storage.schema import MIGRATIONS
from altlearn.study.clock import FixedClock
from altlearn.study.replay import cache_differences
from tests.study_helpers import (
    FIRST,
    PACK,
    START,
    answer_due,
    bump_version,
    card_rows,
    copy_pack,
    installed,
    open_study,
    rename_question,
    right_answer,
    take_quiz,
    wrong_answer,
)

NAMES = migration_names()


@dataclass(frozen=True)
class Reference:
    home: Path
    pack: Path
    clock: FixedClock
    cards: dict[tuple[str, str], tuple[Any, ...]]
    counts: dict[str, int]
    stats: dict[str, object]
    elapsed: dict[str, int | None]


def _elapsed_in_force(db: Any) -> dict[str, int | None]:
    rows = db.execute(
        "SELECT uid, elapsed_ms FROM reviews r WHERE kind = 'answer' "
        "AND NOT EXISTS (SELECT 1 FROM reviews x WHERE x.replaces = r.uid)"
    ).fetchall()
    return {r[0]: r[1] for r in rows}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    base = tmp_path_factory.mktemp("migrations")
    pack = copy_pack(base)
    home = base / "reference"
    clock = FixedClock(START)
    with open_study(home, [installed(pack)], clock) as study:
        quiz = study.start_quiz(PACK, FIRST)
        quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
        quiz.change_rating(Rating.EASY)
        quiz.advance()
        quiz.answer(wrong_answer(quiz.question))  # type: ignore[arg-type]
        quiz.undo()
        while not quiz.finished:
            clock.advance(timedelta(seconds=30))
            quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
            quiz.advance()
        quiz.finish()
        take_quiz(study, "b-second", clock=clock)
        clock.advance(timedelta(days=6))
        answer_due(study.start_review(), wrong={"b-tf"}, clock=clock)
    rename_question(pack, "b-typed", "b-staff-room")
    bump_version(pack, "3.0.0", renamed={"b-typed": "b-staff-room"})
    with open_study(home, [installed(pack)], clock) as study:
        clock.advance(timedelta(days=20))
        answer_due(study.start_review(), clock=clock)
        study.save_scroll_position(PACK, FIRST, 12.0)
        assert cache_differences(study.db) == []
        return Reference(
            home=home,
            pack=pack,
            clock=clock,
            cards=card_rows(study.db),
            counts=study.today_counts(),
            stats=study.stats().to_dict(),
            elapsed=_elapsed_in_force(study.db),
        )


def _tables(db: Database) -> list[str]:
    return [
        name for name in db.table_names() if not name.startswith(("sqlite_", "_sqlite_", "lesson_search"))
    ]


def _copy_rows(source: Path, target: Database) -> int:
    """Copy the reference's rows into the target's tables, for the columns the target has."""
    copied = 0
    with sqlite3.connect(source) as src:
        for table in _tables(target):
            columns = [c.name for c in target[table].columns]
            have = {row[1] for row in src.execute(f"PRAGMA table_info({table})")}
            common = [c for c in columns if c in have]
            rows = src.execute(f"SELECT {', '.join(common)} FROM {table} ORDER BY rowid").fetchall()
            marks = ", ".join("?" * len(common))
            target.conn.executemany(f"INSERT INTO {table} ({', '.join(common)}) VALUES ({marks})", rows)
            copied += len(rows)
    return copied


@pytest.mark.parametrize("applied", range(len(NAMES)), ids=lambda n: f"from-version-{n}")
def test_upgrading_from_an_earlier_version_keeps_everything(
    reference: Reference, tmp_path: Path, applied: int
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    conn = sqlite3.connect(home / "progress.sqlite3")
    conn.isolation_level = None
    old = Database(conn)
    MIGRATIONS.apply(old, stop_before=NAMES[applied])
    assert schema_version(old) == applied
    with old.atomic():
        copied = _copy_rows(reference.home / "progress.sqlite3", old)
    old.close()
    assert (copied > 0) is (applied > 0)

    with open_study(home, [installed(reference.pack)], reference.clock) as study:
        assert schema_version(study.db) == len(NAMES)
        assert cache_differences(study.db) == []
        if applied == 0:
            assert study.stats().total_answers == 0
            return
        assert card_rows(study.db) == reference.cards
        assert study.today_counts() == reference.counts
        assert study.stats().to_dict() == reference.stats
        assert _elapsed_in_force(study.db) == reference.elapsed
        assert study.scroll_position(PACK, FIRST) == 12.0
        # ... and it keeps working: answering, rebuilding.
        reference.clock.advance(timedelta(days=1))
        answer_due(study.start_review(), clock=reference.clock)
        assert study.rebuild().changed == 0


def test_a_store_from_a_newer_altlearn_is_refused(tmp_path: Path) -> None:
    from altlearn.errors import StorageError

    path = tmp_path / "progress.sqlite3"
    open_database(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('altlearn', 'm999_future', '')"
        )
    conn.close()
    with pytest.raises(StorageError, match="newer altlearn"):
        open_database(path)

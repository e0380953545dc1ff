"""Aggregate queries for statistics. Each is served by an index on time or due date.

Day-by-day figures take explicit window boundaries (epoch milliseconds) from
the caller, who knows the learner's study day: days in zones with daylight
saving are 23 or 25 hours long, so "day = (time - origin) / 86400000" would put
answers near the rollover hour into the wrong day twice a year.

An answer is *in force* unless a later entry replaces it (an undo, or a changed
rating, whose own entry is then the one in force).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

DAY_MS = 86_400_000

IN_FORCE = (
    "r.kind = 'answer' AND NOT EXISTS (SELECT 1 FROM reviews x WHERE x.replaces = r.uid AND x.replaces != '')"
)
"""SQL condition: the row ``r`` of ``reviews`` is an answer in force (uses the partial index)."""


def _ensure_pow(db: Database) -> None:
    try:
        db.execute("SELECT pow(2, 2)")
    except sqlite3.OperationalError:  # SQLite built without math functions
        db.conn.create_function("pow", 2, math.pow, deterministic=True)


def _windows(bounds: Sequence[int]) -> tuple[str, list[int]]:
    windows = [(i, bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    values = ", ".join("(?, ?, ?)" for _ in windows)
    return f"w(i, lo, hi) AS (VALUES {values})", [x for window in windows for x in window]


def answers_per_window(db: Database, bounds: Sequence[int]) -> list[tuple[int, int]]:
    """``(answers, right answers)`` in force in each window ``[bounds[i], bounds[i+1])``."""
    if len(bounds) < 2:
        return []
    cte, args = _windows(bounds)
    rows = db.execute(
        f"WITH {cte} SELECT w.i, count(r.uid), sum(r.correct IS NOT 0 AND r.rating > 1) "
        f"FROM w JOIN reviews r ON r.reviewed_at >= w.lo AND r.reviewed_at < w.hi "
        f"WHERE {IN_FORCE} GROUP BY w.i",
        args,
    ).fetchall()
    found = {int(r[0]): (int(r[1]), int(r[2] or 0)) for r in rows}
    return [found.get(i, (0, 0)) for i in range(len(bounds) - 1)]


def windows_with_answers(db: Database, bounds: Sequence[int]) -> set[int]:
    """Indices of the windows ``[bounds[i], bounds[i+1])`` holding at least one answer in force."""
    if len(bounds) < 2:
        return set()
    cte, args = _windows(bounds)
    rows = db.execute(
        f"WITH {cte} SELECT w.i FROM w WHERE EXISTS (SELECT 1 FROM reviews r "
        f"WHERE r.reviewed_at >= w.lo AND r.reviewed_at < w.hi AND {IN_FORCE})",
        args,
    ).fetchall()
    return {int(r[0]) for r in rows}


def first_answers_since(db: Database, since_ms: int) -> int:
    """Questions answered for the first time at or after ``since_ms`` (new cards learned)."""
    row = db.execute(
        "SELECT count(*) FROM (SELECT DISTINCT r.pack_id, r.question_id FROM reviews r "
        f"WHERE r.reviewed_at >= ? AND {IN_FORCE}) c WHERE NOT EXISTS ("
        "SELECT 1 FROM reviews p WHERE p.pack_id = c.pack_id AND p.question_id = c.question_id "
        "AND p.reviewed_at < ? AND p.kind = 'answer')",
        [since_ms, since_ms],
    ).fetchone()
    return int(row[0])


def answers_since(db: Database, since_ms: int) -> int:
    """Answers in force given at or after ``since_ms``."""
    row = db.execute(f"SELECT count(*) FROM reviews r WHERE r.reviewed_at >= ? AND {IN_FORCE}", [since_ms])
    return int(row.fetchone()[0])


def retention(db: Database, since_ms: int) -> tuple[int, int]:
    """``(recalled, reviews)`` among answers since ``since_ms`` of cards last answered a day or more before.

    This is "true retention": same-day repeats and first sightings are left out,
    and "recalled" means rated better than Again.
    """
    row = db.execute(
        "SELECT sum(rating > 1), count(*) FROM ("
        "SELECT r.rating, r.reviewed_at, (SELECT max(p.reviewed_at) FROM reviews p "
        "WHERE p.pack_id = r.pack_id AND p.question_id = r.question_id AND p.reviewed_at < r.reviewed_at "
        "AND p.kind = 'answer' AND NOT EXISTS (SELECT 1 FROM reviews y WHERE y.replaces = p.uid "
        "AND y.replaces != '')) AS prev "
        f"FROM reviews r WHERE r.reviewed_at >= ? AND {IN_FORCE}) "
        "WHERE prev IS NOT NULL AND reviewed_at - prev >= ?",
        [since_ms, DAY_MS],
    ).fetchone()
    return int(row[0] or 0), int(row[1] or 0)


def course_mastery(
    db: Database, now_ms: int, decay: float, factor: float
) -> dict[tuple[str, str], dict[str, Any]]:
    """Per course: queued cards, cards learned and the sum of their retrievability.

    Retrievability follows FSRS: whole elapsed days ``t``, ``(1 + factor * t / S) ** decay``.
    """
    _ensure_pow(db)
    rows = db.query(
        "SELECT pack_id, course_id, count(*) AS queued, sum(reps > 0) AS learned, "
        "sum(CASE WHEN stability IS NULL OR last_review IS NULL THEN 0 ELSE "
        "pow(1 + ? * max(0, (? - last_review) / 86400000) / stability, ?) END) AS r_sum "
        "FROM cards WHERE queued = 1 GROUP BY pack_id, course_id",
        [factor, now_ms, decay],
    )
    return {(r["pack_id"], r["course_id"]): r for r in rows}


def review_totals(db: Database) -> tuple[int, int]:
    """``(answers in force, cards with a cached state)``."""
    answers = db.execute("SELECT count(*) FROM reviews WHERE kind = 'answer'").fetchone()[0]
    replaced = db.execute("SELECT count(*) FROM reviews WHERE replaces != ''").fetchone()[0]
    cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    return int(answers) - int(replaced), int(cards)

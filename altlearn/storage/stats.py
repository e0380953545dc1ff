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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database


DAY_MS = 86_400_000

IN_FORCE = (
    "r.kind = 'answer' AND NOT EXISTS (SELECT 1 FROM reviews x WHERE x.replaces = r.uid AND x.replaces != '')"
)
"""SQL condition: the row ``r`` of ``reviews`` is an answer in force (uses the partial index)."""


def retrievability_sql(alias: str = "") -> str:
    """SQL for a card's retrievability now, as FSRS computes it; parameters ``factor, now_ms, decay``.

    Whole elapsed days ``t`` since the last review, ``(1 + factor * t / S) ** decay``;
    0 for a card never reviewed. ``alias`` is the cards table's alias with its dot.
    Call :func:`ensure_pow` on the connection first.
    """
    c = alias
    return (
        f"CASE WHEN {c}stability IS NULL OR {c}last_review IS NULL THEN 0 ELSE "
        f"pow(1 + ? * max(0, (? - {c}last_review) / 86400000) / {c}stability, ?) END"
    )


def ensure_pow(db: Database) -> None:
    """Make sure SQL ``pow`` exists (SQLite may be built without math functions)."""
    try:
        db.execute("SELECT pow(2, 2)")
    except sqlite3.OperationalError:  # SQLite built without math functions
        db.conn.create_function("pow", 2, math.pow, deterministic=True)


def _windows(bounds: Sequence[int]) -> tuple[str, list[int]]:
    windows = [(i, bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    values = ", ".join("(?, ?, ?)" for _ in windows)
    return f"w(i, lo, hi) AS (VALUES {values})", [x for window in windows for x in window]


QUARTER_MS = 900_000
"""The slot of the ``answer_counts`` counters (every time-zone offset is a multiple of it)."""


def _aligned(bounds: Sequence[int]) -> bool:
    return all(b % QUARTER_MS == 0 for b in bounds)


def answers_per_window(db: Database, bounds: Sequence[int]) -> list[tuple[int, int]]:
    """``(answers, right answers)`` in force in each window ``[bounds[i], bounds[i+1])``.

    Read from the 15-minute counters when the bounds fall on slot boundaries (study
    days always do), otherwise counted from the log.
    """
    if len(bounds) < 2:
        return []
    cte, args = _windows([b // QUARTER_MS for b in bounds] if _aligned(bounds) else bounds)
    if _aligned(bounds):
        sql = (
            f"WITH {cte} SELECT w.i, sum(c.answers), sum(c.right_answers) FROM w "
            "JOIN answer_counts c ON c.quarter >= w.lo AND c.quarter < w.hi GROUP BY w.i"
        )
    else:
        sql = (
            f"WITH {cte} SELECT w.i, count(r.uid), sum(r.correct IS NOT 0 AND r.rating > 1) "
            f"FROM w JOIN reviews r ON r.reviewed_at >= w.lo AND r.reviewed_at < w.hi "
            f"WHERE {IN_FORCE} GROUP BY w.i"
        )
    found = {int(r[0]): (int(r[1] or 0), int(r[2] or 0)) for r in db.execute(sql, args).fetchall()}
    return [found.get(i, (0, 0)) for i in range(len(bounds) - 1)]


def windows_with_answers(db: Database, bounds: Sequence[int]) -> set[int]:
    """Indices of the windows ``[bounds[i], bounds[i+1])`` holding at least one answer in force."""
    if len(bounds) < 2:
        return set()
    if _aligned(bounds):
        cte, args = _windows([b // QUARTER_MS for b in bounds])
        sql = (
            f"WITH {cte} SELECT w.i FROM w WHERE EXISTS (SELECT 1 FROM answer_counts c "
            "WHERE c.quarter >= w.lo AND c.quarter < w.hi AND c.answers > 0)"
        )
    else:
        cte, args = _windows(bounds)
        sql = (
            f"WITH {cte} SELECT w.i FROM w WHERE EXISTS (SELECT 1 FROM reviews r "
            f"WHERE r.reviewed_at >= w.lo AND r.reviewed_at < w.hi AND {IN_FORCE})"
        )
    return {int(r[0]) for r in db.execute(sql, args).fetchall()}


def answers_between(db: Database, lo_ms: int, hi_ms: int) -> int:
    """Answers in force given in ``[lo_ms, hi_ms)``."""
    return answers_per_window(db, [lo_ms, hi_ms])[0][0]


def answers_since(db: Database, since_ms: int) -> int:
    """Answers in force given at or after ``since_ms``."""
    end = (since_ms // QUARTER_MS + 10**9) * QUARTER_MS
    return answers_between(db, since_ms, end)


def first_answers_since(db: Database, since_ms: int) -> int:
    """Questions answered for the first time at or after ``since_ms`` (new cards learned)."""
    row = db.execute("SELECT count(*) FROM cards WHERE first_review >= ?", [since_ms]).fetchone()
    return int(row[0])


def retention(db: Database, since_ms: int) -> tuple[int, int]:
    """``(recalled, reviews)`` among answers in force since ``since_ms`` given a day or more after
    the card's previous answer.

    This is "true retention": same-day repeats and first sightings are left out,
    and "recalled" means rated better than Again. Read from the 15-minute
    counters when ``since_ms`` falls on a slot boundary, otherwise from the log.
    """
    if since_ms % QUARTER_MS == 0:
        row = db.execute(
            "SELECT sum(spaced_recalled), sum(spaced) FROM answer_counts WHERE quarter >= ?",
            [since_ms // QUARTER_MS],
        ).fetchone()
    else:
        row = db.execute(
            "SELECT sum(r.rating > 1), count(*) FROM reviews r "
            f"WHERE r.reviewed_at >= ? AND r.elapsed_ms >= ? AND {IN_FORCE}",
            [since_ms, DAY_MS],
        ).fetchone()
    return int(row[0] or 0), int(row[1] or 0)


def course_mastery(
    db: Database, now_ms: int, decay: float, factor: float
) -> dict[tuple[str, str], dict[str, Any]]:
    """Per course: queued cards, cards learned and the sum of their retrievability.

    Retrievability follows FSRS: whole elapsed days ``t``, ``(1 + factor * t / S) ** decay``.
    """
    ensure_pow(db)
    rows = db.query(
        "SELECT pack_id, course_id, count(*) AS queued, sum(reps > 0) AS learned, "
        f"sum({retrievability_sql()}) AS r_sum "
        "FROM cards WHERE queued = 1 GROUP BY pack_id, course_id",
        [factor, now_ms, decay],
    )
    return {(r["pack_id"], r["course_id"]): r for r in rows}


def review_totals(db: Database) -> tuple[int, int]:
    """``(answers in force, cards with a cached state)``."""
    answers = db.execute("SELECT coalesce(sum(answers), 0) FROM answer_counts").fetchone()[0]
    cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    return int(answers), int(cards)

"""Aggregate queries for statistics. Each is served by an index on time or due date."""

from __future__ import annotations

import math
import sqlite3
from typing import Any

from sqlite_utils import Database

DAY_MS = 86_400_000


def _ensure_pow(db: Database) -> None:
    try:
        db.execute("SELECT pow(2, 2)")
    except sqlite3.OperationalError:  # SQLite built without math functions
        db.conn.create_function("pow", 2, math.pow, deterministic=True)


def reviews_per_day(db: Database, origin_ms: int, days: int) -> list[tuple[int, int, int]]:
    """``(day index, answers, right answers)`` for days ``0..days-1`` from ``origin_ms``.

    Counts answers still in force (not undone, not superseded).
    """
    rows = db.execute(
        "SELECT (reviewed_at - ?) / ? AS day, count(*), sum(correct IS NOT 0 AND rating > 1) FROM reviews r "
        "WHERE reviewed_at >= ? AND reviewed_at < ? AND kind = 'answer' "
        "AND NOT EXISTS (SELECT 1 FROM reviews x WHERE x.replaces = r.uid AND x.pack_id = r.pack_id "
        "AND x.question_id = r.question_id) "
        "GROUP BY day ORDER BY day",
        [origin_ms, DAY_MS, origin_ms, origin_ms + days * DAY_MS],
    ).fetchall()
    return [(int(r[0]), int(r[1]), int(r[2] or 0)) for r in rows]


def first_answers_since(db: Database, since_ms: int) -> int:
    """Questions answered for the first time at or after ``since_ms`` (new cards learned)."""
    row = db.execute(
        "SELECT count(DISTINCT r.pack_id || char(31) || r.question_id) FROM reviews r "
        "WHERE r.reviewed_at >= ? AND r.kind = 'answer' AND NOT EXISTS ("
        "SELECT 1 FROM reviews p WHERE p.pack_id = r.pack_id AND p.question_id = r.question_id "
        "AND p.reviewed_at < ? AND p.kind = 'answer')",
        [since_ms, since_ms],
    ).fetchone()
    return int(row[0])


def answers_since(db: Database, since_ms: int) -> int:
    """Answers given at or after ``since_ms``."""
    row = db.execute("SELECT count(*) FROM reviews WHERE reviewed_at >= ? AND kind = 'answer'", [since_ms])
    return int(row.fetchone()[0])


def retention(db: Database, since_ms: int) -> tuple[int, int]:
    """``(recalled, reviews)`` among reviews since ``since_ms`` of cards last seen a day or more before.

    This is "true retention": same-day repeats and first sightings are left out.
    """
    row = db.execute(
        "WITH recent AS (SELECT DISTINCT pack_id, question_id FROM reviews WHERE reviewed_at >= ? "
        "AND kind = 'answer'), "
        "seq AS (SELECT r.reviewed_at, r.rating, LAG(r.reviewed_at) OVER ("
        "PARTITION BY r.pack_id, r.question_id ORDER BY r.reviewed_at) AS prev "
        "FROM reviews r JOIN recent USING (pack_id, question_id) WHERE r.kind = 'answer' "
        "AND r.uid NOT IN (SELECT replaces FROM reviews WHERE replaces != '')) "
        "SELECT sum(rating > 1), count(*) FROM seq WHERE reviewed_at >= ? AND prev IS NOT NULL "
        "AND reviewed_at - prev >= ?",
        [since_ms, since_ms, DAY_MS],
    ).fetchone()
    return int(row[0] or 0), int(row[1] or 0)


def forecast(db: Database, origin_s: int, days: int) -> list[tuple[int, int]]:
    """``(day index, cards due)`` for the next ``days`` days; overdue cards count on day 0."""
    rows = db.execute(
        "SELECT max(0, (due - ?) / 86400) AS day, count(*) FROM cards WHERE queued = 1 AND due < ? "
        "GROUP BY day ORDER BY day",
        [origin_s, origin_s + days * 86400],
    ).fetchall()
    return [(int(r[0]), int(r[1])) for r in rows]


def study_days(db: Database, origin_ms: int, days: int) -> list[int]:
    """Day indices (from ``origin_ms``) on which any answer was given."""
    rows = db.execute(
        "SELECT DISTINCT (reviewed_at - ?) / ? FROM reviews WHERE reviewed_at >= ? AND kind = 'answer'",
        [origin_ms, DAY_MS, origin_ms],
    ).fetchall()
    return sorted(int(r[0]) for r in rows if 0 <= r[0] < days)


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
    """``(answers in force, cards with any answer)``."""
    answers = db.execute("SELECT count(*) FROM reviews WHERE kind = 'answer'").fetchone()[0]
    undone = db.execute("SELECT count(*) FROM reviews WHERE replaces != ''").fetchone()[0]
    cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    return int(answers) - int(undone), int(cards)

"""Read-only, per-lesson queries for the learner's progress report.

The statistics screen works per course; a report for a trainer needs the same
figures per lesson. Nothing here reads the ``answer`` column: a report says how
well a learner is doing, never what they answered.

Answers recorded under a question's old id (before an ``[ids.renamed]``) count
for the lesson of its current id, through the ``aliases`` table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from altlearn.storage.catalog import STARTER_PACK
from altlearn.storage.stats import DAY_MS, ensure_pow, retrievability_sql

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class LessonFigures:
    """What the store knows of one lesson's questions.

    Attributes:
        cards_learned: Queued cards answered at least once.
        recall_sum: Sum of the queued cards' retrievability now (0-1 each).
        lapses: Times a card was forgotten after it was learned.
        answers: Answers in force (quiz and review; not undone or superseded).
        reviews: Of those, answers given in reviews (not in a quiz).
        retained: True-retention reviews recalled (see :func:`lesson_figures`).
        retention_reviews: True-retention reviews in all.
        last_answer_ms: When the lesson's questions were last answered.
    """

    cards_learned: int = 0
    recall_sum: float = 0.0
    lapses: int = 0
    answers: int = 0
    reviews: int = 0
    retained: int = 0
    retention_reviews: int = 0
    last_answer_ms: int | None = None


_CURRENT_QUESTION = (
    "SELECT r.*, coalesce(a.new_id, r.question_id) AS current_id FROM reviews r "
    "LEFT JOIN aliases a ON a.pack_id = r.pack_id AND a.old_id = r.question_id "
    "WHERE r.kind = 'answer' AND r.uid NOT IN (SELECT replaces FROM reviews WHERE replaces != '')"
)


def lesson_figures(
    db: Database, now_ms: int, decay: float, factor: float
) -> dict[tuple[str, str], LessonFigures]:
    """Figures per (pack id, lesson id) for every lesson with any card or answer.

    Retrievability follows FSRS as in :func:`altlearn.storage.stats.course_mastery`.
    Retention is "true retention" over the whole log, as in
    :func:`altlearn.storage.stats.retention`: answers to cards last answered a day
    or more before, recalled when rated better than Again.
    """
    ensure_pow(db)
    cards = db.execute(
        "SELECT q.pack_id, q.lesson_id, sum(c.reps > 0), "
        f"sum({retrievability_sql('c.')}), sum(c.lapses) "
        "FROM cards c JOIN questions q ON q.pack_id = c.pack_id AND q.question_id = c.question_id "
        "WHERE c.queued = 1 AND q.active = 1 GROUP BY q.pack_id, q.lesson_id",
        [factor, now_ms, decay],
    ).fetchall()
    activity = db.execute(
        f"WITH live AS ({_CURRENT_QUESTION}), "
        "seq AS (SELECT pack_id, current_id, context, rating, reviewed_at, LAG(reviewed_at) OVER ("
        "PARTITION BY pack_id, current_id ORDER BY reviewed_at, seq) AS prev FROM live) "
        "SELECT q.pack_id, q.lesson_id, count(*), sum(s.context = 'review'), "
        "sum(s.prev IS NOT NULL AND s.reviewed_at - s.prev >= ? AND s.rating > 1), "
        "sum(s.prev IS NOT NULL AND s.reviewed_at - s.prev >= ?), max(s.reviewed_at) "
        "FROM seq s JOIN questions q ON q.pack_id = s.pack_id AND q.question_id = s.current_id "
        "GROUP BY q.pack_id, q.lesson_id",
        [DAY_MS, DAY_MS],
    ).fetchall()
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for pack_id, lesson_id, learned, recall, lapses in cards:
        found.setdefault((pack_id, lesson_id), {}).update(
            cards_learned=int(learned or 0), recall_sum=float(recall or 0.0), lapses=int(lapses or 0)
        )
    for pack_id, lesson_id, answers, reviews, retained, total, last in activity:
        found.setdefault((pack_id, lesson_id), {}).update(
            answers=int(answers or 0),
            reviews=int(reviews or 0),
            retained=int(retained or 0),
            retention_reviews=int(total or 0),
            last_answer_ms=int(last) if last is not None else None,
        )
    return {key: LessonFigures(**values) for key, values in found.items()}


def lesson_rows(db: Database) -> list[dict[str, Any]]:
    """Every lesson of every present pack with its course and progress, in study order.

    Columns: pack and course ids and titles, the course's mastery threshold,
    lesson id, title, position, question count, and from ``lesson_progress``
    status, best score, attempts and completion time (NULL when not started).
    """
    rows = db.query(
        "SELECT p.id AS pack_id, p.title AS pack_title, p.version AS pack_version, "
        "c.course_id, c.title AS course_title, c.mastery AS threshold, c.position AS course_position, "
        "l.lesson_id, l.title, l.position, l.question_count, "
        "lp.status, lp.best_score, coalesce(lp.attempts, 0) AS attempts, lp.completed_at "
        "FROM lessons l JOIN packs p ON p.id = l.pack_id AND p.present = 1 "
        "JOIN courses c ON c.pack_id = l.pack_id AND c.course_id = l.course_id "
        "LEFT JOIN lesson_progress lp ON lp.pack_id = l.pack_id AND lp.lesson_id = l.lesson_id "
        "ORDER BY p.id != ?, p.bundled DESC, p.title, c.position, l.position",
        [STARTER_PACK],
    )
    return [dict(r) for r in rows]

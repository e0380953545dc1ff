"""Lesson status (from the lesson log) and who is in the review queue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from altlearn.domain.review import LessonEvent, LessonEventKind, LessonStatus
from altlearn.domain.times import to_epoch_ms
from altlearn.storage import cards as card_store
from altlearn.storage import log
from altlearn.storage.database import write_transaction

if TYPE_CHECKING:
    from altlearn.storage.database import Database


@dataclass(frozen=True)
class LessonProgress:
    """Where a learner is with one lesson."""

    status: LessonStatus = LessonStatus.NOT_STARTED
    best_score: float | None = None
    attempts: int = 0
    opened_at: int | None = None
    completed_at: int | None = None


def fold_lesson_events(events: list[LessonEvent]) -> LessonProgress:
    """The progress a lesson's events add up to (events in time order)."""
    if not events:
        return LessonProgress()
    status = LessonStatus.IN_PROGRESS
    best: float | None = None
    attempts = 0
    completed_at: int | None = None
    for event in events:
        if event.kind in (LessonEventKind.QUIZ_PASSED, LessonEventKind.QUIZ_FAILED):
            attempts += 1
            if event.score is not None:
                best = event.score if best is None else max(best, event.score)
        if event.kind in (LessonEventKind.QUIZ_PASSED, LessonEventKind.READ):
            status = LessonStatus.COMPLETED
            if completed_at is None:
                completed_at = to_epoch_ms(event.at)
    return LessonProgress(
        status=status,
        best_score=best,
        attempts=attempts,
        opened_at=to_epoch_ms(events[0].at),
        completed_at=completed_at,
    )


def refresh_queue(db: Database, pack_id: str, aliases: dict[str, str]) -> None:
    """Recompute lesson progress for a pack and who of its cards is queued.

    A card is queued when its question is active (not retired or removed), its
    pack is installed and its lesson is completed (see
    :data:`altlearn.storage.cards.QUEUED_SQL`). Lesson events recorded under
    renamed lesson ids count for the new id. The caller holds the transaction.
    """
    grouped: dict[str, list[LessonEvent]] = defaultdict(list)
    for event in log.lesson_events(db, pack_id):
        grouped[aliases.get(event.lesson_id, event.lesson_id)].append(event)
    db.execute("DELETE FROM lesson_progress WHERE pack_id = ?", [pack_id])
    db.conn.executemany(
        "INSERT INTO lesson_progress (pack_id, lesson_id, status, best_score, attempts, opened_at, completed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (pack_id, lesson_id, str(p.status), p.best_score, p.attempts, p.opened_at, p.completed_at)
            for lesson_id, p in ((lid, fold_lesson_events(evs)) for lid, evs in grouped.items())
        ],
    )
    card_store.refresh_queued(db, pack_id)


def lesson_progress(db: Database, pack_id: str) -> dict[str, LessonProgress]:
    """Progress of every lesson of a pack that has any."""
    rows = db.query("SELECT * FROM lesson_progress WHERE pack_id = ?", [pack_id])
    return {
        r["lesson_id"]: LessonProgress(
            status=LessonStatus(r["status"]),
            best_score=r["best_score"],
            attempts=r["attempts"],
            opened_at=r["opened_at"],
            completed_at=r["completed_at"],
        )
        for r in rows
    }


def record_lesson_event(db: Database, event: LessonEvent, aliases: dict[str, str]) -> None:
    """Append a lesson event and bring that pack's progress and queue up to date, atomically."""
    with write_transaction(db):
        log.insert_lesson_event(db, event)
        refresh_queue(db, event.pack_id, aliases)

"""The two append-only logs: answers (``reviews``) and lesson events.

Rows are only ever inserted. Corrections (a changed rating, an undo) are new
rows that name the row they replace.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from altlearn.domain.rating import Rating
from altlearn.domain.review import (
    Context,
    EventKind,
    Grading,
    LessonEvent,
    LessonEventKind,
    ReviewEvent,
)
from altlearn.domain.times import from_epoch_ms, to_epoch_ms

if TYPE_CHECKING:
    from sqlite_utils import Database

_REVIEW_COLUMNS = (
    "uid, kind, pack_id, question_id, reviewed_at, rating, grading, correct, answer, "
    "duration_ms, params_id, context, attempt, replaces, device, elapsed_ms"
)
_REVIEW_MARKS = ", ".join("?" * 16)
_LESSON_COLUMNS = "uid, kind, pack_id, lesson_id, at, score, attempt, device"


def review_row(event: ReviewEvent) -> tuple[Any, ...]:
    """The event as a row of the reviews table."""
    return (
        event.uid,
        str(event.kind),
        event.pack_id,
        event.question_id,
        to_epoch_ms(event.reviewed_at),
        int(event.rating) if event.rating is not None else None,
        str(event.grading) if event.grading is not None else None,
        None if event.correct is None else int(event.correct),
        json.dumps(event.answer, ensure_ascii=False) if event.answer is not None else None,
        event.duration_ms,
        event.params_id,
        str(event.context),
        event.attempt,
        event.replaces,
        event.device,
        event.elapsed_ms,
    )


def insert_review(db: Database, event: ReviewEvent) -> None:
    """Append one answer (or undo) to the log. The caller holds the transaction."""
    db.execute(f"INSERT INTO reviews ({_REVIEW_COLUMNS}) VALUES ({_REVIEW_MARKS})", review_row(event))


def insert_reviews_ignoring_known(db: Database, events: Iterable[ReviewEvent]) -> int:
    """Append events whose uid the log does not hold yet; return how many were new."""
    # rowcount, not total_changes(): the latter also counts the rows the counter triggers touch.
    cursor = db.conn.executemany(
        f"INSERT OR IGNORE INTO reviews ({_REVIEW_COLUMNS}) VALUES ({_REVIEW_MARKS})",
        (review_row(e) for e in events),
    )
    return max(0, int(cursor.rowcount))


def review_from_row(row: dict[str, Any] | Any) -> ReviewEvent:
    """A reviews row (mapping) as an event."""
    return ReviewEvent(
        uid=row["uid"],
        kind=EventKind(row["kind"]),
        pack_id=row["pack_id"],
        question_id=row["question_id"],
        reviewed_at=from_epoch_ms(row["reviewed_at"]),
        rating=Rating(row["rating"]) if row["rating"] is not None else None,
        grading=Grading(row["grading"]) if row["grading"] else None,
        correct=None if row["correct"] is None else bool(row["correct"]),
        answer=json.loads(row["answer"]) if row["answer"] else None,
        duration_ms=row["duration_ms"],
        params_id=row["params_id"],
        context=Context(row["context"]),
        attempt=row["attempt"],
        replaces=row["replaces"],
        device=row["device"],
        elapsed_ms=row["elapsed_ms"],
    )


def reviews_for(db: Database, pack_id: str, question_ids: Iterable[str]) -> list[ReviewEvent]:
    """Every log entry for the given questions of a pack, in log order."""
    ids = list(question_ids)
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    rows = db.query(
        f"SELECT * FROM reviews WHERE pack_id = ? AND question_id IN ({marks}) ORDER BY reviewed_at, uid",
        [pack_id, *ids],
    )
    return [review_from_row(r) for r in rows]


def all_reviews(db: Database, *, since_ms: int | None = None) -> Iterator[ReviewEvent]:
    """The whole log (or the part from ``since_ms``), in replay order (time, then uid)."""
    if since_ms is None:
        rows = db.query("SELECT * FROM reviews ORDER BY reviewed_at, uid")
    else:
        rows = db.query("SELECT * FROM reviews WHERE reviewed_at >= ? ORDER BY reviewed_at, uid", [since_ms])
    for row in rows:
        yield review_from_row(row)


class ReplayEntry(NamedTuple):
    """The columns of a log entry that replay needs (a light row, for whole-log replays)."""

    pack_id: str
    question_id: str
    reviewed_at: int
    uid: str
    kind: str
    rating: int | None
    params_id: str
    replaces: str


_REPLAY_COLUMNS = "pack_id, question_id, reviewed_at, uid, kind, rating, params_id, replaces"


def replay_entries(db: Database) -> Iterator[ReplayEntry]:
    """The whole log, card by card (pack, question), each card's entries in replay order.

    Streams from the ``reviews_card`` index, so memory stays flat however long the log.
    """
    cursor = db.execute(
        f"SELECT {_REPLAY_COLUMNS} FROM reviews ORDER BY pack_id, question_id, reviewed_at, uid"
    )
    for row in cursor:
        yield ReplayEntry(*row)


def replay_entries_for(db: Database, pack_id: str, question_ids: Iterable[str]) -> list[ReplayEntry]:
    """Log entries of some questions of a pack, in replay order (time, then uid)."""
    ids = list(question_ids)
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    rows = db.execute(
        f"SELECT {_REPLAY_COLUMNS} FROM reviews WHERE pack_id = ? AND question_id IN ({marks}) "
        "ORDER BY reviewed_at, uid",
        [pack_id, *ids],
    ).fetchall()
    return [ReplayEntry(*r) for r in rows]


def count_reviews(db: Database) -> int:
    """Entries in the review log."""
    return int(db.execute("SELECT count(*) FROM reviews").fetchone()[0])


def _rows_by_uid(db: Database, table: str, uids: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Rows of ``table`` whose uid is among ``uids``, queried in chunks (SQLite caps parameters)."""
    ids = list(uids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        yield from db.query(f"SELECT * FROM {table} WHERE uid IN ({marks})", chunk)


def reviews_by_uids(db: Database, uids: Iterable[str]) -> dict[str, ReviewEvent]:
    """Log entries by uid (those the log holds)."""
    return {row["uid"]: review_from_row(row) for row in _rows_by_uid(db, "reviews", uids)}


def lesson_events_by_uids(db: Database, uids: Iterable[str]) -> dict[str, LessonEvent]:
    """Lesson log entries by uid (those the log holds)."""
    return {row["uid"]: lesson_event_from_row(row) for row in _rows_by_uid(db, "lesson_events", uids)}


def iter_reviews_by_seq(db: Database) -> Iterator[ReviewEvent]:
    """The whole review log in the order it was written here (for export)."""
    for row in db.query("SELECT * FROM reviews ORDER BY seq"):
        yield review_from_row(row)


def iter_lesson_events_by_seq(db: Database) -> Iterator[LessonEvent]:
    """The whole lesson log in the order it was written here (for export)."""
    for row in db.query("SELECT * FROM lesson_events ORDER BY seq"):
        yield lesson_event_from_row(row)


def lesson_pack_ids(db: Database) -> set[str]:
    """Packs the lesson log mentions."""
    return {r[0] for r in db.execute("SELECT DISTINCT pack_id FROM lesson_events").fetchall()}


def review_by_uid(db: Database, uid: str) -> ReviewEvent | None:
    """One log entry by its uid."""
    rows = list(db.query("SELECT * FROM reviews WHERE uid = ?", [uid]))
    return review_from_row(rows[0]) if rows else None


def replaced_uids(db: Database, pack_id: str | None = None) -> set[str]:
    """Uids of answers withdrawn by an undo or superseded by a changed rating."""
    if pack_id is None:
        rows = db.execute("SELECT replaces FROM reviews WHERE replaces != ''").fetchall()
    else:
        rows = db.execute(
            "SELECT replaces FROM reviews WHERE replaces != '' AND pack_id = ?", [pack_id]
        ).fetchall()
    return {r[0] for r in rows}


def insert_lesson_event(db: Database, event: LessonEvent) -> None:
    """Append one lesson event. The caller holds the transaction."""
    db.execute(
        f"INSERT INTO lesson_events ({_LESSON_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", lesson_row(event)
    )


def lesson_row(event: LessonEvent) -> tuple[Any, ...]:
    """The event as a row of the lesson_events table."""
    return (
        event.uid,
        str(event.kind),
        event.pack_id,
        event.lesson_id,
        to_epoch_ms(event.at),
        event.score,
        event.attempt,
        event.device,
    )


def insert_lesson_events_ignoring_known(db: Database, events: Iterable[LessonEvent]) -> int:
    """Append lesson events whose uid is new; return how many were added."""
    cursor = db.conn.executemany(
        f"INSERT OR IGNORE INTO lesson_events ({_LESSON_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (lesson_row(e) for e in events),
    )
    return max(0, int(cursor.rowcount))


def lesson_event_from_row(row: Any) -> LessonEvent:
    """A lesson_events row as an event."""
    return LessonEvent(
        uid=row["uid"],
        kind=LessonEventKind(row["kind"]),
        pack_id=row["pack_id"],
        lesson_id=row["lesson_id"],
        at=from_epoch_ms(row["at"]),
        score=row["score"],
        attempt=row["attempt"],
        device=row["device"],
    )


def lesson_events(
    db: Database, pack_id: str | None = None, lesson_id: str | None = None
) -> list[LessonEvent]:
    """Lesson events, filtered by pack and lesson, in time order."""
    where, args = [], []
    if pack_id is not None:
        where.append("pack_id = ?")
        args.append(pack_id)
    if lesson_id is not None:
        where.append("lesson_id = ?")
        args.append(lesson_id)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = db.query(f"SELECT * FROM lesson_events {clause} ORDER BY at, uid", args)
    return [lesson_event_from_row(r) for r in rows]

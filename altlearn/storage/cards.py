"""The card-state cache and the queries that make up a study queue.

Every query here is served by an index: ``cards_due (queued, due)`` for the
whole queue and ``cards_course_due (pack_id, course_id, queued, due)`` for
one course. ``queued`` is 1 when the card's question is still part of its
pack (active), the pack is installed (present) and the question's lesson is
completed: :data:`QUEUED_SQL` is that rule, used everywhere ``queued`` is set.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from altlearn.domain.review import CardPhase, CardState
from altlearn.domain.times import from_epoch_ms, from_epoch_s, to_epoch_ms, to_epoch_s

if TYPE_CHECKING:
    from sqlite_utils import Database

QUEUED_SQL = (
    "EXISTS (SELECT 1 FROM questions q "
    "JOIN lesson_progress lp ON lp.pack_id = q.pack_id AND lp.lesson_id = q.lesson_id "
    "JOIN packs p ON p.id = q.pack_id "
    "WHERE q.pack_id = {pack} AND q.question_id = {question} AND q.active = 1 "
    "AND p.present = 1 AND lp.status = 'completed')"
)
"""Whether a card belongs in the review queue (format with the SQL naming its pack and question)."""

_QUEUED_FOR_ROW = QUEUED_SQL.format(pack="cards.pack_id", question="cards.question_id")

_COLUMNS = (
    "pack_id, question_id, card_id, course_id, phase, step, stability, difficulty, "
    "due, last_review, reps, lapses, queued, first_review"
)
_UPDATES = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS.split(", ")[2:])
_UPSERT = (
    f"INSERT INTO cards ({_COLUMNS}) VALUES ({{values}}) "
    f"ON CONFLICT (pack_id, question_id) DO UPDATE SET {_UPDATES}"
)
"""An upsert, not INSERT OR REPLACE: a replace deletes the row, and the triggers
that keep the due counters would then depend on the recursive_triggers pragma."""


def card_row(state: CardState, *, course_id: str, queued: bool) -> tuple[Any, ...]:
    """A card state as a row of the cards table."""
    return (
        state.pack_id,
        state.question_id,
        state.card_id,
        course_id,
        int(state.phase),
        state.step,
        state.stability,
        state.difficulty,
        to_epoch_s(state.due),
        to_epoch_ms(state.last_review) if state.last_review else None,
        state.reps,
        state.lapses,
        int(queued),
        to_epoch_ms(state.first_review) if state.first_review else None,
    )


def card_from_row(row: Any) -> CardState:
    """A cards row as a card state."""
    return CardState(
        pack_id=row["pack_id"],
        question_id=row["question_id"],
        card_id=row["card_id"],
        phase=CardPhase(row["phase"]),
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=from_epoch_s(row["due"]),
        last_review=from_epoch_ms(row["last_review"]) if row["last_review"] is not None else None,
        reps=row["reps"],
        lapses=row["lapses"],
        first_review=from_epoch_ms(row["first_review"]) if row["first_review"] is not None else None,
    )


def save_card(db: Database, state: CardState, *, course_id: str, queued: bool | None = None) -> None:
    """Insert or replace one card's cached state.

    With ``queued=None`` the queue flag is worked out from the catalog and the
    lesson progress (:data:`QUEUED_SQL`).
    """
    row = card_row(state, course_id=course_id, queued=bool(queued))
    if queued is not None:
        db.execute(_UPSERT.format(values=", ".join("?" * 14)), row)
        return
    queued_expr = QUEUED_SQL.format(pack="?", question="?")
    db.execute(
        _UPSERT.format(values=f"{', '.join('?' * 12)}, {queued_expr}, ?"),
        [*row[:12], state.pack_id, state.question_id, row[13]],
    )


def refresh_queued(db: Database, pack_id: str) -> int:
    """Recompute the queue flag of every cached card of a pack; return how many changed.

    Only rows whose flag changes are written, so a quiz passed in a large pack
    costs a read of its cards, not a rewrite of all of them.
    """
    cursor = db.execute(
        f"UPDATE cards SET queued = {_QUEUED_FOR_ROW} WHERE pack_id = ? AND queued IS NOT {_QUEUED_FOR_ROW}",
        [pack_id],
    )
    return int(cursor.rowcount)


def save_cards(db: Database, rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert or replace many card rows (from :func:`card_row`)."""
    db.conn.executemany(_UPSERT.format(values=", ".join("?" * 14)), rows)


def delete_card(db: Database, pack_id: str, question_id: str) -> None:
    """Drop a card from the cache (its history stays in the log)."""
    db.execute("DELETE FROM cards WHERE pack_id = ? AND question_id = ?", [pack_id, question_id])


def get_card(db: Database, pack_id: str, question_id: str) -> CardState | None:
    """One card's cached state."""
    rows = list(db.query("SELECT * FROM cards WHERE pack_id = ? AND question_id = ?", [pack_id, question_id]))
    return card_from_row(rows[0]) if rows else None


def misqueued(db: Database) -> list[tuple[str, str]]:
    """Cards whose queue flag disagrees with :data:`QUEUED_SQL` (a consistency check)."""
    rows = db.execute(f"SELECT pack_id, question_id FROM cards WHERE queued IS NOT {_QUEUED_FOR_ROW}")
    return [(r[0], r[1]) for r in rows.fetchall()]


def pack_ids(db: Database) -> set[str]:
    """Packs that have cached cards."""
    return {r[0] for r in db.execute("SELECT DISTINCT pack_id FROM cards").fetchall()}


def count_queued(db: Database) -> int:
    """Cards in the review queue."""
    return int(db.execute("SELECT count(*) FROM cards WHERE queued = 1").fetchone()[0])


def get_card_queued(db: Database, pack_id: str, question_id: str) -> tuple[CardState | None, bool]:
    """One card's cached state and whether it is queued (``(None, False)`` when not cached)."""
    rows = list(db.query("SELECT * FROM cards WHERE pack_id = ? AND question_id = ?", [pack_id, question_id]))
    return (card_from_row(rows[0]), bool(rows[0]["queued"])) if rows else (None, False)


def all_card_rows(db: Database) -> dict[tuple[str, str], tuple[Any, ...]]:
    """Every cached card as a row tuple (in :func:`card_row` order), keyed by pack and question."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM cards").fetchall()
    return {(r[0], r[1]): tuple(r) for r in rows}


def is_queued(db: Database, pack_id: str, question_id: str) -> bool:
    """Whether the card is in the review queue."""
    row = db.execute(
        "SELECT queued FROM cards WHERE pack_id = ? AND question_id = ?", [pack_id, question_id]
    ).fetchone()
    return bool(row and row[0])


def set_queued(db: Database, pack_id: str, question_ids: Iterable[str], queued: bool) -> None:
    """Put cards into, or take them out of, the review queue."""
    db.conn.executemany(
        "UPDATE cards SET queued = ? WHERE pack_id = ? AND question_id = ?",
        ((int(queued), pack_id, qid) for qid in question_ids),
    )


def _scope(pack_id: str | None, course_id: str | None) -> tuple[str, list[Any]]:
    if pack_id is not None and course_id is not None:
        return "pack_id = ? AND course_id = ? AND queued = 1", [pack_id, course_id]
    if pack_id is not None:
        return "pack_id = ? AND queued = 1", [pack_id]
    return "queued = 1", []


def next_due(
    db: Database, until_s: int, *, pack_id: str | None = None, course_id: str | None = None, skip: int = 0
) -> CardState | None:
    """The most overdue card due by ``until_s`` (epoch seconds), skipping ``skip`` of them."""
    where, args = _scope(pack_id, course_id)
    rows = list(
        db.query(
            f"SELECT * FROM cards WHERE {where} AND due <= ? ORDER BY due, card_id LIMIT 1 OFFSET ?",
            [*args, until_s, skip],
        )
    )
    return card_from_row(rows[0]) if rows else None


def due_cards(
    db: Database, until_s: int, *, limit: int, pack_id: str | None = None, course_id: str | None = None
) -> list[CardState]:
    """Up to ``limit`` cards due by ``until_s``, most overdue first."""
    where, args = _scope(pack_id, course_id)
    rows = db.query(
        f"SELECT * FROM cards WHERE {where} AND due <= ? ORDER BY due, card_id LIMIT ?",
        [*args, until_s, limit],
    )
    return [card_from_row(r) for r in rows]


def count_due(db: Database, until_s: int, *, pack_id: str | None = None, course_id: str | None = None) -> int:
    """How many queued cards are due by ``until_s`` (inclusive).

    Over the whole queue this reads the due counters (:func:`count_due_before`);
    for one pack or course it counts index entries.
    """
    if pack_id is None and course_id is None:
        return count_due_before(db, until_s + 1)
    where, args = _scope(pack_id, course_id)
    return int(
        db.execute(f"SELECT count(*) FROM cards WHERE {where} AND due <= ?", [*args, until_s]).fetchone()[0]
    )


def count_due_before(db: Database, before_s: int) -> int:
    """Queued cards due strictly before ``before_s`` (epoch seconds).

    Whole UTC days come from ``due_days``, whole 15-minute slots of the last day
    from ``due_quarters``, and only the last few minutes from the index: the
    cost follows the number of days with overdue cards, not the number of cards.
    """
    day, quarter = before_s // 86400, before_s // 900
    row = db.execute(
        "SELECT (SELECT coalesce(sum(cards), 0) FROM due_days WHERE day < ?), "
        "(SELECT coalesce(sum(cards), 0) FROM due_quarters WHERE quarter >= ? AND quarter < ?), "
        "(SELECT count(*) FROM cards WHERE queued = 1 AND due >= ? AND due < ?)",
        [day, day * 96, quarter, quarter * 900, before_s],
    ).fetchone()
    return int(row[0] + row[1] + row[2])


def due_by_course(db: Database, until_s: int) -> dict[tuple[str, str], int]:
    """Due counts per (pack id, course id)."""
    rows = db.execute(
        "SELECT pack_id, course_id, count(*) FROM cards WHERE queued = 1 AND due <= ? GROUP BY pack_id, course_id",
        [until_s],
    ).fetchall()
    return {(r[0], r[1]): int(r[2]) for r in rows}


def forecast(db: Database, day_starts: list[int]) -> list[int]:
    """Queued cards falling due in each window ``[day_starts[i], day_starts[i+1])`` (epoch seconds).

    The first window also holds every card already overdue. Read from the due
    counters, so the cost does not grow with the collection.
    """
    if len(day_starts) < 2:
        return []
    before = [count_due_before(db, t) for t in day_starts]
    return [before[1]] + [before[i + 1] - before[i] for i in range(1, len(day_starts) - 1)]


def cards_of(db: Database, pack_id: str, question_ids: Iterable[str]) -> dict[str, CardState]:
    """Cached states of some questions of a pack."""
    ids = list(question_ids)
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = db.query(f"SELECT * FROM cards WHERE pack_id = ? AND question_id IN ({marks})", [pack_id, *ids])
    return {r["question_id"]: card_from_row(r) for r in rows}


def course_card_stats(db: Database) -> dict[tuple[str, str], dict[str, Any]]:
    """Per course: queued cards, learned (reviewed) cards, and the inputs to retrievability."""
    rows = db.query(
        "SELECT pack_id, course_id, count(*) AS queued, sum(reps > 0) AS learned "
        "FROM cards WHERE queued = 1 GROUP BY pack_id, course_id"
    )
    return {(r["pack_id"], r["course_id"]): r for r in rows}


def queued_states(
    db: Database, *, pack_id: str | None = None, course_id: str | None = None
) -> list[CardState]:
    """Every queued card (for retrievability averages)."""
    where, args = _scope(pack_id, course_id)
    return [card_from_row(r) for r in db.query(f"SELECT * FROM cards WHERE {where}", args)]

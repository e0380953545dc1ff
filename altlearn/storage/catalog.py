"""What the store knows of installed packs: courses, lessons, questions, search.

Filled from parsed packs when a pack's fingerprint changes, so that start-up
reads these small tables instead of parsing Markdown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database


STARTER_PACK = "getting-started"
"""The bundled tour of altlearn, listed first."""


@dataclass(frozen=True)
class SearchHit:
    """One search result: a lesson section and a snippet around the match."""

    pack_id: str
    lesson_id: str
    section: int
    heading: str
    snippet: str
    lesson_title: str


def fingerprints(db: Database) -> dict[str, str]:
    """Fingerprint of each pack the catalog holds."""
    return {r[0]: r[1] for r in db.execute("SELECT id, fingerprint FROM packs").fetchall()}


def replace_pack(
    db: Database,
    pack: dict[str, Any],
    courses: list[dict[str, Any]],
    lessons: list[dict[str, Any]],
    questions: list[dict[str, Any]],
    aliases: dict[str, str],
    sections: Iterable[tuple[str, int, str, str]],
) -> None:
    """Replace everything the catalog holds for one pack (caller holds the transaction).

    Questions the new version no longer has stay, marked inactive, so their
    history keeps a home.
    """
    pack_id = pack["id"]
    db.execute("DELETE FROM courses WHERE pack_id = ?", [pack_id])
    db.execute("DELETE FROM lessons WHERE pack_id = ?", [pack_id])
    db.execute("DELETE FROM aliases WHERE pack_id = ?", [pack_id])
    db.execute("DELETE FROM lesson_search WHERE pack_id = ?", [pack_id])
    db.table("packs").upsert(pack, pk="id")
    db.table("courses").insert_all(courses)
    db.table("lessons").insert_all(lessons)
    db.execute("UPDATE questions SET active = 0 WHERE pack_id = ?", [pack_id])
    db.table("questions").upsert_all(questions, pk=("pack_id", "question_id"))
    db.conn.executemany(
        "INSERT INTO aliases (pack_id, old_id, new_id) VALUES (?, ?, ?)",
        ((pack_id, old, new) for old, new in aliases.items()),
    )
    db.conn.executemany(
        "INSERT INTO lesson_search (pack_id, lesson_id, section, heading, body) VALUES (?, ?, ?, ?, ?)",
        ((pack_id, lesson_id, index, heading, body) for lesson_id, index, heading, body in sections),
    )


def set_present(db: Database, present_ids: set[str]) -> set[str]:
    """Mark packs no longer installed as absent (their progress stays); return the packs that changed."""
    changed = set()
    for pack_id, present in db.execute("SELECT id, present FROM packs").fetchall():
        want = int(pack_id in present_ids)
        if want != present:
            db.execute("UPDATE packs SET present = ? WHERE id = ?", [want, pack_id])
            changed.add(pack_id)
    return changed


def update_pack_source(db: Database, pack_id: str, **values: Any) -> None:
    """Update a pack's source, commit or sync time without re-indexing it."""
    if values:
        db.table("packs").update(pack_id, values)


def packs(db: Database, *, present_only: bool = True) -> list[dict[str, Any]]:
    """Catalogued packs: the starter pack, other bundled packs, then synced ones, by title."""
    where = "WHERE present = 1" if present_only else ""
    return list(
        db.query(f"SELECT * FROM packs {where} ORDER BY id != ?, bundled DESC, title", [STARTER_PACK])
    )


def courses(db: Database, pack_id: str | None = None) -> list[dict[str, Any]]:
    """Courses of present packs (or of one pack), in manifest order."""
    if pack_id is not None:
        return list(db.query("SELECT * FROM courses WHERE pack_id = ? ORDER BY position", [pack_id]))
    return list(
        db.query(
            "SELECT c.* FROM courses c JOIN packs p ON p.id = c.pack_id WHERE p.present = 1 "
            "ORDER BY p.id != ?, p.bundled DESC, p.title, c.position",
            [STARTER_PACK],
        )
    )


def lessons(db: Database, pack_id: str, course_id: str | None = None) -> list[dict[str, Any]]:
    """Lessons of a pack (or one of its courses), in order; prerequisites decoded."""
    if course_id is None:
        rows = db.query("SELECT * FROM lessons WHERE pack_id = ? ORDER BY course_id, position", [pack_id])
    else:
        rows = db.query(
            "SELECT * FROM lessons WHERE pack_id = ? AND course_id = ? ORDER BY position",
            [pack_id, course_id],
        )
    return [_lesson(r) for r in rows]


def lesson(db: Database, pack_id: str, lesson_id: str) -> dict[str, Any] | None:
    """One lesson row."""
    rows = list(db.query("SELECT * FROM lessons WHERE pack_id = ? AND lesson_id = ?", [pack_id, lesson_id]))
    return _lesson(rows[0]) if rows else None


def _lesson(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["prerequisites"] = json.loads(row["prerequisites"])
    return row


def lesson_question_ids(db: Database, pack_id: str, lesson_id: str) -> list[str]:
    """Active question ids of a lesson, in order."""
    rows = db.execute(
        "SELECT question_id FROM questions WHERE pack_id = ? AND lesson_id = ? AND active = 1 ORDER BY position",
        [pack_id, lesson_id],
    ).fetchall()
    return [r[0] for r in rows]


def question(db: Database, pack_id: str, question_id: str) -> dict[str, Any] | None:
    """One question row (active or not)."""
    rows = list(
        db.query("SELECT * FROM questions WHERE pack_id = ? AND question_id = ?", [pack_id, question_id])
    )
    return rows[0] if rows else None


def aliases(db: Database, pack_id: str) -> dict[str, str]:
    """Old id -> current id for one pack."""
    return {r[0]: r[1] for r in db.execute("SELECT old_id, new_id FROM aliases WHERE pack_id = ?", [pack_id])}


def totals(db: Database) -> dict[str, int]:
    """Counts of present packs, courses, lessons and active questions."""
    row = db.execute(
        "SELECT (SELECT count(*) FROM packs WHERE present = 1), "
        "(SELECT count(*) FROM courses c JOIN packs p ON p.id = c.pack_id AND p.present = 1), "
        "(SELECT count(*) FROM lessons l JOIN packs p ON p.id = l.pack_id AND p.present = 1), "
        "(SELECT count(*) FROM questions q JOIN packs p ON p.id = q.pack_id AND p.present = 1 WHERE q.active = 1)"
    ).fetchone()
    return {"packs": row[0], "courses": row[1], "lessons": row[2], "questions": row[3]}


_QUOTE = re.compile(r'"')


def search(db: Database, text: str, *, limit: int = 50) -> list[SearchHit]:
    """Full-text search over lesson sections of present packs, best match first.

    Queries of three or more characters use the trigram index; shorter ones
    (a single kanji, say) fall back to a substring scan, which is fine at
    lesson-section scale.
    """
    text = text.strip()
    if not text:
        return []
    base = (
        "SELECT s.pack_id, s.lesson_id, s.section, s.heading, {snippet} AS snippet, l.title AS lesson_title "
        "FROM lesson_search s JOIN packs p ON p.id = s.pack_id AND p.present = 1 "
        "JOIN lessons l ON l.pack_id = s.pack_id AND l.lesson_id = s.lesson_id "
    )
    if len(text) >= 3:
        phrase = '"' + _QUOTE.sub('""', text) + '"'
        sql = base.format(snippet="snippet(lesson_search, 4, '«', '»', ' … ', 40)")
        sql += "WHERE lesson_search MATCH ? ORDER BY bm25(lesson_search, 0, 0, 0, 4.0, 1.0) LIMIT ?"
        rows = db.execute(sql, [f"{{heading body}} : {phrase}", limit]).fetchall()
    else:
        sql = base.format(snippet="substr(s.body, max(1, instr(s.body, ?) - 40), 100)")
        sql += "WHERE s.body LIKE ? ESCAPE '\\' OR s.heading LIKE ? ESCAPE '\\' LIMIT ?"
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = db.execute(sql, [text, pattern, pattern, limit]).fetchall()
    return [SearchHit(*row) for row in rows]

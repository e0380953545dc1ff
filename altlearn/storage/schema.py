"""The schema, as an ordered list of migrations. Never edit a released migration: add one."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("altlearn")


@MIGRATIONS(name="m001_initial")
def m001_initial(db: Database) -> None:
    """The first schema: logs, card cache, pack catalog, lesson progress."""
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        CREATE TABLE params (id TEXT PRIMARY KEY, data TEXT NOT NULL) STRICT;

        -- The review log: append-only, the source of truth for card states.
        CREATE TABLE reviews (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            pack_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            reviewed_at INTEGER NOT NULL,          -- epoch milliseconds, UTC
            rating INTEGER,
            grading TEXT,
            correct INTEGER,
            answer TEXT,                           -- JSON
            duration_ms INTEGER,
            params_id TEXT NOT NULL DEFAULT '',
            context TEXT NOT NULL DEFAULT 'review',
            attempt TEXT NOT NULL DEFAULT '',
            replaces TEXT NOT NULL DEFAULT '',
            device TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX reviews_card ON reviews (pack_id, question_id, reviewed_at);
        CREATE INDEX reviews_time ON reviews (reviewed_at);
        CREATE INDEX reviews_replaces ON reviews (replaces) WHERE replaces != '';

        -- Lesson log: append-only, the source of truth for lesson status.
        CREATE TABLE lesson_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            pack_id TEXT NOT NULL,
            lesson_id TEXT NOT NULL,
            at INTEGER NOT NULL,                   -- epoch milliseconds, UTC
            score REAL,
            attempt TEXT NOT NULL DEFAULT '',
            device TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX lesson_events_lesson ON lesson_events (pack_id, lesson_id, at);

        -- Card states: a cache derived from the review log.
        CREATE TABLE cards (
            pack_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            card_id INTEGER NOT NULL,
            course_id TEXT NOT NULL DEFAULT '',
            phase INTEGER NOT NULL,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due INTEGER NOT NULL,                  -- epoch seconds, UTC
            last_review INTEGER,                   -- epoch milliseconds, UTC
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            queued INTEGER NOT NULL DEFAULT 0,     -- lesson completed and question active
            PRIMARY KEY (pack_id, question_id)
        ) STRICT;
        CREATE INDEX cards_due ON cards (queued, due);
        CREATE INDEX cards_course_due ON cards (pack_id, course_id, queued, due);

        -- What the store knows of installed packs (so start-up need not parse them).
        CREATE TABLE packs (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            version TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            fingerprint TEXT NOT NULL,
            root TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            bundled INTEGER NOT NULL DEFAULT 0,
            commit_id TEXT,
            synced_at TEXT,
            indexed_at INTEGER NOT NULL,
            present INTEGER NOT NULL DEFAULT 1
        ) STRICT;
        CREATE TABLE courses (
            pack_id TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
            course_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            mastery REAL NOT NULL,
            lesson_count INTEGER NOT NULL,
            question_count INTEGER NOT NULL,
            PRIMARY KEY (pack_id, course_id)
        ) STRICT;
        CREATE TABLE lessons (
            pack_id TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
            lesson_id TEXT NOT NULL,
            course_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            prerequisites TEXT NOT NULL DEFAULT '[]',
            question_count INTEGER NOT NULL,
            path TEXT NOT NULL,
            PRIMARY KEY (pack_id, lesson_id)
        ) STRICT;
        CREATE INDEX lessons_course ON lessons (pack_id, course_id, position);
        CREATE TABLE questions (
            pack_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            lesson_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            position INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (pack_id, question_id)
        ) STRICT;
        CREATE INDEX questions_lesson ON questions (pack_id, lesson_id, position);
        CREATE TABLE aliases (
            pack_id TEXT NOT NULL,
            old_id TEXT NOT NULL,
            new_id TEXT NOT NULL,
            PRIMARY KEY (pack_id, old_id)
        ) STRICT;

        -- Lesson status: a cache derived from the lesson log.
        CREATE TABLE lesson_progress (
            pack_id TEXT NOT NULL,
            lesson_id TEXT NOT NULL,
            status TEXT NOT NULL,
            best_score REAL,
            attempts INTEGER NOT NULL DEFAULT 0,
            opened_at INTEGER,
            completed_at INTEGER,
            PRIMARY KEY (pack_id, lesson_id)
        ) STRICT;

        -- Where the learner was: last lesson, scroll positions. Not part of the logs.
        CREATE TABLE ui_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

        -- Full-text search over lesson sections (trigram: works for Japanese too).
        CREATE VIRTUAL TABLE lesson_search USING fts5(
            pack_id UNINDEXED, lesson_id UNINDEXED, section UNINDEXED, heading, body,
            tokenize = 'trigram'
        );
        """
    )


SCHEMA_VERSION = len(MIGRATIONS._migrations)

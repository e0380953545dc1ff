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


@MIGRATIONS(name="m002_counters")
def m002_counters(db: Database) -> None:
    """Counters that keep today's counts flat however large the collection; elapsed time per answer.

    ``due_days`` and ``due_quarters`` count queued cards by due date (UTC days
    and 15-minute slots), and ``answer_counts`` counts answers in force by
    15-minute slot; triggers keep all three exact on every write, inside the
    writing transaction. A count then sums a few hundred small rows and reads a
    sliver of an index, instead of every due card or every answer of the day.
    15 minutes divides every time-zone offset in use, so study days (which
    start at a local hour) begin on a slot boundary.

    ``reviews.elapsed_ms`` is the time since the card's previous answer, as the
    answering device knew it (Anki's revlog keeps the previous interval the same
    way); existing answers get it from the log. ``cards.first_review`` (epoch
    ms) is when the card's first answer in force was given.
    """
    db.executescript(
        """
        ALTER TABLE reviews ADD COLUMN elapsed_ms INTEGER;
        ALTER TABLE cards ADD COLUMN first_review INTEGER;
        CREATE INDEX cards_first_review ON cards (first_review) WHERE first_review IS NOT NULL;
        -- Covers per-course mastery (mean retrievability), read for every queued card.
        CREATE INDEX cards_mastery ON cards (queued, pack_id, course_id, last_review, stability, reps);

        CREATE TABLE due_days (day INTEGER PRIMARY KEY, cards INTEGER NOT NULL) STRICT;
        CREATE TABLE due_quarters (quarter INTEGER PRIMARY KEY, cards INTEGER NOT NULL) STRICT;
        CREATE TABLE answer_counts (
            quarter INTEGER PRIMARY KEY,           -- reviewed_at / 900000
            answers INTEGER NOT NULL,
            right_answers INTEGER NOT NULL,
            spaced INTEGER NOT NULL,               -- answers a day or more after the previous one
            spaced_recalled INTEGER NOT NULL       -- ... rated better than Again (true retention)
        ) STRICT;

        CREATE TRIGGER cards_count_insert AFTER INSERT ON cards WHEN NEW.queued = 1 BEGIN
            INSERT INTO due_days (day, cards) VALUES (NEW.due / 86400, 1)
                ON CONFLICT (day) DO UPDATE SET cards = cards + 1;
            INSERT INTO due_quarters (quarter, cards) VALUES (NEW.due / 900, 1)
                ON CONFLICT (quarter) DO UPDATE SET cards = cards + 1;
        END;
        CREATE TRIGGER cards_count_delete AFTER DELETE ON cards WHEN OLD.queued = 1 BEGIN
            UPDATE due_days SET cards = cards - 1 WHERE day = OLD.due / 86400;
            DELETE FROM due_days WHERE day = OLD.due / 86400 AND cards = 0;
            UPDATE due_quarters SET cards = cards - 1 WHERE quarter = OLD.due / 900;
            DELETE FROM due_quarters WHERE quarter = OLD.due / 900 AND cards = 0;
        END;
        CREATE TRIGGER cards_count_update_old AFTER UPDATE OF due, queued ON cards
        WHEN OLD.queued = 1 AND (NEW.queued != 1 OR NEW.due != OLD.due) BEGIN
            UPDATE due_days SET cards = cards - 1 WHERE day = OLD.due / 86400;
            DELETE FROM due_days WHERE day = OLD.due / 86400 AND cards = 0;
            UPDATE due_quarters SET cards = cards - 1 WHERE quarter = OLD.due / 900;
            DELETE FROM due_quarters WHERE quarter = OLD.due / 900 AND cards = 0;
        END;
        CREATE TRIGGER cards_count_update_new AFTER UPDATE OF due, queued ON cards
        WHEN NEW.queued = 1 AND (OLD.queued != 1 OR NEW.due != OLD.due) BEGIN
            INSERT INTO due_days (day, cards) VALUES (NEW.due / 86400, 1)
                ON CONFLICT (day) DO UPDATE SET cards = cards + 1;
            INSERT INTO due_quarters (quarter, cards) VALUES (NEW.due / 900, 1)
                ON CONFLICT (quarter) DO UPDATE SET cards = cards + 1;
        END;

        -- An answer counts unless some entry replaces it. The log is append-only, and
        -- these hold in whatever order an import inserts an answer and its correction.
        CREATE TRIGGER reviews_count_answer AFTER INSERT ON reviews
        WHEN NEW.kind = 'answer'
            AND NOT EXISTS (SELECT 1 FROM reviews x WHERE x.replaces = NEW.uid AND x.replaces != '') BEGIN
            INSERT INTO answer_counts (quarter, answers, right_answers, spaced, spaced_recalled)
                VALUES (NEW.reviewed_at / 900000, 1, NEW.correct IS NOT 0 AND NEW.rating > 1,
                        coalesce(NEW.elapsed_ms, 0) >= 86400000,
                        coalesce(NEW.elapsed_ms, 0) >= 86400000 AND NEW.rating > 1)
                ON CONFLICT (quarter) DO UPDATE SET
                    answers = answers + 1,
                    right_answers = right_answers + (NEW.correct IS NOT 0 AND NEW.rating > 1),
                    spaced = spaced + (coalesce(NEW.elapsed_ms, 0) >= 86400000),
                    spaced_recalled = spaced_recalled + (coalesce(NEW.elapsed_ms, 0) >= 86400000 AND NEW.rating > 1);
        END;
        CREATE TRIGGER reviews_count_correction AFTER INSERT ON reviews
        WHEN NEW.replaces != ''
            AND NOT EXISTS (SELECT 1 FROM reviews o WHERE o.replaces = NEW.replaces AND o.uid != NEW.uid
                            AND o.replaces != '') BEGIN
            UPDATE answer_counts SET
                answers = answers - 1,
                right_answers = right_answers - (SELECT t.correct IS NOT 0 AND t.rating > 1
                                                 FROM reviews t WHERE t.uid = NEW.replaces),
                spaced = spaced - (SELECT coalesce(t.elapsed_ms >= 86400000, 0)
                                   FROM reviews t WHERE t.uid = NEW.replaces),
                spaced_recalled = spaced_recalled - (SELECT coalesce(t.elapsed_ms >= 86400000, 0) AND t.rating > 1
                                                     FROM reviews t WHERE t.uid = NEW.replaces)
            WHERE quarter = (SELECT t.reviewed_at / 900000 FROM reviews t
                             WHERE t.uid = NEW.replaces AND t.kind = 'answer');
        END;

        -- Existing answers: the time since the previous answer in force of the same card.
        CREATE TEMP TABLE elapsed AS
            SELECT uid, reviewed_at - lag(reviewed_at) OVER (
                PARTITION BY r.pack_id, coalesce(a.new_id, r.question_id) ORDER BY reviewed_at, uid) AS ms
            FROM reviews r LEFT JOIN aliases a ON a.pack_id = r.pack_id AND a.old_id = r.question_id
            WHERE r.kind = 'answer'
                AND NOT EXISTS (SELECT 1 FROM reviews x WHERE x.replaces = r.uid AND x.replaces != '');
        CREATE UNIQUE INDEX temp.elapsed_uid ON elapsed (uid);
        UPDATE reviews SET elapsed_ms = (SELECT e.ms FROM temp.elapsed e WHERE e.uid = reviews.uid);
        DROP TABLE temp.elapsed;
        """
    )
    rebuild_counters(db)


def rebuild_counters(db: Database) -> None:
    """Recompute the counter tables and ``cards.first_review`` from the log and the card cache.

    For the migration, and as a repair: the triggers keep them exact afterwards.
    """
    db.executescript(
        """
        DELETE FROM due_days;
        DELETE FROM due_quarters;
        DELETE FROM answer_counts;
        INSERT INTO due_days (day, cards)
            SELECT due / 86400, count(*) FROM cards WHERE queued = 1 GROUP BY 1;
        INSERT INTO due_quarters (quarter, cards)
            SELECT due / 900, count(*) FROM cards WHERE queued = 1 GROUP BY 1;
        INSERT INTO answer_counts (quarter, answers, right_answers, spaced, spaced_recalled)
            SELECT r.reviewed_at / 900000, count(*), sum(r.correct IS NOT 0 AND r.rating > 1),
                sum(coalesce(r.elapsed_ms >= 86400000, 0)),
                sum(coalesce(r.elapsed_ms >= 86400000, 0) AND r.rating > 1)
            FROM reviews r
            WHERE r.kind = 'answer'
                AND NOT EXISTS (SELECT 1 FROM reviews x WHERE x.replaces = r.uid AND x.replaces != '')
            GROUP BY 1;
        DROP TABLE IF EXISTS temp.first_answers;
        CREATE TEMP TABLE first_answers AS
            SELECT r.pack_id, coalesce(a.new_id, r.question_id) AS question_id, min(r.reviewed_at) AS first
            FROM reviews r LEFT JOIN aliases a ON a.pack_id = r.pack_id AND a.old_id = r.question_id
            WHERE r.kind = 'answer'
                AND NOT EXISTS (SELECT 1 FROM reviews x WHERE x.replaces = r.uid AND x.replaces != '')
            GROUP BY 1, 2;
        CREATE UNIQUE INDEX temp.first_answers_card ON first_answers (pack_id, question_id);
        UPDATE cards SET first_review = (SELECT f.first FROM temp.first_answers f
            WHERE f.pack_id = cards.pack_id AND f.question_id = cards.question_id);
        DROP TABLE temp.first_answers;
        """
    )


def counters_drifted(db: Database) -> bool:
    """Whether the counter tables or ``cards.first_review`` differ from a fresh recount (a check)."""
    tables = ("due_days", "due_quarters", "answer_counts")
    before = {t: db.execute(f"SELECT * FROM {t} WHERE {_NONZERO[t]} ORDER BY 1").fetchall() for t in tables}
    firsts = db.execute("SELECT pack_id, question_id, first_review FROM cards ORDER BY 1, 2").fetchall()
    db.execute("SAVEPOINT counters_check")
    try:
        rebuild_counters(db)
        after = {
            t: db.execute(f"SELECT * FROM {t} WHERE {_NONZERO[t]} ORDER BY 1").fetchall() for t in tables
        }
        fresh = db.execute("SELECT pack_id, question_id, first_review FROM cards ORDER BY 1, 2").fetchall()
    finally:
        db.execute("ROLLBACK TO counters_check")
        db.execute("RELEASE counters_check")
    return before != after or firsts != fresh


_NONZERO = {
    "due_days": "cards != 0",
    "due_quarters": "cards != 0",
    "answer_counts": "answers != 0 OR right_answers != 0 OR spaced != 0 OR spaced_recalled != 0",
}


SCHEMA_VERSION = len(MIGRATIONS._migrations)

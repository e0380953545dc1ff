"""``Study``: the one object screens and commands use to study.

It owns a store connection (for the thread that created it), the clock and the
learner's settings, and hands out summaries and sessions. Open one per thread::

    with Study.open(paths) as study:
        home = study.home()
        quiz = study.start_quiz("school-customs", "sc-staff-room")
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, cast

from altlearn.config import Settings, load_settings, save_settings
from altlearn.domain.review import LessonEvent, LessonEventKind, LessonStatus
from altlearn.domain.times import from_epoch_s, to_epoch_s
from altlearn.errors import ConfigError, PackError
from altlearn.paths import Paths
from altlearn.storage import cards as card_store
from altlearn.storage import catalog as catalog_store
from altlearn.storage.catalog import SearchHit
from altlearn.storage.database import open_database
from altlearn.storage.reader import open_reader
from altlearn.storage.state import device_id, get_ui, set_ui
from altlearn.study.clock import Clock, StudyDay, SystemClock, resolve_timezone
from altlearn.study.content import LessonCache, question_in
from altlearn.study.figures import course_summaries, streak, study_stats, today_counts
from altlearn.study.progress import lesson_progress, record_lesson_event
from altlearn.study.scheduler import SchedulerSettings
from altlearn.study.views import (
    CatalogReport,
    ContinueTarget,
    CourseSummary,
    CourseView,
    HomeSummary,
    LessonSummary,
    PackSummary,
    Stats,
)

if TYPE_CHECKING:
    from altlearn.domain.model import GlossaryEntry, Lesson

    # Sessions, answering and indexing are imported when first used, so that
    # opening the app imports only what the first screen needs.
    from altlearn.packs.library import InstalledPack
    from altlearn.storage.database import Database
    from altlearn.study.answers import Recorder
    from altlearn.study.replay import RebuildReport
    from altlearn.study.session import DueItem, QuizSession, ReviewSession
    from altlearn.study.transfer import ExportReport, ImportReport

LAST_LESSON_KEY = "last_lesson"


class Study:
    """The study engine for one learner's home folder.

    Args:
        paths: The home folder.
        clock: Where time comes from (tests pass a FixedClock).
        settings: Learner settings; read from ``config.toml`` when None.
        packs: The packs to study; the installed ones when None.
        fuzz: Spread long intervals a little (turned off in tests).
    """

    def __init__(
        self,
        paths: Paths,
        *,
        clock: Clock | None = None,
        settings: Settings | None = None,
        packs: list[InstalledPack] | None = None,
        fuzz: bool = True,
        database: Path | None = None,
    ) -> None:
        self.paths = paths
        self.clock = clock or SystemClock()
        self.settings = (settings or load_settings(paths.config)).validate()
        self.fuzz = fuzz
        self._packs = packs
        _check_scheduler(self._scheduler_for(self.settings))
        self._db_path = database or paths.database
        # A current store is first read without sqlite-utils (see storage.reader);
        # anything else (a new store, one to migrate) is opened fully at once.
        self._reader = open_reader(self._db_path)
        self._db: Database | None = None if self._reader is not None else open_database(self._db_path)
        self._device: str | None = None
        self.lessons = LessonCache()
        self.catalog_report = CatalogReport()
        self._recorder: Recorder | None = None

    @classmethod
    def open(cls, paths: Paths, **kwargs: object) -> Study:
        """Open the study engine and bring the catalog up to date with the installed packs."""
        study = cls(paths, **kwargs)  # type: ignore[arg-type]
        try:
            study.refresh()
        except BaseException:
            study.close()
            raise
        return study

    def __enter__(self) -> Study:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def db(self) -> Database:
        """The full store connection (sqlite-utils), opened on first use."""
        if self._db is None:
            self._db = open_database(self._db_path)
            if self._reader is not None:
                self._reader.close()
                self._reader = None
        return self._db

    @property
    def reads(self) -> Database:
        """A connection for read-only queries: the full store once open, the light reader before."""
        if self._db is not None or self._reader is None:
            return self.db
        return cast("Database", self._reader)

    @property
    def device(self) -> str:
        """This device's id, recorded with every answer."""
        if self._device is None:
            self._device = device_id(self.db)
        return self._device

    def close(self) -> None:
        """Close the store connections."""
        if self._reader is not None:
            self._reader.close()
        if self._db is not None:
            self._db.close()

    # Settings -------------------------------------------------------------------
    @property
    def scheduler_settings(self) -> SchedulerSettings:
        """FSRS settings from the learner's settings."""
        return self._scheduler_for(self.settings)

    def _scheduler_for(self, settings: Settings) -> SchedulerSettings:
        return SchedulerSettings(
            parameters=tuple(settings.parameters) or SchedulerSettings().parameters,
            desired_retention=settings.desired_retention,
            maximum_interval=settings.maximum_interval,
            fuzz=self.fuzz,
        )

    @property
    def study_day(self) -> StudyDay:
        """The learner's day boundaries."""
        return StudyDay(resolve_timezone(self.settings.timezone), self.settings.rollover_hour)

    def update_settings(self, settings: Settings) -> None:
        """Validate, save and apply new settings.

        Raises:
            ConfigError: a value is out of range (nothing is saved).
        """
        settings.validate()
        _check_scheduler(self._scheduler_for(settings))
        save_settings(self.paths.config, settings)
        self.settings = settings
        self._recorder = None

    @property
    def recorder(self) -> Recorder:
        """The answer recorder for the current settings."""
        from altlearn.study.answers import Recorder

        if self._recorder is None:
            self._recorder = Recorder(self.db, self.scheduler_settings, self.device)
        return self._recorder

    # Packs and the catalog -------------------------------------------------------
    def installed(self) -> list[InstalledPack]:
        """The packs being studied."""
        from altlearn.packs.library import installed_packs

        return list(self._packs) if self._packs is not None else installed_packs(self.paths)

    def refresh(self) -> CatalogReport:
        """Index new or changed packs (cheap when nothing changed)."""
        from altlearn.study.catalog import refresh_catalog

        self.catalog_report = refresh_catalog(self.db, self.installed(), self.clock.now())
        return self.catalog_report

    def packs(self) -> list[PackSummary]:
        """Installed packs as the catalog knows them."""
        return [
            PackSummary(
                id=r["id"],
                title=r["title"],
                version=r["version"],
                source=r["source"],
                bundled=bool(r["bundled"]),
                commit=r["commit_id"],
                synced_at=r["synced_at"],
            )
            for r in catalog_store.packs(self.reads)
        ]

    def _pack_root(self, pack_id: str) -> Path:
        row = next((p for p in catalog_store.packs(self.reads) if p["id"] == pack_id), None)
        if row is None:
            raise PackError(f"pack '{pack_id}' is not installed", hint="run altlearn packs to see what is")
        return Path(row["root"])

    def glossary(self, pack_id: str, course_id: str) -> list[GlossaryEntry]:
        """A course's glossary, read from its pack (empty when the course has none).

        Raises:
            PackError: the pack is gone or its manifest or glossary is unreadable.
        """
        from altlearn.packs.files import decode_utf8
        from altlearn.packs.glossary import parse_glossary
        from altlearn.packs.limits import MAX_FILE_BYTES
        from altlearn.packs.manifest import MANIFEST_NAME, parse_manifest

        root = self._pack_root(pack_id)

        def read(relpath: str) -> str:
            file = root / relpath
            if file.is_symlink() or not file.is_file() or file.stat().st_size > MAX_FILE_BYTES:
                raise PackError(f"'{relpath}' of pack '{pack_id}' cannot be read")
            text, _ = decode_utf8(relpath, file.read_bytes())
            if text is None:
                raise PackError(f"'{relpath}' of pack '{pack_id}' is not UTF-8")
            return text

        manifest, _ = parse_manifest(read(MANIFEST_NAME))
        spec = next((c for c in manifest.courses if c.id == course_id), None) if manifest else None
        if spec is None or spec.glossary is None:
            return []
        entries, _ = parse_glossary(spec.glossary, read(spec.glossary))
        return entries

    # Lessons -----------------------------------------------------------------------
    def lesson(self, pack_id: str, lesson_id: str) -> Lesson:
        """A lesson, parsed from its file.

        Raises:
            PackError: the lesson or its file is gone or unreadable.
        """
        row = catalog_store.lesson(self.reads, pack_id, lesson_id)
        if row is None:
            raise PackError(f"lesson '{lesson_id}' is not in pack '{pack_id}'")
        return self.lessons.load(self._pack_root(pack_id), row["path"], pack_id, lesson_id, row["course_id"])

    def open_lesson(self, pack_id: str, lesson_id: str) -> Lesson:
        """Open a lesson to read: remembered as the place to continue; first opening recorded."""
        lesson = self.lesson(pack_id, lesson_id)
        progress = lesson_progress(self.db, pack_id).get(lesson_id)
        if progress is None:
            self._lesson_event(pack_id, lesson_id, LessonEventKind.OPENED)
        set_ui(self.db, LAST_LESSON_KEY, {"pack_id": pack_id, "lesson_id": lesson_id})
        return lesson

    def mark_read(self, pack_id: str, lesson_id: str) -> None:
        """Complete a lesson that has no questions."""
        if catalog_store.lesson(self.db, pack_id, lesson_id) is None:
            raise PackError(f"lesson '{lesson_id}' is not in pack '{pack_id}'")
        if catalog_store.lesson_question_ids(self.db, pack_id, lesson_id):
            raise PackError("this lesson is completed by passing its quiz")
        self._lesson_event(pack_id, lesson_id, LessonEventKind.READ)

    def _lesson_event(
        self, pack_id: str, lesson_id: str, kind: LessonEventKind, score: float | None = None
    ) -> None:
        from altlearn.study.answers import log_time, new_uid

        event = LessonEvent(
            uid=new_uid(),
            kind=kind,
            pack_id=pack_id,
            lesson_id=lesson_id,
            at=log_time(self.clock.now()),
            score=score,
            device=self.device,
        )
        record_lesson_event(self.db, event, catalog_store.aliases(self.db, pack_id))

    def scroll_position(self, pack_id: str, lesson_id: str) -> float:
        """Where the learner left off reading a lesson (0 = top)."""
        return float(get_ui(self.reads, f"scroll:{pack_id}:{lesson_id}", 0.0))

    def save_scroll_position(self, pack_id: str, lesson_id: str, position: float) -> None:
        """Remember how far down a lesson the learner is."""
        set_ui(self.db, f"scroll:{pack_id}:{lesson_id}", round(float(position), 1))

    # Sessions ------------------------------------------------------------------------
    def start_quiz(self, pack_id: str, lesson_id: str) -> QuizSession:
        """A quiz over a lesson's questions (course's mastery threshold to pass)."""
        from altlearn.study.session import QuizSession

        lesson = self.lesson(pack_id, lesson_id)
        course = next(
            (c for c in catalog_store.courses(self.db, pack_id) if c["course_id"] == lesson.course_id), None
        )
        threshold = course["mastery"] if course else 0.8
        aliases = catalog_store.aliases(self.db, pack_id)
        return QuizSession(
            recorder=self.recorder,
            clock=self.clock,
            settings=self.scheduler_settings,
            pack_id=pack_id,
            lesson=lesson,
            threshold=threshold,
            record_event=lambda event: record_lesson_event(self.db, event, aliases),
        )

    def start_review(self, pack_id: str | None = None, course_id: str | None = None) -> ReviewSession:
        """A review of due cards, across everything or one pack or course."""
        from altlearn.study.session import ReviewSession

        def fetch(now: datetime) -> DueItem | None:
            until = to_epoch_s(now)
            for skip in range(50):
                card = card_store.next_due(self.db, until, pack_id=pack_id, course_id=course_id, skip=skip)
                if card is None:
                    return None
                item = self._due_item(card)
                if item is not None:
                    return item
            return None

        return ReviewSession(
            recorder=self.recorder,
            clock=self.clock,
            settings=self.scheduler_settings,
            fetch_due=fetch,
            count_due=lambda now: card_store.count_due(
                self.db, to_epoch_s(now), pack_id=pack_id, course_id=course_id
            ),
            next_due_after=lambda now: self._next_due_after(now, pack_id, course_id),
        )

    def _due_item(self, card: object) -> DueItem | None:
        from altlearn.domain.review import CardState
        from altlearn.study.session import DueItem

        assert isinstance(card, CardState)
        row = catalog_store.question(self.db, card.pack_id, card.question_id)
        if row is None or not row["active"]:
            return None
        try:
            lesson = self.lesson(card.pack_id, row["lesson_id"])
        except PackError:
            return None
        question = question_in(lesson, card.question_id)
        if question is None:
            return None
        return DueItem(card=card, question=question, lesson=lesson, course_id=lesson.course_id)

    def _next_due_after(self, now: datetime, pack_id: str | None, course_id: str | None) -> datetime | None:
        far = to_epoch_s(now + timedelta(days=36600))
        card = card_store.next_due(self.reads, far, pack_id=pack_id, course_id=course_id)
        return card.due if card else None

    # Summaries ---------------------------------------------------------------------------
    def courses(self) -> list[CourseSummary]:
        """Every course of every present pack, with progress."""
        return course_summaries(self.reads, self.clock.now(), self.study_day, self.scheduler_settings)

    def course(self, pack_id: str, course_id: str) -> CourseView:
        """A course's lessons with status and locks."""
        summary = next((c for c in self.courses() if c.pack_id == pack_id and c.course_id == course_id), None)
        if summary is None:
            raise PackError(f"course '{course_id}' is not in pack '{pack_id}'")
        progress = lesson_progress(self.reads, pack_id)
        all_lessons = {r["lesson_id"]: r for r in catalog_store.lessons(self.reads, pack_id)}
        lessons = []
        for row in catalog_store.lessons(self.reads, pack_id, course_id):
            p = progress.get(row["lesson_id"])
            missing = tuple(
                all_lessons[pre]["title"] if pre in all_lessons else pre
                for pre in row["prerequisites"]
                if (progress.get(pre) is None or progress[pre].status is not LessonStatus.COMPLETED)
            )
            lessons.append(
                LessonSummary(
                    pack_id=pack_id,
                    lesson_id=row["lesson_id"],
                    course_id=course_id,
                    title=row["title"],
                    minutes=row["minutes"],
                    summary=row["summary"],
                    question_count=row["question_count"],
                    status=p.status if p else LessonStatus.NOT_STARTED,
                    best_score=p.best_score if p else None,
                    locked_by=missing,
                )
            )
        return CourseView(course=summary, lessons=tuple(lessons))

    def today_counts(self) -> dict[str, int]:
        """Due now, due today, answered today and new today (read from counters and indexes)."""
        return today_counts(self.reads, self.clock.now(), self.study_day)

    def continue_target(self) -> ContinueTarget | None:
        """The lesson to resume: the last one opened, if it still exists."""
        last = get_ui(self.reads, LAST_LESSON_KEY)
        if not isinstance(last, dict):
            return None
        row = catalog_store.lesson(self.reads, str(last.get("pack_id")), str(last.get("lesson_id")))
        if row is None:
            return None
        course = next(
            (
                c
                for c in catalog_store.courses(self.reads, row["pack_id"])
                if c["course_id"] == row["course_id"]
            ),
            None,
        )
        return ContinueTarget(
            pack_id=row["pack_id"],
            lesson_id=row["lesson_id"],
            title=row["title"],
            course_title=course["title"] if course else "",
        )

    def home(self) -> HomeSummary:
        """Everything the home screen shows."""
        counts = self.today_counts()
        courses = self.courses()
        open_questions = sum(
            int(r[0] or 0)
            for r in self.reads.execute(
                "SELECT sum(l.question_count) FROM lessons l JOIN packs p ON p.id = l.pack_id AND p.present = 1 "
                "LEFT JOIN lesson_progress lp ON lp.pack_id = l.pack_id AND lp.lesson_id = l.lesson_id "
                "WHERE lp.status IS NULL OR lp.status != 'completed'"
            ).fetchall()
        )
        budget = max(0, self.settings.new_per_day - counts["new_today"])
        return HomeSummary(
            due_now=counts["due_now"],
            due_today=counts["due_today"],
            reviewed_today=counts["reviewed_today"],
            new_today=counts["new_today"],
            new_limit=self.settings.new_per_day,
            new_available=min(budget, open_questions),
            continue_to=self.continue_target(),
            courses=tuple(courses),
            packs=tuple(self.packs()),
            problems=dict(self.catalog_report.refused),
        )

    def stats(self, days: int = 30) -> Stats:
        """Reviews per day, forecast, retention, streak and per-course mastery (see :mod:`.figures`)."""
        return study_stats(
            self.reads,
            self.clock.now(),
            self.study_day,
            new_limit=self.settings.new_per_day,
            courses=self.courses(),
            days=days,
        )

    def streak(self) -> int:
        """Study days in a row with at least one answer, up to today (or yesterday, if not yet today)."""
        return streak(self.reads, self.clock.now(), self.study_day)

    def lesson_at_path(self, pack_id: str, path: str) -> str | None:
        """The id of the lesson stored at ``path`` (relative to the pack root), if any.

        Used to follow links between lessons.
        """
        for row in catalog_store.lessons(self.reads, pack_id):
            if row["path"] == path:
                return str(row["lesson_id"])
        return None

    def search(self, text: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over every lesson."""
        return catalog_store.search(self.reads, text, limit=limit)

    def next_due(self) -> datetime | None:
        """When the next queued card falls due."""
        return self._next_due_after(self.clock.now(), None, None)

    # Progress between devices ----------------------------------------------------------------
    def export_progress(self, target: Path | str) -> ExportReport:
        """Write both logs to a progress file ("-" for standard output)."""
        from altlearn.study.transfer import export_progress

        return export_progress(self.db, target, device=self.device, now=self.clock.now())

    def import_progress(self, source: Path | str) -> ImportReport:
        """Merge another device's progress file (all or nothing) and replay what it touched.

        Raises:
            ProgressFileError: the file has bad lines; they are listed and nothing changed.
        """
        from altlearn.study.transfer import import_progress

        return import_progress(self.db, source, device=self.device)

    def rebuild(self) -> RebuildReport:
        """Replay both logs into fresh card states and lesson progress."""
        from altlearn.study.replay import rebuild_all

        return rebuild_all(self.db)


def _check_scheduler(settings: SchedulerSettings) -> None:
    try:
        settings.validate()
    except ValueError as exc:
        raise ConfigError(
            f"invalid scheduler setting: {exc}", hint="fix it in config.toml, or remove the parameters"
        ) from exc


def due_time(epoch_s: int) -> datetime:
    """Helper for views: an epoch-seconds due date as a datetime."""
    return from_epoch_s(epoch_s)

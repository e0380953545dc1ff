"""The learner report: what ``altlearn report`` writes and ``report merge`` reads.

A report holds progress figures per course and lesson (completion, quiz
scores, mastery, retention) and answer counts per day. It never holds the
answers a learner gave, nor question ids, nor anything from the lessons but
their titles. The JSON form is versioned; :func:`report_from_dict` checks every
field, because a trainer merges files that came by e-mail or USB stick.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from altlearn.errors import AltlearnError

REPORT_FORMAT = "altlearn-report"
REPORT_VERSION = 1
STATUSES = ("not_started", "in_progress", "completed")
_MAX_TEXT = 500
_MAX_ITEMS = 5000


class ReportError(AltlearnError):
    """A report cannot be written, or a file is not a report altlearn can read."""


@dataclass(frozen=True, kw_only=True)
class LessonReport:
    """One lesson's figures.

    Attributes:
        status: ``not_started``, ``in_progress`` or ``completed``.
        best_score: Best quiz score (share right), None before any quiz.
        attempts: Quiz attempts.
        mastery: Mean estimated recall now over the lesson's questions, 0-1
            (questions not yet learned count as 0); None for a lesson without questions.
        retention: Share of reviews, a day or more after the previous answer,
            that were recalled; None when there were none yet.
    """

    lesson_id: str
    title: str
    position: int
    questions: int
    status: str
    best_score: float | None
    attempts: int
    completed_on: date | None
    mastery: float | None
    cards_learned: int
    retention: float | None
    retention_reviews: int
    answers: int
    reviews: int
    lapses: int
    last_studied: date | None


@dataclass(frozen=True, kw_only=True)
class CourseReport:
    """One course's figures and its lessons in study order."""

    pack_id: str
    pack_title: str
    pack_version: str
    course_id: str
    title: str
    threshold: float
    mastery: float
    cards_learned: int
    questions: int
    retention: float | None
    retention_reviews: int
    lessons: tuple[LessonReport, ...]

    @property
    def lessons_done(self) -> int:
        """Lessons completed."""
        return sum(lesson.status == "completed" for lesson in self.lessons)


@dataclass(frozen=True)
class DayActivity:
    """Answers given on one study day."""

    day: date
    answers: int
    right: int


@dataclass(frozen=True, kw_only=True)
class LearnerReport:
    """Everything ``altlearn report`` writes.

    Attributes:
        learner: The name the learner chose to put on the report ('' for none).
        learner_id: A random id of the learner's progress store, so that a
            trainer's merge can tell two reports of one learner apart from two learners.
        retention_30d: True retention over the last 30 days (None without reviews).
        activity: Answers per study day over the last 30 days, oldest first.
    """

    generated_at: datetime
    altlearn_version: str
    learner: str
    learner_id: str
    study_day: date
    retention_30d: float | None
    retention_reviews_30d: int
    streak_days: int
    total_answers: int
    activity: tuple[DayActivity, ...]
    courses: tuple[CourseReport, ...]

    @property
    def lessons_done(self) -> int:
        """Lessons completed, over every course."""
        return sum(course.lessons_done for course in self.courses)

    @property
    def lesson_total(self) -> int:
        """Lessons, over every course."""
        return sum(len(course.lessons) for course in self.courses)

    @property
    def display_name(self) -> str:
        """The learner's name, or a short form of the id for an unnamed report."""
        return self.learner or f"learner {self.learner_id[:6]}"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def report_to_dict(report: LearnerReport) -> dict[str, Any]:
    """The JSON-ready form of ``report`` (version :data:`REPORT_VERSION`)."""
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "generated_at": report.generated_at.isoformat(),
        "altlearn_version": report.altlearn_version,
        "learner": {"name": report.learner, "id": report.learner_id},
        "study_day": report.study_day.isoformat(),
        "summary": {
            "lessons_done": report.lessons_done,
            "lessons": report.lesson_total,
            "retention_30d": _round(report.retention_30d),
            "retention_reviews_30d": report.retention_reviews_30d,
            "streak_days": report.streak_days,
            "total_answers": report.total_answers,
        },
        "activity": [
            {"day": d.day.isoformat(), "answers": d.answers, "right": d.right} for d in report.activity
        ],
        "courses": [
            {
                "pack": c.pack_id,
                "pack_title": c.pack_title,
                "pack_version": c.pack_version,
                "course": c.course_id,
                "title": c.title,
                "threshold": c.threshold,
                "mastery": _round(c.mastery),
                "cards_learned": c.cards_learned,
                "questions": c.questions,
                "retention": _round(c.retention),
                "retention_reviews": c.retention_reviews,
                "lessons": [
                    {
                        "lesson": lesson.lesson_id,
                        "title": lesson.title,
                        "position": lesson.position,
                        "questions": lesson.questions,
                        "status": lesson.status,
                        "best_score": _round(lesson.best_score),
                        "attempts": lesson.attempts,
                        "completed_on": lesson.completed_on.isoformat() if lesson.completed_on else None,
                        "mastery": _round(lesson.mastery),
                        "cards_learned": lesson.cards_learned,
                        "retention": _round(lesson.retention),
                        "retention_reviews": lesson.retention_reviews,
                        "answers": lesson.answers,
                        "reviews": lesson.reviews,
                        "lapses": lesson.lapses,
                        "last_studied": lesson.last_studied.isoformat() if lesson.last_studied else None,
                    }
                    for lesson in c.lessons
                ],
            }
            for c in report.courses
        ],
    }


T = TypeVar("T")


class _Reader:
    """Typed access to one JSON object, naming the offending field in every error."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            raise ReportError(
                f"field '{where}' should be an object" if where else "the file should be an object"
            )
        self.data = data
        self.where = where

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, check: Callable[[object], T | None], what: str, *, optional: bool = False) -> T:
        value = self.data.get(key)
        if value is None and optional:
            return None  # type: ignore[return-value]
        result = check(value)
        if result is None:
            raise ReportError(f"field '{self._name(key)}' should be {what}")
        return result

    def text(self, key: str) -> str:
        return self.get(key, lambda v: v if isinstance(v, str) and len(v) <= _MAX_TEXT else None, "text")

    def count(self, key: str) -> int:
        return self.get(
            key,
            lambda v: v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 10**9 else None,
            "a whole number of 0 or more",
        )

    def share(self, key: str, *, optional: bool = False) -> float:
        def check(v: object) -> float | None:
            if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and 0 <= v <= 1:
                # Read at the precision reports are written with, so a report read
                # and written again is the same report.
                return _round(float(v))
            return None

        return self.get(
            key, check, "a number from 0 to 1" + (" or null" if optional else ""), optional=optional
        )

    def day(self, key: str, *, optional: bool = False) -> date:
        def check(v: object) -> date | None:
            try:
                return date.fromisoformat(v) if isinstance(v, str) else None
            except ValueError:
                return None

        return self.get(
            key, check, "a date (YYYY-MM-DD)" + (" or null" if optional else ""), optional=optional
        )

    def items(self, key: str) -> list[tuple[object, str]]:
        value = self.data.get(key)
        if not isinstance(value, list) or len(value) > _MAX_ITEMS:
            raise ReportError(f"field '{self._name(key)}' should be a list")
        return [(item, f"{self._name(key)}[{i}]") for i, item in enumerate(value)]

    def child(self, key: str) -> _Reader:
        return _Reader(self.data.get(key), self._name(key))


def _lesson(data: object, where: str) -> LessonReport:
    r = _Reader(data, where)
    status = r.get("status", lambda v: v if v in STATUSES else None, "one of " + ", ".join(STATUSES))
    return LessonReport(
        lesson_id=r.text("lesson"),
        title=r.text("title"),
        position=r.count("position"),
        questions=r.count("questions"),
        status=status,
        best_score=r.share("best_score", optional=True),
        attempts=r.count("attempts"),
        completed_on=r.day("completed_on", optional=True),
        mastery=r.share("mastery", optional=True),
        cards_learned=r.count("cards_learned"),
        retention=r.share("retention", optional=True),
        retention_reviews=r.count("retention_reviews"),
        answers=r.count("answers"),
        reviews=r.count("reviews"),
        lapses=r.count("lapses"),
        last_studied=r.day("last_studied", optional=True),
    )


def _course(data: object, where: str) -> CourseReport:
    r = _Reader(data, where)
    return CourseReport(
        pack_id=r.text("pack"),
        pack_title=r.text("pack_title"),
        pack_version=r.text("pack_version"),
        course_id=r.text("course"),
        title=r.text("title"),
        threshold=r.share("threshold"),
        mastery=r.share("mastery"),
        cards_learned=r.count("cards_learned"),
        questions=r.count("questions"),
        retention=r.share("retention", optional=True),
        retention_reviews=r.count("retention_reviews"),
        lessons=tuple(_lesson(item, w) for item, w in r.items("lessons")),
    )


def report_from_dict(data: object) -> LearnerReport:
    """Read a report's JSON form, checking every field.

    Raises:
        ReportError: the data is not an altlearn report, comes from a newer
            altlearn, or has a missing or out-of-range field (named in the message).
    """
    if not isinstance(data, Mapping) or data.get("format") != REPORT_FORMAT:
        found = data.get("format") if isinstance(data, Mapping) else None
        detail = f"its format is {found!r}" if isinstance(found, str) else "it has no 'format' field"
        raise ReportError(f"not an altlearn learner report ({detail})")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ReportError("field 'version' should be a whole number of 1 or more")
    if version > REPORT_VERSION:
        raise ReportError(
            f"report version {version} comes from a newer altlearn (this one reads up to {REPORT_VERSION})",
            hint="update altlearn to merge it",
        )
    r = _Reader(data, "")

    def moment(v: object) -> datetime | None:
        try:
            parsed = datetime.fromisoformat(v) if isinstance(v, str) else None
        except ValueError:
            return None
        return parsed if parsed is not None and parsed.tzinfo is not None else None

    learner = r.child("learner")
    summary = r.child("summary")
    activity = []
    for item, where in r.items("activity"):
        a = _Reader(item, where)
        activity.append(DayActivity(a.day("day"), a.count("answers"), a.count("right")))
    return LearnerReport(
        generated_at=r.get("generated_at", moment, "a date and time with a UTC offset"),
        altlearn_version=r.text("altlearn_version"),
        learner=learner.text("name"),
        learner_id=learner.text("id"),
        study_day=r.day("study_day"),
        retention_30d=summary.share("retention_30d", optional=True),
        retention_reviews_30d=summary.count("retention_reviews_30d"),
        streak_days=summary.count("streak_days"),
        total_answers=summary.count("total_answers"),
        activity=tuple(activity),
        courses=tuple(_course(item, where) for item, where in r.items("courses")),
    )

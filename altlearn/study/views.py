"""Plain data the screens and commands show: summaries of packs, courses, lessons, stats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from altlearn.domain.diagnostics import Diagnostic
from altlearn.domain.review import LessonStatus
from altlearn.storage.catalog import SearchHit


@dataclass
class CatalogReport:
    """What a catalog refresh did: packs indexed, unchanged, and refused with why."""

    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: dict[str, list[Diagnostic]] = field(default_factory=dict)


@dataclass(frozen=True)
class PackSummary:
    """An installed pack as the packs list shows it."""

    id: str
    title: str
    version: str
    source: str
    bundled: bool
    commit: str | None = None
    synced_at: str | None = None


@dataclass(frozen=True)
class CourseSummary:
    """One course's progress.

    Attributes:
        mastery: Mean estimated recall over all the course's questions, 0-1
            (questions not yet learned count as 0).
    """

    pack_id: str
    pack_title: str
    pack_version: str
    course_id: str
    title: str
    description: str
    lessons_done: int
    lesson_total: int
    questions: int
    cards_learned: int
    mastery: float
    due_today: int
    threshold: float


@dataclass(frozen=True)
class LessonSummary:
    """A lesson in a course's list."""

    pack_id: str
    lesson_id: str
    course_id: str
    title: str
    minutes: int
    summary: str
    question_count: int
    status: LessonStatus
    best_score: float | None
    locked_by: tuple[str, ...] = ()
    """Titles of prerequisites not yet completed (empty when open)."""

    @property
    def locked(self) -> bool:
        """True while a prerequisite is not completed."""
        return bool(self.locked_by)


@dataclass(frozen=True)
class CourseView:
    """A course and its lessons in order."""

    course: CourseSummary
    lessons: tuple[LessonSummary, ...]


@dataclass(frozen=True)
class ContinueTarget:
    """The lesson to resume."""

    pack_id: str
    lesson_id: str
    title: str
    course_title: str


@dataclass(frozen=True)
class HomeSummary:
    """Everything the home screen shows."""

    due_now: int
    due_today: int
    reviewed_today: int
    new_today: int
    new_limit: int
    new_available: int
    continue_to: ContinueTarget | None
    courses: tuple[CourseSummary, ...]
    packs: tuple[PackSummary, ...]
    problems: dict[str, list[Diagnostic]] = field(default_factory=dict)


@dataclass(frozen=True)
class DayCount:
    """A count for one study day."""

    day: date
    count: int
    right: int = 0


@dataclass(frozen=True)
class Stats:
    """The statistics screen and ``altlearn stats``."""

    generated_at: datetime
    today: date
    due_now: int
    due_today: int
    reviewed_today: int
    new_today: int
    new_limit: int
    reviews_per_day: tuple[DayCount, ...]
    forecast: tuple[DayCount, ...]
    retention: float | None
    retention_reviews: int
    streak: int
    total_answers: int
    cards_seen: int
    courses: tuple[CourseSummary, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for ``altlearn stats --format json``."""
        return {
            "generated_at": self.generated_at.isoformat(),
            "study_day": self.today.isoformat(),
            "today": {
                "due_now": self.due_now,
                "due_today": self.due_today,
                "reviewed": self.reviewed_today,
                "new": self.new_today,
                "new_limit": self.new_limit,
            },
            "reviews_per_day": [
                {"day": d.day.isoformat(), "answers": d.count, "right": d.right} for d in self.reviews_per_day
            ],
            "forecast": [{"day": d.day.isoformat(), "due": d.count} for d in self.forecast],
            "retention_30d": self.retention,
            "retention_reviews": self.retention_reviews,
            "streak_days": self.streak,
            "total_answers": self.total_answers,
            "cards_seen": self.cards_seen,
            "courses": [
                {
                    "pack": c.pack_id,
                    "course": c.course_id,
                    "title": c.title,
                    "lessons_done": c.lessons_done,
                    "lessons": c.lesson_total,
                    "questions": c.questions,
                    "cards_learned": c.cards_learned,
                    "mastery": round(c.mastery, 4),
                    "due_today": c.due_today,
                }
                for c in self.courses
            ],
        }


__all__ = [
    "CatalogReport",
    "ContinueTarget",
    "CourseSummary",
    "CourseView",
    "DayCount",
    "HomeSummary",
    "LessonSummary",
    "PackSummary",
    "SearchHit",
    "Stats",
]

"""Building the learner's progress report from the study engine and the store.

Course figures come from :meth:`Study.stats` (the same numbers the statistics
screen shows); lesson figures from the read-only queries in
:mod:`altlearn.storage.reports`. Dates are study days in the learner's own
time zone and rollover hour.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from altlearn import __version__
from altlearn.domain.times import from_epoch_ms, to_epoch_ms
from altlearn.report.model import CourseReport, DayActivity, LearnerReport, LessonReport
from altlearn.storage import reports as report_store
from altlearn.storage.reports import LessonFigures
from altlearn.study.clock import StudyDay
from altlearn.study.scheduler import decay_and_factor
from altlearn.study.service import Study

ACTIVITY_DAYS = 30


def _day(study_day: StudyDay, epoch_ms: int | None) -> date | None:
    return study_day.day_of(from_epoch_ms(epoch_ms)) if epoch_ms is not None else None


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def build_report(study: Study, *, learner: str = "") -> LearnerReport:
    """The learner's progress per course and lesson, as of the study engine's clock.

    Args:
        study: An open study engine (its packs are the courses reported on).
        learner: A name to put on the report; empty for none.
    """
    now = study.clock.now()
    stats = study.stats(days=ACTIVITY_DAYS)
    study_day = study.study_day
    decay, factor = decay_and_factor(study.scheduler_settings)
    figures = report_store.lesson_figures(study.db, to_epoch_ms(now), decay, factor)
    rows_by_course: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in report_store.lesson_rows(study.db):
        rows_by_course[(str(row["pack_id"]), str(row["course_id"]))].append(row)

    courses = []
    for summary in stats.courses:
        lessons = []
        for row in rows_by_course.get((summary.pack_id, summary.course_id), []):
            lesson_id = str(row["lesson_id"])
            found = figures.get((summary.pack_id, lesson_id), LessonFigures())
            questions = int(row["question_count"])
            best = row["best_score"]
            completed_at = row["completed_at"]
            lessons.append(
                LessonReport(
                    lesson_id=lesson_id,
                    title=str(row["title"]),
                    position=int(row["position"]),
                    questions=questions,
                    status=str(row["status"] or "not_started"),
                    best_score=float(best) if isinstance(best, int | float) else None,
                    attempts=int(row["attempts"]),
                    completed_on=_day(study_day, completed_at if isinstance(completed_at, int) else None),
                    mastery=min(1.0, found.recall_sum / questions) if questions else None,
                    cards_learned=found.cards_learned,
                    retention=_share(found.retained, found.retention_reviews),
                    retention_reviews=found.retention_reviews,
                    answers=found.answers,
                    reviews=found.reviews,
                    lapses=found.lapses,
                    last_studied=_day(study_day, found.last_answer_ms),
                )
            )
        retained = sum(figures.get((summary.pack_id, x.lesson_id), LessonFigures()).retained for x in lessons)
        reviewed = sum(x.retention_reviews for x in lessons)
        courses.append(
            CourseReport(
                pack_id=summary.pack_id,
                pack_title=summary.pack_title,
                pack_version=summary.pack_version,
                course_id=summary.course_id,
                title=summary.title,
                threshold=summary.threshold,
                mastery=summary.mastery,
                cards_learned=summary.cards_learned,
                questions=summary.questions,
                retention=_share(retained, reviewed),
                retention_reviews=reviewed,
                lessons=tuple(lessons),
            )
        )
    return LearnerReport(
        generated_at=now,
        altlearn_version=__version__,
        learner=" ".join(learner.split()),
        learner_id=study.device,
        study_day=stats.today,
        retention_30d=stats.retention,
        retention_reviews_30d=stats.retention_reviews,
        streak_days=stats.streak,
        total_answers=stats.total_answers,
        activity=tuple(DayActivity(d.day, d.count, d.right) for d in stats.reviews_per_day),
        courses=tuple(courses),
    )

"""The cohort as CSV: one row per learner and lesson, and one row per lesson.

Names and titles come from other people's files, and a spreadsheet runs a
cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula; such cells get
a leading apostrophe, which spreadsheets show as text (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io

from altlearn.report.cohort import Cohort

LEARNER_COLUMNS = (
    "learner",
    "learner_id",
    "report_study_day",
    "pack",
    "pack_version",
    "course",
    "course_title",
    "lesson",
    "lesson_title",
    "position",
    "questions",
    "status",
    "best_score",
    "attempts",
    "completed_on",
    "mastery",
    "retention",
    "retention_reviews",
    "answers",
    "reviews",
    "lapses",
    "last_studied",
)

LESSON_COLUMNS = (
    "pack",
    "course",
    "course_title",
    "lesson",
    "lesson_title",
    "position",
    "learners",
    "completed",
    "in_progress",
    "not_started",
    "attempted",
    "attempted_not_passed",
    "mean_best_score",
    "mean_attempts_to_pass",
    "mean_mastery",
    "retention",
    "retention_reviews",
    "flags",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A value as CSV text; numbers to four places, None as empty, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: tuple[str, ...], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def learners_csv(cohort: Cohort) -> str:
    """Every learner's every lesson: the table to pivot in a spreadsheet."""
    rows: list[list[object]] = []
    for source in cohort.sources:
        report = source.report
        for course in report.courses:
            for lesson in course.lessons:
                rows.append(
                    [
                        report.learner,
                        report.learner_id,
                        report.study_day,
                        course.pack_id,
                        course.pack_version,
                        course.course_id,
                        course.title,
                        lesson.lesson_id,
                        lesson.title,
                        lesson.position + 1,
                        lesson.questions,
                        lesson.status,
                        lesson.best_score,
                        lesson.attempts,
                        lesson.completed_on,
                        lesson.mastery,
                        lesson.retention,
                        lesson.retention_reviews,
                        lesson.answers,
                        lesson.reviews,
                        lesson.lapses,
                        lesson.last_studied,
                    ]
                )
    return _csv(LEARNER_COLUMNS, rows)


def lessons_csv(cohort: Cohort) -> str:
    """The cohort's figures per lesson, as the cohort page shows them."""
    rows: list[list[object]] = []
    for course in cohort.courses:
        for lesson in course.lessons:
            rows.append(
                [
                    course.pack_id,
                    course.course_id,
                    course.title,
                    lesson.lesson_id,
                    lesson.title,
                    lesson.position + 1,
                    lesson.learners,
                    lesson.completed,
                    lesson.in_progress,
                    lesson.not_started,
                    lesson.attempted,
                    lesson.attempted_not_passed,
                    lesson.mean_best_score,
                    lesson.mean_attempts_to_pass,
                    lesson.mean_mastery,
                    lesson.retention,
                    lesson.retention_reviews,
                    "; ".join(lesson.flags),
                ]
            )
    return _csv(LESSON_COLUMNS, rows)

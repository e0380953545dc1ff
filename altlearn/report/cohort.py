"""``altlearn report merge``: many learners' reports, combined per course and lesson.

The files come from learners by e-mail or USB stick, so each one is read with
care: size-capped, decoded, parsed and checked field by field. A file that
fails is skipped with a reason, never silently, and never stops the others.
When two reports come from the same learner (the same progress store), the
newer one counts.

Where a cohort struggles is flagged per lesson by four plain rules (see
:func:`lesson_flags`), so a trainer can see why a lesson is marked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from altlearn.packs.versions import parse_version
from altlearn.report.model import CourseReport, LearnerReport, LessonReport, ReportError, report_from_dict

MAX_REPORT_BYTES = 20 * 1024 * 1024

STALLED_SHARE = 0.25
"""Flag a quiz when at least this share of the learners who tried it have not passed."""
ATTEMPTS_TO_PASS = 2.0
"""Flag a quiz when the learners who passed needed this many attempts on average."""
LOW_RETENTION = 0.8
"""Flag a lesson whose pooled retention in review is below this..."""
MIN_RETENTION_REVIEWS = 10
"""...over at least this many reviews."""
DROP_OFF_SHARE = 0.25
"""Flag a lesson completed by this share of the cohort fewer than the lesson before it."""


@dataclass(frozen=True)
class Skipped:
    """A file that was not merged, and why (one sentence)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Source:
    """A merged report and the file it came from."""

    path: str
    report: LearnerReport


@dataclass(frozen=True, kw_only=True)
class LessonAggregate:
    """One lesson across the cohort.

    Attributes:
        learners: Reports that include this lesson.
        attempted_not_passed: Learners who tried the quiz and have not passed it.
        mean_attempts_to_pass: Mean quiz attempts of those who completed by quiz.
        mean_mastery: Mean mastery of the learners who completed the lesson.
        retention: Pooled retention: reviews recalled over all learners' reviews.
        flags: Why the cohort seems to struggle here (empty when it does not).
    """

    lesson_id: str
    title: str
    position: int
    questions: int
    learners: int
    completed: int
    in_progress: int
    not_started: int
    attempted: int
    attempted_not_passed: int
    mean_best_score: float | None
    mean_attempts_to_pass: float | None
    mean_mastery: float | None
    retention: float | None
    retention_reviews: int
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CourseAggregate:
    """One course across the cohort, its lessons in study order."""

    pack_id: str
    pack_title: str
    pack_versions: tuple[str, ...]
    course_id: str
    title: str
    threshold: float
    learners: int
    lessons: tuple[LessonAggregate, ...]


@dataclass(frozen=True)
class Cohort:
    """The merged reports, the files skipped, and the per-course figures."""

    sources: tuple[Source, ...]
    skipped: tuple[Skipped, ...]
    courses: tuple[CourseAggregate, ...]
    generated_at: datetime


def _expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and p.is_file()))
        else:
            files.append(path)
    return files


def read_report_file(path: Path) -> LearnerReport:
    """Read and check one report file.

    Raises:
        ReportError: the file is missing, too large, not UTF-8 JSON, or not a
            report this altlearn can read; the message says which.
    """
    try:
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise ReportError(f"file is {size // (1024 * 1024)} MiB; a learner report is far smaller")
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ReportError("file does not exist") from exc
    except OSError as exc:
        raise ReportError(f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(f"not UTF-8 text (byte {exc.start})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportError(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:
        raise ReportError("not a learner report (JSON nested too deeply)") from exc
    return report_from_dict(data)


def read_reports(paths: Iterable[Path]) -> tuple[list[Source], list[Skipped]]:
    """Read every report named (folders: their ``*.json`` files); skip the unusable with a reason.

    Of several reports from one learner (same ``learner_id``), the newest is kept.
    """
    kept: dict[str, Source] = {}
    skipped: list[Skipped] = []
    for path in _expand(paths):
        try:
            report = read_report_file(path)
        except ReportError as exc:
            skipped.append(Skipped(str(path), exc.message))
            continue
        key = report.learner_id or str(path)
        earlier = kept.get(key)
        if earlier is None:
            kept[key] = Source(str(path), report)
            continue
        newer, older = (
            (Source(str(path), report), earlier)
            if report.generated_at > earlier.report.generated_at
            else (earlier, Source(str(path), report))
        )
        kept[key] = newer
        skipped.append(Skipped(older.path, f"an older report of the same learner as {newer.path}"))
    return list(kept.values()), skipped


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def lesson_flags(lesson: LessonAggregate, previous: LessonAggregate | None, learners: int) -> tuple[str, ...]:
    """Why the cohort seems to struggle with a lesson, in words for a trainer."""
    flags = []
    if lesson.attempted >= 2 and lesson.attempted_not_passed / lesson.attempted >= STALLED_SHARE:
        flags.append(
            f"quiz hard to pass: {lesson.attempted_not_passed} of {lesson.attempted} who tried have not passed"
        )
    if lesson.mean_attempts_to_pass is not None and lesson.mean_attempts_to_pass >= ATTEMPTS_TO_PASS:
        flags.append(f"passed after {lesson.mean_attempts_to_pass:.1f} quiz attempts on average")
    if (
        lesson.retention is not None
        and lesson.retention_reviews >= MIN_RETENTION_REVIEWS
        and lesson.retention < LOW_RETENTION
    ):
        flags.append(
            f"often forgotten: {round(lesson.retention * 100)}% recalled over {lesson.retention_reviews} reviews"
        )
    if previous is not None and learners:
        drop = previous.completed - lesson.completed
        if drop >= 2 and drop / learners >= DROP_OFF_SHARE:
            flags.append(f"{drop} fewer learners completed it than the lesson before")
    return tuple(flags)


def _aggregate_lesson(template: LessonReport, entries: Sequence[LessonReport]) -> LessonAggregate:
    attempted = [e for e in entries if e.attempts > 0]
    completed = [e for e in entries if e.status == "completed"]
    passed_by_quiz = [e for e in completed if e.attempts > 0]
    reviews = sum(e.retention_reviews for e in entries)
    recalled = sum(round((e.retention or 0.0) * e.retention_reviews) for e in entries)
    return LessonAggregate(
        lesson_id=template.lesson_id,
        title=template.title,
        position=template.position,
        questions=template.questions,
        learners=len(entries),
        completed=len(completed),
        in_progress=sum(e.status == "in_progress" for e in entries),
        not_started=sum(e.status == "not_started" for e in entries),
        attempted=len(attempted),
        attempted_not_passed=sum(e.status != "completed" for e in attempted),
        mean_best_score=_mean([e.best_score for e in attempted if e.best_score is not None]),
        mean_attempts_to_pass=_mean([float(e.attempts) for e in passed_by_quiz]),
        mean_mastery=_mean([e.mastery for e in completed if e.mastery is not None]),
        retention=recalled / reviews if reviews else None,
        retention_reviews=reviews,
    )


def _aggregate_course(courses: Sequence[CourseReport]) -> CourseAggregate:
    # The newest report names the course and orders its lessons; lessons only
    # older pack versions had follow, in the order first seen.
    newest = max(courses, key=lambda c: parse_version(c.pack_version) or ())
    order: dict[str, LessonReport] = {lesson.lesson_id: lesson for lesson in newest.lessons}
    for course in courses:
        for lesson in course.lessons:
            order.setdefault(lesson.lesson_id, lesson)
    lessons: list[LessonAggregate] = []
    previous: LessonAggregate | None = None
    for lesson_id, template in order.items():
        entries = [x for c in courses for x in c.lessons if x.lesson_id == lesson_id]
        aggregate = _aggregate_lesson(template, entries)
        flags = lesson_flags(aggregate, previous, len(courses))
        aggregate = LessonAggregate(**{**aggregate.__dict__, "flags": flags})
        lessons.append(aggregate)
        previous = aggregate
    return CourseAggregate(
        pack_id=newest.pack_id,
        pack_title=newest.pack_title,
        pack_versions=tuple(sorted({c.pack_version for c in courses}, key=lambda v: parse_version(v) or ())),
        course_id=newest.course_id,
        title=newest.title,
        threshold=newest.threshold,
        learners=len(courses),
        lessons=tuple(lessons),
    )


def build_cohort(sources: Sequence[Source], skipped: Sequence[Skipped], *, now: datetime) -> Cohort:
    """Combine learners' reports per course and lesson, flagging where the cohort struggles."""
    grouped: dict[tuple[str, str], list[CourseReport]] = {}
    for source in sources:
        for course in source.report.courses:
            grouped.setdefault((course.pack_id, course.course_id), []).append(course)
    courses = tuple(_aggregate_course(items) for items in grouped.values())
    return Cohort(sources=tuple(sources), skipped=tuple(skipped), courses=courses, generated_at=now)

"""The cohort page: where learners are, and where they struggle, per course and lesson."""

from __future__ import annotations

from html import escape

from altlearn.report.charts import Row, Series, StackRow, grouped_bars, legend, percent, stacked_bars
from altlearn.report.cohort import Cohort, CourseAggregate
from altlearn.report.page import page, tile

STATUS_SERIES = (
    Series("completed", "completed"),
    Series("in_progress", "in progress"),
    Series("not_started", "not started"),
)
FIGURE_SERIES = (
    Series("quiz", "Mean best quiz score"),
    Series("mastery", "Mean mastery (of those who completed)"),
    Series("retention", "Retention in review (pooled)"),
)


def _skipped(cohort: Cohort) -> str:
    if not cohort.skipped:
        return ""
    items = "".join(f"<li><code>{escape(s.path)}</code>: {escape(s.reason)}</li>" for s in cohort.skipped)
    count = len(cohort.skipped)
    return (
        f'<section class="problems"><h3>{count} file{"s" if count != 1 else ""} not included</h3>'
        f"<ul>{items}</ul></section>"
    )


def _struggles(cohort: Cohort) -> str:
    items = [
        f"<li><strong>{escape(course.title)} › {lesson.position + 1}. {escape(lesson.title)}</strong>: "
        f"{escape('; '.join(lesson.flags))}</li>"
        for course in cohort.courses
        for lesson in course.lessons
        if lesson.flags
    ]
    if not items:
        return '<section class="struggles"><h3>Where the cohort struggles</h3><p>No lesson is flagged.</p></section>'
    return (
        f'<section class="struggles"><h3>Where the cohort struggles ({len(items)} lessons)</h3>'
        f"<ul>{''.join(items)}</ul></section>"
    )


def _learners(cohort: Cohort) -> str:
    rows = "".join(
        "<tr>"
        f"<td>{escape(s.report.display_name)}</td>"
        f'<td class="num">{s.report.study_day.isoformat()}</td>'
        f'<td class="num">{s.report.lessons_done} / {s.report.lesson_total}</td>'
        f'<td class="num">{percent(s.report.retention_30d)}</td>'
        f'<td class="num">{sum(1 for d in s.report.activity if d.answers)}</td>'
        f'<td class="num">{s.report.total_answers}</td>'
        "</tr>"
        for s in sorted(cohort.sources, key=lambda s: s.report.display_name.lower())
    )
    return (
        "<h2>Learners</h2><table><thead><tr><th>Learner</th><th class=num>Report of</th>"
        "<th class=num>Lessons completed</th><th class=num>Retention, 30 days</th>"
        "<th class=num>Days studied of 30</th><th class=num>Answers</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _course(course: CourseAggregate) -> str:
    def label(position: int, title: str) -> str:
        return f"{position + 1}. {title}"

    status_rows = [
        StackRow(
            label(x.position, x.title), (x.completed, x.in_progress, x.not_started), flagged=bool(x.flags)
        )
        for x in course.lessons
    ]
    figure_rows = [
        Row(
            label(x.position, x.title),
            (x.mean_best_score, x.mean_mastery, x.retention),
            flagged=bool(x.flags),
        )
        for x in course.lessons
    ]
    table = "".join(
        f'<tr class="{"flagged" if x.flags else ""}">'
        f"<td>{'⚑ ' if x.flags else ''}{escape(label(x.position, x.title))}</td>"
        f'<td class="num">{x.completed} / {x.learners}</td>'
        f'<td class="num">{x.attempted_not_passed}</td>'
        f'<td class="num">{percent(x.mean_best_score)}</td>'
        f'<td class="num">{"–" if x.mean_attempts_to_pass is None else f"{x.mean_attempts_to_pass:.1f}"}</td>'
        f'<td class="num">{percent(x.mean_mastery)}</td>'
        f'<td class="num">{percent(x.retention)} <span class="meta">({x.retention_reviews})</span></td>'
        "</tr>"
        for x in course.lessons
    )
    versions = ", ".join(course.pack_versions)
    marker_key = (
        f'<span class="key"><span class="marker-key"></span>pass mark {percent(course.threshold)}</span>'
    )
    return (
        f'<section class="course"><h2>{escape(course.title)}</h2>'
        f'<p class="meta">{escape(course.pack_title)} (version {escape(versions)}) · {course.learners} learners · '
        "⚑ marks a lesson where the cohort struggles</p>"
        "<h3>Where learners are</h3>"
        + legend(STATUS_SERIES)
        + stacked_bars(f"{course.title}: learners by lesson status", STATUS_SERIES, status_rows)
        + "<h3>How well it stays</h3>"
        + legend(FIGURE_SERIES, marker_key)
        + grouped_bars(
            f"{course.title}: quiz scores, mastery and retention by lesson",
            FIGURE_SERIES,
            figure_rows,
            marker=course.threshold,
        )
        + "<table><thead><tr><th>Lesson</th><th class=num>Completed</th><th class=num>Stuck on quiz</th>"
        "<th class=num>Best quiz</th><th class=num>Attempts to pass</th><th class=num>Mastery</th>"
        "<th class=num>Retention (reviews)</th></tr></thead>"
        f"<tbody>{table}</tbody></table></section>"
    )


def cohort_page(cohort: Cohort) -> str:
    """The merged reports as a self-contained HTML page (every text escaped)."""
    learners = len(cohort.sources)
    lessons = sum(len(c.lessons) for c in cohort.courses)
    flagged = sum(1 for c in cohort.courses for x in c.lessons if x.flags)
    retained = [s.report.retention_30d for s in cohort.sources if s.report.retention_30d is not None]
    tiles = "".join(
        (
            tile(str(learners), "learners"),
            tile(str(len(cohort.courses)), "courses"),
            tile(str(flagged), f"of {lessons} lessons flagged"),
            tile(percent(sum(retained) / len(retained) if retained else None), "mean retention, 30 days"),
        )
    )
    active = [c for c in cohort.courses if any(x.completed or x.in_progress for x in c.lessons)]
    idle = [c for c in cohort.courses if c not in active]
    sections = "".join(_course(c) for c in active)
    if idle:
        names = "".join(
            f"<li>{escape(c.title)} <span class=meta>({escape(c.pack_title)})</span></li>" for c in idle
        )
        sections += f"<h2>Courses no one has started</h2><ul>{names}</ul>"
    body = (
        "<header><h1>Cohort report</h1>"
        f'<p class="meta">{learners} learner report{"s" if learners != 1 else ""} merged '
        f"{escape(cohort.generated_at.strftime('%Y-%m-%d %H:%M UTC'))} by altlearn report merge</p></header>"
        f'<div class="tiles">{tiles}</div>'
        + _skipped(cohort)
        + _struggles(cohort)
        + sections
        + _learners(cohort)
        + "<footer>A lesson is flagged when at least a quarter of the learners who tried its quiz have not "
        "passed it, when passing took two or more attempts on average, when fewer than 80% of reviews "
        "(of at least ten) were recalled, or when a quarter of the cohort fewer completed it than the "
        "lesson before. Mastery is altlearn's estimate of recall today; retention counts reviews a day or "
        "more after the previous answer. Reports hold these figures only, never learners' answers.</footer>"
    )
    return page("altlearn cohort report", body)

"""The learner's report as one HTML page: summary, activity, and every course by lesson."""

from __future__ import annotations

from html import escape

from altlearn.report.charts import Row, Series, day_columns, grouped_bars, legend, percent
from altlearn.report.model import CourseReport, LearnerReport
from altlearn.report.page import page, status_label, tile

LESSON_SERIES = (
    Series("mastery", "Mastery now"),
    Series("quiz", "Best quiz score"),
    Series("retention", "Retention in review"),
)


def _date(value: object) -> str:
    return escape(value.isoformat()) if hasattr(value, "isoformat") else "–"


def _course_section(course: CourseReport) -> str:
    heading = f"{course.title}"
    done = course.lessons_done
    rows = [
        Row(
            label=f"{lesson.position + 1}. {lesson.title}",
            values=(lesson.mastery, lesson.best_score, lesson.retention),
        )
        for lesson in course.lessons
    ]
    marker_key = (
        f'<span class="key"><span class="marker-key"></span>pass mark {percent(course.threshold)}</span>'
    )
    table_rows = "".join(
        "<tr>"
        f"<td>{escape(lesson.title)}</td>"
        f"<td>{status_label(lesson.status)}</td>"
        f'<td class="num">{percent(lesson.best_score)}</td>'
        f'<td class="num">{lesson.attempts}</td>'
        f'<td class="num">{percent(lesson.mastery)}</td>'
        f'<td class="num">{percent(lesson.retention)} <span class="meta">({lesson.retention_reviews})</span></td>'
        f'<td class="num">{_date(lesson.last_studied)}</td>'
        "</tr>"
        for lesson in course.lessons
    )
    return (
        f'<section class="course" id="{escape(course.pack_id)}--{escape(course.course_id)}">'
        f"<h2>{escape(heading)}</h2>"
        f'<p class="meta">{escape(course.pack_title)} {escape(course.pack_version)} · '
        f"{done} of {len(course.lessons)} lessons completed · mastery {percent(course.mastery)} · "
        f"retention {percent(course.retention)} over {course.retention_reviews} reviews</p>"
        + legend(LESSON_SERIES, marker_key)
        + grouped_bars(
            f"{course.title}: mastery, best quiz score and retention by lesson",
            LESSON_SERIES,
            rows,
            marker=course.threshold,
        )
        + "<table><thead><tr><th>Lesson</th><th>Status</th><th class=num>Best quiz</th>"
        "<th class=num>Attempts</th><th class=num>Mastery</th><th class=num>Retention (reviews)</th>"
        f"<th class=num>Last studied</th></tr></thead><tbody>{table_rows}</tbody></table></section>"
    )


def learner_page(report: LearnerReport) -> str:
    """The report as a self-contained HTML page (every text escaped)."""
    name = report.display_name
    active_days = sum(1 for d in report.activity if d.answers)
    tiles = "".join(
        (
            tile(f"{report.lessons_done} / {report.lesson_total}", "lessons completed"),
            tile(
                percent(report.retention_30d),
                f"retention, last 30 days ({report.retention_reviews_30d} reviews)",
            ),
            tile(str(report.streak_days), "day streak"),
            tile(str(active_days), "days studied of the last 30"),
            tile(str(report.total_answers), "answers in all"),
        )
    )
    activity = day_columns(
        "Answers per day over the last 30 days",
        [(d.day.isoformat(), d.answers, d.right) for d in report.activity],
    )
    started = [c for c in report.courses if any(lesson.status != "not_started" for lesson in c.lessons)]
    untouched = [c for c in report.courses if c not in started]
    sections = "".join(_course_section(course) for course in started)
    if untouched:
        items = "".join(
            f"<li>{escape(c.title)} <span class=meta>({escape(c.pack_title)}, {len(c.lessons)} lessons)</span></li>"
            for c in untouched
        )
        sections += f"<h2>Not started yet</h2><ul>{items}</ul>"
    if not report.courses:
        sections = "<p>No courses are installed.</p>"
    body = (
        f"<header><h1>Progress report: {escape(name)}</h1>"
        f'<p class="meta">Study day {_date(report.study_day)} · made {escape(report.generated_at.strftime("%Y-%m-%d %H:%M UTC"))} '
        f"by altlearn {escape(report.altlearn_version)}</p></header>"
        f'<div class="tiles">{tiles}</div>'
        "<h3>Answers per day</h3>"
        + legend((Series("answers", "answers"), Series("right", "right")))
        + activity
        + sections
        + "<footer>Mastery is altlearn's estimate of how much of a lesson you would recall today "
        "(questions not yet learned count as nothing). Retention is the share of reviews you got right "
        "a day or more after you last saw the question. This report holds these figures only: "
        "not the answers you gave.</footer>"
    )
    return page(f"altlearn progress report: {name}", body)

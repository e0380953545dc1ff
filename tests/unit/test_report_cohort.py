"""Cohort figures, struggle flags, charts and CSV cells, from hand-made reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from altlearn.report.charts import Row, Series, StackRow, day_columns, grouped_bars, percent, stacked_bars
from altlearn.report.cohort import Source, build_cohort
from altlearn.report.cohort_csv import cell
from altlearn.report.page import page
from tests.unit.test_report_model import lesson, report

NOW = datetime(2026, 4, 10, tzinfo=UTC)


def cohort_of(*lesson_sets: tuple[Any, ...], versions: tuple[str, ...] = ()) -> Any:
    sources = []
    for index, lessons in enumerate(lesson_sets):
        base = report(learner_id=f"id{index}", learner=f"L{index}")
        version = versions[index] if versions else "1.0"
        course = replace(base.courses[0], lessons=lessons, pack_version=version)
        sources.append(Source(f"r{index}.json", replace(base, courses=(course,))))
    return build_cohort(sources, [], now=NOW).courses[0]


def test_counts_and_means_per_lesson() -> None:
    course = cohort_of(
        (lesson("a", attempts=1, best_score=1.0, mastery=0.9), lesson("b", position=1, status="in_progress")),
        (lesson("a", attempts=3, best_score=0.8, mastery=0.7), lesson("b", position=1, status="not_started")),
    )
    a, b = course.lessons
    assert (a.completed, a.learners, a.attempted, a.attempted_not_passed) == (2, 2, 2, 0)
    assert a.mean_attempts_to_pass == 2.0 and a.mean_best_score == pytest.approx(0.9)
    assert a.mean_mastery == pytest.approx(0.8)
    assert a.retention == pytest.approx(0.8) and a.retention_reviews == 20
    assert (b.completed, b.in_progress, b.not_started) == (0, 1, 1)


def test_quiz_hard_to_pass_is_flagged() -> None:
    stuck = lesson("a", status="in_progress", attempts=2, best_score=0.5, completed_on=None)
    course = cohort_of((stuck,), (lesson("a"),), (lesson("a"),), (lesson("a"),))
    assert course.lessons[0].flags == ("quiz hard to pass: 1 of 4 who tried have not passed",)
    fine = cohort_of((lesson("a"),), (lesson("a"),), (lesson("a"),), (lesson("a"),), (stuck,))
    assert fine.lessons[0].flags == ()  # 1 of 5 is under a quarter


def test_many_attempts_and_low_retention_are_flagged() -> None:
    course = cohort_of(
        (lesson("a", attempts=2, retention=0.5, retention_reviews=10),),
        (lesson("a", attempts=3, retention=0.7, retention_reviews=10),),
    )
    assert course.lessons[0].flags == (
        "passed after 2.5 quiz attempts on average",
        "often forgotten: 60% recalled over 20 reviews",
    )
    few = cohort_of((lesson("a", retention=0.0, retention_reviews=9),))
    assert few.lessons[0].flags == ()  # too few reviews to say


def test_drop_off_from_the_lesson_before_is_flagged() -> None:
    done = (lesson("a"), lesson("b", position=1))
    stopped = (lesson("a"), lesson("b", position=1, status="not_started", attempts=0, best_score=None))
    course = cohort_of(done, stopped, stopped, done)
    assert course.lessons[1].flags == ("2 fewer learners completed it than the lesson before",)


def test_lessons_only_older_pack_versions_had_still_count() -> None:
    old = (lesson("a"), lesson("gone", position=1))
    new = (lesson("a"), lesson("b", position=1))
    course = cohort_of(old, new, versions=("1.9", "1.10"))  # compared as numbers
    assert course.pack_versions == ("1.9", "1.10")
    assert [x.lesson_id for x in course.lessons] == ["a", "b", "gone"]
    assert [x.learners for x in course.lessons] == [2, 1, 1]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("=1+2", "'=1+2"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Sam", "Sam"),
        (0.75, "0.75"),
        (0.0, "0"),
        (1 / 3, "0.3333"),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_cells(value: object, text: str) -> None:
    assert cell(value) == text


def test_charts_escape_their_text_and_scale_bars() -> None:
    svg = grouped_bars(
        "<caption>", [Series("mastery", "M & N")], [Row("<script>alert(1)</script>", (0.5,), flagged=True)]
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;caption&gt;" in svg
    assert 'width="220.0"' in svg  # half of the 440-unit bar area
    assert "⚑" in svg and "flag-band" in svg
    stacked = stacked_bars(
        "s", [Series("completed", "c"), Series("not_started", "n")], [StackRow("x", (3, 1))]
    )
    assert 'width="330.0"' in stacked and 'width="110.0"' in stacked
    none = grouped_bars("c", [Series("retention", "R")], [Row("x", (None,))])
    assert "no data" in none and '<rect class="bar' not in none


def test_day_columns_scale_to_the_busiest_day() -> None:
    days = [((NOW + timedelta(days=i)).date().isoformat(), n, n // 2) for i, n in enumerate([0, 4, 8])]
    svg = day_columns("Answers", days)
    assert svg.count('class="bar s-answers"') == 2
    assert 'height="116.0"' in svg  # the busiest day fills the whole height
    assert 'height="58.0"' in svg


def test_percent_and_page_shell() -> None:
    assert (percent(None), percent(0.875), percent(1.0)) == ("–", "88%", "100%")
    html = page("<Title>", "<p>body</p>")
    assert "<title>&lt;Title&gt;</title>" in html
    assert "default-src 'none'" in html and "<script" not in html

"""Reading report files from outside: every malformed input is a ReportError naming the field."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from altlearn.report.model import (
    CourseReport,
    DayActivity,
    LearnerReport,
    LessonReport,
    ReportError,
    report_from_dict,
    report_to_dict,
)


def lesson(lesson_id: str = "l1", **changes: Any) -> LessonReport:
    values: dict[str, Any] = {
        "lesson_id": lesson_id,
        "title": "Lesson",
        "position": 0,
        "questions": 4,
        "status": "completed",
        "best_score": 0.75,
        "attempts": 1,
        "completed_on": date(2026, 4, 6),
        "mastery": 0.9,
        "cards_learned": 4,
        "retention": 0.8,
        "retention_reviews": 10,
        "answers": 14,
        "reviews": 10,
        "lapses": 1,
        "last_studied": date(2026, 4, 9),
    }
    values.update(changes)
    return LessonReport(**values)


def report(**changes: Any) -> LearnerReport:
    course = CourseReport(
        pack_id="p",
        pack_title="Pack",
        pack_version="1.0",
        course_id="c",
        title="Course",
        threshold=0.8,
        mastery=0.5,
        cards_learned=4,
        questions=8,
        retention=0.8,
        retention_reviews=10,
        lessons=(lesson("l1"), lesson("l2", position=1, status="not_started", best_score=None, mastery=None)),
    )
    values: dict[str, Any] = {
        "generated_at": datetime(2026, 4, 10, tzinfo=UTC),
        "altlearn_version": "0.1.0",
        "learner": "Sam",
        "learner_id": "abc123",
        "study_day": date(2026, 4, 10),
        "retention_30d": 0.8,
        "retention_reviews_30d": 10,
        "streak_days": 2,
        "total_answers": 14,
        "activity": (DayActivity(date(2026, 4, 9), 10, 8),),
        "courses": (course,),
    }
    values.update(changes)
    return LearnerReport(**values)


VALID = report_to_dict(report())


def test_round_trip() -> None:
    assert report_from_dict(json.loads(json.dumps(VALID))) == report()


def _broken(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("format",), "something-else", "its format is 'something-else'"),
        (("format",), KeyError, "no 'format' field"),
        (("version",), 2, "newer altlearn"),
        (("version",), "1", "field 'version'"),
        (("version",), True, "field 'version'"),
        (("generated_at",), "2026-04-10T00:00:00", "field 'generated_at'"),  # no offset
        (("learner",), "Sam", "field 'learner' should be an object"),
        (("learner", "name"), 7, "field 'learner.name' should be text"),
        (("learner", "name"), "x" * 501, "field 'learner.name' should be text"),
        (("summary", "retention_30d"), 1.2, "field 'summary.retention_30d'"),
        (("summary", "streak_days"), -1, "field 'summary.streak_days'"),
        (("summary", "total_answers"), 2.5, "field 'summary.total_answers'"),
        (("activity",), {}, "field 'activity' should be a list"),
        (("activity", 0, "day"), "yesterday", "field 'activity[0].day'"),
        (("courses", 0, "threshold"), float("nan"), "field 'courses[0].threshold'"),
        (("courses", 0, "lessons", 1, "status"), "done", "field 'courses[0].lessons[1].status'"),
        (("courses", 0, "lessons", 0, "attempts"), False, "field 'courses[0].lessons[0].attempts'"),
        (("courses", 0, "lessons", 0, "title"), KeyError, "field 'courses[0].lessons[0].title'"),
        (("courses", 0, "lessons"), ["not a lesson"], "field 'courses[0].lessons[0]' should be an object"),
    ],
)
def test_malformed_fields_are_named(path: tuple[Any, ...], value: Any, message: str) -> None:
    with pytest.raises(ReportError) as caught:
        report_from_dict(_broken(path, value))
    assert message in caught.value.message


@pytest.mark.parametrize("data", [None, [], "report", 3, {"format": None}])
def test_anything_else_is_not_a_report(data: Any) -> None:
    with pytest.raises(ReportError, match="not an altlearn learner report"):
        report_from_dict(data)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON)
def test_arbitrary_json_is_refused_cleanly(data: Any) -> None:
    try:
        report_from_dict(data)
    except ReportError:
        pass
    else:  # pragma: no cover - only if hypothesis builds a whole valid report
        raise AssertionError("an arbitrary value was read as a report")


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _paths(v, (*prefix, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _paths(v, (*prefix, i))]
    return [prefix]


LEAVES = _paths(VALID)


@settings(max_examples=200)
@given(st.sampled_from(LEAVES), JSON)
def test_one_corrupted_field_is_read_or_refused_never_crashes(path: tuple[Any, ...], value: Any) -> None:
    try:
        parsed = report_from_dict(_broken(path, value))
    except ReportError:
        return
    # Accepted: it must then be a well-formed report again.
    assert report_from_dict(report_to_dict(parsed)) == parsed

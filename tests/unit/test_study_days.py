"""The study day: local zone and rollover hour, in Tokyo and in zones with daylight saving."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from altlearn.config import Settings
from altlearn.study.clock import FixedClock, StudyDay
from tests.study_helpers import FIRST, copy_pack, installed, open_study, take_quiz

ZONES = ["Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "rollover", "moment", "day"),
    [
        # Tokyo (UTC+9, no DST), day from 04:00: 19:00 UTC is the boundary.
        ("Asia/Tokyo", 4, utc(2026, 4, 5, 18, 59, 59), date(2026, 4, 5)),
        ("Asia/Tokyo", 4, utc(2026, 4, 5, 19, 0, 0), date(2026, 4, 6)),
        ("Asia/Tokyo", 0, utc(2026, 4, 5, 15, 0, 0), date(2026, 4, 6)),
        ("Asia/Tokyo", 23, utc(2026, 4, 6, 13, 59, 0), date(2026, 4, 5)),
        # New York, DST starts 2026-03-08 02:00 local: the day from 04:00 starts at 08:00 UTC.
        ("America/New_York", 4, utc(2026, 3, 8, 7, 59), date(2026, 3, 7)),
        ("America/New_York", 4, utc(2026, 3, 8, 8, 0), date(2026, 3, 8)),
        ("America/New_York", 4, utc(2026, 3, 7, 9, 0), date(2026, 3, 7)),
        # ... DST ends 2026-11-01 02:00 local: the next day starts at 09:00 UTC.
        ("America/New_York", 4, utc(2026, 11, 2, 8, 59), date(2026, 11, 1)),
        ("America/New_York", 4, utc(2026, 11, 2, 9, 0), date(2026, 11, 2)),
        # London, BST from 2026-03-29 01:00 UTC.
        ("Europe/London", 4, utc(2026, 3, 29, 2, 59), date(2026, 3, 28)),
        ("Europe/London", 4, utc(2026, 3, 29, 3, 0), date(2026, 3, 29)),
        ("Europe/London", 4, utc(2026, 10, 25, 3, 59), date(2026, 10, 24)),
        ("Europe/London", 4, utc(2026, 10, 25, 4, 0), date(2026, 10, 25)),
    ],
)
def test_day_of(zone: str, rollover: int, moment: datetime, day: date) -> None:
    assert StudyDay(ZoneInfo(zone), rollover).day_of(moment) == day


@pytest.mark.parametrize(
    ("zone", "rollover", "day", "hours"),
    [
        ("Asia/Tokyo", 4, date(2026, 3, 8), 24),
        ("America/New_York", 4, date(2026, 3, 7), 23),  # spans the spring-forward night
        ("America/New_York", 4, date(2026, 10, 31), 25),
        (
            "America/New_York",
            2,
            date(2026, 3, 8),
            23,
        ),  # 02:00 does not exist that day: it starts at 03:00 EDT
        (
            "America/New_York",
            1,
            date(2026, 11, 1),
            25,
        ),  # 01:00 happens twice that day: the first one starts it
        ("Europe/London", 4, date(2026, 3, 28), 23),
        ("Europe/London", 4, date(2026, 10, 24), 25),
    ],
)
def test_days_with_a_clock_change_are_23_or_25_hours(zone: str, rollover: int, day: date, hours: int) -> None:
    study_day = StudyDay(ZoneInfo(zone), rollover)
    assert study_day.end_of(day) - study_day.start_of(day) == timedelta(hours=hours)


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(ZONES),
    rollover=st.integers(min_value=0, max_value=23),
)
def test_every_moment_falls_inside_its_study_day(moment: datetime, zone: str, rollover: int) -> None:
    study_day = StudyDay(ZoneInfo(zone), rollover)
    day = study_day.day_of(moment)
    assert study_day.start_of(day) <= moment < study_day.end_of(day)
    assert study_day.day_of(study_day.start_of(day)) == day
    assert timedelta(hours=22) <= study_day.end_of(day) - study_day.start_of(day) <= timedelta(hours=26)


def test_answers_near_the_rollover_count_on_the_right_day_in_new_york(tmp_path: Path) -> None:
    """2026-03-07 is 23 hours long in New York: a 24-hour day would put 04:30 EDT on the 7th."""
    clock = FixedClock(utc(2026, 3, 8, 8, 30))  # 04:30 EDT on the 8th
    study = open_study(
        tmp_path / "home",
        [installed(copy_pack(tmp_path))],
        clock,
        settings=Settings(timezone="America/New_York", rollover_hour=4),
    )
    with study:
        take_quiz(study, FIRST, clock=clock, step=timedelta(seconds=1))
        clock.set(utc(2026, 3, 9, 3, 0))  # 23:00 EDT on the 8th: still the 8th
        stats = study.stats()
        by_day = {d.day: d.count for d in stats.reviews_per_day}
        assert by_day[date(2026, 3, 8)] == 8
        assert by_day[date(2026, 3, 7)] == 0
        assert stats.reviewed_today == 8 and stats.new_today == 8
        assert stats.streak == 1
        clock.set(utc(2026, 3, 9, 7, 59))  # 03:59 EDT on the 9th: the study day is still the 8th
        assert study.today_counts()["reviewed_today"] == 8
        clock.set(utc(2026, 3, 9, 8, 0))  # 04:00 EDT: a new day
        assert study.today_counts()["reviewed_today"] == 0
        assert study.streak() == 1  # yesterday counts until today is over


def test_tokyo_rollover_in_todays_counts_and_the_streak(tmp_path: Path) -> None:
    clock = FixedClock(utc(2026, 4, 5, 18, 58))  # 03:58 on the 6th in Tokyo: still the 5th
    study = open_study(tmp_path / "home", [installed(copy_pack(tmp_path))], clock)
    with study:
        take_quiz(study, FIRST, wrong={"b-single"}, clock=clock, step=timedelta(seconds=5))
        assert study.today_counts()["reviewed_today"] == 8
        clock.set(utc(2026, 4, 5, 19, 0))  # 04:00 in Tokyo
        counts = study.today_counts()
        assert counts["reviewed_today"] == 0 and counts["new_today"] == 0
        assert study.streak() == 1
        take_quiz(study, "b-second", clock=clock)
        assert study.streak() == 2
        clock.advance(timedelta(days=2))
        assert study.streak() == 0
        assert study.stats().reviews_per_day[-3].count == 1  # b-second's one question

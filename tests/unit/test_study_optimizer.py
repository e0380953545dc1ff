"""Fitting FSRS-6 parameters to a learner's own history (fsrs-rs-python)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from altlearn.storage.database import open_database
from altlearn.study.clock import StudyDay
from altlearn.study.optimizer import (
    MIN_REVIEWS,
    NotEnoughHistory,
    clamp,
    collect_history,
    fit,
    typical_intervals,
)
from altlearn.study.scheduler import PARAMETER_BOUNDS, SchedulerSettings
from tests.study_helpers import simulate_history

DAY = StudyDay(ZoneInfo("Asia/Tokyo"), 4)


def test_too_little_history_is_refused_with_the_numbers(tmp_path: Path) -> None:
    db = open_database(tmp_path / "p.sqlite3")
    simulate_history(db, cards=40, answers=6)
    history = collect_history(db, DAY)
    assert 0 < history.reviews < MIN_REVIEWS and history.cards == 40
    assert history.answers >= history.reviews + 40  # first answers and same-day repeats are not reviews
    with pytest.raises(NotEnoughHistory, match=rf"{history.reviews} reviews of 40 cards"):
        fit(db, DAY, SchedulerSettings())


def test_a_forgetful_learner_gets_shorter_intervals_that_fit_better(tmp_path: Path) -> None:
    db = open_database(tmp_path / "p.sqlite3")
    simulate_history(db, cards=200, answers=12, forgetting=3.0)
    result = fit(db, DAY, SchedulerSettings())
    assert result.history.reviews >= MIN_REVIEWS and result.history.cards == 200
    assert result.better and result.new_loss < result.old_loss
    assert len(result.new) == 21 and result.changed
    assert all(low <= value <= high for value, (low, high) in zip(result.new, PARAMETER_BOUNDS, strict=True))
    assert result.old_intervals == typical_intervals(SchedulerSettings())
    assert result.new_intervals[-1] < result.old_intervals[-1] / 2
    SchedulerSettings(parameters=result.new).validate()  # py-fsrs accepts them


def test_a_learner_like_the_defaults_gets_parameters_near_them(tmp_path: Path) -> None:
    db = open_database(tmp_path / "p.sqlite3")
    simulate_history(db, cards=200, answers=12, forgetting=1.0)
    result = fit(db, DAY, SchedulerSettings())
    assert abs(result.new_loss - result.old_loss) < 0.05
    ratio = result.new_intervals[2] / result.old_intervals[2]
    assert 0.3 < ratio < 3


def test_clamp_pulls_values_into_range() -> None:
    values = [-5.0] * 10 + [1e9] * 11
    clamped = clamp(values)
    assert clamped[0] == PARAMETER_BOUNDS[0][0] and clamped[-1] == PARAMETER_BOUNDS[-1][1]


def test_typical_intervals_grow() -> None:
    intervals = typical_intervals(SchedulerSettings())
    assert list(intervals) == sorted(intervals) and intervals[0] >= 1

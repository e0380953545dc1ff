"""The scheduler wrapper: fsrs's fuzz ranges, a replayable seed, threads, settings checks."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import fsrs.scheduler
import pytest

from altlearn.domain.ids import card_id
from altlearn.domain.rating import Rating
from altlearn.study.scheduler import (
    SchedulerSettings,
    _scheduler,
    fuzz_range,
    new_card,
    review,
)

WHEN = datetime(2026, 4, 6, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize("maximum", [36500, 100])
def test_fuzz_ranges_are_fsrs_own(monkeypatch: pytest.MonkeyPatch, maximum: int) -> None:
    """Draw fsrs's extremes (random() = 0 and just under 1) and compare with ours, every interval."""
    plain = fsrs.Scheduler(maximum_interval=maximum, enable_fuzzing=True)
    for days in range(0, 400):
        interval = timedelta(days=days)
        monkeypatch.setattr(fsrs.scheduler, "random", lambda: 0.0)
        lowest = plain._get_fuzzed_interval(interval=interval).days
        monkeypatch.setattr(fsrs.scheduler, "random", lambda: 0.999999)
        highest = plain._get_fuzzed_interval(interval=interval).days
        if days < 3:
            assert lowest == highest == days
        else:
            low, high = fuzz_range(days, maximum)
            assert (lowest, min(round(0.999999 * (high - low + 1) + low), maximum)) == (low, highest), days


def _reviews(question: str, settings: SchedulerSettings, count: int = 8) -> list[datetime]:
    state = new_card("p", question, card_id("p", question), WHEN)
    when, dues = WHEN, []
    for _ in range(count):
        state = review(state, Rating.GOOD, when, settings)
        dues.append(state.due)
        when = state.due
    return dues


def test_fuzz_is_a_function_of_card_and_time() -> None:
    fuzzed, plain = SchedulerSettings(), SchedulerSettings(fuzz=False)
    assert _reviews("q1", fuzzed) == _reviews("q1", fuzzed)
    assert _reviews("q1", fuzzed) != _reviews("q1", plain)  # it does fuzz
    spreads = {tuple(_reviews(f"q{i}", fuzzed)) for i in range(20)}
    assert len(spreads) > 10  # and differently for different cards
    state, when = new_card("p", "q1", card_id("p", "q1"), WHEN), WHEN
    for _ in range(8):  # each fuzzed interval lies in fsrs's range around the plain one
        plain_days = (review(state, Rating.GOOD, when, plain).due - when).days
        state = review(state, Rating.GOOD, when, fuzzed)
        low, high = (
            fuzz_range(plain_days, fuzzed.maximum_interval)
            if plain_days >= 3
            else (plain_days, plain_days - 1)
        )
        # fsrs rounds draw * (high - low + 1) + low, so it can land one day past "high"; we do the same.
        assert low <= (state.due - when).days <= high + 1
        when = state.due


def test_threads_do_not_share_a_seed() -> None:
    settings = SchedulerSettings()
    expected = {f"q{i}": _reviews(f"q{i}", settings, 12) for i in range(8)}
    results: dict[str, list[datetime]] = {}
    barrier = threading.Barrier(8)

    def work(question: str) -> None:
        barrier.wait()
        for _ in range(30):
            results[question] = _reviews(question, settings, 12)
            assert results[question] == expected[question]

    threads = [threading.Thread(target=work, args=(q,)) for q in expected]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (SchedulerSettings(desired_retention=0.5), "desired retention"),
        (SchedulerSettings(maximum_interval=0), "maximum interval"),
        (SchedulerSettings(parameters=(1.0,) * 19), "21 parameters"),
        (SchedulerSettings(parameters=(-1.0, *SchedulerSettings().parameters[1:])), "parameter 0"),
        (SchedulerSettings(parameters=(*SchedulerSettings().parameters[:20], float("nan"))), "parameter 20"),
    ],
)
def test_settings_fsrs_would_reject_are_refused(settings: SchedulerSettings, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        settings.validate()


def test_settings_round_trip_and_name_themselves() -> None:
    settings = SchedulerSettings(desired_retention=0.85, maximum_interval=365)
    again = SchedulerSettings.from_dict(settings.to_dict())
    assert again == settings and again.params_id == settings.params_id
    assert SchedulerSettings().params_id != settings.params_id
    assert _scheduler(settings) is _scheduler(again)


def test_card_ids_are_stable_positive_integers() -> None:
    assert card_id("school-customs", "sc-shoes") == card_id("school-customs", "sc-shoes")
    assert card_id("a", "bc") != card_id("ab", "c")
    assert all(0 < card_id("p", f"q{i}") < 2**63 for i in range(100))

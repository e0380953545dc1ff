"""FSRS scheduling: the only module that talks to the ``fsrs`` package.

Fuzzing (a little randomness in long intervals, so cards learned together do
not stay bunched) is on in use, but drawn from a seed made of the card id and
the review time. Replaying the log therefore reproduces every stored state
exactly, fuzz included.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS, FUZZ_RANGES, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from altlearn.domain.rating import Rating
from altlearn.domain.review import CardPhase, CardState
from altlearn.domain.times import as_utc, to_epoch_ms

PARAMETER_BOUNDS: tuple[tuple[float, float], ...] = tuple(
    zip(LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
)
"""The range fsrs accepts for each of the 21 FSRS-6 parameters."""

_SEED = threading.local()
"""The fuzz seed of the review in progress, per thread: the schedulers are shared
(cached) between threads, so the seed cannot live on the scheduler object."""


@dataclass(frozen=True)
class SchedulerSettings:
    """Everything that decides intervals. Stored with every answer (by its id).

    Attributes:
        parameters: The 21 FSRS-6 weights (defaults, or fitted by ``altlearn optimize``).
        desired_retention: Target chance of remembering when a card comes due.
        maximum_interval: Longest interval in days.
        learning_steps: Minutes between first answers before a card graduates.
            Empty by default: a lesson's quiz is the learning step.
        relearning_steps: Minutes before a forgotten card comes back.
        fuzz: Spread long intervals a little (off in tests).
    """

    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
    desired_retention: float = 0.9
    maximum_interval: int = 36500
    learning_steps: tuple[float, ...] = ()
    relearning_steps: tuple[float, ...] = (10.0,)
    fuzz: bool = True

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, as stored in the params table."""
        return {
            "parameters": list(self.parameters),
            "desired_retention": self.desired_retention,
            "maximum_interval": self.maximum_interval,
            "learning_steps": list(self.learning_steps),
            "relearning_steps": list(self.relearning_steps),
            "fuzz": self.fuzz,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> SchedulerSettings:
        """Inverse of :meth:`to_dict`."""
        return cls(
            parameters=tuple(float(x) for x in data["parameters"]),  # type: ignore[attr-defined]
            desired_retention=float(data["desired_retention"]),  # type: ignore[arg-type]
            maximum_interval=int(data["maximum_interval"]),  # type: ignore[call-overload]
            learning_steps=tuple(float(x) for x in data.get("learning_steps", ())),  # type: ignore[attr-defined]
            relearning_steps=tuple(float(x) for x in data.get("relearning_steps", (10.0,))),  # type: ignore[attr-defined]
            fuzz=bool(data.get("fuzz", True)),
        )

    @property
    def params_id(self) -> str:
        """A short content hash naming these settings in the review log."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    def validate(self) -> SchedulerSettings:
        """Return self, or raise ValueError for values FSRS would reject."""
        if not 0.7 <= self.desired_retention <= 0.99:
            raise ValueError("desired retention must be between 0.70 and 0.99")
        if not 1 <= self.maximum_interval <= 36500:
            raise ValueError("maximum interval must be between 1 and 36500 days")
        if len(self.parameters) != len(PARAMETER_BOUNDS):
            raise ValueError(f"FSRS-6 takes {len(PARAMETER_BOUNDS)} parameters, not {len(self.parameters)}")
        for index, (value, (low, high)) in enumerate(zip(self.parameters, PARAMETER_BOUNDS, strict=True)):
            if not low <= value <= high:  # also false for NaN
                raise ValueError(f"FSRS parameter {index} is {value}, outside {low}..{high}")
        if any(not 0 < step <= 1440 * 365 for step in (*self.learning_steps, *self.relearning_steps)):
            raise ValueError("learning steps must be positive numbers of minutes")
        _scheduler(self)
        return self


class _SeededScheduler(fsrs.Scheduler):
    """fsrs's scheduler with fuzz drawn from a per-review seed instead of global ``random``."""

    def _get_fuzzed_interval(self, *, interval: timedelta) -> timedelta:
        # Same ranges as fsrs.Scheduler._get_fuzzed_interval; only the source of
        # randomness differs (a test compares the two for every interval).
        interval_days = interval.days
        if interval_days < 2.5:
            return interval
        low, high = fuzz_range(interval_days, self.maximum_interval)
        draw = random.Random(getattr(_SEED, "value", 0)).random()
        days = min(round(draw * (high - low + 1) + low), self.maximum_interval)
        return timedelta(days=days)


def fuzz_range(interval_days: int, maximum_interval: int) -> tuple[int, int]:
    """The smallest and largest fuzzed interval for ``interval_days`` (fsrs's ranges)."""
    delta = 1.0
    for item in FUZZ_RANGES:
        delta += item["factor"] * max(min(float(interval_days), item["end"]) - item["start"], 0.0)
    low = max(2, round(interval_days - delta))
    high = min(round(interval_days + delta), maximum_interval)
    return min(low, high), high


@lru_cache(maxsize=32)
def _scheduler(settings: SchedulerSettings) -> _SeededScheduler:
    return _SeededScheduler(
        parameters=settings.parameters,
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps),
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=settings.fuzz,
    )


def new_card(pack_id: str, question_id: str, card_id: int, now: datetime) -> CardState:
    """The state of a question never answered."""
    return CardState(pack_id=pack_id, question_id=question_id, card_id=card_id, due=as_utc(now))


def _to_fsrs(state: CardState) -> fsrs.Card:
    return fsrs.Card(
        card_id=state.card_id,
        state=fsrs.State(int(state.phase)),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def review(state: CardState, rating: Rating, when: datetime, settings: SchedulerSettings) -> CardState:
    """The card's state after answering it with ``rating`` at ``when``. Pure.

    The fuzz seed comes from the card id and the review time, so the same
    inputs always give the same output.
    """
    when = as_utc(when)
    scheduler = _scheduler(settings)
    _SEED.value = fuzz_seed(state.card_id, when)
    card, _log = scheduler.review_card(_to_fsrs(state), fsrs.Rating(int(rating)), when)
    lapse = state.phase is CardPhase.REVIEW and rating is Rating.AGAIN
    return CardState(
        pack_id=state.pack_id,
        question_id=state.question_id,
        card_id=state.card_id,
        phase=CardPhase(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=as_utc(card.due),
        last_review=as_utc(card.last_review) if card.last_review else None,
        reps=state.reps + 1,
        lapses=state.lapses + (1 if lapse else 0),
        first_review=state.first_review or when,
    )


def fuzz_seed(card_id: int, when: datetime) -> int:
    """The fuzz seed of one review: a hash of the card id and the review time (ms)."""
    source = f"{card_id}:{to_epoch_ms(when)}".encode()
    return int.from_bytes(hashlib.blake2b(source, digest_size=8).digest(), "big")


def retrievability(state: CardState, now: datetime, settings: SchedulerSettings) -> float:
    """The estimated chance of recalling the card at ``now`` (0 when never reviewed)."""
    if state.last_review is None or state.stability is None:
        return 0.0
    return float(_scheduler(settings).get_card_retrievability(_to_fsrs(state), as_utc(now)))


def preview_due(state: CardState, when: datetime, settings: SchedulerSettings) -> dict[Rating, datetime]:
    """When the card would come back for each rating, answered at ``when``."""
    return {rating: review(state, rating, when, settings).due for rating in Rating}


@dataclass
class ReplayCache:
    """Settings looked up by id while replaying a log (many answers share a few settings)."""

    settings: dict[str, SchedulerSettings] = field(default_factory=dict)
    default: SchedulerSettings = field(default_factory=SchedulerSettings)

    def get(self, params_id: str) -> SchedulerSettings:
        """Settings for ``params_id``; the default when unknown (e.g. an imported log)."""
        return self.settings.get(params_id, self.default)


def decay_and_factor(settings: SchedulerSettings) -> tuple[float, float]:
    """FSRS-6's forgetting-curve constants for ``settings``: R = (1 + factor * t / S) ** decay."""
    decay = -settings.parameters[20]
    return decay, 0.9 ** (1 / decay) - 1

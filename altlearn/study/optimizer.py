"""Personal FSRS parameters: fitting FSRS-6 to the learner's own history.

The fit uses ``fsrs-rs-python`` (a small Rust extension with no dependencies;
fsrs's own optimizer needs torch, over 1 GB). The history is every card's
answers in force, in replay order, measured in the learner's study days.

How much history is enough? Each answer given on a later study day than the
card's previous answer is one thing the model can learn from (a "review").
Below about a thousand of them fsrs-rs only adjusts the first four parameters
(the initial stabilities), and in trials on simulated learners that partial
fit was often *worse* than the defaults on the very history it was fitted to.
So :data:`MIN_REVIEWS` is 1,000 reviews over at least :data:`MIN_CARDS` cards,
and a fit is only offered when it predicts the learner's history better (lower
log loss) than the parameters in use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from altlearn.domain.rating import Rating
from altlearn.domain.times import from_epoch_ms
from altlearn.errors import AltlearnError
from altlearn.study.clock import StudyDay
from altlearn.study.replay import card_histories, in_force
from altlearn.study.scheduler import PARAMETER_BOUNDS, SchedulerSettings, new_card, review

if TYPE_CHECKING:
    from altlearn.storage.database import Database

MIN_REVIEWS = 1000
"""Reviews (answers on a later study day than the card's previous answer) needed to fit."""

MIN_CARDS = 50
"""Cards those reviews must be spread over."""

TYPICAL_GOODS = 5
"""How many Good answers in a row the "typical card" comparison follows."""


class NotEnoughHistory(AltlearnError):
    """There is too little review history to fit parameters yet."""


@dataclass(frozen=True)
class History:
    """The learner's history as the optimizer sees it."""

    items: list[FSRSItem]
    reviews: int
    cards: int
    answers: int


@dataclass(frozen=True)
class FitResult:
    """What fitting found.

    Attributes:
        old: The parameters in use.
        new: The fitted parameters (clamped to the range fsrs accepts).
        history: The history fitted to.
        old_loss: Log loss of ``old`` on the history (lower predicts better).
        new_loss: Log loss of ``new`` on the history.
        old_intervals: Days between reviews of a new card answered Good every time, with ``old``.
        new_intervals: The same with ``new``.
    """

    old: tuple[float, ...]
    new: tuple[float, ...]
    history: History
    old_loss: float
    new_loss: float
    old_intervals: tuple[int, ...]
    new_intervals: tuple[int, ...]

    @property
    def better(self) -> bool:
        """Whether the new parameters predict the learner's history better than the old ones."""
        return self.new_loss < self.old_loss

    @property
    def changed(self) -> list[tuple[int, float, float]]:
        """``(index, old, new)`` for every parameter that moved noticeably."""
        return [
            (i, a, b)
            for i, (a, b) in enumerate(zip(self.old, self.new, strict=True))
            if abs(a - b) > 5e-5 * max(1.0, abs(a))
        ]


def collect_history(db: Database, day: StudyDay) -> History:
    """Every card's answers in force as FSRS training items (intervals in study days)."""
    items: list[FSRSItem] = []
    reviews = cards = answers = 0
    for _, _, entries in card_histories(db):
        live = in_force(entries)
        if not live:
            continue
        cards += 1
        answers += len(live)
        history: list[FSRSReview] = []
        previous = None
        for entry in live:
            today = day.day_of(from_epoch_ms(entry.reviewed_at))
            delta = 0 if previous is None else (today - previous).days
            assert entry.rating is not None
            history.append(FSRSReview(int(entry.rating), delta))
            if delta > 0:
                reviews += 1
                items.append(FSRSItem(list(history)))
            previous = today
    items = [item for item in items if item.long_term_review_cnt() > 0]
    return History(items=items, reviews=reviews, cards=cards, answers=answers)


def typical_intervals(settings: SchedulerSettings, goods: int = TYPICAL_GOODS) -> tuple[int, ...]:
    """Days until each next review of a new card answered Good every time, on the day it is due."""
    plain = replace(settings, fuzz=False)
    when = datetime(2026, 1, 5, 9, tzinfo=UTC)
    state = new_card("typical", "card", 1, when)
    intervals = []
    for _ in range(goods):
        state = review(state, Rating.GOOD, when, plain)
        intervals.append(max(0, round((state.due - when) / timedelta(days=1))))
        when = state.due
    return tuple(intervals)


def clamp(parameters: list[float]) -> tuple[float, ...]:
    """Parameters pulled into the range fsrs accepts (fsrs-rs's bounds differ a little)."""
    return tuple(
        min(max(value, low), high) for value, (low, high) in zip(parameters, PARAMETER_BOUNDS, strict=True)
    )


def fit(
    db: Database,
    day: StudyDay,
    current: SchedulerSettings,
    *,
    min_reviews: int = MIN_REVIEWS,
    min_cards: int = MIN_CARDS,
) -> FitResult:
    """Fit FSRS-6 parameters to the learner's history. Reads only; saves nothing.

    Raises:
        NotEnoughHistory: fewer than ``min_reviews`` reviews or ``min_cards`` cards.
    """
    history = collect_history(db, day)
    if history.reviews < min_reviews or history.cards < min_cards:
        raise NotEnoughHistory(
            f"not enough history to fit your own parameters yet: {history.reviews} reviews of "
            f"{history.cards} cards (altlearn needs {min_reviews} reviews of at least {min_cards} cards)",
            hint="keep reviewing; a review counts when a card comes back on a later day",
        )
    old = tuple(current.parameters)
    fitted = clamp(FSRS(list(old)).compute_parameters(history.items))
    new_settings = replace(current, parameters=fitted)
    return FitResult(
        old=old,
        new=fitted,
        history=history,
        old_loss=float(FSRS(list(old)).evaluate(history.items).log_loss),
        new_loss=float(FSRS(list(fitted)).evaluate(history.items).log_loss),
        old_intervals=typical_intervals(current),
        new_intervals=typical_intervals(new_settings),
    )


PARAMETER_NAMES = (
    "initial stability, Again",
    "initial stability, Hard",
    "initial stability, Good",
    "initial stability, Easy",
    "initial difficulty",
    "difficulty spread by first rating",
    "difficulty change per rating",
    "difficulty mean reversion",
    "stability growth on recall",
    "growth slows as stability rises",
    "growth rises as recall falls",
    "stability after forgetting",
    "forgetting: effect of difficulty",
    "forgetting: effect of old stability",
    "forgetting: effect of recall",
    "Hard penalty",
    "Easy bonus",
    "same-day review: growth",
    "same-day review: rating offset",
    "same-day review: saturation",
    "forgetting-curve decay",
)
"""What each of the 21 FSRS-6 parameters does, in a few words (for the report)."""

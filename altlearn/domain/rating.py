"""How well a learner recalled a card (the four FSRS grades)."""

from __future__ import annotations

from enum import IntEnum


class Rating(IntEnum):
    """The learner's rating of one recall, as FSRS numbers them."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        """The word shown to learners."""
        return self.name.capitalize()

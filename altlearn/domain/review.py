"""Review events (the append-only log) and the card state derived from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any

from altlearn.domain.rating import Rating


class Grading(StrEnum):
    """How a review's rating was decided."""

    AUTO = "auto"
    """altlearn graded the answer: wrong -> Again, right -> Good."""
    ADJUSTED = "adjusted"
    """altlearn graded it right and the learner changed Good to Hard or Easy."""
    SELF = "self"
    """The learner rated their own recall (flashcards)."""


class EventKind(StrEnum):
    """What a log entry records."""

    ANSWER = "answer"
    """A question was answered and rated."""
    UNDO = "undo"
    """The answer named by ``replaces`` is withdrawn."""


class Context(StrEnum):
    """Where an answer was given."""

    QUIZ = "quiz"
    REVIEW = "review"


class CardPhase(IntEnum):
    """FSRS's card states, numbered as FSRS numbers them."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, kw_only=True)
class ReviewEvent:
    """One entry of the review log. Entries are never changed or deleted.

    Changing a rating appends a new ANSWER that ``replaces`` the earlier one;
    undoing appends an UNDO that ``replaces`` it. Replaying the log skips
    replaced entries.

    Attributes:
        uid: Globally unique id, kept across devices (import deduplicates on it).
        reviewed_at: Aware UTC time of the answer.
        answer: What the learner gave, as JSON-ready data (choice indices, text...).
        correct: Whether altlearn graded it right; None for self-rated cards.
        params_id: The scheduler parameters in force (see the store's params table).
        attempt: Groups the answers of one quiz sitting; empty for reviews.
        elapsed_ms: Time since the card's previous answer, as the answering device
            knew it (None for a first answer and for undos). Like Anki's "last
            interval", it lets "true retention" be counted without re-reading history.
    """

    uid: str
    kind: EventKind = EventKind.ANSWER
    pack_id: str
    question_id: str
    reviewed_at: datetime
    rating: Rating | None = None
    grading: Grading | None = None
    correct: bool | None = None
    answer: Any = None
    duration_ms: int | None = None
    params_id: str = ""
    context: Context = Context.REVIEW
    attempt: str = ""
    replaces: str = ""
    device: str = ""
    elapsed_ms: int | None = None


class LessonEventKind(StrEnum):
    """What happened to a lesson."""

    OPENED = "opened"
    QUIZ_PASSED = "quiz_passed"
    QUIZ_FAILED = "quiz_failed"
    READ = "read"
    """A lesson without questions was marked as read (it completes it)."""


@dataclass(frozen=True, kw_only=True)
class LessonEvent:
    """An append-only record of lesson progress (lesson status is derived from these)."""

    uid: str
    kind: LessonEventKind
    pack_id: str
    lesson_id: str
    at: datetime
    score: float | None = None
    attempt: str = ""
    device: str = ""


class LessonStatus(StrEnum):
    """Where a learner is with a lesson."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


@dataclass(frozen=True, kw_only=True)
class CardState:
    """A question's scheduling state, derived by replaying its answers.

    ``due``, ``last_review`` and ``first_review`` are aware UTC datetimes.
    """

    pack_id: str
    question_id: str
    card_id: int
    phase: CardPhase = CardPhase.LEARNING
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    first_review: datetime | None = None
    """When the card's first answer in force was given (None before any)."""

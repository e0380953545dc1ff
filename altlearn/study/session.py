"""Study sessions: a lesson's quiz, and a review of due cards.

A session hands out one question at a time; ``answer`` grades and records it
at once (durably), ``change_rating`` and ``undo`` correct the last answer, and
``advance`` moves on. Screens drive these objects and hold no study logic.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from altlearn.domain.ids import card_id
from altlearn.domain.model import Lesson
from altlearn.domain.questions import Ordering, Question
from altlearn.domain.rating import Rating
from altlearn.domain.review import CardState, Context, Grading, LessonEvent, LessonEventKind
from altlearn.study.answers import Recorded, Recorder, log_time, new_uid
from altlearn.study.clock import Clock
from altlearn.study.grading import Grade, adjusted, grade
from altlearn.study.scheduler import SchedulerSettings, new_card, preview_due


@dataclass(frozen=True)
class Outcome:
    """What answering a question produced, for the feedback screen.

    Attributes:
        due_by_rating: When the card would come back under each rating the
            learner may still choose (only Again for a wrong automatic answer).
    """

    question: Question
    grade: Grade
    recorded: Recorded
    due_by_rating: dict[Rating, datetime]

    @property
    def rating(self) -> Rating:
        """The rating in force."""
        assert self.recorded.event.rating is not None
        return self.recorded.event.rating

    @property
    def next_due(self) -> datetime:
        """When the card comes back."""
        return self.recorded.after.due

    @property
    def allowed_ratings(self) -> tuple[Rating, ...]:
        """Ratings the learner may switch to."""
        if self.grade.grading is Grading.SELF:
            return tuple(Rating)
        return (Rating.HARD, Rating.GOOD, Rating.EASY) if self.grade.correct else (Rating.AGAIN,)


@dataclass
class _Item:
    question: Question
    course_id: str
    pack_id: str
    lesson: Lesson
    shown_at: datetime | None = None
    outcome: Outcome | None = None


class _Session:
    """Shared answering, rating and undo logic."""

    context: Context

    def __init__(self, recorder: Recorder, clock: Clock, settings: SchedulerSettings) -> None:
        self.recorder = recorder
        self.clock = clock
        self.settings = settings
        self.attempt = new_uid()
        self.started_at = clock.now()
        self._items: list[_Item] = []
        self.index = 0

    # The current question -------------------------------------------------
    @property
    def current(self) -> _Item | None:
        """The question being asked (or just answered), None when finished."""
        return self._items[self.index] if self.index < len(self._items) else None

    @property
    def question(self) -> Question | None:
        """The current question."""
        item = self.current
        return item.question if item else None

    def mark_shown(self) -> None:
        """Start timing the current question (call when it is on screen)."""
        if self.current is not None and self.current.shown_at is None:
            self.current.shown_at = self.clock.now()

    def ordering_start(self) -> list[int]:
        """A shuffled arrangement of an ordering question's items, never already right."""
        question = self.question
        assert isinstance(question, Ordering)
        order = list(range(len(question.items)))
        rng = random.Random(f"{self.attempt}:{question.id}")
        while order == sorted(order) and len(order) > 1:
            rng.shuffle(order)
        return order

    # Answering --------------------------------------------------------------
    def answer(self, answer: Any) -> Outcome:
        """Grade and record an answer to the current question.

        Raises:
            InvalidAnswer: the answer does not fit the question.
            RuntimeError: the question was already answered or the session is over.
        """
        item = self.current
        if item is None or item.outcome is not None:
            raise RuntimeError("no question is waiting for an answer")
        result = grade(item.question, answer)
        now = self.clock.now()
        shown = item.shown_at or now
        recorded = self.recorder.answer(
            pack_id=item.pack_id,
            question_id=item.question.id,
            course_id=item.course_id,
            grade=result,
            at=now,
            duration_ms=max(0, int((now - shown).total_seconds() * 1000)),
            context=self.context,
            attempt=self.attempt,
        )
        item.outcome = self._outcome(item.question, result, recorded)
        return item.outcome

    def _outcome(self, question: Question, result: Grade, recorded: Recorded) -> Outcome:
        allowed = (
            tuple(Rating)
            if result.grading is Grading.SELF
            else ((Rating.HARD, Rating.GOOD, Rating.EASY) if result.correct else (Rating.AGAIN,))
        )
        event = recorded.event
        start = recorded.before or new_card(
            event.pack_id, event.question_id, card_id(event.pack_id, event.question_id), event.reviewed_at
        )
        all_previews = preview_due(start, event.reviewed_at, self.settings)
        previews = {r: all_previews[r] for r in allowed}
        return Outcome(question=question, grade=result, recorded=recorded, due_by_rating=previews)

    def change_rating(self, rating: Rating) -> Outcome:
        """Change the rating of the answer just given (before moving on).

        Raises:
            InvalidAnswer: the rating is not allowed for this answer.
        """
        item = self.current
        if item is None or item.outcome is None:
            raise RuntimeError("answer the question first")
        outcome = item.outcome
        if rating == outcome.rating:
            return outcome
        new_grade = adjusted(outcome.grade, rating)
        recorded = self.recorder.rerate(outcome.recorded, rating, new_grade.grading)
        item.outcome = Outcome(
            question=outcome.question, grade=new_grade, recorded=recorded, due_by_rating=outcome.due_by_rating
        )
        return item.outcome

    def advance(self) -> None:
        """Move on to the next question."""
        item = self.current
        if item is not None and item.outcome is None:
            raise RuntimeError("answer the question before moving on")
        self.index += 1
        self._after_advance()

    def _after_advance(self) -> None:
        """Hook for sessions that load questions lazily."""

    @property
    def can_undo(self) -> bool:
        """Whether there is an answer to take back."""
        return any(item.outcome is not None for item in self._items[: self.index + 1])

    def undo(self) -> Question:
        """Take back the most recent answer and ask that question again.

        Raises:
            RuntimeError: nothing has been answered yet.
        """
        position = (
            self.index if self.current is not None and self.current.outcome is not None else self.index - 1
        )
        if position < 0 or position >= len(self._items) or self._items[position].outcome is None:
            raise RuntimeError("there is no answer to undo")
        item = self._items[position]
        assert item.outcome is not None
        self.recorder.undo(item.outcome.recorded, self.clock.now())
        item.outcome = None
        item.shown_at = None
        self.index = position
        self._after_undo(position)
        return item.question

    def _after_undo(self, position: int) -> None:
        """Hook: what to do with the questions after the one asked again."""

    @property
    def answered(self) -> list[Outcome]:
        """Outcomes of the questions answered so far, in order."""
        return [item.outcome for item in self._items if item.outcome is not None]


@dataclass(frozen=True)
class QuizResult:
    """The end of a lesson's quiz."""

    correct: int
    total: int
    threshold: float
    passed: bool

    @property
    def score(self) -> float:
        """Share of questions answered right."""
        return self.correct / self.total if self.total else 1.0


class QuizSession(_Session):
    """A lesson's quiz: every question of the lesson, in order.

    Passing at the course's mastery threshold completes the lesson, which puts
    its questions into the review queue.
    """

    context = Context.QUIZ

    def __init__(
        self,
        *,
        recorder: Recorder,
        clock: Clock,
        settings: SchedulerSettings,
        pack_id: str,
        lesson: Lesson,
        threshold: float,
        record_event: Callable[[LessonEvent], None],
    ) -> None:
        super().__init__(recorder, clock, settings)
        self.pack_id = pack_id
        self.lesson = lesson
        self.threshold = threshold
        self._record_event = record_event
        self._items = [_Item(q, lesson.course_id, pack_id, lesson) for q in lesson.questions]
        self.result: QuizResult | None = None

    @property
    def total(self) -> int:
        """Questions in the quiz."""
        return len(self._items)

    @property
    def can_undo(self) -> bool:
        """Whether there is an answer to take back (not once the quiz is scored)."""
        return self.result is None and super().can_undo

    def undo(self) -> Question:
        """Take back the most recent answer and ask that question again.

        Raises:
            RuntimeError: nothing has been answered yet, or the quiz was already scored.
        """
        if self.result is not None:
            raise RuntimeError("the quiz is already scored")
        return super().undo()

    @property
    def finished(self) -> bool:
        """True once every question has been answered and moved past."""
        return self.index >= len(self._items)

    def finish(self) -> QuizResult:
        """Score the quiz and record whether the lesson was passed."""
        if self.result is not None:
            return self.result
        if not self.finished:
            raise RuntimeError("the quiz has unanswered questions")
        correct = sum(1 for o in self.answered if o.grade.correct)
        total = len(self._items)
        passed = total == 0 or correct / total >= self.threshold - 1e-9
        self.result = QuizResult(correct=correct, total=total, threshold=self.threshold, passed=passed)
        self._record_event(
            LessonEvent(
                uid=new_uid(),
                kind=LessonEventKind.QUIZ_PASSED if passed else LessonEventKind.QUIZ_FAILED,
                pack_id=self.pack_id,
                lesson_id=self.lesson.id,
                at=log_time(self.clock.now()),
                score=self.result.score,
                attempt=self.attempt,
                device=self.recorder.device,
            )
        )
        return self.result


@dataclass(frozen=True)
class DueItem:
    """A card to review with its question, as the review session needs it."""

    card: CardState
    question: Question
    lesson: Lesson
    course_id: str


@dataclass(frozen=True)
class ReviewSummary:
    """The end of a review session."""

    answered: int
    correct: int
    seconds: float
    next_due: datetime | None
    skipped: int = 0


class ReviewSession(_Session):
    """Due cards, most overdue first, until none is due.

    Cards that fall due again during the session (a forgotten card's short
    relearning step) come back before it ends.
    """

    context = Context.REVIEW

    def __init__(
        self,
        *,
        recorder: Recorder,
        clock: Clock,
        settings: SchedulerSettings,
        fetch_due: Callable[[datetime], DueItem | None],
        count_due: Callable[[datetime], int],
        next_due_after: Callable[[datetime], datetime | None],
        limit: int = 1000,
    ) -> None:
        super().__init__(recorder, clock, settings)
        self._fetch_due = fetch_due
        self._count_due = count_due
        self._next_due_after = next_due_after
        self._limit = limit
        self.initial_due = count_due(clock.now())
        self._load()

    def _load(self) -> None:
        if self.index < len(self._items) or len(self.answered) >= self._limit:
            return
        # Cards answered in this session may be due again (relearning); they come back.
        item = self._fetch_due(self.clock.now())
        if item is not None:
            self._items.append(_Item(item.question, item.course_id, item.card.pack_id, item.lesson))

    def _after_advance(self) -> None:
        self._load()

    def _after_undo(self, position: int) -> None:
        # The card fetched after the undone one was chosen with the undone answer
        # in place; fetch afresh once the question is answered again.
        del self._items[position + 1 :]

    @property
    def finished(self) -> bool:
        """True when no card is due."""
        return self.current is None

    @property
    def total(self) -> int:
        """Answered so far plus cards still due: the progress bar's length."""
        return len(self.answered) + self._count_due(self.clock.now())

    def summary(self) -> ReviewSummary:
        """Counts, time and when the next card falls due."""
        now = self.clock.now()
        return ReviewSummary(
            answered=len(self.answered),
            correct=sum(1 for o in self.answered if o.grade.correct),
            seconds=(now - self.started_at).total_seconds(),
            next_due=self._next_due_after(now),
        )

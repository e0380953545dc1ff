"""Real progress for report tests: learners who take quizzes and do reviews through ``Study``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from altlearn.config import Settings
from altlearn.domain.questions import (
    Cloze,
    Flashcard,
    MultipleSelect,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
    TypedAnswer,
)
from altlearn.domain.rating import Rating
from altlearn.packs.library import InstalledPack
from altlearn.paths import Paths
from altlearn.study.clock import FixedClock
from altlearn.study.service import Study
from altlearn.study.session import QuizResult
from tests.helpers import PACK_FIXTURES

WRONG_TYPED = "zz-wrong-typed-answer"
"""A typed answer no question accepts; a report must never contain it."""


def answer(question: Question, right: bool) -> Any:
    """An answer to ``question`` that is right or wrong, as the grader takes it."""
    match question:
        case SingleChoice():
            index = question.correct_index
            return index if right else (index + 1) % len(question.choices)
        case MultipleSelect():
            chosen = set(question.correct_indices)
            return chosen if right else set(range(len(question.choices))) - chosen or {0, 1}
        case TrueFalse():
            return question.answer if right else not question.answer
        case TypedAnswer():
            return question.answer if right else WRONG_TYPED
        case Cloze():
            return [b.answer for b in question.blanks] if right else [WRONG_TYPED for _ in question.blanks]
        case Flashcard():
            return Rating.GOOD if right else Rating.AGAIN
        case Ordering():
            order = list(range(len(question.items)))
            return order if right else order[::-1]
    raise TypeError(type(question).__name__)


def take_quiz(study: Study, pack_id: str, lesson_id: str, wrong: int = 0) -> QuizResult:
    """Answer a lesson's quiz, getting the first ``wrong`` questions wrong."""
    quiz = study.start_quiz(pack_id, lesson_id)
    index = 0
    while not quiz.finished:
        assert quiz.question is not None
        quiz.answer(answer(quiz.question, right=index >= wrong))
        quiz.advance()
        index += 1
    return quiz.finish()


def review_due(study: Study, recall: Callable[[Question], bool]) -> int:
    """Review every due card, recalling those ``recall`` says; return how many were answered."""
    session = study.start_review()
    answered = 0
    while not session.finished and answered < 500:
        assert session.question is not None
        session.answer(answer(session.question, right=recall(session.question)))
        session.advance()
        answered += 1
    return answered


def fixture_packs() -> list[InstalledPack]:
    """The good fixture pack only (three lessons in two courses): fast to index."""
    return [InstalledPack(id="fixture-good", root=PACK_FIXTURES / "good", source="test", bundled=False)]


def open_study(home: Path, clock: FixedClock, *, packs: list[InstalledPack] | None = None) -> Study:
    """A study engine on ``home`` with fuzz off and study days in UTC."""
    return Study.open(
        Paths(home), clock=clock, fuzz=False, packs=packs, settings=Settings(timezone="UTC", rollover_hour=0)
    )


def diligent_learner(study: Study, clock: FixedClock) -> None:
    """Passes the first lesson of the fixture pack, reviews it well twice, fails the second lesson's quiz."""
    take_quiz(study, "fixture-good", "b-first", wrong=1)
    for _ in range(2):
        clock.advance(timedelta(days=4))
        review_due(study, recall=lambda q: True)
    take_quiz(study, "fixture-good", "b-second", wrong=1)


def forgetful_learner(study: Study, clock: FixedClock) -> None:
    """Passes the first lesson only at the second attempt and forgets most of it in review."""
    take_quiz(study, "fixture-good", "b-first", wrong=4)
    take_quiz(study, "fixture-good", "b-first", wrong=2)
    for _ in range(2):
        clock.advance(timedelta(days=4))
        review_due(study, recall=lambda q: q.id in ("b-tf", "b-single"))

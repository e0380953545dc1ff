"""Grading an answer: right or wrong, the rating it earns, and what to show.

Answers by question kind:

=============== ==========================================================
SingleChoice    ``int`` — the index of the chosen option
MultipleSelect  ``frozenset[int]`` (or any iterable) — chosen indices
TrueFalse       ``bool``
TypedAnswer     ``str``
Cloze           ``list[str]`` — one entry per blank
Ordering        ``list[int]`` — item indices (of the right order) as arranged
Flashcard       :class:`~altlearn.domain.Rating` — the learner's own rating
=============== ==========================================================
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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
from altlearn.domain.review import Grading
from altlearn.study.normalize import LONG_VOWEL_HINT, matches_any, near_miss


class InvalidAnswer(ValueError):
    """The answer does not fit the question (wrong type, index out of range)."""


@dataclass(frozen=True)
class Grade:
    """The outcome of grading one answer.

    Attributes:
        correct: Right or wrong (for flashcards: rated better than Again).
        rating: The rating it earns before the learner adjusts it.
        grading: AUTO for graded answers, SELF for flashcards.
        parts: Per blank (cloze), per item position (ordering) or per option
            (multiple select, True when the option was handled rightly).
        feedback: The option feedback to show, in order.
        expected: The right answer in words, for "the answer was ...".
        answer: The answer as JSON-ready data, for the review log.
    """

    correct: bool
    rating: Rating
    grading: Grading
    parts: tuple[bool, ...] = ()
    feedback: tuple[str, ...] = ()
    expected: str = ""
    answer: Any = None


def grade(question: Question, answer: Any) -> Grade:
    """Grade ``answer`` to ``question``.

    Raises:
        InvalidAnswer: the answer has the wrong shape for the question's kind.
    """
    match question:
        case SingleChoice():
            return _single(question, answer)
        case MultipleSelect():
            return _multiple(question, answer)
        case TrueFalse():
            return _true_false(question, answer)
        case TypedAnswer():
            return _typed(question, answer)
        case Cloze():
            return _cloze(question, answer)
        case Ordering():
            return _ordering(question, answer)
        case Flashcard():
            return _flashcard(question, answer)
    raise InvalidAnswer(f"cannot grade a {type(question).__name__}")


def _auto(correct: bool) -> Rating:
    return Rating.GOOD if correct else Rating.AGAIN


def _single(question: SingleChoice, answer: Any) -> Grade:
    if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(question.choices):
        raise InvalidAnswer(f"choose an option from 1 to {len(question.choices)}")
    chosen = question.choices[answer]
    right = question.choices[question.correct_index]
    feedback = [chosen.feedback] if chosen.feedback else []
    if not chosen.correct and right.feedback:
        feedback.append(right.feedback)
    return Grade(
        correct=chosen.correct,
        rating=_auto(chosen.correct),
        grading=Grading.AUTO,
        parts=tuple(i == answer for i in range(len(question.choices))),
        feedback=tuple(feedback),
        expected=right.text,
        answer={"choice": answer},
    )


def _is_index(value: Any, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


def _multiple(question: MultipleSelect, answer: Any) -> Grade:
    if isinstance(answer, int | str | bytes | dict) or not isinstance(answer, Iterable):
        raise InvalidAnswer("choose a set of options")
    items = list(answer)
    if not all(_is_index(i, len(question.choices)) for i in items):
        raise InvalidAnswer(f"options run from 1 to {len(question.choices)}")
    chosen = frozenset(items)
    if not chosen:
        raise InvalidAnswer("choose at least one option")
    right = question.correct_indices
    parts = tuple((i in chosen) == (i in right) for i in range(len(question.choices)))
    correct = all(parts)
    return Grade(
        correct=correct,
        rating=_auto(correct),
        grading=Grading.AUTO,
        parts=parts,
        feedback=tuple(c.feedback for c in question.choices if c.feedback),
        expected="; ".join(question.choices[i].text for i in sorted(right)),
        answer={"choices": sorted(chosen)},
    )


def _true_false(question: TrueFalse, answer: Any) -> Grade:
    if not isinstance(answer, bool):
        raise InvalidAnswer("answer true or false")
    correct = answer is question.answer
    chosen_feedback = question.feedback_true if answer else question.feedback_false
    return Grade(
        correct=correct,
        rating=_auto(correct),
        grading=Grading.AUTO,
        feedback=(chosen_feedback,) if chosen_feedback else (),
        expected="True" if question.answer else "False",
        answer={"value": answer},
    )


def _typed(question: TypedAnswer, answer: Any) -> Grade:
    if not isinstance(answer, str):
        raise InvalidAnswer("type an answer")
    # Right except for the length of a vowel (kyoto for kyōto) counts as right, with
    # a note: learners type on ordinary keyboards, and English writes Tokyo.
    exact = matches_any(answer, question.all_answers)
    hint = not exact and near_miss(answer, question.all_answers)
    correct = exact or hint
    return Grade(
        correct=correct,
        rating=_auto(correct),
        grading=Grading.AUTO,
        feedback=(LONG_VOWEL_HINT,) if hint else (),
        expected=question.answer,
        answer={"text": answer[:500]},
    )


def _cloze(question: Cloze, answer: Any) -> Grade:
    if isinstance(answer, str) or not isinstance(answer, list | tuple):
        raise InvalidAnswer("fill in each blank")
    if len(answer) != len(question.blanks) or not all(isinstance(a, str) for a in answer):
        raise InvalidAnswer(f"fill in all {len(question.blanks)} blanks")
    exact = [matches_any(given, blank.answers) for given, blank in zip(answer, question.blanks, strict=True)]
    close = [
        not right and near_miss(given, blank.answers)
        for given, blank, right in zip(answer, question.blanks, exact, strict=True)
    ]
    parts = tuple(a or b for a, b in zip(exact, close, strict=True))
    correct = all(parts)
    hint = any(close)
    return Grade(
        correct=correct,
        rating=_auto(correct),
        grading=Grading.AUTO,
        parts=parts,
        feedback=(LONG_VOWEL_HINT,) if hint else (),
        expected=" / ".join(b.answer for b in question.blanks),
        answer={"blanks": [a[:200] for a in answer]},
    )


def _ordering(question: Ordering, answer: Any) -> Grade:
    if isinstance(answer, str) or not isinstance(answer, list | tuple):
        raise InvalidAnswer("arrange the items")
    if not all(_is_index(i, len(question.items)) for i in answer) or sorted(answer) != list(
        range(len(question.items))
    ):
        raise InvalidAnswer("arrange every item exactly once")
    parts = tuple(position == item for position, item in enumerate(answer))
    correct = all(parts)
    return Grade(
        correct=correct,
        rating=_auto(correct),
        grading=Grading.AUTO,
        parts=parts,
        expected=" → ".join(question.items),
        answer={"order": list(answer)},
    )


def _flashcard(question: Flashcard, answer: Any) -> Grade:
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise InvalidAnswer("rate the card: Again, Hard, Good or Easy")
    try:
        rating = Rating(answer)
    except ValueError as exc:
        raise InvalidAnswer("rate the card: Again, Hard, Good or Easy") from exc
    return Grade(
        correct=rating is not Rating.AGAIN,
        rating=rating,
        grading=Grading.SELF,
        expected=question.back,
        answer={"rating": int(rating)},
    )


def adjusted(grade_: Grade, rating: Rating) -> Grade:
    """The grade after the learner changes the rating of a right answer.

    A wrong automatic answer stays Again; a right one may become Hard, Good or
    Easy. Flashcards may take any rating.

    Raises:
        InvalidAnswer: the change is not allowed.
    """
    rating = Rating(rating)
    if grade_.grading is Grading.SELF:
        return Grade(**{**grade_.__dict__, "rating": rating, "correct": rating is not Rating.AGAIN})
    if not grade_.correct:
        raise InvalidAnswer("a wrong answer is rated Again")
    if rating is Rating.AGAIN:
        raise InvalidAnswer("a right answer can be rated Hard, Good or Easy")
    grading = Grading.AUTO if rating is Rating.GOOD else Grading.ADJUSTED
    return Grade(**{**grade_.__dict__, "rating": rating, "grading": grading})

"""Grading every question kind, right, wrong and malformed, and the rating-change rules."""

from __future__ import annotations

from typing import Any

import pytest

from altlearn.domain.questions import Question
from altlearn.domain.rating import Rating
from altlearn.domain.review import Grading
from altlearn.packs.loader import load_pack
from altlearn.study.grading import InvalidAnswer, adjusted, grade
from altlearn.study.normalize import LONG_VOWEL_HINT
from tests.helpers import PACK_FIXTURES


@pytest.fixture(scope="module")
def questions() -> dict[str, Question]:
    result = load_pack(PACK_FIXTURES / "good")
    assert result.pack is not None
    return dict(result.pack.questions_by_id)


# question id, answer, correct, recorded answer
CASES: list[tuple[str, Any, bool, Any]] = [
    ("b-single", 1, True, {"choice": 1}),
    ("b-single", 0, False, {"choice": 0}),
    ("b-multiple", {0, 2}, True, {"choices": [0, 2]}),
    ("b-multiple", [2, 0], True, {"choices": [0, 2]}),
    ("b-multiple", {0}, False, {"choices": [0]}),
    ("b-multiple", {0, 1, 2}, False, {"choices": [0, 1, 2]}),
    ("b-tf", True, True, {"value": True}),
    ("b-tf", False, False, {"value": False}),
    ("b-tf-list", False, True, {"value": False}),
    ("b-typed", "shokuinshitsu", True, {"text": "shokuinshitsu"}),
    ("b-typed", " ＳＨＯＫＵＩＮＳＨＩＴＳＵ。", True, {"text": " ＳＨＯＫＵＩＮＳＨＩＴＳＵ。"}),
    ("b-typed", "職員室", True, {"text": "職員室"}),
    ("b-typed", "ショクインシツ", True, {"text": "ショクインシツ"}),
    ("b-typed", "kōchō", False, {"text": "kōchō"}),
    ("b-cloze", ["kiritsu", "rei"], True, {"blanks": ["kiritsu", "rei"]}),
    ("b-cloze", ["起立", "礼"], True, {"blanks": ["起立", "礼"]}),
    ("b-cloze", ["kiritsu", "no"], False, {"blanks": ["kiritsu", "no"]}),
    ("b-order", [0, 1, 2], True, {"order": [0, 1, 2]}),
    ("b-order", [1, 0, 2], False, {"order": [1, 0, 2]}),
    ("c-shoes-q", False, True, {"value": False}),
]


@pytest.mark.parametrize(("qid", "answer", "correct", "recorded"), CASES)
def test_automatic_grading(
    questions: dict[str, Question], qid: str, answer: Any, correct: bool, recorded: Any
) -> None:
    result = grade(questions[qid], answer)
    assert result.correct is correct
    assert result.rating is (Rating.GOOD if correct else Rating.AGAIN)
    assert result.grading is Grading.AUTO
    assert result.answer == recorded
    assert result.expected


@pytest.mark.parametrize("rating", list(Rating))
def test_flashcards_are_self_rated(questions: dict[str, Question], rating: Rating) -> None:
    result = grade(questions["b-card"], rating)
    assert result.grading is Grading.SELF
    assert result.rating is rating
    assert result.correct is (rating is not Rating.AGAIN)
    assert result.expected.startswith("Back of the card")


def test_parts_show_what_was_right(questions: dict[str, Question]) -> None:
    assert grade(questions["b-cloze"], ["kiritsu", "no"]).parts == (True, False)
    assert grade(questions["b-order"], [0, 2, 1]).parts == (True, False, False)
    assert grade(questions["b-multiple"], {0}).parts == (True, True, False)
    single = grade(questions["b-single"], 0)
    assert single.feedback == ("Not this.", "Yes.")


def test_a_romaji_near_miss_gets_a_hint(questions: dict[str, Question]) -> None:
    from dataclasses import replace

    from altlearn.domain.questions import TypedAnswer

    typed = questions["b-typed"]
    assert isinstance(typed, TypedAnswer)
    long_vowel = replace(typed, answer="sotsugyōshiki", accepted=())
    miss = grade(long_vowel, "sotsugyoshiki")
    assert miss.correct and miss.feedback == (LONG_VOWEL_HINT,)  # accepted, with a note
    assert grade(long_vowel, "sotsugyoushiki").feedback == ()
    assert grade(long_vowel, "sotsugyoushiki").correct
    assert grade(long_vowel, "nenkyū").feedback == ()


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("b-single", 3),
        ("b-single", -1),
        ("b-single", True),
        ("b-single", "1"),
        ("b-multiple", 1),
        ("b-multiple", "02"),
        ("b-multiple", set()),
        ("b-multiple", {True}),
        ("b-multiple", {5}),
        ("b-multiple", [[0]]),
        ("b-tf", 1),
        ("b-tf", "true"),
        ("b-typed", 42),
        ("b-typed", None),
        ("b-cloze", "kiritsu"),
        ("b-cloze", ["kiritsu"]),
        ("b-cloze", ["kiritsu", 3]),
        ("b-order", [0, 1]),
        ("b-order", [0, 0, 1]),
        ("b-order", ["a", "b", "c"]),
        ("b-order", [True, False, 2]),
        ("b-card", 7),
        ("b-card", "good"),
        ("b-card", True),
    ],
)
def test_malformed_answers_are_refused(questions: dict[str, Question], qid: str, answer: Any) -> None:
    with pytest.raises(InvalidAnswer):
        grade(questions[qid], answer)


def test_a_wrong_automatic_answer_stays_again(questions: dict[str, Question]) -> None:
    wrong = grade(questions["b-single"], 0)
    for rating in (Rating.HARD, Rating.GOOD, Rating.EASY):
        with pytest.raises(InvalidAnswer):
            adjusted(wrong, rating)


def test_a_right_answer_can_become_hard_or_easy_but_not_again(questions: dict[str, Question]) -> None:
    right = grade(questions["b-single"], 1)
    assert adjusted(right, Rating.HARD).rating is Rating.HARD
    assert adjusted(right, Rating.HARD).grading is Grading.ADJUSTED
    assert adjusted(right, Rating.EASY).grading is Grading.ADJUSTED
    assert adjusted(right, Rating.GOOD).grading is Grading.AUTO
    with pytest.raises(InvalidAnswer):
        adjusted(right, Rating.AGAIN)


def test_a_flashcard_may_take_any_rating(questions: dict[str, Question]) -> None:
    card = grade(questions["b-card"], Rating.GOOD)
    again = adjusted(card, Rating.AGAIN)
    assert again.rating is Rating.AGAIN and not again.correct and again.grading is Grading.SELF

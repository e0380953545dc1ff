"""Quiz and review sessions on a real store: pass marks, rating changes, undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from altlearn.domain.questions import Ordering
from altlearn.domain.rating import Rating
from altlearn.domain.review import EventKind, Grading, LessonStatus
from altlearn.storage import cards as card_store
from altlearn.storage import log
from altlearn.study.clock import FixedClock
from altlearn.study.grading import InvalidAnswer
from altlearn.study.replay import cache_differences
from altlearn.study.scheduler import new_card, review
from altlearn.study.service import Study
from tests.study_helpers import (
    FIRST,
    PACK,
    START,
    answer_due,
    copy_pack,
    installed,
    open_study,
    right_answer,
    take_quiz,
    wrong_answer,
)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def study(tmp_path: Path, clock: FixedClock) -> Iterator[Study]:
    with open_study(tmp_path / "home", [installed(copy_pack(tmp_path))], clock) as opened:
        yield opened
        assert cache_differences(opened.db) == []


def _status(study: Study, lesson_id: str) -> LessonStatus:
    view = study.course(PACK, "basics")
    return next(lesson.status for lesson in view.lessons if lesson.lesson_id == lesson_id)


def test_passing_exactly_at_the_threshold_completes_the_lesson_and_queues_its_cards(
    study: Study, clock: FixedClock
) -> None:
    # The basics course's pass mark is 75%: 6 of 8.
    result = take_quiz(study, wrong={"b-single", "b-tf"}, clock=clock)
    assert (result.correct, result.total, result.threshold, result.passed) == (6, 8, 0.75, True)
    assert _status(study, FIRST) is LessonStatus.COMPLETED
    assert card_store.count_queued(study.db) == 8
    clock.advance(timedelta(days=1))
    assert study.today_counts()["due_now"] >= 2  # the two wrong answers come back first


def test_one_below_the_threshold_fails_and_nothing_joins_the_queue(study: Study, clock: FixedClock) -> None:
    result = take_quiz(study, wrong={"b-single", "b-tf", "b-typed"}, clock=clock)
    assert (result.correct, result.passed) == (5, False)
    assert _status(study, FIRST) is LessonStatus.IN_PROGRESS
    assert card_store.count_queued(study.db) == 0
    clock.advance(timedelta(days=30))
    assert study.today_counts()["due_now"] == 0
    assert study.start_review().finished
    assert take_quiz(study, clock=clock).passed  # a retake that passes queues them
    assert card_store.count_queued(study.db) == 8


def test_a_wrong_automatic_answer_stays_again(study: Study) -> None:
    quiz = study.start_quiz(PACK, FIRST)
    outcome = quiz.answer(wrong_answer(quiz.question))  # type: ignore[arg-type]
    assert outcome.rating is Rating.AGAIN and outcome.allowed_ratings == (Rating.AGAIN,)
    assert set(outcome.due_by_rating) == {Rating.AGAIN}
    for rating in (Rating.HARD, Rating.GOOD, Rating.EASY):
        with pytest.raises(InvalidAnswer):
            quiz.change_rating(rating)
    assert quiz.change_rating(Rating.AGAIN) is outcome
    assert len(list(log.all_reviews(study.db))) == 1


@pytest.mark.parametrize("rating", [Rating.HARD, Rating.EASY, Rating.GOOD])
def test_a_right_answer_can_be_rated_hard_or_easy(study: Study, rating: Rating) -> None:
    quiz = study.start_quiz(PACK, FIRST)
    first = quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
    assert first.rating is Rating.GOOD
    assert set(first.due_by_rating) == {Rating.HARD, Rating.GOOD, Rating.EASY}
    if rating is not Rating.GOOD:
        quiz.change_rating(Rating.EASY if rating is Rating.HARD else Rating.HARD)  # change twice
    changed = quiz.change_rating(rating)
    assert changed.rating is rating
    assert changed.next_due == first.due_by_rating[rating]
    expected = review(
        new_card(PACK, "b-single", changed.recorded.after.card_id, changed.recorded.event.reviewed_at),
        rating,
        changed.recorded.event.reviewed_at,
        study.scheduler_settings,
    )
    assert card_store.get_card(study.db, PACK, "b-single") == expected
    with pytest.raises(InvalidAnswer):
        quiz.change_rating(Rating.AGAIN)
    entries = list(log.all_reviews(study.db))
    in_force = [e for e in entries if e.uid not in {x.replaces for x in entries}]
    assert len(in_force) == 1 and in_force[0].rating is rating
    assert in_force[0].grading is (Grading.AUTO if rating is Rating.GOOD else Grading.ADJUSTED)
    assert study.today_counts()["reviewed_today"] == 1


def test_a_flashcard_can_be_rerated_to_anything(study: Study) -> None:
    quiz = study.start_quiz(PACK, FIRST)
    while quiz.question is not None and quiz.question.id != "b-card":
        quiz.answer(right_answer(quiz.question))
        quiz.advance()
    outcome = quiz.answer(Rating.EASY)
    assert outcome.allowed_ratings == tuple(Rating)
    again = quiz.change_rating(Rating.AGAIN)
    assert again.rating is Rating.AGAIN and not again.grade.correct


def test_undo_in_a_quiz_asks_again_and_keeps_the_rest_of_the_quiz(study: Study, clock: FixedClock) -> None:
    quiz = study.start_quiz(PACK, FIRST)
    assert not quiz.can_undo
    ids = []
    for _ in range(3):
        clock.advance(timedelta(seconds=10))
        ids.append(quiz.question.id)  # type: ignore[union-attr]
        quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
        quiz.advance()
    assert quiz.can_undo
    assert quiz.undo().id == ids[2]
    assert quiz.total == 8 and quiz.index == 2
    assert card_store.get_card(study.db, PACK, ids[2]) is None  # its only answer was withdrawn
    assert quiz.undo().id == ids[1]  # and the one before
    with pytest.raises(RuntimeError):
        quiz.advance()  # not answered again yet
    asked = 0
    while not quiz.finished:
        clock.advance(timedelta(seconds=10))
        quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
        quiz.advance()
        asked += 1
    assert asked == 7 and len(quiz.answered) == 8  # the two undone, then the five never reached
    result = quiz.finish()
    assert result.passed and result.total == 8
    assert not quiz.can_undo
    with pytest.raises(RuntimeError):
        quiz.undo()
    undos = [e for e in log.all_reviews(study.db) if e.kind is EventKind.UNDO]
    assert len(undos) == 2
    assert study.today_counts()["reviewed_today"] == 8


def test_undo_a_changed_rating(study: Study) -> None:
    quiz = study.start_quiz(PACK, FIRST)
    quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
    quiz.change_rating(Rating.EASY)
    quiz.undo()
    assert card_store.get_card(study.db, PACK, "b-single") is None
    assert study.today_counts()["reviewed_today"] == 0
    assert study.stats().total_answers == 0


def test_sessions_refuse_out_of_turn_calls(study: Study) -> None:
    quiz = study.start_quiz(PACK, FIRST)
    with pytest.raises(RuntimeError):
        quiz.change_rating(Rating.GOOD)
    with pytest.raises(RuntimeError):
        quiz.undo()
    quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        quiz.finish()
    with pytest.raises(InvalidAnswer):
        study.start_quiz(PACK, FIRST).answer("not an index")


def test_ordering_questions_never_start_in_order(study: Study) -> None:
    quiz = study.start_quiz(PACK, FIRST)
    while not isinstance(quiz.question, Ordering):
        quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
        quiz.advance()
    start = quiz.ordering_start()
    assert sorted(start) == [0, 1, 2] and start != [0, 1, 2]


def test_a_review_most_overdue_first_with_forgotten_cards_coming_back(
    study: Study, clock: FixedClock
) -> None:
    take_quiz(study, wrong={"b-tf"}, clock=clock)
    clock.advance(timedelta(days=40))
    due = [c.question_id for c in card_store.due_cards(study.db, 10**12, limit=20)]
    session = study.start_review()
    assert session.initial_due == 8 and session.total == 8
    assert session.question.id == due[0]  # type: ignore[union-attr]
    first = session.question.id  # type: ignore[union-attr]
    session.answer(wrong_answer(session.question))  # type: ignore[arg-type]
    session.advance()
    assert answer_due(session, clock=clock) == 7  # the forgotten one is not due again yet
    assert session.finished
    clock.advance(timedelta(minutes=11))  # its relearning step is over
    again = study.start_review()
    assert again.question.id == first  # type: ignore[union-attr]
    assert answer_due(again, clock=clock) == 1
    summary = again.summary()
    assert summary.answered == 1 and summary.correct == 1 and summary.next_due is not None


def test_undo_in_a_review_refetches_the_next_card(study: Study, clock: FixedClock) -> None:
    take_quiz(study, clock=clock)
    clock.advance(timedelta(days=60))
    session = study.start_review()
    first = session.question.id  # type: ignore[union-attr]
    session.answer(right_answer(session.question))  # type: ignore[arg-type]
    session.advance()
    second = session.question.id  # type: ignore[union-attr]
    assert second != first
    assert session.undo().id == first
    assert session.total == 8 and len(session.answered) == 0
    session.answer(right_answer(session.question))  # type: ignore[arg-type]
    session.advance()
    assert session.question.id == second  # type: ignore[union-attr]
    assert answer_due(session, clock=clock) == 7


def test_the_lesson_log_records_attempts_and_best_score(study: Study, clock: FixedClock) -> None:
    take_quiz(study, wrong={"b-single", "b-tf", "b-typed"}, clock=clock)
    take_quiz(study, wrong={"b-single"}, clock=clock)
    view = study.course(PACK, "basics")
    first = next(lesson for lesson in view.lessons if lesson.lesson_id == FIRST)
    assert first.best_score == 7 / 8 and first.status is LessonStatus.COMPLETED
    second = next(lesson for lesson in view.lessons if lesson.lesson_id == "b-second")
    assert not second.locked
    assert view.course.lessons_done == 1


def test_mark_read_is_only_for_lessons_without_questions(study: Study) -> None:
    from altlearn.errors import PackError

    with pytest.raises(PackError, match="passing its quiz"):
        study.mark_read(PACK, FIRST)
    with pytest.raises(PackError, match="not in pack"):
        study.mark_read(PACK, "no-such-lesson")
    assert _status(study, FIRST) is LessonStatus.NOT_STARTED

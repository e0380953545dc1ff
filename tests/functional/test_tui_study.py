"""The terminal app driven headless (Textual's run_test + Pilot) on a real progress store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from altlearn.domain.questions import Ordering, Question
from altlearn.domain.rating import Rating
from altlearn.paths import Paths
from altlearn.storage.database import open_database
from altlearn.study.clock import FixedClock
from altlearn.study.session import Outcome
from altlearn.tui.app import AltlearnApp
from altlearn.tui.screens.course import CourseScreen
from altlearn.tui.screens.home import HomeScreen
from altlearn.tui.screens.lesson import LessonScreen
from altlearn.tui.screens.quiz import Phase, QuizScreen
from altlearn.tui.widgets.ordering import OrderList
from tests.tuihelpers import START, answer_keys, make_app, screen_text, settle


def stored_answers(home: Path) -> list[dict[str, object]]:
    """Every answer in the review log, oldest first."""
    db = open_database(Paths(home).database)
    try:
        return list(db.query("SELECT * FROM reviews WHERE kind = 'answer' ORDER BY seq"))
    finally:
        db.close()


async def arrange(pilot: Pilot[object], screen: QuizScreen, right: bool) -> None:
    order_list = screen.query_one(OrderList)
    if right:
        for target in range(len(order_list.order)):
            position = order_list.order.index(target)
            while order_list.highlighted != position:
                await pilot.press("down" if (order_list.highlighted or 0) < position else "up")
            for _ in range(position - target):
                await pilot.press("shift+up")
    await pilot.press("enter")


async def answer_current(pilot: Pilot[object], screen: QuizScreen, right: bool) -> None:
    question = screen.session.question  # type: ignore[union-attr]
    assert question is not None
    if isinstance(question, Ordering):
        await arrange(pilot, screen, right)
    else:
        await pilot.press(*answer_keys(question, right))
    await settle(pilot)


async def open_first_lesson(pilot: Pilot[object], app: AltlearnApp) -> None:
    await settle(pilot)
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, CourseScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, LessonScreen)


async def start_quiz(pilot: Pilot[object], app: AltlearnApp) -> QuizScreen:
    await pilot.press("t")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, QuizScreen)
    return screen


async def run_quiz(
    pilot: Pilot[object],
    screen: QuizScreen,
    right: bool,
    on_feedback: Callable[[Question, Outcome], None] = lambda question, outcome: None,
) -> None:
    """Answer every question (all right or all wrong), checking each feedback."""
    while screen.phase is not Phase.DONE:
        question = screen.session.question  # type: ignore[union-attr]
        assert question is not None
        await answer_current(pilot, screen, right)
        assert screen.phase is Phase.FEEDBACK and screen.outcome is not None, question
        on_feedback(question, screen.outcome)
        await pilot.press("enter")
        await settle(pilot)


async def test_study_a_lesson_end_to_end(tmp_path: Path) -> None:
    app = make_app(tmp_path, "good")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_lesson(pilot, app)
        assert "First lesson" in screen_text(app)
        screen = await start_quiz(pilot, app)
        kinds = []

        def check(question: Question, outcome: Outcome) -> None:
            kinds.append(question.kind.value)
            assert "✓ Right" in screen_text(app) or "You rated it" in screen_text(app)

        await run_quiz(pilot, screen, True, check)
        assert kinds == [
            "single",
            "multiple",
            "truefalse",
            "truefalse",
            "typed",
            "cloze",
            "flashcard",
            "ordering",
        ]
        assert "Lesson completed" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CourseScreen)
        assert "✓ done" in screen_text(app)
    answers = stored_answers(tmp_path)
    assert len(answers) == 8 and all(a["correct"] in (1, None) for a in answers)
    assert {a["context"] for a in answers} == {"quiz"}


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
async def test_every_question_type_is_answered_and_stored(tmp_path: Path, right: bool) -> None:
    app = make_app(tmp_path, "good")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_lesson(pilot, app)
        screen = await start_quiz(pilot, app)
        seen: dict[str, bool] = {}

        def check(question: Question, outcome: Outcome) -> None:
            seen[question.id] = outcome.grade.correct
            if question.kind.value != "flashcard":
                assert ("✓ Right" if right else "✗ Not quite") in screen_text(app)

        await run_quiz(pilot, screen, right, check)
        assert ("Lesson completed" if right else "Not passed yet") in screen_text(app)
    assert set(seen.values()) == {right}
    stored = {a["question_id"]: a for a in stored_answers(tmp_path)}
    assert set(stored) == set(seen)
    for question_id, answer in stored.items():
        expected_rating = Rating.GOOD if right else Rating.AGAIN
        assert answer["rating"] == expected_rating, question_id
        if question_id == "b-card":
            assert answer["grading"] == "self" and answer["correct"] is None
        else:
            assert answer["grading"] == "auto" and answer["correct"] == int(right)
    assert '"text": "SHOKUINSHITSU"' in str(stored["b-typed"]["answer"]) or not right
    if right:
        assert "起立" in str(stored["b-cloze"]["answer"])


async def test_rating_change_and_undo_are_stored_as_new_events(tmp_path: Path) -> None:
    app = make_app(tmp_path, "good")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_lesson(pilot, app)
        screen = await start_quiz(pilot, app)
        await answer_current(pilot, screen, right=True)
        await pilot.press("4")  # a right answer may become Easy
        await settle(pilot)
        assert screen.outcome is not None and screen.outcome.rating is Rating.EASY
        assert "Easy" in screen_text(app)
        await pilot.press("1")  # but not Again
        await settle(pilot)
        assert screen.outcome.rating is Rating.EASY
        await pilot.press("u")
        await settle(pilot)
        assert screen.phase is Phase.ASKING and screen.session.question.id == "b-single"  # type: ignore[union-attr]
    db = open_database(Paths(tmp_path).database)
    rows = list(db.query("SELECT kind, rating, grading, replaces FROM reviews ORDER BY seq"))
    cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    db.close()
    assert [(r["kind"], r["rating"], r["grading"]) for r in rows] == [
        ("answer", 3, "auto"),
        ("answer", 4, "adjusted"),
        ("undo", None, None),
    ]
    assert rows[1]["replaces"] and rows[2]["replaces"]
    assert cards == 0  # undone: as if never answered


async def pass_first_lesson(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, "good", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_lesson(pilot, app)
        await run_quiz(pilot, await start_quiz(pilot, app), True)


async def test_finish_a_review_session(tmp_path: Path) -> None:
    clock = FixedClock(START)
    await pass_first_lesson(tmp_path, clock)
    clock.advance(timedelta(days=5))
    app = make_app(tmp_path, "good", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "8 due now" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.is_review
        answered = 0
        while screen.phase is not Phase.DONE:
            await answer_current(pilot, screen, right=answered != 0)  # the first one wrong
            answered += 1
            await pilot.press("enter")
            await settle(pilot)
            assert answered < 20
        text = screen_text(app)
        assert "Review finished" in text
        assert "8 cards answered, 7 right" in text
        await pilot.press("escape")
        await settle(pilot)
        assert "0 due now" in screen_text(app)
    reviews = [a for a in stored_answers(tmp_path) if a["context"] == "review"]
    assert len(reviews) == 8 and sum(a["correct"] == 0 for a in reviews) == 1


async def test_restart_resumes_where_the_learner_was(tmp_path: Path) -> None:
    app = make_app(tmp_path)  # the bundled courses: their first lesson is longer than a screen
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_lesson(pilot, app)
        await pilot.press("pagedown", "pagedown")
        await settle(pilot)
        scrolled = app.screen.query_one("#lesson-scroll").scroll_y
        assert scrolled > 0
        await pilot.press("escape")
        await settle(pilot)
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Continue (c): How altlearn works" in screen_text(again)
        await pilot.press("c")
        await settle(pilot, 5)
        assert isinstance(again.screen, LessonScreen)
        assert again.screen.query_one("#lesson-scroll").scroll_y == scrolled


async def test_glossary_lists_and_filters_the_course_terms(tmp_path: Path) -> None:
    from altlearn.tui.screens.glossary import GlossaryScreen

    app = make_app(tmp_path, "good")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GlossaryScreen)
        text = screen_text(app)
        assert "shokuinshitsu" in text and "kiritsu" in text and "bow" in text
        await pilot.press(*"BOW")  # any case; English, romaji or Japanese
        await settle(pilot)
        text = screen_text(app)
        assert "rei" in text and "kiritsu" not in text and "shokuinshitsu" not in text

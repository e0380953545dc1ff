"""Pack text that looks like Textual markup is shown literally and never acted on."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown

from altlearn.tui.screens.course import CourseScreen
from altlearn.tui.screens.home import HomeScreen
from altlearn.tui.screens.lesson import LessonScreen
from altlearn.tui.screens.link import LinkScreen
from altlearn.tui.screens.quiz import Phase, QuizScreen
from tests.tuihelpers import make_app, screen_text, settle


async def test_markup_and_control_characters_are_shown_literally(tmp_path: Path) -> None:
    opened: list[str] = []
    app = make_app(tmp_path, "hostile")
    app.open_url = lambda url, **kwargs: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        home = screen_text(app)
        assert "Course [@click=app.quit]click to quit[/]" in home
        # Clicking the text that looks like an action does nothing but select the course.
        await pilot.click("#courses", offset=(12, 0))
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, CourseScreen)
        course = screen_text(app)
        assert "arr[0] = x[i][j] and [/" in course
        assert "Lesson [/unclosed and [b]bold[/b]" in course
        await pilot.press("enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, LessonScreen)
        lesson = screen_text(app)
        assert "[@click=app.quit]a click action[/]" in lesson
        assert "arr[0] = x[i][j]" in lesson
        assert "\x1b" not in lesson and "\x07" not in lesson and "\u202e" not in lesson
        assert "escape[2J" in lesson  # the escape byte is gone, the rest stays readable
        # A web link never opens by itself: it asks, and opens only on "o".
        body = app.screen.query_one("#lesson-body", Markdown)
        body.post_message(Markdown.LinkClicked(body, "https://example.org/path"))
        await settle(pilot)
        assert isinstance(app.screen, LinkScreen) and opened == []
        assert "https://example.org/path" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert opened == []
        await pilot.press("t")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        question = screen_text(app)
        assert "Pick [@click=app.quit]one[/]" in question
        assert "The [@click=app.quit]first[/] option" in question
        assert "Which is [bold]right[/bold]?" in question
        await pilot.click("#choices", offset=(10, 0))
        await pilot.press("1", "enter")
        await settle(pilot)
        assert app.is_running and quiz.phase is Phase.FEEDBACK
        feedback = screen_text(app)
        assert "Feedback with [/ and [@click=app.quit]x[/]" in feedback
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("left_square_bracket", "b", "right_square_bracket", "enter")
        await settle(pilot)
        assert quiz.outcome is not None and quiz.outcome.grade.correct
        assert app.is_running

"""Asking questions one at a time: a lesson's quiz, or a review of due cards."""

from __future__ import annotations

from enum import Enum

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Header, Markdown, ProgressBar, Static

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
from altlearn.errors import AltlearnError
from altlearn.study.grading import InvalidAnswer
from altlearn.study.session import Outcome, QuizSession, ReviewSession
from altlearn.tui.formatting import percent, plural, relative
from altlearn.tui.screens.base import StudyScreen
from altlearn.tui.text import inline, markdown, plain
from altlearn.tui.widgets.answer import AnswerReady
from altlearn.tui.widgets.choices import ChoiceQuestion
from altlearn.tui.widgets.cloze import ClozeQuestion
from altlearn.tui.widgets.feedback import FeedbackPanel
from altlearn.tui.widgets.flashcard import FlashcardQuestion
from altlearn.tui.widgets.ordering import OrderingQuestion
from altlearn.tui.widgets.typed import TypedQuestion


class Phase(Enum):
    """Where the screen is in the question cycle."""

    ASKING = "asking"
    FEEDBACK = "feedback"
    DONE = "done"


class QuizScreen(StudyScreen[None]):
    """One question at a time; feedback after each; a result at the end."""

    BINDINGS = [
        Binding("escape", "leave", "Leave"),
        Binding("enter,space", "next", "Next", priority=False),
        Binding("u", "undo", "Undo"),
        Binding("1", "rate(1)", "Again", show=False),
        Binding("2", "rate(2)", "Hard", show=False),
        Binding("3", "rate(3)", "Good", show=False),
        Binding("4", "rate(4)", "Easy", show=False),
        Binding("r", "retake", "Retake"),
        Binding("n", "next_lesson", "Next lesson"),
    ]

    def __init__(
        self, *, pack_id: str | None = None, lesson_id: str | None = None, course_id: str | None = None
    ) -> None:
        super().__init__()
        self.pack_id = pack_id
        self.lesson_id = lesson_id
        self.course_id = course_id
        self.session: QuizSession | ReviewSession | None = None
        self.phase = Phase.ASKING
        self.outcome: Outcome | None = None

    @classmethod
    def for_lesson(cls, pack_id: str, lesson_id: str) -> QuizScreen:
        """The quiz of one lesson."""
        return cls(pack_id=pack_id, lesson_id=lesson_id)

    @classmethod
    def for_review(cls, pack_id: str | None = None, course_id: str | None = None) -> QuizScreen:
        """A review of due cards (everything, one pack, or one course)."""
        return cls(pack_id=pack_id, course_id=course_id)

    @property
    def is_review(self) -> bool:
        """True for a review session, False for a lesson's quiz."""
        return self.lesson_id is None

    # Layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="quiz-top"):
            yield Static(id="quiz-progress-text")
            yield ProgressBar(id="quiz-progress", show_eta=False, show_percentage=False)
        with VerticalScroll(id="quiz-body"):
            yield Static(id="question-meta")
            yield Markdown(id="question-prompt", open_links=False)
            yield Vertical(id="answer-area")
            yield Vertical(id="feedback-area")
        yield Footer(show_command_palette=False)

    async def on_mount(self) -> None:
        try:
            if self.is_review:
                self.session = self.study.start_review(self.pack_id, self.course_id)
            else:
                assert self.pack_id is not None and self.lesson_id is not None
                self.session = self.study.start_quiz(self.pack_id, self.lesson_id)
        except AltlearnError as exc:
            self.report_error(exc)
            self.dismiss()
            return
        await self.show_question()

    def _title(self) -> str:
        if self.is_review:
            return "Review"
        assert isinstance(self.session, QuizSession)
        return f"Quiz: {self.session.lesson.title}"

    def _update_progress(self) -> None:
        session = self.session
        assert session is not None
        answered = len(session.answered)
        if isinstance(session, QuizSession):
            total = session.total
            position = min(session.index + 1, total)
            text = f"{self._title()} — question {position} of {total}"
        else:
            total = max(session.total, 1)
            right = sum(1 for o in session.answered if o.grade.correct)
            text = f"Review — {answered} answered, {right} right, {max(session.total - answered, 0)} to go"
        self.query_one("#quiz-progress-text", Static).update(plain(text))
        bar = self.query_one("#quiz-progress", ProgressBar)
        bar.update(total=total, progress=answered)

    # Asking ------------------------------------------------------------------------
    async def show_question(self) -> None:
        """Show the session's current question, or the end of the session."""
        session = self.session
        assert session is not None
        self.outcome = None
        await self.query_one("#feedback-area").remove_children()
        await self.query_one("#answer-area").remove_children()
        question = session.question
        if question is None:
            await self.show_end()
            return
        self.phase = Phase.ASKING
        self._update_progress()
        meta = Content.assemble((question.kind.label, "bold $accent"), " · ", inline(question.title))
        self.query_one("#question-meta", Static).update(meta)
        prompt = question.render_prompt() if isinstance(question, Cloze) else question.prompt
        if prompt.strip() == question.title.strip():
            prompt = ""
        await self.query_one("#question-prompt", Markdown).update(markdown(prompt))
        widget = self._answer_widget(question)
        await self.query_one("#answer-area").mount(widget)
        session.mark_shown()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _answer_widget(self, question: Question) -> Widget:
        assert self.session is not None
        match question:
            case SingleChoice():
                return ChoiceQuestion([c.text for c in question.choices], multiple=False)
            case MultipleSelect():
                return ChoiceQuestion([c.text for c in question.choices], multiple=True)
            case TrueFalse():
                return ChoiceQuestion(["True", "False"], multiple=False, answer_values=[True, False])
            case TypedAnswer():
                return TypedQuestion()
            case Cloze():
                return ClozeQuestion(len(question.blanks))
            case Ordering():
                return OrderingQuestion(list(question.items), self.session.ordering_start())
            case Flashcard():
                return FlashcardQuestion(question.back)
        raise AssertionError(f"no widget for {question.kind}")

    @on(AnswerReady)
    async def answered(self, event: AnswerReady) -> None:
        """Grade and record the answer, then show feedback."""
        event.stop()
        if self.session is None or self.phase is not Phase.ASKING:
            return
        try:
            outcome = self.session.answer(event.answer)
        except InvalidAnswer as exc:
            self.notify(str(exc), markup=False)
            return
        except AltlearnError as exc:
            self.report_error(exc)
            return
        self.outcome = outcome
        self.phase = Phase.FEEDBACK
        await self.query_one("#answer-area").remove_children()
        panel = FeedbackPanel(outcome, self.study.clock.now())
        await self.query_one("#feedback-area").mount(panel)
        self._update_progress()
        self.query_one("#quiz-body", VerticalScroll).focus()
        self.refresh_bindings()

    # Feedback ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.phase is Phase.FEEDBACK
        if action == "rate":
            if self.phase is not Phase.FEEDBACK or self.outcome is None:
                return False
            return Rating(int(str(parameters[0]))) in self.outcome.allowed_ratings
        if action == "undo":
            return self.session is not None and self.session.can_undo and self.phase is not Phase.DONE
        if action in ("retake", "next_lesson"):
            return self.phase is Phase.DONE and not self.is_review
        return True

    async def action_next(self) -> None:
        if self.phase is not Phase.FEEDBACK or self.session is None:
            return
        self.session.advance()
        await self.show_question()

    def action_rate(self, value: int) -> None:
        if self.session is None or self.outcome is None or self.phase is not Phase.FEEDBACK:
            return
        rating = Rating(value)
        if rating not in self.outcome.allowed_ratings:
            self.notify("A wrong answer stays at Again.", markup=False)
            return
        try:
            self.outcome = self.session.change_rating(rating)
        except InvalidAnswer as exc:
            self.notify(str(exc), markup=False)
            return
        self.query_one(FeedbackPanel).show_rating(self.outcome, self.study.clock.now())
        self.refresh_bindings()

    async def action_undo(self) -> None:
        if self.session is None or not self.session.can_undo:
            return
        self.session.undo()
        self.notify("Answer undone: it is as if you had not answered.", markup=False)
        await self.show_question()

    # The end -------------------------------------------------------------------------------
    async def show_end(self) -> None:
        """The quiz result or the review summary."""
        self.phase = Phase.DONE
        session = self.session
        assert session is not None
        self.query_one("#question-meta", Static).update("")
        await self.query_one("#question-prompt", Markdown).update("")
        if isinstance(session, QuizSession):
            result = session.finish()
            self._update_progress()
            verdict = (
                Content.styled("✓ Lesson completed", "bold $success")
                if result.passed
                else Content.styled("✗ Not passed yet", "bold $error")
            )
            body = (
                f"You answered {result.correct} of {result.total} right ({percent(result.score)}); "
                f"the pass mark is {percent(result.threshold)}."
            )
            if result.passed:
                body += " Its questions now join your reviews."
                keys = "n: next lesson · r: retake · Escape: back"
            else:
                body += " Read the lesson again, then retake the quiz; your answers still count."
                keys = "r: retake · Escape: back to the lesson"
        else:
            summary = session.summary()
            self.query_one("#quiz-progress-text", Static).update(plain("Review finished"))
            verdict = Content.styled("✓ Review finished", "bold $success")
            minutes = max(1, round(summary.seconds / 60)) if summary.answered else 0
            body = (
                f"{plural(summary.answered, 'card')} answered, {summary.correct} right, "
                f"in about {plural(minutes, 'minute')}."
            )
            if summary.next_due is not None:
                body += f" The next card is due {relative(summary.next_due, self.study.clock.now())}."
            keys = "Escape: back"
        await self.query_one("#answer-area").mount(
            Static(verdict, id="end-verdict"),
            Static(plain(body), id="end-body"),
            Static(plain(keys), classes="hint"),
        )
        self.refresh_bindings()

    async def action_retake(self) -> None:
        if self.is_review or self.phase is not Phase.DONE:
            return
        assert self.pack_id is not None and self.lesson_id is not None
        self.session = self.study.start_quiz(self.pack_id, self.lesson_id)
        await self.show_question()

    def action_next_lesson(self) -> None:
        if self.is_review or self.phase is not Phase.DONE or not isinstance(self.session, QuizSession):
            return
        from altlearn.tui.screens.lesson import LessonScreen

        view = self.study.course(self.session.pack_id, self.session.lesson.course_id)
        ids = [x.lesson_id for x in view.lessons]
        index = ids.index(self.session.lesson.id) + 1 if self.session.lesson.id in ids else len(ids)
        if index >= len(ids):
            self.notify("That was the last lesson of the course.", markup=False)
            return
        self.app.switch_screen(LessonScreen(self.session.pack_id, ids[index]))

    def action_leave(self) -> None:
        if self.phase is not Phase.DONE and self.session is not None and self.session.answered:
            self.notify("Your answers so far are saved.", markup=False)
        self.dismiss()

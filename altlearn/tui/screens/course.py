"""A course: its lessons in order, with status, minutes and locks."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from altlearn.domain.review import LessonStatus
from altlearn.errors import AltlearnError
from altlearn.study.views import CourseView, LessonSummary
from altlearn.tui.formatting import bar, percent, plural
from altlearn.tui.screens.base import StudyScreen
from altlearn.tui.text import plain

_STATUS = {
    LessonStatus.COMPLETED: ("✓ done", "$success"),
    LessonStatus.IN_PROGRESS: ("▸ started", "$warning"),
    LessonStatus.NOT_STARTED: ("○ new", "$text-muted"),
}


def lesson_prompt(position: int, lesson: LessonSummary) -> Content:
    """A lesson line: number, title, status in words, minutes, best score or lock."""
    if lesson.locked and lesson.status is not LessonStatus.COMPLETED:
        status, style = "⊘ locked", "$text-muted"
    else:
        status, style = _STATUS[lesson.status]
    details = f"{lesson.minutes} min"
    if lesson.question_count:
        details += f" · {plural(lesson.question_count, 'question')}"
    if lesson.best_score is not None:
        details += f" · best {percent(lesson.best_score)}"
    lines: list[Content | str | tuple[str, str]] = [
        (f"{position:>2}. ", "$text-muted"),
        plain(lesson.title, "bold"),
        "\n    ",
        (f"{status:<10}", style),
        plain(details),
    ]
    if lesson.locked and lesson.status is not LessonStatus.COMPLETED:
        lines += ["\n    ", plain("needs: " + ", ".join(lesson.locked_by), "italic")]
    elif lesson.summary:
        lines += ["\n    ", plain(lesson.summary, "italic")]
    return Content.assemble(*lines)


class CourseScreen(StudyScreen[None]):
    """The lessons of one course."""

    BINDINGS = [
        Binding("escape,backspace", "app.pop_screen", "Back"),
        Binding("r", "review", "Review course"),
        Binding("g", "glossary", "Glossary"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, pack_id: str, course_id: str) -> None:
        super().__init__()
        self.pack_id = pack_id
        self.course_id = course_id
        self.view: CourseView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="course-heading")
        yield OptionList(id="lessons")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Re-read the course from the study engine."""
        try:
            view = self.study.course(self.pack_id, self.course_id)
        except AltlearnError as exc:
            self.report_error(exc)
            self.app.pop_screen()
            return
        self.view = view
        course = view.course
        done = course.lessons_done / course.lesson_total if course.lesson_total else 0.0
        heading = Content.assemble(
            plain(course.title, "bold"),
            "\n",
            plain(course.description),
            "\n",
            (bar(done, 16), "$accent"),
            plain(
                f" {course.lessons_done}/{course.lesson_total} lessons · mastery {percent(course.mastery)}"
                f" · pass mark {percent(course.threshold)} · {course.due_today} due today"
            ),
        )
        self.query_one("#course-heading", Static).update(heading)
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            [
                Option(lesson_prompt(i + 1, lesson), id=lesson.lesson_id)
                for i, lesson in enumerate(view.lessons)
            ]
        )
        if view.lessons:
            first_open = next(
                (
                    i
                    for i, x in enumerate(view.lessons)
                    if x.status is not LessonStatus.COMPLETED and not x.locked
                ),
                0,
            )
            options.highlighted = highlighted if highlighted is not None else first_open

    @on(OptionList.OptionSelected, "#lessons")
    def open_lesson(self, event: OptionList.OptionSelected) -> None:
        from altlearn.tui.screens.lesson import LessonScreen

        self.app.push_screen(LessonScreen(self.pack_id, str(event.option.id)))

    def action_review(self) -> None:
        from altlearn.tui.screens.quiz import QuizScreen

        if self.view is not None and self.view.course.due_today == 0:
            self.notify("No reviews are due in this course today.", markup=False)
            return
        self.app.push_screen(QuizScreen.for_review(self.pack_id, self.course_id))

    def action_glossary(self) -> None:
        from altlearn.tui.screens.glossary import GlossaryScreen

        title = self.view.course.title if self.view else self.course_id
        self.app.push_screen(GlossaryScreen(self.pack_id, self.course_id, title))

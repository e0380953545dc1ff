"""The lesson reader: the lesson's Markdown, scroll position remembered, then its quiz."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Markdown, Static

from altlearn.domain.model import Lesson
from altlearn.domain.review import LessonStatus
from altlearn.errors import AltlearnError
from altlearn.study.views import LessonSummary
from altlearn.tui.formatting import plural
from altlearn.tui.screens.base import StudyScreen
from altlearn.tui.text import markdown, plain

_EMPHASIS = re.compile(r"[*_`]")
_EXTERNAL = re.compile(r"^(https?|mailto):", re.IGNORECASE)


class LessonScreen(StudyScreen[None]):
    """Read a lesson; ``t`` takes its quiz; ``[`` and ``]`` move between lessons."""

    BINDINGS = [
        Binding("escape,backspace", "back", "Back"),
        Binding("t", "quiz", "Take quiz"),
        Binding("m", "mark_read", "Mark read", show=False),
        Binding("g", "glossary", "Glossary", show=False),
        Binding("left_square_bracket", "previous", "Prev lesson"),
        Binding("right_square_bracket", "next", "Next lesson"),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "End", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, pack_id: str, lesson_id: str, *, anchor: str | None = None) -> None:
        super().__init__()
        self.pack_id = pack_id
        self.lesson_id = lesson_id
        self.jump_to = anchor
        self.lesson: Lesson | None = None
        self.summary: LessonSummary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="lesson-heading")
        with VerticalScroll(id="lesson-scroll"):
            yield Markdown(id="lesson-body", open_links=False)
            yield Static(id="lesson-end")
        yield Footer(show_command_palette=False)

    async def on_mount(self) -> None:
        try:
            self.lesson = self.study.open_lesson(self.pack_id, self.lesson_id)
            view = self.study.course(self.pack_id, self.lesson.course_id)
        except AltlearnError as exc:
            self.report_error(exc)
            self.dismiss()
            return
        self.summary = next((x for x in view.lessons if x.lesson_id == self.lesson_id), None)
        self._show_heading()
        body = self.query_one("#lesson-body", Markdown)
        await body.update(markdown(self.lesson.body))
        self.query_one("#lesson-end", Static).update(self._end_text())
        scroll = self.query_one("#lesson-scroll", VerticalScroll)
        scroll.focus()
        if self.jump_to:
            self.call_after_refresh(self._goto, self.jump_to)
        else:
            position = self.study.scroll_position(self.pack_id, self.lesson_id)
            self.call_after_refresh(scroll.scroll_to, 0, position, animate=False)

    def _show_heading(self) -> None:
        assert self.lesson is not None
        parts: list[Content | str | tuple[str, str]] = [
            plain(self.lesson.title, "bold"),
            plain(f"  ·  {self.lesson.minutes} min  ·  {plural(len(self.lesson.questions), 'question')}"),
        ]
        summary = self.summary
        if summary is not None and summary.status is LessonStatus.COMPLETED:
            parts.append(("  ·  ✓ completed", "$success"))
        elif summary is not None and summary.locked:
            parts += ["\n", plain("⊘ Complete first: " + ", ".join(summary.locked_by), "$warning")]
        self.query_one("#lesson-heading", Static).update(Content.assemble(*parts))

    def _end_text(self) -> Content:
        assert self.lesson is not None
        if not self.lesson.questions:
            return Content("End of the lesson. Press m to mark it as read, ] for the next lesson.")
        return Content(
            f"End of the lesson. Press t to take its quiz ({plural(len(self.lesson.questions), 'question')}), "
            "] for the next lesson."
        )

    def _goto(self, heading: str) -> None:
        wanted = _EMPHASIS.sub("", heading).strip().casefold()
        body = self.query_one("#lesson-body", Markdown)
        for _level, title, block_id in body.table_of_contents:
            if title.strip().casefold() == wanted and block_id:
                self.query_one(f"#{block_id}").scroll_visible(top=True, animate=False)
                return

    def _save_position(self) -> None:
        if self.lesson is None:
            return
        scroll = self.query_one("#lesson-scroll", VerticalScroll)
        self.study.save_scroll_position(self.pack_id, self.lesson_id, scroll.scroll_y)

    def on_screen_suspend(self) -> None:
        self._save_position()

    def on_screen_resume(self) -> None:
        if self.lesson is None:
            return
        try:
            view = self.study.course(self.pack_id, self.lesson.course_id)
        except AltlearnError:
            return
        self.summary = next((x for x in view.lessons if x.lesson_id == self.lesson_id), None)
        self._show_heading()

    def action_back(self) -> None:
        self._save_position()
        self.dismiss()

    def action_scroll_home(self) -> None:
        self.query_one("#lesson-scroll", VerticalScroll).scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.query_one("#lesson-scroll", VerticalScroll).scroll_end(animate=False)

    def action_quiz(self) -> None:
        from altlearn.tui.screens.quiz import QuizScreen

        if self.lesson is None:
            return
        if not self.lesson.questions:
            self.notify("This lesson has no quiz. Press m to mark it as read.", markup=False)
            return
        if (
            self.summary is not None
            and self.summary.locked
            and self.summary.status is not LessonStatus.COMPLETED
        ):
            self.notify(
                "Complete these lessons first: " + ", ".join(self.summary.locked_by),
                severity="warning",
                markup=False,
            )
            return
        self._save_position()
        self.app.push_screen(QuizScreen.for_lesson(self.pack_id, self.lesson_id))

    def action_mark_read(self) -> None:
        if self.lesson is None or self.lesson.questions:
            self.notify("This lesson is completed by passing its quiz (t).", markup=False)
            return
        self.study.mark_read(self.pack_id, self.lesson_id)
        self.notify("Marked as read.", markup=False)
        self.on_screen_resume()

    def _sibling(self, step: int) -> str | None:
        if self.lesson is None:
            return None
        view = self.study.course(self.pack_id, self.lesson.course_id)
        ids = [x.lesson_id for x in view.lessons]
        index = ids.index(self.lesson_id) + step if self.lesson_id in ids else -1
        return ids[index] if 0 <= index < len(ids) else None

    def action_previous(self) -> None:
        self._move(-1)

    def action_next(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        target = self._sibling(step)
        if target is None:
            self.notify(
                "This is the " + ("first" if step < 0 else "last") + " lesson of the course.", markup=False
            )
            return
        self._save_position()
        self.app.switch_screen(LessonScreen(self.pack_id, target))

    @on(Markdown.LinkClicked)
    def follow_link(self, event: Markdown.LinkClicked) -> None:
        """Links never open on their own: lessons open here, web addresses ask first."""
        event.stop()
        href = event.href.strip()
        if _EXTERNAL.match(href):
            from altlearn.tui.screens.link import LinkScreen

            self.app.push_screen(LinkScreen(href))
            return
        if href.startswith("#"):
            self._goto(href[1:].replace("-", " "))
            return
        if self.lesson is None or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
            self.notify(f"This link cannot be opened: {href}", markup=False)
            return
        path, _, anchor = href.partition("#")
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(self.lesson.location.path), unquote(path))
        )
        lesson_id = self.study.lesson_at_path(self.pack_id, target)
        if lesson_id is None:
            self.notify(f"The link leads to a file that is not a lesson: {target}", markup=False)
            return
        self._save_position()
        self.app.push_screen(LessonScreen(self.pack_id, lesson_id, anchor=anchor.replace("-", " ") or None))

    def action_glossary(self) -> None:
        from altlearn.tui.screens.glossary import GlossaryScreen

        if self.lesson is None:
            return
        view = self.study.course(self.pack_id, self.lesson.course_id)
        self.app.push_screen(GlossaryScreen(self.pack_id, self.lesson.course_id, view.course.title))

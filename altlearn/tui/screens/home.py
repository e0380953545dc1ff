"""The home screen: today's reviews, where to continue, every course with its progress."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from altlearn.study.views import CourseSummary, HomeSummary
from altlearn.tui.formatting import bar, percent, plural
from altlearn.tui.screens.base import StudyScreen
from altlearn.tui.text import plain


def course_prompt(course: CourseSummary) -> Content:
    """Two lines for a course: its title, then progress in words and a bar."""
    done = course.lessons_done / course.lesson_total if course.lesson_total else 0.0
    status = f"{course.lessons_done}/{course.lesson_total} lessons · mastery {percent(course.mastery)}"
    if course.due_today:
        status += f" · {course.due_today} due"
    return Content.assemble(
        plain(course.title, "bold"),
        "\n  ",
        (bar(done, 12), "$accent"),
        " ",
        plain(status),
    )


class HomeScreen(StudyScreen[None]):
    """Reviews due today, new cards available, continue, courses, packs."""

    BINDINGS = [
        Binding("r", "review", "Review"),
        Binding("c", "continue", "Continue"),
        Binding("slash", "search", "Search"),
        Binding("s", "stats", "Stats"),
        Binding("p", "packs", "Packs"),
        Binding("comma", "settings", "Settings"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summary: HomeSummary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="today"):
            yield Static(id="today-reviews")
            yield Static(id="today-new")
            yield Static(id="today-continue")
        yield Static(plain("Courses", "bold"), classes="section-title")
        yield OptionList(id="courses")
        yield Static(id="packs-line")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#today").border_title = "Today"
        self.refresh_data()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Re-read the summary from the study engine."""
        summary = self.study.home()
        self.summary = summary
        reviews = f"Reviews: {summary.due_now} due now · {summary.due_today} due today"
        if summary.reviewed_today:
            reviews += f" · {summary.reviewed_today} answered today"
        self.query_one("#today-reviews", Static).update(plain(reviews))
        new = f"New questions today: {summary.new_today} of {summary.new_limit}"
        if summary.new_available:
            new += f" · {summary.new_available} more waiting in your lessons"
        self.query_one("#today-new", Static).update(plain(new))
        target = summary.continue_to
        if not summary.courses:
            follow = Content("Loading your courses…")
        elif target is None:
            follow = Content("Start with a course below; the first one is a short tour.")
        else:
            follow = Content.assemble(
                "Continue (c): ", plain(target.title, "bold"), plain(f" — {target.course_title}")
            )
        self.query_one("#today-continue", Static).update(follow)
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            [Option(course_prompt(c), id=f"{c.pack_id}/{c.course_id}") for c in summary.courses]
        )
        if summary.courses:
            options.highlighted = min(highlighted or 0, len(summary.courses) - 1)
        packs = " · ".join(
            f"{p.id} {p.version}" + ("" if p.bundled or not p.synced_at else f" (synced {p.synced_at[:10]})")
            for p in summary.packs
        )
        self.query_one("#packs-line", Static).update(
            plain(f"{plural(len(summary.packs), 'pack')}: {packs}  (p to manage)")
        )

    @on(OptionList.OptionSelected, "#courses")
    def open_course(self, event: OptionList.OptionSelected) -> None:
        from altlearn.tui.screens.course import CourseScreen

        pack_id, course_id = str(event.option.id).split("/", 1)
        self.app.push_screen(CourseScreen(pack_id, course_id))

    def action_review(self) -> None:
        from altlearn.tui.screens.quiz import QuizScreen

        if self.summary is not None and self.summary.due_now == 0:
            when = self.study.next_due()
            from altlearn.tui.formatting import relative

            later = f" The next one is due {relative(when, self.study.clock.now())}." if when else ""
            self.notify(f"No reviews are due now.{later}", markup=False)
            return
        self.app.push_screen(QuizScreen.for_review())

    def action_continue(self) -> None:
        from altlearn.tui.screens.lesson import LessonScreen

        target = self.summary.continue_to if self.summary else None
        if target is None:
            self.notify("Nothing to continue yet: open a course.", markup=False)
            return
        self.app.push_screen(LessonScreen(target.pack_id, target.lesson_id))

    def action_search(self) -> None:
        from altlearn.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen())

    def action_stats(self) -> None:
        from altlearn.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_packs(self) -> None:
        from altlearn.tui.screens.packs import PacksScreen

        self.app.push_screen(PacksScreen())

    def action_settings(self) -> None:
        from altlearn.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

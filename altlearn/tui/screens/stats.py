"""Statistics: reviews per day, the 30-day forecast, retention, streak, mastery per course."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, LoadingIndicator, Static

from altlearn.study.views import Stats
from altlearn.tui.formatting import bar, percent, plural
from altlearn.tui.screens.base import StudyScreen
from altlearn.tui.text import plain
from altlearn.tui.widgets.bar_chart import BarChart


class StatsScreen(StudyScreen[None]):
    """Computed in a worker thread, so the app stays responsive on a big history."""

    BINDINGS = [
        Binding("escape,backspace", "app.pop_screen", "Back"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield LoadingIndicator(id="stats-loading")
            yield Static(id="stats-summary")
            yield Static(plain("Answers per day, last 30 days", "bold"), classes="section-title")
            yield BarChart(id="chart-reviews")
            yield Static(plain("Cards due, next 30 days", "bold"), classes="section-title")
            yield BarChart(id="chart-forecast")
            yield Static(plain("Mastery by course", "bold"), classes="section-title")
            yield Static(id="stats-courses")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#stats-body").focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Compute the statistics with a connection of this thread."""
        study = self.altlearn.open_study()
        try:
            stats = study.stats()
        finally:
            study.close()
        self.app.call_from_thread(self.show, stats)

    def show(self, stats: Stats) -> None:
        """Fill the screen."""
        self.query_one("#stats-loading").display = False
        retention = (
            f"{percent(stats.retention)} of {plural(stats.retention_reviews, 'review')}"
            if stats.retention is not None
            else "not enough reviews yet"
        )
        summary = Content.assemble(
            ("Today: ", "bold"),
            plain(
                f"{stats.reviewed_today} answered · {stats.due_today} due · "
                f"{stats.new_today}/{stats.new_limit} new\n"
            ),
            ("Retention (30 days): ", "bold"),
            plain(retention + "\n"),
            ("Streak: ", "bold"),
            plain(
                f"{plural(stats.streak, 'day')} · {stats.total_answers} answers in all, {stats.cards_seen} cards seen"
            ),
        )
        self.query_one("#stats-summary", Static).update(summary)
        reviews = [d.count for d in stats.reviews_per_day]
        self.query_one("#chart-reviews", BarChart).set_data(
            reviews, (stats.reviews_per_day[0].day.strftime("%d %b"), "today")
        )
        forecast = [d.count for d in stats.forecast]
        self.query_one("#chart-forecast", BarChart).set_data(
            forecast, ("today", stats.forecast[-1].day.strftime("%d %b"))
        )
        width = max((len(c.title) for c in stats.courses), default=10)
        lines = []
        for course in stats.courses:
            lines.append(
                Content.assemble(
                    plain(course.title.ljust(width)),
                    " ",
                    (bar(course.mastery, 12), "$accent"),
                    plain(
                        f" {percent(course.mastery):>4} · {course.lessons_done}/{course.lesson_total} lessons"
                        f" · {course.cards_learned} cards"
                    ),
                )
            )
        self.query_one("#stats-courses", Static).update(Content("\n").join(lines))

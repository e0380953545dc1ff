"""Full-text search over every lesson, as you type; Enter opens the lesson at the hit."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from altlearn.study.views import SearchHit
from altlearn.tui.screens.base import StudyScreen
from altlearn.tui.text import clean, plain


def hit_prompt(hit: SearchHit) -> Content:
    """A result: the lesson and section, then the snippet with the match marked."""
    snippet = " ".join(clean(hit.snippet).split())
    parts: list[Content | tuple[str, str] | str] = []
    for index, piece in enumerate(snippet.replace("»", "«").split("«")):
        parts.append((piece, "bold reverse") if index % 2 else piece)
    heading = f" › {hit.heading}" if hit.heading and hit.heading != hit.lesson_title else ""
    return Content.assemble(plain(hit.lesson_title + heading, "bold"), "\n  ", Content.assemble(*parts))


class SearchScreen(StudyScreen[None]):
    """Type to search; ↓ to the results; Enter to open."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search every lesson (English or Japanese)", id="search-input")
        yield Static(id="search-status")
        yield OptionList(id="search-results")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#search-input")
    def search(self, event: Input.Changed) -> None:
        """Search on every keystroke: the index answers in milliseconds."""
        self.hits = self.study.search(event.value, limit=50)
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(hit_prompt(h), id=str(i)) for i, h in enumerate(self.hits)])
        status = (
            ""
            if not event.value.strip()
            else f"{len(self.hits)} result" + ("" if len(self.hits) == 1 else "s")
        )
        self.query_one("#search-status", Static).update(plain(status))

    @on(Input.Submitted, "#search-input")
    def first(self, event: Input.Submitted) -> None:
        if self.hits:
            self._open(self.hits[0])

    def action_focus_results(self) -> None:
        if self.hits:
            self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#search-results")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self._open(self.hits[int(str(event.option.id))])

    def _open(self, hit: SearchHit) -> None:
        from altlearn.tui.screens.lesson import LessonScreen

        anchor = hit.heading if hit.section > 0 else None
        self.app.push_screen(LessonScreen(hit.pack_id, hit.lesson_id, anchor=anchor))

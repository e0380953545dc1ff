"""A course's glossary: every Japanese term with its romaji and meaning, filterable."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

from altlearn.domain.model import GlossaryEntry
from altlearn.errors import AltlearnError
from altlearn.study.normalize import normalize
from altlearn.tui.screens.base import StudyScreen
from altlearn.tui.text import clean, plain


def matches(entry: GlossaryEntry, text: str) -> bool:
    """Whether a filter (Japanese, romaji or English, any case or width) finds the entry."""
    wanted = normalize(text)
    return not wanted or any(
        wanted in normalize(field) for field in (entry.term, entry.romaji, entry.meaning)
    )


class GlossaryScreen(StudyScreen[None]):
    """Type to filter; the table shows Japanese, romaji and meaning."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, pack_id: str, course_id: str, title: str) -> None:
        super().__init__()
        self.pack_id = pack_id
        self.course_id = course_id
        self.course_title = title
        self.entries: list[GlossaryEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(plain(f"Glossary: {self.course_title}", "bold"), classes="section-title")
        yield Input(placeholder="Filter: Japanese, romaji or English", id="glossary-filter")
        yield DataTable(id="glossary-table", cursor_type="row", zebra_stripes=True)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        try:
            self.entries = self.study.glossary(self.pack_id, self.course_id)
        except AltlearnError as exc:
            self.report_error(exc)
        table = self.query_one(DataTable)
        table.add_columns("Japanese", "Romaji", "Meaning")
        self.show("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#glossary-filter")
    def filter(self, event: Input.Changed) -> None:
        self.show(event.value)

    def show(self, text: str) -> None:
        """Fill the table with the entries the filter finds."""
        table = self.query_one(DataTable)
        table.clear()
        for entry in self.entries:
            if matches(entry, text):
                # Rich Text, not str: DataTable would read a str as markup.
                table.add_row(Text(clean(entry.term)), Text(clean(entry.romaji)), Text(clean(entry.meaning)))
        if not self.entries:
            table.add_row(Text("This course has no glossary."), Text(""), Text(""))

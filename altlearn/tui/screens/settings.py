"""Settings: desired retention, new cards per day, the day's rollover hour, time zone, theme."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from altlearn.config import THEMES
from altlearn.errors import AltlearnError, ConfigError
from altlearn.tui.screens.base import StudyScreen
from altlearn.tui.text import plain


class SettingsScreen(StudyScreen[None]):
    """Edit and save the learner's settings; invalid values are explained, not saved."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def compose(self) -> ComposeResult:
        settings = self.study.settings
        yield Header()
        with VerticalScroll(id="settings-body"):
            yield Static(plain("Settings", "bold"), classes="section-title")
            with Horizontal(classes="field"):
                yield Label("Desired retention")
                yield Input(
                    str(settings.desired_retention), id="retention", restrict=r"[0-9.]*", max_length=5
                )
            yield Static(
                plain(
                    "Chance of remembering a card when it comes back, 0.70-0.99. Higher means more reviews."
                ),
                classes="hint",
            )
            with Horizontal(classes="field"):
                yield Label("New questions per day")
                yield Input(str(settings.new_per_day), id="new-per-day", restrict=r"[0-9]*", max_length=4)
            with Horizontal(classes="field"):
                yield Label("Day starts at (hour)")
                yield Input(str(settings.rollover_hour), id="rollover", restrict=r"[0-9]*", max_length=2)
            yield Static(
                plain("Reviews before this hour count for the day before (default 4)."), classes="hint"
            )
            with Horizontal(classes="field"):
                yield Label("Time zone")
                yield Input(settings.timezone, id="timezone", placeholder="your computer's (e.g. Asia/Tokyo)")
            with Horizontal(classes="field"):
                yield Label("Theme")
                yield Select(
                    [(t.capitalize(), t) for t in THEMES], value=settings.theme, allow_blank=False, id="theme"
                )
            yield Button("Save (Ctrl+S)", id="save", variant="primary")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#retention", Input).focus()

    @on(Select.Changed, "#theme")
    def preview_theme(self, event: Select.Changed) -> None:
        self.altlearn.apply_theme(str(event.value))

    @on(Button.Pressed, "#save")
    def _pressed(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Validate and save; explain what is wrong otherwise."""
        try:
            settings = replace(
                self.study.settings,
                desired_retention=float(self.query_one("#retention", Input).value or "nan"),
                new_per_day=int(self.query_one("#new-per-day", Input).value or "-1"),
                rollover_hour=int(self.query_one("#rollover", Input).value or "-1"),
                timezone=self.query_one("#timezone", Input).value.strip(),
                theme=str(self.query_one("#theme", Select).value),
            )
            self.study.update_settings(settings)
        except ValueError:
            self.report_error(ConfigError("settings must be numbers where numbers are asked for"))
            return
        except AltlearnError as exc:
            self.report_error(exc)
            return
        self.altlearn.apply_theme(settings.theme)
        self.notify("Settings saved.", markup=False)
        self.dismiss()

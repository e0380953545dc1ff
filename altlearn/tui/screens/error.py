"""A full-screen error for when the app cannot start (e.g. an unreadable progress store)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from altlearn.tui.text import plain


class ErrorScreen(Screen[None]):
    """Says what went wrong and what to do; the only key is quit."""

    BINDINGS = [Binding("q,escape", "app.quit", "Quit")]

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__()
        self.message = message
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Static(plain("altlearn cannot start", "bold"), id="error-title")
            yield Static(plain(self.message), id="error-message")
            if self.hint:
                yield Static(plain(self.hint), id="error-hint")
        yield Footer(show_command_palette=False)

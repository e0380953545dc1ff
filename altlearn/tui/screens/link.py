"""A web address from a lesson: shown first, opened only if the learner asks."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from altlearn.tui.text import plain


class LinkScreen(ModalScreen[None]):
    """Shows the full address; ``o`` opens it in a browser, Escape closes."""

    BINDINGS = [
        Binding("escape,n", "dismiss", "Close"),
        Binding("o,y", "open", "Open in browser"),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box"):
            yield Static(plain("This link leads out of altlearn:", "bold"))
            yield Static(plain(self.url), id="link-url")
            yield Static(plain("o: open it in your browser · Escape: stay here"), classes="hint")

    def action_open(self) -> None:
        self.app.open_url(self.url)
        self.dismiss()

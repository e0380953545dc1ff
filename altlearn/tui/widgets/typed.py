"""Typing a short answer (English, romaji or Japanese)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from altlearn.tui.widgets.answer import AnswerReady


class TypedQuestion(Vertical):
    """One input; Enter answers."""

    DEFAULT_CSS = """
    TypedQuestion { height: auto; }
    TypedQuestion .hint { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Type your answer, then Enter", id="typed-answer", max_length=300)
        yield Static(
            "Romaji or Japanese both work; long vowels, capitals and width do not matter.", classes="hint"
        )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.notify("Type an answer first.", markup=False)
            return
        self.post_message(AnswerReady(event.value))

"""Filling in the blanks of a cloze: one input per blank."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from altlearn.tui.widgets.answer import AnswerReady


class ClozeQuestion(Vertical):
    """Inputs numbered like the blanks; Enter moves on, and answers from the last."""

    DEFAULT_CSS = """
    ClozeQuestion { height: auto; }
    ClozeQuestion Horizontal { height: auto; }
    ClozeQuestion Label { width: 5; padding: 1 1 0 0; text-align: right; }
    ClozeQuestion Input { width: 1fr; }
    """

    def __init__(self, blanks: int) -> None:
        super().__init__()
        self.blanks = blanks

    def compose(self) -> ComposeResult:
        for index in range(self.blanks):
            with Horizontal():
                yield Label(f"({index + 1})")
                yield Input(placeholder=f"blank {index + 1}", id=f"blank-{index}", max_length=200)

    def on_mount(self) -> None:
        self.query_one("#blank-0", Input).focus()

    @on(Input.Submitted)
    def _next_or_submit(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        values = [i.value for i in inputs]
        empty = next((i for i, v in enumerate(values) if not v.strip()), None)
        position = inputs.index(event.input)
        if empty is not None:
            target = empty if empty != position else min(position + 1, len(inputs) - 1)
            inputs[target if values[position].strip() else position].focus()
            if position == len(inputs) - 1 or not values[position].strip():
                self.notify("Fill in every blank.", markup=False)
            return
        self.post_message(AnswerReady(values))

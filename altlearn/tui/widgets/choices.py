"""Choosing options: one (single choice, true/false) or several (multiple select)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from altlearn.tui.text import inline
from altlearn.tui.widgets.answer import AnswerReady


class ChoiceList(OptionList):
    """Options numbered from 1: digits or clicks pick them, Enter answers."""

    BINDINGS = [
        Binding("enter", "submit", "Answer", show=True),
        Binding("space", "pick", "Pick", show=False),
        *[Binding(str(n), f"choose({n - 1})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, labels: list[str], *, multiple: bool, id: str | None = None) -> None:
        self.labels = labels
        self.multiple = multiple
        self.chosen: set[int] = set()
        super().__init__(*[Option(self._prompt(i)) for i in range(len(labels))], id=id)

    def _prompt(self, index: int) -> Content:
        picked = index in self.chosen
        marks = ("[ ]", "[x]") if self.multiple else ("( )", "(•)")
        mark = marks[picked]
        return Content.assemble(
            (f"{mark} {index + 1}  ", "bold" if picked else ""), inline(self.labels[index])
        )

    def _redraw(self) -> None:
        for index in range(len(self.labels)):
            self.replace_option_prompt_at_index(index, self._prompt(index))

    def choose(self, index: int) -> None:
        """Pick option ``index`` (toggle it, for multiple select)."""
        if not 0 <= index < len(self.labels):
            return
        if self.multiple:
            self.chosen ^= {index}
        else:
            self.chosen = {index}
        self.highlighted = index
        self._redraw()

    def action_choose(self, index: int) -> None:
        self.choose(index)

    def action_pick(self) -> None:
        if self.highlighted is not None:
            self.choose(self.highlighted)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option_index)

    def action_submit(self) -> None:
        if not self.chosen and self.highlighted is not None and not self.multiple:
            self.choose(self.highlighted)
        if not self.chosen:
            self.notify("Pick an option first (its number, or Space).", markup=False)
            return
        if self.multiple:
            self.post_message(AnswerReady(frozenset(self.chosen)))
        else:
            self.post_message(AnswerReady(next(iter(self.chosen))))


class ChoiceQuestion(Vertical):
    """A choice list and an Answer button (for the mouse)."""

    DEFAULT_CSS = """
    ChoiceQuestion { height: auto; }
    ChoiceQuestion > Button { margin-top: 1; }
    """

    def __init__(
        self, labels: list[str], *, multiple: bool, answer_values: list[object] | None = None
    ) -> None:
        super().__init__()
        self.labels = labels
        self.multiple = multiple
        self.answer_values = answer_values

    def compose(self) -> ComposeResult:
        yield ChoiceList(self.labels, multiple=self.multiple, id="choices")
        yield Button("Answer (Enter)", id="submit-answer", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one(ChoiceList).focus()

    @on(Button.Pressed, "#submit-answer")
    def _submit(self, event: Button.Pressed) -> None:
        event.stop()
        self.query_one(ChoiceList).action_submit()

    @on(AnswerReady)
    def _translate(self, event: AnswerReady) -> None:
        """True/false questions answer with a bool, not an index."""
        if self.answer_values is not None and isinstance(event.answer, int):
            event.answer = self.answer_values[event.answer]

"""Putting items in order: move the highlighted item with Shift+arrows, or pick it up with Space."""

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


class OrderList(OptionList):
    """Items in the learner's current order; ``order[i]`` is the item at position i."""

    BINDINGS = [
        Binding("enter", "submit", "Answer"),
        Binding("space", "grab", "Pick up/drop"),
        Binding("shift+up,ctrl+up,K", "move(-1)", "Move up"),
        Binding("shift+down,ctrl+down,J", "move(1)", "Move down"),
    ]

    def __init__(self, items: list[str], order: list[int], id: str | None = None) -> None:
        self.items = items
        self.order = list(order)
        self.grabbed = False
        super().__init__(*[Option(self._prompt(p)) for p in range(len(order))], id=id)

    def _prompt(self, position: int) -> Content:
        grabbed = self.grabbed and position == self.highlighted
        mark = "⇅" if grabbed else "  "
        return Content.assemble(
            (f"{mark} {position + 1}. ", "bold" if grabbed else ""), inline(self.items[self.order[position]])
        )

    def _redraw(self) -> None:
        for position in range(len(self.order)):
            self.replace_option_prompt_at_index(position, self._prompt(position))

    def move(self, step: int) -> None:
        """Swap the highlighted item with its neighbour."""
        here = self.highlighted
        if here is None:
            return
        there = here + step
        if not 0 <= there < len(self.order):
            return
        self.order[here], self.order[there] = self.order[there], self.order[here]
        self.highlighted = there
        self._redraw()

    def action_move(self, step: int) -> None:
        self.move(step)

    def action_grab(self) -> None:
        self.grabbed = not self.grabbed
        self._redraw()

    def action_cursor_up(self) -> None:
        if self.grabbed:
            self.move(-1)
        else:
            super().action_cursor_up()
            self._redraw()

    def action_cursor_down(self) -> None:
        if self.grabbed:
            self.move(1)
        else:
            super().action_cursor_down()
            self._redraw()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()

    def action_submit(self) -> None:
        self.post_message(AnswerReady(list(self.order)))


class OrderingQuestion(Vertical):
    """An order list with buttons for mouse users."""

    DEFAULT_CSS = """
    OrderingQuestion { height: auto; }
    OrderingQuestion .buttons { height: auto; margin-top: 1; }
    OrderingQuestion Button { margin-right: 1; }
    """

    def __init__(self, items: list[str], order: list[int]) -> None:
        super().__init__()
        self.items = items
        self.order = order

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        yield OrderList(self.items, self.order, id="order")
        with Horizontal(classes="buttons"):
            yield Button("Up", id="order-up", compact=True)
            yield Button("Down", id="order-down", compact=True)
            yield Button("Answer (Enter)", id="submit-answer", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one(OrderList).focus()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        order_list = self.query_one(OrderList)
        if event.button.id == "order-up":
            order_list.move(-1)
        elif event.button.id == "order-down":
            order_list.move(1)
        else:
            order_list.action_submit()
        order_list.focus()

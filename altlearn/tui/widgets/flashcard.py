"""A flashcard: think, reveal the back, then rate your own recall."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Markdown, Static

from altlearn.domain.rating import Rating
from altlearn.tui.text import markdown
from altlearn.tui.widgets.answer import AnswerReady


class FlashcardQuestion(Vertical, can_focus=True):
    """Space shows the back; 1-4 rate Again, Hard, Good, Easy."""

    DEFAULT_CSS = """
    FlashcardQuestion { height: auto; }
    FlashcardQuestion #card-back { display: none; border-top: solid $accent; }
    FlashcardQuestion.-revealed #card-back { display: block; }
    FlashcardQuestion .buttons { height: auto; }
    FlashcardQuestion Button { margin-right: 1; }
    """

    BINDINGS = [
        Binding("space,enter", "reveal", "Show answer"),
        Binding("1", "rate(1)", "Again", show=False),
        Binding("2", "rate(2)", "Hard", show=False),
        Binding("3", "rate(3)", "Good", show=False),
        Binding("4", "rate(4)", "Easy", show=False),
    ]

    def __init__(self, back: str) -> None:
        super().__init__()
        self.back = back
        self.revealed = False

    def compose(self) -> ComposeResult:
        yield Markdown(markdown(self.back), id="card-back", open_links=False)
        yield Static("Think of the answer, then press Space to see it.", id="card-hint")
        with Horizontal(classes="buttons"):
            yield Button("Show answer (Space)", id="reveal", compact=True, variant="primary")

    def on_mount(self) -> None:
        self.focus()

    def action_reveal(self) -> None:
        if self.revealed:
            return
        self.revealed = True
        self.add_class("-revealed")
        self.query_one("#card-hint", Static).update(
            "How well did you remember? 1 Again · 2 Hard · 3 Good · 4 Easy"
        )
        buttons = self.query_one(".buttons", Horizontal)
        buttons.remove_children()
        buttons.mount_all(
            [Button(f"{r.value} {r.label}", id=f"rate-{r.value}", compact=True) for r in Rating]
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate":
            return self.revealed
        if action == "reveal":
            return not self.revealed
        return True

    def action_rate(self, value: int) -> None:
        if self.revealed:
            self.post_message(AnswerReady(Rating(value)))

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "reveal":
            self.action_reveal()
        elif event.button.id and event.button.id.startswith("rate-"):
            self.action_rate(int(event.button.id.removeprefix("rate-")))
        self.focus()

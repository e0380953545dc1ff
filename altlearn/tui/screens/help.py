"""Every key, on one screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# Keys

**Everywhere**: `?` or `F1` help · `Escape` back · `q` quit (from lists) · `Ctrl+P` commands

**Home**: `↑`/`↓` choose a course, `Enter` open it · `r` review what is due · `c` continue
the last lesson · `/` search · `s` statistics · `p` packs and sync · `,` settings

**Course**: `Enter` open a lesson · `r` review this course · `g` its glossary of Japanese terms

**Lesson**: `↑`/`↓`/`PgUp`/`PgDn` scroll · `t` take the quiz · `[` and `]` previous and next
lesson · `g` the course glossary · `m` mark a lesson without a quiz as read. Links to other lessons open them; web
addresses are shown first and open only if you ask.

**Questions**

- *Choose one / choose all that apply / true or false*: press the option's number (or
  `Space` on the highlighted one), then `Enter`.
- *Type the answer*: type, then `Enter`. Romaji or Japanese both work.
- *Fill in the blanks*: type each blank; `Enter` moves to the next and answers from the last.
- *Put in order*: `↑`/`↓` choose an item, `Shift+↑`/`Shift+↓` (or `K`/`J`) move it; or
  `Space` to pick it up, arrows to move, `Space` to drop. `Enter` answers.
- *Flashcard*: `Space` shows the answer, then `1` Again · `2` Hard · `3` Good · `4` Easy.

**After answering**: `Enter` next · `1`–`4` change the rating (a right answer can be Hard,
Good or Easy; a wrong one stays Again) · `u` undo the last answer.

**End of a quiz**: `r` retake · `n` next lesson.
"""


class HelpScreen(ModalScreen[None]):
    """Keys for every screen."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(HELP)

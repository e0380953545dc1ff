"""``altlearn pack preview``: the app on an author's working copy, reloading on every save.

The pack folder is polled (a stat of each file, well under a millisecond for a
pack of lessons) a few times a second, so there is no file-watching dependency
and it works the same on every platform and network drive. On a change the
checker runs, its diagnostics go to the header and the Problems screen (``d``),
the catalog is re-indexed, and the screen on display is rebuilt in place: the
lesson being read stays open at the same scroll position.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from altlearn.domain.diagnostics import Diagnostic
from altlearn.packs.library import InstalledPack
from altlearn.packs.loader import load_pack
from altlearn.paths import Paths
from altlearn.study.catalog import fingerprint
from altlearn.tui.app import AltlearnApp
from altlearn.tui.formatting import plural
from altlearn.tui.screens.lesson import LessonScreen
from altlearn.tui.text import plain

POLL_SECONDS = 0.25
"""How often the pack folder is checked for saved changes."""


class ProblemsScreen(ModalScreen[None]):
    """The checker's diagnostics, compiler style."""

    BINDINGS = [Binding("escape,d,q", "dismiss", "Close")]

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__()
        self.diagnostics = diagnostics

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(plain("Problems found by altlearn pack check", "bold"))
            if not self.diagnostics:
                yield Static(plain("None: the pack is clean."))
            for diagnostic in self.diagnostics:
                style = "$error" if diagnostic.is_error else "$warning"
                yield Static(plain(diagnostic.format(), style))


class PreviewApp(AltlearnApp):
    """The study app on packs from a working copy, with a scratch progress store."""

    BINDINGS = [Binding("d", "problems", "Problems", priority=False)]

    def __init__(self, paths: Paths, packs: list[InstalledPack]) -> None:
        super().__init__(paths, packs=packs, title="preview")
        self.preview_packs = packs
        self.diagnostics: list[Diagnostic] = []
        self._stamps: dict[str, str] = {}
        self.reloads = 0

    def on_mount(self) -> None:
        # Textual calls AltlearnApp.on_mount itself (handlers run for each class
        # of the hierarchy), so this one only adds the watching.
        self._stamps = {p.id: fingerprint(p) for p in self.preview_packs}
        self.check_packs()
        self.set_interval(POLL_SECONDS, self.poll)

    def poll(self) -> None:
        """Reload when a file of a previewed pack was saved."""
        stamps = {p.id: fingerprint(p) for p in self.preview_packs}
        if stamps != self._stamps:
            self._stamps = stamps
            self.check_packs(reload=True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview")
    def check_packs(self, reload: bool = False) -> None:
        """Check the packs and re-index them in a thread, then update the screen."""
        diagnostics: list[Diagnostic] = []
        for pack in self.preview_packs:
            diagnostics.extend(load_pack(pack.root).diagnostics)
        study = self.open_study()
        try:
            study.refresh()
        finally:
            study.close()
        self.call_from_thread(self._checked, diagnostics, reload)

    def _checked(self, diagnostics: list[Diagnostic], reload: bool) -> None:
        self.diagnostics = diagnostics
        errors = sum(d.is_error for d in diagnostics)
        if errors and not self.study.courses():
            # Nothing could be indexed yet: the problems are all there is to show.
            self.push_screen(ProblemsScreen(diagnostics))
        warnings = len(diagnostics) - errors
        self.sub_title = f"preview · {plural(errors, 'error')} · {plural(warnings, 'warning')}" + (
            " (d)" if diagnostics else ""
        )
        if not reload:
            refresh = getattr(self.screen, "refresh_data", None)
            if callable(refresh):
                refresh()  # the first check indexed the packs: show them
            return
        self.reloads += 1
        screen = self.screen
        if isinstance(screen, LessonScreen):
            # The reader is rebuilt from the saved file, at the same place.
            position = screen.query_one("#lesson-scroll").scroll_y
            self.study.save_scroll_position(screen.pack_id, screen.lesson_id, position)
            self.switch_screen(LessonScreen(screen.pack_id, screen.lesson_id))
        else:
            refresh = getattr(screen, "refresh_data", None)
            if callable(refresh):
                refresh()
        if errors:
            self.notify(
                f"{errors} error(s) in the pack: press d to see them.", severity="error", markup=False
            )
        else:
            self.notify("Reloaded.", markup=False, timeout=1.5)

    def action_problems(self) -> None:
        self.push_screen(ProblemsScreen(self.diagnostics))

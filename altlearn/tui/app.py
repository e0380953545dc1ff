"""The altlearn terminal app: opens the study engine and shows the home screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from altlearn.errors import AltlearnError
from altlearn.paths import Paths
from altlearn.study.clock import Clock
from altlearn.study.service import Study
from altlearn.study.views import CatalogReport
from altlearn.tui.screens.error import ErrorScreen
from altlearn.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from altlearn.packs.library import InstalledPack

THEMES = {"dark": "textual-dark", "light": "textual-light"}


class AltlearnApp(App[None]):
    """Study ALT courses in the terminal.

    Args:
        paths: The learner's home folder.
        clock: Where time comes from (tests pass a fixed clock).
        packs: Packs to study instead of the installed ones (pack preview).
        fuzz: Spread review intervals a little (tests turn it off).
        title: Shown in the header.
    """

    CSS_PATH = Path(__file__).parent / "altlearn.tcss"  # absolute: subclasses may live elsewhere
    TITLE = "altlearn"
    SUB_TITLE = "learn the ALT job"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("f1", "help", "Help", show=False),
    ]

    def __init__(
        self,
        paths: Paths,
        *,
        clock: Clock | None = None,
        packs: list[InstalledPack] | None = None,
        fuzz: bool = True,
        title: str | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self._clock = clock
        self._packs = packs
        self._fuzz = fuzz
        self._study: Study | None = None
        if title:
            self.sub_title = title

    # The study engine -------------------------------------------------------
    @property
    def study(self) -> Study:
        """The study engine (main thread only; workers open their own with :meth:`open_study`)."""
        if self._study is None:
            raise RuntimeError("the study engine is not open yet")
        return self._study

    def open_study(self) -> Study:
        """A new study engine connection, for a worker thread."""
        return Study(self.paths, clock=self._clock, packs=self._packs, fuzz=self._fuzz)

    def on_mount(self) -> None:
        try:
            # The catalog from the last run is enough for the first screen; packs that
            # changed since (a sync, an edited working copy) are re-indexed in a worker.
            self._study = Study(self.paths, clock=self._clock, packs=self._packs, fuzz=self._fuzz)
        except AltlearnError as exc:
            self.push_screen(ErrorScreen(exc.message, exc.hint or ""))
            return
        self.apply_theme(self._study.settings.theme)
        self.push_screen(HomeScreen())
        # After the first paint: the worker would otherwise compete with it for the GIL.
        self.call_after_refresh(self.refresh_catalog)

    @work(thread=True, exclusive=True, exit_on_error=False, group="catalog")
    def refresh_catalog(self) -> None:
        """Index new or changed packs without blocking the screen (a big pack takes seconds)."""
        study = self.open_study()
        try:
            report = study.refresh()
        finally:
            study.close()
        self.call_from_thread(self._catalog_refreshed, report)

    def _catalog_refreshed(self, report: CatalogReport) -> None:
        if self._study is not None:
            self._study.catalog_report = report
        if report.indexed:
            refresh = getattr(self.screen, "refresh_data", None)
            if callable(refresh):
                refresh()
        if report.refused:
            names = ", ".join(sorted(report.refused))
            self.notify(
                f"Some packs have errors and were not loaded: {names}. Run altlearn pack check on them.",
                title="Packs",
                severity="warning",
                markup=False,
                timeout=10,
            )

    def on_unmount(self) -> None:
        if self._study is not None:
            self._study.close()

    def apply_theme(self, name: str) -> None:
        """Switch between the light and dark themes."""
        self.theme = THEMES.get(name, "textual-dark")

    # Errors, in one place ------------------------------------------------------
    def report_error(self, exc: BaseException) -> None:
        """Show an error as a notification: what happened and what to do."""
        if isinstance(exc, AltlearnError):
            message = exc.message + (f"\n{exc.hint}" if exc.hint else "")
        else:
            message = f"Something went wrong: {exc}"
        self.notify(message, title="Error", severity="error", markup=False, timeout=8)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.report_error(event.worker.error)

    # Global actions ---------------------------------------------------------------
    def action_help(self) -> None:
        from altlearn.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())


def run(paths: Paths, *, packs: list[InstalledPack] | None = None, title: str | None = None) -> None:
    """Run the app in the terminal."""
    AltlearnApp(paths, packs=packs, title=title).run()


__all__ = ["AltlearnApp", "run"]

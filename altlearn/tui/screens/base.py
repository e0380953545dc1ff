"""What every altlearn screen shares: access to the study engine and error reporting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from altlearn.study.service import Study
    from altlearn.tui.app import AltlearnApp

ResultType = TypeVar("ResultType")


class StudyScreen(Screen[ResultType], Generic[ResultType]):
    """A screen that reads from the study engine."""

    @property
    def altlearn(self) -> AltlearnApp:
        """The app, typed."""
        return cast("AltlearnApp", self.app)

    @property
    def study(self) -> Study:
        """The study engine of the main thread."""
        return self.altlearn.study

    def report_error(self, exc: BaseException) -> None:
        """Show an error as a notification."""
        self.altlearn.report_error(exc)

"""Opening the terminal app (the only place the CLI reaches into ``altlearn.tui``)."""

from __future__ import annotations

import click

from altlearn.paths import Paths


def run_app(paths: Paths) -> None:
    """Start the Textual app on ``paths``."""
    from altlearn.tui.app import AltlearnApp

    AltlearnApp(paths=paths).run()


@click.command()
@click.pass_obj
def study(paths: Paths) -> None:
    """Open the study app (the same as running altlearn with no command)."""
    run_app(paths)

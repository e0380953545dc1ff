"""The ``altlearn`` command.

Every command turns :class:`~altlearn.errors.AltlearnError` into a message on
stderr and a non-zero exit code; tracebacks are for bugs only. Layers are
imported inside commands so that ``altlearn --help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from altlearn import __version__
from altlearn.errors import AltlearnError


class AltlearnGroup(click.Group):
    """A click group that reports :class:`AltlearnError` the same way everywhere."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AltlearnError as exc:
            report_error(exc)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)


def report_error(exc: AltlearnError) -> None:
    """Print an error and its hint to stderr."""
    click.secho(f"error: {exc.message}", err=True, fg="red")
    if exc.hint:
        click.echo(f"hint: {exc.hint}", err=True)


@click.group(
    cls=AltlearnGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "--version", "-V", prog_name="altlearn")
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    envvar="ALTLEARN_HOME",
    help="Folder for progress, settings and synced packs (default: your user data folder; env ALTLEARN_HOME).",
)
@click.pass_context
def main(ctx: click.Context, home: str | None) -> None:
    """Learn the job of an Assistant Language Teacher in Japan.

    With no command, opens the study app on the bundled courses and your synced packs.
    """
    from altlearn.paths import resolve_home

    ctx.obj = resolve_home(home)
    if ctx.invoked_subcommand is None:
        from altlearn.cli.app import run_app

        run_app(ctx.obj)


def _register() -> None:
    from altlearn.cli import app, pack
    from altlearn.cli import sync as sync_cli

    main.add_command(pack.pack)
    main.add_command(app.study)
    main.add_command(sync_cli.sync)
    main.add_command(sync_cli.packs)
    pack.pack.add_command(sync_cli.bundle)
    from altlearn.cli import authoring, report

    pack.pack.add_command(authoring.new)
    pack.pack.add_command(authoring.export_anki)
    main.add_command(report.report)
    from altlearn.cli import preview

    pack.pack.add_command(preview.preview)
    from altlearn.cli import study as study_cli

    main.add_command(study_cli.progress)
    main.add_command(study_cli.stats)
    main.add_command(study_cli.optimize)


_register()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

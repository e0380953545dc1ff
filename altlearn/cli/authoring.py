"""``altlearn pack new`` and ``altlearn pack export-anki``: tools for course authors."""

from __future__ import annotations

from pathlib import Path

import click

from altlearn.errors import PackError


@click.command("new")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--id", "pack_id", default="", help="The pack's id (default: from the folder name).")
@click.option("--title", default="", help="The pack's title (default: from the folder name).")
@click.option("--author", default="Your Name <you@example.org>", show_default=True, help="The first author.")
@click.option("--license", "license_", default="CC-BY-4.0", show_default=True, help="SPDX licence id.")
def new(directory: Path, pack_id: str, title: str, author: str, license_: str) -> None:
    """Create a new pack in DIRECTORY: a manifest, one course, one lesson with a
    question of every type, a glossary and a README for authors.

    The new pack passes altlearn pack check as created; edit it from there.
    """
    from altlearn.authoring.scaffold import ScaffoldOptions, create_pack

    options = ScaffoldOptions(pack_id=pack_id, title=title, author=author, license=license_)
    written = create_pack(directory, options)
    click.echo(f"created a new pack in {directory}:")
    for path in written:
        click.echo(f"  {path.relative_to(directory).as_posix()}")
    click.echo(f"next: edit the lesson, then run  altlearn pack check {directory}")


@click.command("export-anki")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The Anki package to write (.apkg); replaced if it exists.",
)
def export_anki(path: Path, output: Path) -> None:
    """Export the pack at PATH as an Anki package: a deck per course, a note per question.

    Note ids are derived from the pack's ids, so importing a newer export into
    Anki updates the notes instead of adding duplicates.
    """
    from altlearn.export.anki import export_pack
    from altlearn.packs.loader import discover_packs
    from altlearn.study.clock import SystemClock

    roots = discover_packs(path)
    if not roots:
        raise PackError(f"no pack found at '{path}'", hint="PATH must be a folder holding pack.toml")
    if len(roots) > 1:
        names = ", ".join(str(r) for r in roots[:5])
        raise PackError(
            f"'{path}' holds {len(roots)} packs ({names}); export one at a time",
            hint="pass the folder of one pack",
        )
    if output.suffix.lower() != ".apkg":
        raise PackError(f"'{output}' does not end in .apkg", hint="Anki only imports files named *.apkg")
    summary = export_pack(roots[0], output, now=SystemClock().now())
    click.echo(summary.describe())

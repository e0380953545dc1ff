"""``altlearn pack``: commands for course authors and trainers."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def pack() -> None:
    """Check, show and build content packs."""


@pack.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the summary.")
def check(paths: tuple[Path, ...], fmt: str, quiet: bool) -> None:
    """Check packs for errors, like a compiler: path:line:col: severity: message.

    PATHS are pack folders, repositories holding packs in subfolders, or files
    inside a pack. Exits 1 when any error is found, 0 otherwise (warnings alone
    do not fail).
    """
    from altlearn.packs.checker import check_paths

    report = check_paths(list(paths))
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for diagnostic in report.diagnostics:
            if quiet and not diagnostic.is_error:
                continue
            colour = "red" if diagnostic.is_error else "yellow"
            click.secho(diagnostic.format(), fg=colour)
        click.echo(report.summary(), err=fmt == "json")
    raise SystemExit(0 if report.ok else 1)


@pack.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
def show(path: Path, fmt: str) -> None:
    """Print the parsed pack at PATH: courses, lessons and questions with their sources."""
    from altlearn.errors import PackError
    from altlearn.packs.loader import discover_packs, load_pack
    from altlearn.packs.serialize import pack_to_dict

    roots = discover_packs(path)
    packs = []
    for root in roots:
        result = load_pack(root)
        if result.pack is None:
            first = result.errors[0].format() if result.errors else "unreadable pack"
            raise PackError(
                f"cannot read the pack in '{root}': {first}", hint="run altlearn pack check on it"
            )
        packs.append((result, pack_to_dict(result.pack)))
    if fmt == "json":
        data = packs[0][1] if len(packs) == 1 else [p for _, p in packs]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for result, _ in packs:
        assert result.pack is not None
        p = result.pack
        click.echo(f"{p.title} ({p.id} {p.version}) — {', '.join(p.authors)}, {p.license}")
        for course in p.courses:
            click.echo(f"  {course.title} [{course.id}]")
            for lesson in course.lessons:
                kinds = ", ".join(q.kind.value for q in lesson.questions) or "no questions"
                click.echo(f"    {lesson.title} [{lesson.id}] {lesson.minutes} min: {kinds}")
        if result.diagnostics:
            click.echo(f"  ({len(result.diagnostics)} diagnostics; run altlearn pack check)")

"""``altlearn report``: a learner's progress report, and a trainer's cohort view."""

from __future__ import annotations

from pathlib import Path

import click

from altlearn.paths import Paths


@click.group(invoke_without_command=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write your report to (created if needed).",
)
@click.option("--name", default="", help="Your name, shown to the trainer (default: an anonymous id).")
@click.pass_context
def report(ctx: click.Context, output: Path | None, name: str) -> None:
    """Write your progress report (JSON and a web page) to hand to a trainer.

    Per course and lesson: completion, quiz scores, mastery and retention.
    It never holds the answers you gave, and nothing is sent anywhere: you
    choose whom to give the files to. Trainers combine many learners'
    JSON files with: altlearn report merge FILES... -o DIR
    """
    if ctx.invoked_subcommand is not None:
        if output is not None or name:
            raise click.UsageError("-o and --name go after the subcommand: altlearn report merge ... -o DIR")
        return
    if output is None:
        raise click.UsageError("name a folder to write the report to: altlearn report -o DIR")
    from altlearn.report.output import write_learner_report
    from altlearn.study.report import build_report
    from altlearn.study.service import Study

    paths: Paths = ctx.obj
    with Study.open(paths) as study:
        learner_report = build_report(study, learner=name)
    json_path, html_path = write_learner_report(learner_report, output)
    click.echo(
        f"{learner_report.lessons_done} of {learner_report.lesson_total} lessons completed in "
        f"{len(learner_report.courses)} courses"
    )
    click.echo(f"wrote {json_path}  (give this file to your trainer)")
    click.echo(f"wrote {html_path}  (open it in a web browser)")


@report.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write cohort.csv, cohort-lessons.csv and cohort.html to.",
)
def merge(files: tuple[Path, ...], output: Path) -> None:
    """Combine learners' JSON reports into a CSV and a cohort page with charts.

    FILES are report files, or folders whose *.json files are reports. Files
    that are not readable learner reports are skipped with a reason (listed
    here and on the page); the merge fails only when no file is usable.
    """
    from altlearn.report.cohort import build_cohort, read_reports
    from altlearn.report.model import ReportError
    from altlearn.report.output import write_cohort
    from altlearn.study.clock import SystemClock

    sources, skipped = read_reports(files)
    for item in skipped:
        click.secho(f"{item.path}: skipped: {item.reason}", err=True, fg="yellow")
    if not sources:
        raise ReportError(
            "none of the files is a learner report altlearn can read",
            hint="learners make them with: altlearn report -o DIR",
        )
    cohort = build_cohort(sources, skipped, now=SystemClock().now())
    written = write_cohort(cohort, output)
    flagged = sum(1 for c in cohort.courses for x in c.lessons if x.flags)
    click.echo(
        f"merged {len(sources)} learner report{'s' if len(sources) != 1 else ''}"
        f" ({len(skipped)} file{'s' if len(skipped) != 1 else ''} skipped); {flagged} lessons flagged"
    )
    for path in written:
        click.echo(f"wrote {path}")

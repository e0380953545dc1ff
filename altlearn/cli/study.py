"""``altlearn progress``, ``altlearn stats`` and ``altlearn optimize``: the study engine from the shell.

Every command works on the home folder chosen with ``--home`` or
``ALTLEARN_HOME`` (``ctx.obj``). Errors are :class:`~altlearn.errors.AltlearnError`
and reach the user as a message and an exit code, never as a traceback.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

import click

from altlearn.paths import Paths

if TYPE_CHECKING:
    from altlearn.study.optimizer import FitResult
    from altlearn.study.service import Study
    from altlearn.study.views import CourseSummary, DayCount, Stats

WIDTH = 80


def _open(paths: Paths) -> Study:
    from altlearn.study.service import Study

    return Study.open(paths.ensure())


# altlearn progress ---------------------------------------------------------------------------


@click.group()
def progress() -> None:
    """Move your progress between devices, or rebuild it from its log.

    Your answers are kept in an append-only log; everything else (when each
    card is due, which lessons are done) is worked out from it.
    """


@progress.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.pass_obj
def export_command(paths: Paths, file: str) -> None:
    """Write your whole history to FILE (JSON Lines; "-" for standard output).

    Copy the file to another device and run "altlearn progress import FILE"
    there. Exporting never changes anything here.
    """
    with _open(paths) as study:
        report = study.export_progress(file)
    if file != "-":
        click.echo(
            f"Exported {_count(report.reviews, 'answer')} and {_count(report.lessons, 'lesson event')} "
            f"to {report.target} (device {report.device})."
        )


@progress.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.pass_obj
def import_command(paths: Paths, file: str) -> None:
    """Merge another device's progress FILE into this one ("-" for standard input).

    Entries already here are skipped, so importing the same file twice, or
    your own export, changes nothing. The file is checked line by line first:
    if any line is bad, every problem is listed and nothing is imported.
    """
    from altlearn.study.progress_file import ProgressFileError

    with _open(paths) as study:
        try:
            report = study.import_progress(file)
        except ProgressFileError as exc:
            for problem in exc.problems[:20]:
                click.echo(problem.format(), err=True)
            if len(exc.problems) > 20:
                click.echo(f"... and {len(exc.problems) - 20} more", err=True)
            raise
    source = f"device {report.source_device}" + (" (this device)" if report.own_file else "")
    click.echo(
        f"Imported {_count(report.reviews_added, 'new answer')} and "
        f"{_count(report.lessons_added, 'new lesson event')} from {source}; "
        f"{report.reviews_known + report.lessons_known} already here."
    )
    if report.cards_replayed:
        click.echo(
            f"Replayed {_count(report.cards_replayed, 'card')} in {_count(len(report.packs), 'pack')}."
        )


@progress.command("rebuild")
@click.pass_obj
def rebuild_command(paths: Paths) -> None:
    """Recompute every card's schedule and every lesson's status from the logs.

    Safe at any time: the logs are the truth and are only read.
    """
    with _open(paths) as study:
        report = study.rebuild()
    click.echo(
        f"Replayed {_count(report.entries, 'log entry', 'log entries')} "
        f"({_count(report.answers, 'answer')} in force) into {_count(report.cards, 'card')} "
        f"and {_count(report.lessons, 'lesson')} in {report.seconds:.2f} s."
    )
    click.echo(
        f"{_count(report.queued, 'card')} in the review queue; "
        + (
            f"{_count(report.changed, 'card')} differed from before."
            if report.changed
            else "nothing had drifted."
        )
    )


# altlearn stats ------------------------------------------------------------------------------


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def stats(paths: Paths, fmt: str) -> None:
    """Today's counts, reviews per day, the 30-day forecast, retention, streak and mastery."""
    with _open(paths) as study:
        figures = study.stats()
        zone = study.settings.timezone or "local time"
        rollover = study.settings.rollover_hour
    if fmt == "json":
        click.echo(json.dumps(figures.to_dict(), ensure_ascii=False, indent=2))
        return
    for line in render_stats(figures, zone=zone, rollover=rollover):
        click.echo(line)


def render_stats(figures: Stats, *, zone: str, rollover: int) -> list[str]:
    """The statistics as lines of at most 80 columns."""
    day = figures.today
    lines = [
        f"Study day {day:%a} {day.day} {day:%b %Y} (starts {rollover:02d}:00, {zone})",
        "",
        f"Today      {figures.due_now} due now · {figures.due_today} due today · "
        f"{figures.reviewed_today} answered · {figures.new_today} of {figures.new_limit} new",
        f"Streak     {_count(figures.streak, 'day')}",
    ]
    if figures.retention is None:
        lines.append("Retention  no reviews of cards last seen a day or more before, in 30 days")
    else:
        lines.append(
            f"Retention  {figures.retention:.0%} of {_count(figures.retention_reviews, 'review')} "
            "in the last 30 days (true retention)"
        )
    lines.append(
        f"In all     {_count(figures.total_answers, 'answer')} · {_count(figures.cards_seen, 'card')} seen"
    )
    lines += ["", f"Answers per day, last {len(figures.reviews_per_day)} days"]
    lines += _day_rows(figures.reviews_per_day)
    lines += ["", f"Due per day, next {len(figures.forecast)} days (overdue cards count today)"]
    lines += _day_rows(figures.forecast)
    if figures.courses:
        lines += ["", *_course_rows(figures.courses)]
    return [line[:WIDTH] for line in lines]


def _day_rows(days: tuple[DayCount, ...], per_row: int = 10) -> list[str]:
    rows = []
    for start in range(0, len(days), per_row):
        chunk = days[start : start + per_row]
        rows.append(f"  {_short(chunk[0].day)}" + "".join(f"{d.count:>6}" for d in chunk))
    return rows


def _short(day: date) -> str:
    return f"{day:%b} {day.day:>2}"


def _course_rows(courses: tuple[CourseSummary, ...]) -> list[str]:
    title_width = WIDTH - 2 - 9 - 10 - 9 - 6
    rows = [f"  {'Course':<{title_width}}{'Lessons':>9}{'Learned':>10}{'Mastery':>9}{'Due':>6}"]
    for course in courses:
        title = (
            course.title if len(course.title) <= title_width - 1 else course.title[: title_width - 2] + "…"
        )
        rows.append(
            f"  {title:<{title_width}}{f'{course.lessons_done}/{course.lesson_total}':>9}"
            f"{f'{course.cards_learned}/{course.questions}':>10}{course.mastery:>9.0%}{course.due_today:>6}"
        )
    return rows


# altlearn optimize ---------------------------------------------------------------------------


@click.command()
@click.option("--dry-run", is_flag=True, help="Only report what would change; save nothing.")
@click.pass_obj
def optimize(paths: Paths, dry_run: bool) -> None:
    """Fit the scheduler (FSRS-6) to your own review history and save the result.

    Needs at least 1,000 reviews (answers given on a later day than the card's
    previous answer) over 50 cards; until then altlearn keeps its defaults,
    which are fitted to thousands of learners. New parameters are saved only if
    they predict your history better than the ones in use. They apply to
    answers from now on.
    """
    from altlearn.study.optimizer import fit

    with _open(paths) as study:
        result = fit(study.db, study.study_day, study.scheduler_settings)
        for line in render_fit(result):
            click.echo(line)
        if not result.better:
            click.echo(
                "The fitted parameters predict your history no better than the current ones; nothing changed."
            )
            return
        if dry_run:
            click.echo("Dry run: nothing was saved.")
            return
        study.update_settings(replace(study.settings, parameters=result.new))
    click.echo(f"Saved to {paths.config}; answers from now on use them.")


def render_fit(result: FitResult) -> list[str]:
    """The optimizer's report: history, fit quality, parameters and what they mean."""
    from altlearn.study.optimizer import PARAMETER_NAMES

    history = result.history
    lines = [
        f"Fitted FSRS-6 to {_count(history.reviews, 'review')} of {_count(history.cards, 'card')} "
        f"({_count(history.answers, 'answer')} in all).",
        f"Log loss on your history: {result.old_loss:.4f} now, {result.new_loss:.4f} fitted (lower is better).",
        "",
        f"   #  {'parameter':<36}{'current':>12}{'fitted':>12}",
    ]
    changed = {index for index, _, _ in result.changed}
    for index, (old, new) in enumerate(zip(result.old, result.new, strict=True)):
        mark = "*" if index in changed else " "
        lines.append(f" {mark}{index:>2}  {PARAMETER_NAMES[index]:<36}{old:>12.4f}{new:>12.4f}")
    lines += [
        "",
        "A new card answered Good every time, on the day it is due, comes back after:",
        f"  now:    {_days(result.old_intervals)}",
        f"  fitted: {_days(result.new_intervals)}",
    ]
    return lines


def _days(intervals: tuple[int, ...]) -> str:
    return ", ".join(str(d) for d in intervals) + " days"


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"

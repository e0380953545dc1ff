"""``altlearn sync``, ``altlearn packs`` and ``altlearn pack bundle``.

Thin: parse options, call :mod:`altlearn.sync.service` (or
:mod:`altlearn.sync.bundle`), print. Progress goes to stderr (one updating line on a
terminal, a line per phase otherwise); results go to stdout, as text or JSON. Text
that comes from a pack or a repository (ids, commit subjects, diagnostics) is printed
without control characters, so a hostile repository cannot drive the terminal.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

if TYPE_CHECKING:
    from altlearn.domain.diagnostics import Diagnostic
    from altlearn.paths import Paths
    from altlearn.sync.progress import SyncProgress
    from altlearn.sync.reports import PackReport, SyncReport

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SHOW_IDS = 8


def _safe(text: object) -> str:
    """``text`` on one line with every control character removed."""
    return _CONTROL_RE.sub("", str(text))


class ProgressPrinter:
    """Shows :class:`SyncProgress` on stderr: an updating line on a terminal, else a line per phase."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._phase: str | None = None
        self._last = 0.0
        self._width = 0

    def __call__(self, progress: SyncProgress) -> None:
        from altlearn.sync.progress import format_progress

        now = time.monotonic()
        phase_changed = progress.phase != self._phase
        self._phase = progress.phase
        if self.tty:
            if not phase_changed and now - self._last < 0.1:
                return
            line = _safe(format_progress(progress))[:100]
            self.stream.write("\r" + line.ljust(self._width))
            self._width = len(line)
            self.stream.flush()
        elif phase_changed and progress.phase != "done":
            self.stream.write(_safe(format_progress(progress)) + "\n")
        self._last = now

    def finish(self) -> None:
        """End the updating line, if any."""
        if self.tty and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


@click.command()
@click.argument("source", required=False)
@click.option("--ref", help="Branch, tag or commit to follow (HEAD: the default branch again).")
@click.option("--rollback", "rollback_pack", metavar="PACK", help="Go back to PACK's previous version.")
@click.option(
    "--timeout",
    type=click.FloatRange(1, 3600),
    default=60,
    show_default=True,
    help="Give up after this many seconds without data.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def sync(
    paths: Paths, source: str | None, ref: str | None, rollback_pack: str | None, timeout: float, fmt: str
) -> None:
    """Install and update content packs from git.

    SOURCE is an https://, ssh:// or git:// URL, a repository folder, or a bundle
    file from a trainer. It is remembered: `altlearn sync` alone updates every source
    synced before. Nothing else in altlearn uses the network.

    A new version is checked like `altlearn pack check` before it replaces the
    installed one; a refused or interrupted sync changes nothing.
    """
    from altlearn.errors import SyncError
    from altlearn.sync.service import SyncOptions, rollback, sync_all, sync_source
    from altlearn.sync.transfer import FetchLimits

    if rollback_pack:
        if source or ref:
            raise SyncError("--rollback takes no SOURCE or --ref", hint="altlearn sync --rollback PACK")
        done = rollback(paths, rollback_pack)
        if fmt == "json":
            click.echo(json.dumps({"id": done.pack_id, "from": done.from_version, "to": done.to_version}))
        else:
            click.echo(
                f"{done.pack_id}: back to {done.to_version} ({(done.to_commit or '')[:12]}) "
                f"from {done.from_version}; `altlearn sync` will not reinstall {done.from_version}"
            )
        return
    options = SyncOptions(limits=FetchLimits(stall_timeout=timeout))
    printer = ProgressPrinter()
    try:
        if source:
            reports = [sync_source(paths, source, ref=ref, progress=printer, options=options)]
        else:
            if ref:
                raise SyncError("--ref needs a SOURCE", hint="altlearn sync SOURCE --ref REF")
            reports = sync_all(paths, progress=printer, options=options)
    finally:
        printer.finish()
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    elif not reports:
        click.echo("No sources to update yet. Add one with: altlearn sync SOURCE")
    else:
        for report in reports:
            _print_report(report)
    _index_new_versions(paths, reports, quiet=fmt == "json")
    failed = [r for r in reports if not r.ok]
    if failed and fmt == "text" and len(reports) > 1:
        click.echo(f"{len(failed)} of {len(reports)} sources did not sync completely", err=True)
    if failed:
        raise SystemExit(1)


def _index_new_versions(paths: Paths, reports: list[SyncReport], *, quiet: bool) -> None:
    """Index what was installed now, so the app's next start does not have to."""
    from altlearn.sync.reports import PackStatus

    changed = [p for r in reports for p in r.packs if p.status in (PackStatus.INSTALLED, PackStatus.UPDATED)]
    if not changed:
        return
    from altlearn.study.service import Study

    with Study(paths) as study:
        report = study.refresh()
    if report.indexed and not quiet:
        click.echo(f"ready to study: {', '.join(sorted(report.indexed))}")


def _print_report(report: SyncReport) -> None:
    from altlearn.cli import report_error
    from altlearn.sync.progress import format_bytes

    if report.skipped:
        click.echo(f"{_safe(report.source)}: skipped, {report.skipped}")
        return
    if report.error is not None:
        click.echo(f"{_safe(report.source)}: not synced", err=True)
        report_error(report.error)
        return
    rate = f", {format_bytes(report.received_bytes / report.seconds)}/s" if report.seconds > 0 else ""
    pinned = f" ({report.ref})" if report.ref else ""
    click.echo(
        f"{_safe(report.source)}{_safe(pinned)} at {(report.commit or '')[:12]}: "
        f"received {format_bytes(report.received_bytes)} in {report.seconds:.1f} s{rate}"
    )
    for pack in report.packs:
        _print_pack(pack)


def _print_pack(pack: PackReport) -> None:
    from altlearn.sync.reports import PackStatus

    name = _safe(pack.pack_id or pack.path or "(pack at the top)")
    status = pack.status
    if status is PackStatus.INSTALLED:
        click.echo(f"  {name}: installed {_safe(pack.new_version)}")
    elif status is PackStatus.UPDATED:
        click.echo(f"  {name}: updated {_safe(pack.old_version)} -> {_safe(pack.new_version)}")
    elif status is PackStatus.UNCHANGED:
        click.echo(f"  {name}: up to date at {_safe(pack.old_version)}")
    elif status is PackStatus.HELD:
        click.echo(f"  {name}: kept at {_safe(pack.old_version)} (rolled back)")
    else:
        stays = f"; {_safe(pack.old_version)} stays installed" if pack.old_version else "; not installed"
        click.secho(f"  {name}: refused, {len(pack.errors)} error(s){stays}", fg="red")
        for diagnostic in pack.errors:
            _print_diagnostic(diagnostic, indent="    ")
    if pack.diff is not None and status in (PackStatus.INSTALLED, PackStatus.UPDATED):
        click.echo(f"    {_safe(pack.diff.summary())}")
        if status is PackStatus.UPDATED:
            for label, changes in (("lesson", pack.diff.lessons), ("question", pack.diff.questions)):
                _print_ids(f"new {label}s", changes.added)
                _print_ids(f"changed {label}s", changes.changed)
                _print_ids(f"renamed {label}s", [f"{a} -> {b}" for a, b in changes.renamed])
                _print_ids(f"retired {label}s", changes.retired)
                _print_ids(f"removed {label}s (progress on them is orphaned)", changes.removed)
    if pack.history_rewritten:
        click.echo("    the source's history was rewritten since your version")
    if pack.commits:
        click.echo("    commits:")
        for subject in pack.commits[:20]:
            click.echo(f"      {_safe(subject)}")
        if len(pack.commits) > 20:
            click.echo(f"      ...and {len(pack.commits) - 20} more")
    for note in pack.notes:
        click.echo(f"    note: {_safe(note)}")


def _print_diagnostic(diagnostic: Diagnostic, indent: str = "") -> None:
    lines = [_safe(line) for line in diagnostic.format().splitlines()]
    click.secho(indent + f"\n{indent}".join(lines), fg="red" if diagnostic.is_error else "yellow")


def _print_ids(label: str, ids: Any) -> None:
    ids = list(ids)
    if not ids:
        return
    shown = ", ".join(_safe(i) for i in ids[:_SHOW_IDS])
    more = f" and {len(ids) - _SHOW_IDS} more" if len(ids) > _SHOW_IDS else ""
    click.echo(f"      {label}: {shown}{more}")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def packs(paths: Paths, fmt: str) -> None:
    """List installed packs: id, title, version, source, commit and last sync."""
    from altlearn.sync.service import list_packs

    listings = list_packs(paths)
    if fmt == "json":
        click.echo(json.dumps([p.to_dict() for p in listings], ensure_ascii=False, indent=2))
        return
    if not listings:
        click.echo("No packs installed. Add one with: altlearn sync SOURCE")
        return
    for p in listings:
        click.echo(f"{_safe(p.id)}  {_safe(p.version or '?')}  {_safe(p.title)}")
        if p.bundled:
            click.echo("    source: shipped with altlearn")
            continue
        pinned = f" ({_safe(p.ref)})" if p.ref else ""
        click.echo(f"    source: {_safe(p.source)}{pinned}")
        synced = p.synced_at.strftime("%Y-%m-%d %H:%M UTC") if p.synced_at else "?"
        click.echo(f"    commit: {(p.commit or '?')[:12]}, installed {synced}")
        if p.last_sync:
            click.echo(f"    last sync: {p.last_sync.strftime('%Y-%m-%d %H:%M UTC')}")
        if p.previous_version:
            click.echo(
                f"    previous version: {_safe(p.previous_version)} (altlearn sync --rollback {_safe(p.id)})"
            )
        if p.held:
            click.echo(f"    held back from commit {p.held[:12]} after a rollback")


@click.command()
@click.argument("path")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Bundle file to write.",
)
@click.option("--ref", help="Branch, tag or commit to bundle (default: the repository's HEAD).")
@click.pass_obj
def bundle(paths: Paths, path: str, output: Path, ref: str | None) -> None:
    """Write one bundle file of the pack repository at PATH, for a USB stick.

    PATH is a repository folder (or a URL). Every pack in it is checked first, as
    learners' altlearn will; learners run `altlearn sync FILE`, and syncing a newer
    bundle later updates the same packs. Only committed changes are bundled.
    """
    from altlearn.sync.bundle import BundleRefused, write_bundle
    from altlearn.sync.progress import format_bytes

    printer = ProgressPrinter()
    try:
        done = write_bundle(paths, path, output, ref=ref, progress=printer)
    except BundleRefused as exc:
        printer.finish()
        for diagnostic in exc.diagnostics:
            _print_diagnostic(diagnostic)
        raise
    finally:
        printer.finish()
    packs_text = ", ".join(f"{_safe(i)} {_safe(v)}" for i, v in done.packs)
    click.echo(f"wrote {done.path} ({format_bytes(done.size)}): {packs_text}")
    click.echo(f"commit {done.commit[:12]} {_safe(done.subject)}")

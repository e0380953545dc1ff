"""Installed packs, and syncing them: progress in bytes and rate, then what changed."""

from __future__ import annotations

import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Input, ProgressBar, Static

from altlearn.errors import AltlearnError
from altlearn.sync.progress import SyncProgress, format_progress
from altlearn.sync.reports import PackReport, PackStatus, SyncReport
from altlearn.tui.screens.base import StudyScreen
from altlearn.tui.text import clean, plain


def _short(text: str | None, width: int) -> str:
    text = text or ""
    return text if len(text) <= width else "…" + text[-(width - 1) :]


def pack_lines(pack: PackReport) -> list[str]:
    """What happened to one pack, in a few short lines."""
    name = pack.pack_id or pack.path or "(pack)"
    status = pack.status
    if status is PackStatus.INSTALLED:
        lines = [f"{name}: installed {pack.new_version}"]
    elif status is PackStatus.UPDATED:
        lines = [f"{name}: updated {pack.old_version} → {pack.new_version}"]
    elif status is PackStatus.UNCHANGED:
        lines = [f"{name}: up to date ({pack.old_version})"]
    elif status is PackStatus.HELD:
        lines = [f"{name}: kept at {pack.old_version} (you rolled back)"]
    else:
        stays = f"; {pack.old_version} stays installed" if pack.old_version else ""
        lines = [f"{name}: refused, {len(pack.errors)} error(s){stays}"]
        lines += ["  " + d.format().split("\n")[0] for d in pack.errors[:5]]
    if pack.diff is not None and status in (PackStatus.INSTALLED, PackStatus.UPDATED):
        lines.append("  " + pack.diff.summary())
    for subject in pack.commits[:5]:
        lines.append(f"  · {subject}")
    if len(pack.commits) > 5:
        lines.append(f"  · …and {len(pack.commits) - 5} more commits")
    return lines


def report_lines(report: SyncReport) -> list[str]:
    """What a sync of one source did."""
    if report.skipped:
        return [f"{report.source}: skipped ({report.skipped})"]
    if report.error is not None:
        hint = f" — {report.error.hint}" if report.error.hint else ""
        return [f"{report.source}: not synced: {report.error.message}{hint}"]
    lines = [f"{_short(report.source, 60)}"]
    for pack in report.packs:
        lines += ["  " + line for line in pack_lines(pack)]
    return lines


class AddSourceScreen(ModalScreen[tuple[str, str | None] | None]):
    """Ask for a source (URL, folder or bundle file) and an optional branch, tag or commit."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="add-source-box"):
            yield Static(plain("Add a pack source", "bold"))
            yield Static(
                plain("A git URL (https, ssh, git), a repository folder, or a bundle file."), classes="hint"
            )
            yield Input(placeholder="https://… or /media/usb/packs.bundle", id="source")
            yield Input(placeholder="branch, tag or commit (optional)", id="ref")
            yield Static(plain("Enter: sync · Escape: cancel"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#source", Input).focus()

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        source = self.query_one("#source", Input).value.strip()
        if event.input.id == "source" and source:
            self.query_one("#ref", Input).focus()
            return
        if not source:
            self.notify("Type a source first.", markup=False)
            return
        ref = self.query_one("#ref", Input).value.strip() or None
        self.dismiss((source, ref))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PacksScreen(StudyScreen[None]):
    """The installed packs; ``s`` syncs them all, ``a`` adds a source, ``b`` rolls one back."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("s", "sync_all", "Sync all"),
        Binding("a", "add_source", "Add source"),
        Binding("b", "rollback", "Roll back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cancel: threading.Event | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="packs-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="sync-panel"):
            yield Static(id="sync-status")
            yield ProgressBar(id="sync-progress", show_eta=False)
        with VerticalScroll(id="sync-report-box"):
            yield Static(id="sync-report")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Pack", "Version", "Source", "Synced")
        self.query_one("#sync-panel").display = False
        self.refresh_table()
        table.focus()

    def refresh_table(self) -> None:
        """Re-list the installed packs."""
        from altlearn.sync.service import list_packs

        table = self.query_one(DataTable)
        table.clear()
        for pack in list_packs(self.altlearn.paths):
            synced = pack.last_sync or pack.synced_at
            # Rich Text, not str: DataTable would read a str as markup.
            table.add_row(
                Text(clean(pack.id)),
                Text(clean(pack.version or "?")),
                Text(clean(_short(pack.source, 34))),
                Text(synced.strftime("%Y-%m-%d") if synced else "—"),
                key=pack.id,
            )

    @property
    def syncing(self) -> bool:
        """True while a sync runs."""
        return self.cancel is not None

    def action_back(self) -> None:
        if self.cancel is not None:
            self.cancel.set()
            self.notify("Stopping the sync; your installed packs are unchanged.", markup=False)
            return
        self.dismiss()

    def action_sync_all(self) -> None:
        if self.syncing:
            return
        self._start(None, None)

    def action_add_source(self) -> None:
        if self.syncing:
            return

        def chosen(result: tuple[str, str | None] | None) -> None:
            if result is not None:
                self._start(*result)

        self.app.push_screen(AddSourceScreen(), chosen)

    def _start(self, source: str | None, ref: str | None) -> None:
        self.cancel = threading.Event()
        self.query_one("#sync-panel").display = True
        self.query_one("#sync-status", Static).update(plain("Starting…"))
        self.query_one("#sync-progress", ProgressBar).update(total=None, progress=0)
        self.run_sync(source, ref, self.cancel)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync")
    def run_sync(self, source: str | None, ref: str | None, cancel: threading.Event) -> None:
        """Sync in a thread; progress and the result come back through call_from_thread."""
        from altlearn.sync.service import SyncOptions, sync_all, sync_source

        options = SyncOptions(cancel=cancel)

        def progress(update: SyncProgress) -> None:
            self.app.call_from_thread(self.show_progress, update)

        try:
            if source is None:
                reports = sync_all(self.altlearn.paths, progress=progress, options=options)
            else:
                reports = [
                    sync_source(self.altlearn.paths, source, ref=ref, progress=progress, options=options)
                ]
        except AltlearnError as exc:
            self.app.call_from_thread(self.finished, [], exc)
            return
        self.app.call_from_thread(self.finished, reports, None)

    def show_progress(self, update: SyncProgress) -> None:
        """Show bytes, rate and objects as they arrive."""
        self.query_one("#sync-status", Static).update(plain(format_progress(update)))
        bar = self.query_one("#sync-progress", ProgressBar)
        if update.objects_total:
            bar.update(total=update.objects_total, progress=update.objects_done or 0)

    def finished(self, reports: list[SyncReport], error: AltlearnError | None) -> None:
        """Show what changed and refresh everything that depends on the packs."""
        self.cancel = None
        self.query_one("#sync-panel").display = False
        if error is not None:
            self.report_error(error)
            self.query_one("#sync-report", Static).update(
                plain(error.message + ("\n" + error.hint if error.hint else ""))
            )
            return
        if not reports:
            text = "No sources yet. Press a to add one (a git URL, a folder or a bundle file)."
        else:
            text = "\n".join(line for report in reports for line in report_lines(report))
        self.query_one("#sync-report", Static).update(Content(text))
        self.study.refresh()
        self.refresh_table()
        self.notify("Sync finished.", markup=False)

    def action_rollback(self) -> None:
        from altlearn.sync.service import rollback

        table = self.query_one(DataTable)
        if table.row_count == 0 or self.syncing:
            return
        pack_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        try:
            result = rollback(self.altlearn.paths, pack_id)
        except AltlearnError as exc:
            self.report_error(exc)
            return
        self.study.refresh()
        self.refresh_table()
        self.query_one("#sync-report", Static).update(
            plain(f"{pack_id}: rolled back from {result.from_version} to {result.to_version}.")
        )

"""What a sync did, per source and per pack: frozen values for the CLI and the app.

:class:`SyncReport` (one per source) holds :class:`PackReport` (one per pack found in
the source). :class:`PackListing` is one row of ``altlearn packs``. All have
``to_dict()`` for ``--format json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from altlearn.domain.diagnostics import Diagnostic
from altlearn.errors import SyncError
from altlearn.packs.diff import PackDiff


class PackStatus(StrEnum):
    """What happened to one pack."""

    INSTALLED = "installed"
    """First install (or it replaces a bundled pack)."""
    UPDATED = "updated"
    """A new version is live; the previous one is kept for rollback."""
    UNCHANGED = "unchanged"
    """The pack's files are the same as the live version's."""
    REFUSED = "refused"
    """The new version failed a check; the previous one (if any) stays live."""
    HELD = "held"
    """The learner rolled back from this commit; it is not reinstalled."""


@dataclass(frozen=True, kw_only=True)
class PackReport:
    """The outcome for one pack of a source.

    Attributes:
        pack_id: The pack's id ("" when its manifest could not be read).
        path: Where the pack is in the repository ("" for the root).
        status: What happened.
        old_version: Version live before the sync (None if none).
        new_version: Version found in the source (None if unreadable).
        old_commit: Commit live before the sync.
        new_commit: Commit synced.
        diff: Lesson and question changes (installed and updated packs).
        commits: Subjects of the commits between old and new that touch this pack,
            newest first (at most 50).
        history_rewritten: The new commit does not descend from the old one.
        diagnostics: Why it was refused (errors first), or warnings.
        root: The live version's folder after the sync.
        notes: Other things worth saying, one sentence each.
    """

    pack_id: str
    path: str
    status: PackStatus
    old_version: str | None = None
    new_version: str | None = None
    old_commit: str | None = None
    new_commit: str | None = None
    diff: PackDiff | None = None
    commits: tuple[str, ...] = ()
    history_rewritten: bool = False
    diagnostics: tuple[Diagnostic, ...] = ()
    root: Path | None = None
    notes: tuple[str, ...] = ()

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that blocked the install."""
        return [d for d in self.diagnostics if d.is_error]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "id": self.pack_id,
            "path": self.path,
            "status": str(self.status),
            "old_version": self.old_version,
            "new_version": self.new_version,
            "old_commit": self.old_commit,
            "new_commit": self.new_commit,
            "diff": self.diff.to_dict() if self.diff else None,
            "commits": list(self.commits),
            "history_rewritten": self.history_rewritten,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "root": str(self.root) if self.root else None,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, kw_only=True)
class SyncReport:
    """The outcome for one source.

    Attributes:
        source: The URL or path synced.
        subscription_id: Its subscription (also the name of its repository folder).
        ref: The pinned ref, if any.
        commit: The commit fetched (None when the fetch failed).
        received_bytes: Pack bytes downloaded.
        seconds: Time the fetch took.
        packs: One report per pack found.
        error: Why the source could not be synced (only from :func:`sync_all`;
            :func:`sync_source` raises instead).
        skipped: Why the source was not tried (a bundle or folder that is not
            there now), or None.
    """

    source: str
    subscription_id: str
    ref: str | None = None
    commit: str | None = None
    received_bytes: int = 0
    seconds: float = 0.0
    packs: tuple[PackReport, ...] = ()
    error: SyncError | None = field(default=None, compare=False)
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        """True when the source synced and no pack was refused."""
        return self.error is None and all(p.status is not PackStatus.REFUSED for p in self.packs)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "source": self.source,
            "subscription": self.subscription_id,
            "ref": self.ref,
            "commit": self.commit,
            "received_bytes": self.received_bytes,
            "seconds": round(self.seconds, 3),
            "packs": [p.to_dict() for p in self.packs],
            "error": {"message": self.error.message, "hint": self.error.hint} if self.error else None,
            "skipped": self.skipped,
        }


@dataclass(frozen=True, kw_only=True)
class PackListing:
    """One installed pack, as ``altlearn packs`` lists it.

    Attributes:
        id: The pack id.
        title: The manifest's title ("" when unreadable).
        version: The live version.
        source: Where it came from (``bundled`` for packs shipped with altlearn).
        commit: The live commit (synced packs).
        synced_at: When the live version was installed.
        last_sync: When its source was last synced successfully.
        ref: The pinned ref of its subscription.
        previous_version: The version ``altlearn sync --rollback`` would restore.
        held: A commit rolled back from, not reinstalled by ``altlearn sync``.
        bundled: True for packs shipped with altlearn.
        root: The folder the app studies from.
    """

    id: str
    title: str
    version: str | None
    source: str
    commit: str | None = None
    synced_at: datetime | None = None
    last_sync: datetime | None = None
    ref: str | None = None
    previous_version: str | None = None
    held: str | None = None
    bundled: bool = False
    root: Path

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "source": self.source,
            "commit": self.commit,
            "synced_at": self.synced_at.isoformat() if self.synced_at else None,
            "last_sync": self.last_sync.isoformat() if self.last_sync else None,
            "ref": self.ref,
            "previous_version": self.previous_version,
            "held": self.held,
            "bundled": self.bundled,
            "root": str(self.root),
        }


@dataclass(frozen=True, kw_only=True)
class RollbackReport:
    """What ``altlearn sync --rollback`` did."""

    pack_id: str
    from_version: str | None
    to_version: str | None
    from_commit: str | None
    to_commit: str | None
    root: Path


@dataclass(frozen=True, kw_only=True)
class BundleReport:
    """What ``altlearn pack bundle`` wrote."""

    path: Path
    size: int
    commit: str
    subject: str
    packs: tuple[tuple[str, str], ...]
    """``(pack id, version)`` of each pack in the bundle."""

"""The sync API: what ``altlearn sync``, ``altlearn packs`` and the app's Packs screen call.

Every function takes the :class:`~altlearn.paths.Paths` of an altlearn home, may be
called from a worker thread, and raises :class:`~altlearn.errors.SyncError` (message
plus hint) for anything a learner can meet: offline, timeouts, refused sources, git
missing. Nothing here touches the network unless a sync is asked for.

- :func:`sync_source` ``(paths, source, *, ref=None, progress=None, options=None) -> SyncReport``:
  subscribe to a URL, repository folder or bundle file and install its packs.
- :func:`sync_all` ``(paths, *, progress=None, options=None) -> list[SyncReport]``:
  update every subscription; one failing source does not stop the others (its
  report carries ``error``).
- :func:`rollback` ``(paths, pack_id) -> RollbackReport``: make the previous version live.
- :func:`list_packs` ``(paths) -> list[PackListing]``: installed packs, bundled and synced.
- :func:`list_subscriptions` ``(paths) -> list[Subscription]``.
- :func:`altlearn.sync.bundle.write_bundle` for trainers.

``progress`` receives :class:`~altlearn.sync.progress.SyncProgress` values (phase,
bytes received, rate, objects done/total, message). :class:`SyncOptions` carries
timeouts and limits, a ``cancel`` event the screen can set, and the clock.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from altlearn.errors import SyncError
from altlearn.packs.library import installed_packs, read_pointer
from altlearn.packs.manifest import MANIFEST_NAME, parse_manifest
from altlearn.paths import Paths
from altlearn.sync import subscriptions
from altlearn.sync.git import Git, find_git
from altlearn.sync.installer import Fetched, install_pack
from altlearn.sync.lock import sync_lock
from altlearn.sync.progress import Phase, ProgressCallback, SyncProgress
from altlearn.sync.reports import PackListing, PackStatus, RollbackReport, SyncReport
from altlearn.sync.sources import Source, SourceKind, parse_source
from altlearn.sync.staging import clean_staging, rollback_pointer
from altlearn.sync.subscriptions import Subscription
from altlearn.sync.transfer import FetchLimits, fetch
from altlearn.sync.tree import find_packs, list_tree

FETCHED_REF = "refs/altlearn/fetched"
_BUNDLE_REFS = "refs/altlearn/bundle"
_FULL_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_REF_OK = re.compile(r"[A-Za-z0-9._/@+-]{1,200}")


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class SyncOptions:
    """How a sync may behave.

    Attributes:
        limits: Stall and total timeouts, and the download cap.
        cancel: Set it from another thread to stop the sync; nothing changes.
        clock: Returns the current time (aware UTC); tests pass a fixed one.
    """

    limits: FetchLimits = field(default_factory=FetchLimits)
    cancel: threading.Event | None = None
    clock: Callable[[], datetime] = utc_now


def sync_source(
    paths: Paths,
    source: str,
    *,
    ref: str | None = None,
    progress: ProgressCallback | None = None,
    options: SyncOptions | None = None,
    cwd: Path | None = None,
) -> SyncReport:
    """Subscribe to ``source`` (or update that subscription) and install its packs.

    Args:
        paths: The altlearn home.
        source: An https/ssh/git URL, a repository folder or a bundle file.
        ref: Branch, tag or full commit id to pin; ``"HEAD"`` unpins; None keeps
            the subscription's pin (none for a new one).
        progress: Receives progress reports.
        options: Timeouts, limits, cancel event and clock.
        cwd: Folder relative paths are resolved from.

    Returns:
        What happened to each pack of the source.

    Raises:
        SyncError: The source is refused or unreachable, holds no pack, the
            transfer failed or timed out. Installed packs are then unchanged.
    """
    _check_ref(ref)
    src = parse_source(source, cwd=cwd)
    git = find_git()
    opts = options or SyncOptions()
    paths.ensure()
    with sync_lock(paths):
        clean_staging(paths)
        existing = subscriptions.find(subscriptions.load(paths), src)
        sub = existing or Subscription(
            id=subscriptions.subscription_id(src), source=src.location, kind=src.kind.value
        )
        if ref is not None:
            sub = dataclasses.replace(sub, ref=None if ref == "HEAD" else ref)
        return _sync(paths, git, src, sub, progress, opts, honour_held=False)


def sync_all(
    paths: Paths, *, progress: ProgressCallback | None = None, options: SyncOptions | None = None
) -> list[SyncReport]:
    """Update every subscription, one after the other.

    A source that fails (offline, refused) gets a report with ``error`` set and the
    others still sync; a bundle file or folder that is not there now (a USB stick
    taken out) is ``skipped``. With no subscriptions, returns ``[]`` without
    looking for git or the network.
    """
    subs = subscriptions.load(paths)
    if not subs:
        return []
    git = find_git()
    opts = options or SyncOptions()
    reports = []
    with sync_lock(paths):
        clean_staging(paths)
        for listed in subs:
            # A sync earlier in this loop may have taken over this one's packs and removed it.
            sub = next((s for s in subscriptions.load(paths) if s.id == listed.id), None)
            if sub is None:
                continue
            try:
                # Re-checked every time: the file is data, and data can be edited.
                src = parse_source(sub.source)
            except SyncError as exc:
                if sub.kind != SourceKind.URL and not Path(sub.source).exists():
                    reports.append(
                        SyncReport(
                            source=sub.source,
                            subscription_id=sub.id,
                            ref=sub.ref,
                            skipped="not found here now (a removed USB stick or network drive?)",
                        )
                    )
                else:
                    reports.append(
                        SyncReport(source=sub.source, subscription_id=sub.id, ref=sub.ref, error=exc)
                    )
                continue
            try:
                reports.append(_sync(paths, git, src, sub, progress, opts, honour_held=True))
            except SyncError as exc:
                reports.append(SyncReport(source=sub.source, subscription_id=sub.id, ref=sub.ref, error=exc))
    return reports


def _sync(
    paths: Paths,
    git: Git,
    src: Source,
    sub: Subscription,
    progress: ProgressCallback | None,
    opts: SyncOptions,
    *,
    honour_held: bool,
) -> SyncReport:
    report = progress or (lambda _p: None)
    _check_ref(sub.ref)  # again: a stored ref is data, and data can be edited
    repo = subscriptions.repo_dir(paths, sub.id)
    if not (repo / "HEAD").is_file():
        repo.parent.mkdir(parents=True, exist_ok=True)
        git.run(["init", "-q", "--bare", str(repo)])
    first = git.run(["rev-parse", "-q", "--verify", FETCHED_REF], cwd=repo, check=False).returncode != 0
    ref = sub.ref
    by_id = ref is not None and _FULL_SHA.fullmatch(ref.lower()) is not None
    if by_id and src.kind is SourceKind.BUNDLE:
        refspecs = [f"+refs/*:{_BUNDLE_REFS}/*"]  # a bundle only offers its refs
    else:
        refspecs = [f"+{ref or 'HEAD'}:{FETCHED_REF}"]
    result = fetch(
        git,
        repo,
        src,
        refspecs,
        depth=1 if first else None,
        verbose=first,
        limits=opts.limits,
        progress=progress,
        cancel=opts.cancel,
    )
    wanted = ref.lower() if by_id and ref else FETCHED_REF
    resolved = git.run(["rev-parse", "-q", "--verify", f"{wanted}^{{commit}}"], cwd=repo, check=False)
    if resolved.returncode != 0:
        raise SyncError(f"{src.location} has no commit {ref}", hint="check the --ref value")
    commit = resolved.stdout.decode().strip()
    if by_id:
        git.run(["update-ref", FETCHED_REF, commit], cwd=repo)
    report(SyncProgress(Phase.CHECKING, result.received_bytes, message=f"commit {commit[:12]}"))
    entries = list_tree(git, repo, commit)
    prefixes = find_packs(entries)
    if not prefixes:
        raise SyncError(
            f"no pack found in {src.location} at commit {commit[:12]}",
            hint=f"a pack is a folder with a {MANIFEST_NAME} (at the top or up to two folders down)",
        )
    fetched = Fetched(
        git=git,
        repo=repo,
        commit=commit,
        root_tree=git.text(["rev-parse", f"{commit}^{{tree}}"], cwd=repo),
        entries=entries,
        source=src.location,
        subscription_id=sub.id,
    )
    now = opts.clock()
    claimed: set[str] = set()
    packs = []
    for prefix in prefixes:
        report(SyncProgress(Phase.INSTALLING, result.received_bytes, message=prefix or src.location))
        packs.append(install_pack(paths, fetched, prefix, now=now, honour_held=honour_held, claimed=claimed))
    kept = [p.pack_id for p in packs if p.status is not PackStatus.REFUSED and p.pack_id]
    if kept:
        sub = subscriptions.record_success(paths, sub, packs=kept, commit=commit, now=now)
    _compact(git, repo)
    report(SyncProgress(Phase.DONE, result.received_bytes, message=src.location))
    return SyncReport(
        source=src.location,
        subscription_id=sub.id,
        ref=sub.ref,
        commit=commit,
        received_bytes=result.received_bytes,
        seconds=result.seconds,
        packs=tuple(packs),
    )


def _check_ref(ref: str | None) -> None:
    """Refuse refs that are not plain names or commit ids.

    No ``:``, ``*``, ``..`` or leading ``-``: the value goes into a refspec on git's
    command line.
    """
    if ref is not None and (not _REF_OK.fullmatch(ref) or ref.startswith("-") or ".." in ref):
        raise SyncError(
            f"'{ref}' is not a branch, tag or commit id", hint="for example --ref main or --ref v1.2"
        )


def _compact(git: Git, repo: Path) -> None:
    """Merge the small pack files updates leave behind, once there are many."""
    git.run(
        ["gc", "--auto", "--quiet"],
        cwd=repo,
        config={"gc.auto": "6700", "gc.autoPackLimit": "20", "gc.pruneExpire": "now"},
        check=False,
    )


def rollback(paths: Paths, pack_id: str) -> RollbackReport:
    """Make the previous installed version of ``pack_id`` live again.

    A plain ``altlearn sync`` will not reinstall the version rolled back from; a
    newer commit in the source installs as usual.

    Raises:
        SyncError: The pack is not synced or has no earlier version on disk.
    """
    with sync_lock(paths):
        before, after = rollback_pointer(paths, pack_id)
    return RollbackReport(
        pack_id=pack_id,
        from_version=before.get("version"),
        to_version=after.get("version"),
        from_commit=before.get("commit"),
        to_commit=after.get("commit"),
        root=paths.packs / pack_id / str(after["dir"]),
    )


def list_subscriptions(paths: Paths) -> list[Subscription]:
    """The sources ``altlearn sync`` updates."""
    return subscriptions.load(paths)


def list_packs(paths: Paths) -> list[PackListing]:
    """Every installed pack (bundled and synced) with its source and sync state."""
    subs = {s.id: s for s in subscriptions.load(paths)}
    listings = []
    for pack in installed_packs(paths):
        title, version = _title_and_version(pack.root)
        pointer = None if pack.bundled else read_pointer(paths.packs / pack.id)
        sub = subs.get(str(pointer.get("subscription"))) if pointer else None
        previous = pointer.get("previous") if pointer else None
        listings.append(
            PackListing(
                id=pack.id,
                title=title,
                version=pack.version or version,
                source=pack.source,
                commit=pack.commit,
                synced_at=pack.synced_at,
                last_sync=_parse_time(sub.last_sync) if sub else None,
                ref=sub.ref if sub else None,
                previous_version=previous.get("version") if isinstance(previous, dict) else None,
                held=pointer.get("held") if pointer and isinstance(pointer.get("held"), str) else None,
                bundled=pack.bundled,
                root=pack.root,
            )
        )
    return sorted(listings, key=lambda p: p.id)


def _title_and_version(root: Path) -> tuple[str, str | None]:
    try:
        manifest, _ = parse_manifest((root / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return "", None
    return (manifest.title, manifest.version) if manifest else ("", None)


def _parse_time(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None

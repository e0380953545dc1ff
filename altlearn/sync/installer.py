"""One pack of a fetched commit: check the tree, stage, load, diff, swap, or refuse.

:func:`install_pack` is the whole life of one pack during a sync. The order is the
safety argument: the tree listing is judged first (:mod:`altlearn.sync.tree`);
only then are files written, into a staging folder; the staged pack must load
without errors (the same rules as ``altlearn pack check``); only then does the live
pointer move. Any refusal leaves the live version exactly as it was.
"""

from __future__ import annotations

import dataclasses
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from altlearn.domain.diagnostics import Diagnostic
from altlearn.domain.ids import is_valid_id
from altlearn.packs.diff import PackFingerprint, diff_packs, fingerprint
from altlearn.packs.library import bundled_packs, read_pointer
from altlearn.packs.limits import MAX_FILE_BYTES
from altlearn.packs.loader import load_pack
from altlearn.packs.manifest import MANIFEST_NAME, parse_manifest
from altlearn.packs.versions import parse_version
from altlearn.paths import Paths
from altlearn.sync.git import Git
from altlearn.sync.reports import PackReport, PackStatus
from altlearn.sync.staging import (
    install_staged,
    load_fingerprint,
    new_staging_dir,
    save_fingerprint,
    stage_files,
    update_pointer,
)
from altlearn.sync.tree import MODE_SYMLINK, TreeEntry, check_entries, entries_under, subtree_id

MAX_SUBJECTS = 50


@dataclass(frozen=True)
class Fetched:
    """A fetched commit, ready to install packs from.

    Attributes:
        git: The git program.
        repo: The subscription's bare repository.
        commit: The commit to install.
        root_tree: Its root tree id.
        entries: Its whole tree listing.
        source: The source as recorded in pointers.
        subscription_id: The subscription syncing it.
    """

    git: Git
    repo: Path
    commit: str
    root_tree: str
    entries: list[TreeEntry]
    source: str
    subscription_id: str


def install_pack(
    paths: Paths, fetched: Fetched, prefix: str, *, now: datetime, honour_held: bool, claimed: set[str]
) -> PackReport:
    """Install, update or refuse the pack in folder ``prefix`` of the fetched commit.

    Args:
        paths: The altlearn home.
        fetched: The fetched commit.
        prefix: The pack's folder in the repository ("" for the root).
        now: The time to record (aware, UTC).
        honour_held: Skip a commit the learner rolled back from (``altlearn sync``
            without a source); an explicit ``altlearn sync SOURCE`` installs it.
        claimed: Pack ids already installed from this commit; updated in place.
    """
    entries = entries_under(fetched.entries, prefix)
    tree = subtree_id(fetched.entries, prefix) if prefix else fetched.root_tree
    pack_id = _manifest_id(fetched, entries)
    pointer = read_pointer(paths.packs / pack_id) if pack_id else None
    old_commit = pointer.get("commit") if pointer else None
    old_version = pointer.get("version") if pointer else None
    base = PackReport(
        pack_id=pack_id,
        path=prefix,
        status=PackStatus.REFUSED,
        old_version=old_version,
        old_commit=old_commit,
        new_commit=fetched.commit,
    )
    refusals = check_entries(entries)
    if refusals:
        return dataclasses.replace(base, diagnostics=rebase_diagnostics(refusals, prefix))
    if (
        pointer is not None
        and pointer.get("tree") == tree
        and (paths.packs / pack_id / pointer["dir"]).is_dir()
    ):
        claimed.add(pack_id)
        if old_commit != fetched.commit:
            update_pointer(
                paths,
                pack_id,
                commit=fetched.commit,
                source=fetched.source,
                subscription=fetched.subscription_id,
            )
        return dataclasses.replace(
            base,
            status=PackStatus.UNCHANGED,
            new_version=old_version,
            root=paths.packs / pack_id / pointer["dir"],
        )
    if honour_held and pointer is not None and pointer.get("held") == fetched.commit:
        claimed.add(pack_id)
        return dataclasses.replace(
            base,
            status=PackStatus.HELD,
            root=paths.packs / pack_id / pointer["dir"],
            notes=(f"you rolled back from commit {fetched.commit[:12]}; it waits for a newer one",),
        )

    staged = new_staging_dir(paths)
    try:
        stage_files(fetched.git, fetched.repo, entries, staged)
        result = load_pack(staged)
        if not result.ok or result.pack is None:
            return dataclasses.replace(base, diagnostics=rebase_diagnostics(result.diagnostics, prefix))
        new = result.pack
        if new.id in claimed:
            return dataclasses.replace(
                base,
                pack_id=new.id,
                notes=(f"another pack in this repository already has the id '{new.id}'",),
            )
        claimed.add(new.id)
        old, notes = _previous_pack(paths, new.id, pointer)
        subjects, rewritten = commit_subjects(fetched.git, fetched.repo, old_commit, fetched.commit, prefix)
        diff = diff_packs(old, new)
        if not diff.is_empty:
            notes += _version_notes(old.version if old else None, new.version)
        root = install_staged(
            paths,
            new.id,
            staged,
            {
                "source": fetched.source,
                "commit": fetched.commit,
                "version": new.version,
                "synced_at": now.isoformat(),
                "tree": tree,
                "subscription": fetched.subscription_id,
            },
        )
        save_fingerprint(root, fingerprint(new))
        return dataclasses.replace(
            base,
            pack_id=new.id,
            status=PackStatus.UPDATED if pointer is not None else PackStatus.INSTALLED,
            new_version=new.version,
            diff=diff,
            commits=subjects,
            history_rewritten=rewritten,
            diagnostics=rebase_diagnostics(result.diagnostics, prefix),
            root=root,
            notes=notes,
        )
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def commit_subjects(
    git: Git, repo: Path, old: str | None, new: str, prefix: str
) -> tuple[tuple[str, ...], bool]:
    """Subjects of the commits after ``old`` up to ``new`` touching ``prefix``, newest first.

    Returns:
        The subjects (empty when ``old`` is unknown here) and whether the history
        was rewritten (``new`` does not descend from ``old``).
    """
    if not old or old == new:
        return (), False
    if git.run(["cat-file", "-e", f"{old}^{{commit}}"], cwd=repo, check=False).returncode != 0:
        return (), False
    if git.run(["merge-base", "--is-ancestor", old, new], cwd=repo, check=False).returncode != 0:
        return (), True
    args = ["log", "--no-decorate", "--format=%s", f"-n{MAX_SUBJECTS}", f"{old}..{new}"]
    if prefix:
        args += ["--", prefix]
    text = git.run(args, cwd=repo).stdout.decode("utf-8", errors="replace")
    return tuple(line.strip() for line in text.splitlines() if line.strip()), False


def _manifest_id(fetched: Fetched, entries: list[TreeEntry]) -> str:
    """The pack id from the manifest in the tree, read before anything is written ("" if unusable)."""
    manifest = next((e for e in entries if e.path == MANIFEST_NAME), None)
    if manifest is None or manifest.kind != "blob" or manifest.mode == MODE_SYMLINK:
        return ""
    if manifest.size > MAX_FILE_BYTES:
        return ""
    (_oid, data), *_ = list(fetched.git.read_blobs(fetched.repo, [manifest.oid]))
    try:
        parsed, _diags = parse_manifest(data.decode("utf-8"))
    except UnicodeDecodeError:
        return ""
    return parsed.id if parsed is not None and is_valid_id(parsed.id) else ""


def _previous_pack(
    paths: Paths, pack_id: str, pointer: dict[str, object] | None
) -> tuple[PackFingerprint | None, tuple[str, ...]]:
    """The version being replaced: the live synced one, else a bundled pack of that id.

    The stored fingerprint is used when there is one; parsing the old version again
    is the fallback (a home synced by an older altlearn, or a bundled pack).
    """
    if pointer is not None and isinstance(pointer.get("dir"), str):
        root = paths.packs / pack_id / str(pointer["dir"])
        stored = load_fingerprint(root)
        if stored is not None:
            return stored, ()
        old = load_pack(root).pack
        if old is None:
            return None, ("the previous version could not be read; every lesson is listed as new",)
        return fingerprint(old), ()
    bundled = next((p for p in bundled_packs() if p.id == pack_id), None)
    if bundled is not None:
        old = load_pack(bundled.root).pack
        notes = ("replaces the pack of the same id shipped with altlearn",)
        return (fingerprint(old) if old else None), notes
    return None, ()


def _version_notes(old: str | None, new: str) -> tuple[str, ...]:
    if old is None:
        return ()
    old_v, new_v = parse_version(old), parse_version(new)
    if old_v is not None and new_v is not None and new_v < old_v:
        return (f"the version went down from {old} to {new}",)
    if old_v == new_v:
        return (f"the content changed but the version is still {new}; tell the pack's author",)
    return ()


def rebase_diagnostics(diags: list[Diagnostic], prefix: str) -> tuple[Diagnostic, ...]:
    """Diagnostics of the pack in folder ``prefix`` with paths from the repository root, errors first."""
    ordered = sorted(diags, key=lambda d: not d.is_error)
    if not prefix:
        return tuple(ordered)
    return tuple(
        dataclasses.replace(d, path=prefix if d.path == "." else f"{prefix}/{d.path}") for d in ordered
    )

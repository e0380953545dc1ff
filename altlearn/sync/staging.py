"""Staging and the atomic swap: how a new pack version goes live, or does not.

1. :func:`stage_files` writes a pack's checked tree entries into a fresh folder under
   ``<home>/packs/.staging/`` (same file system as the packs, so the later move is a
   rename). Files are created with ``O_EXCL`` in folders altlearn just made: nothing
   in the tree can make a write land elsewhere.
2. The caller runs :func:`altlearn.packs.loader.load_pack` on the staged folder.
3. :func:`install_staged` renames the folder to ``<home>/packs/<id>/<version-dir>/``
   and replaces ``current.json`` with :func:`os.replace`. Until that one call the old
   version is live; after it, the new one is. A crash in between leaves an unused
   folder, which the next sync deletes.

:func:`rollback_pointer` makes the previous version live again the same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import uuid
from pathlib import Path
from typing import Any

from altlearn.errors import SyncError
from altlearn.packs.diff import PackFingerprint
from altlearn.packs.library import prune_versions, read_pointer, write_json_atomic, write_pointer
from altlearn.paths import Paths
from altlearn.sync.git import Git
from altlearn.sync.tree import TreeEntry

STAGING_DIR = ".staging"
FINGERPRINTS_DIR = ".fingerprints"


def staging_root(paths: Paths) -> Path:
    """Where packs are staged before they go live."""
    return paths.packs / STAGING_DIR


def clean_staging(paths: Paths) -> None:
    """Delete what an interrupted sync left in the staging folder (caller holds the lock)."""
    shutil.rmtree(staging_root(paths), ignore_errors=True)


def new_staging_dir(paths: Paths) -> Path:
    """A fresh, empty staging folder."""
    folder = staging_root(paths) / uuid.uuid4().hex
    folder.mkdir(parents=True)
    return folder


def stage_files(git: Git, repo: Path, entries: list[TreeEntry], target: Path) -> int:
    """Write the blobs of checked ``entries`` (paths relative to the pack) under ``target``.

    Args:
        git: The git program.
        repo: The bare repository holding the objects.
        entries: Entries that passed :func:`~altlearn.sync.tree.check_entries`.
        target: An empty folder altlearn just created.

    Returns:
        The number of bytes written.
    """
    blobs = [e for e in entries if e.kind == "blob"]
    for entry in entries:
        if entry.kind == "tree":
            (target / entry.path).mkdir(parents=True, exist_ok=True)
    written = 0
    for entry, (_oid, data) in zip(blobs, git.read_blobs(repo, [e.oid for e in blobs]), strict=True):
        if len(data) != entry.size:
            raise SyncError(f"'{entry.path}' changed size while being read; sync again")
        path = target / entry.path
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL | O_NOFOLLOW: never write through something that is already there.
        flags = (
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        )
        fd = os.open(path, flags, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        written += len(data)
    return written


def version_dir_name(version: str, commit: str) -> str:
    """The folder name of an installed version: ``<version>-<commit[:12]>``."""
    safe_version = re.sub(r"[^0-9A-Za-z._-]", "_", version)[:40] or "0"
    return f"{safe_version}-{commit[:12]}"


def install_staged(paths: Paths, pack_id: str, staged: Path, pointer: dict[str, Any]) -> Path:
    """Move a checked staging folder into place and make it the live version.

    Args:
        paths: The altlearn home.
        pack_id: The pack's (validated) id.
        staged: The staging folder, already loaded without errors.
        pointer: The new ``current.json`` fields except ``dir`` and ``previous``;
            must hold ``version`` and ``commit``.

    Returns:
        The installed version folder.
    """
    pack_home = paths.packs / pack_id
    pack_home.mkdir(parents=True, exist_ok=True)
    name = version_dir_name(str(pointer["version"]), str(pointer["commit"]))
    current = read_pointer(pack_home)
    if current is not None and current.get("dir") == name:
        # Same commit as the live version (e.g. re-synced after a rollback): keep it.
        name = f"{name}-{uuid.uuid4().hex[:6]}"
    final = pack_home / name
    if final.exists():
        shutil.rmtree(final)
    os.rename(staged, final)
    write_pointer(pack_home, {**pointer, "dir": name, "previous": current})
    _prune(pack_home)
    return final


def _prune(pack_home: Path) -> None:
    """Delete unneeded version folders, then fingerprints of versions no longer there."""
    prune_versions(pack_home)
    for path in (pack_home / FINGERPRINTS_DIR).glob("*.json"):
        if not (pack_home / path.stem).is_dir():
            with contextlib.suppress(OSError):
                path.unlink()


def save_fingerprint(version_root: Path, value: PackFingerprint) -> None:
    """Remember what an installed version holds, for the next update's diff."""
    write_json_atomic(version_root.parent / FINGERPRINTS_DIR / f"{version_root.name}.json", value.to_dict())


def load_fingerprint(version_root: Path) -> PackFingerprint | None:
    """The stored fingerprint of an installed version, or None."""
    path = version_root.parent / FINGERPRINTS_DIR / f"{version_root.name}.json"
    try:
        return PackFingerprint.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def update_pointer(paths: Paths, pack_id: str, **fields: Any) -> None:
    """Change fields of the live pointer without changing the live folder."""
    pack_home = paths.packs / pack_id
    current = read_pointer(pack_home)
    if current is not None:
        write_pointer(pack_home, {**current, **fields})


def rollback_pointer(paths: Paths, pack_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Make the previous version of a synced pack live again.

    The version rolled back from is remembered as ``held``, so a plain
    ``altlearn sync`` does not reinstall it; a newer commit installs as usual.

    Returns:
        The pointers before and after.

    Raises:
        SyncError: The pack is not synced, or has no previous version on disk.
    """
    pack_home = paths.packs / pack_id
    current = read_pointer(pack_home)
    if current is None:
        raise SyncError(
            f"pack '{pack_id}' was not installed by sync", hint="run altlearn packs to see your packs"
        )
    previous = current.get("previous")
    if not isinstance(previous, dict) or not isinstance(previous.get("dir"), str):
        raise SyncError(f"pack '{pack_id}' has no earlier version to go back to")
    if "/" in previous["dir"] or not (pack_home / previous["dir"] / "pack.toml").is_file():
        raise SyncError(f"the earlier version of '{pack_id}' is no longer on disk")
    restored = {**previous, "held": current.get("commit")}
    write_pointer(pack_home, restored)
    _prune(pack_home)
    return current, restored
